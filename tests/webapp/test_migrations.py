"""The Alembic migrations build the same schema as the models, on SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import text

from webapp.extensions import db


def test_upgrade_from_empty_matches_the_models(app):
    with app.app_context():
        db.drop_all()
        db.session.execute(text("DROP TABLE IF EXISTS alembic_version"))
        db.session.commit()
    runner = app.test_cli_runner()
    upgraded = runner.invoke(args=["db", "upgrade"])
    assert upgraded.exit_code == 0, upgraded.output
    checked = runner.invoke(args=["db", "check"])
    # `db check` exits non-zero when the models differ from what the migrations built.
    assert checked.exit_code == 0, checked.output
    with app.app_context():
        db.session.execute(text("DROP TABLE alembic_version"))
        db.session.commit()
