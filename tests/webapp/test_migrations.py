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


def test_existing_cases_get_their_number_and_keep_their_title(app):
    """96b63f55ff8f numbers the cases that exist: the year they started in local time."""
    with app.app_context():
        db.drop_all()
        db.session.execute(text("DROP TABLE IF EXISTS alembic_version"))
        db.session.commit()
    runner = app.test_cli_runner()
    upgraded = runner.invoke(args=["db", "upgrade", "effe9efbe5ad"])
    assert upgraded.exit_code == 0, upgraded.output
    with app.app_context():
        db.session.execute(
            text(
                "INSERT INTO process_definition (id, key, version, name, checksum, spec_json,"
                " bpmn_xml, user_tasks, source_file, deployed_at) VALUES (1, 'internship_approval',"
                " 1, '学生实习审批', 'x', '{}', '<x/>', '[]', '', '2026-01-01 00:00:00')"
            )
        )
        for case_id, created in ((7, "2025-12-31 16:30:00"), (8, "2026-03-02 01:00:00")):
            db.session.execute(
                text(
                    "INSERT INTO process_instance (id, definition_id, process_key, title, status,"
                    " state, data, lock_version, created_at, updated_at) VALUES (:id, 1,"
                    " 'internship_approval', '岗位实习：某公司', 'running', '', '{}', 1, :at, :at)"
                ),
                {"id": case_id, "at": created},
            )
        db.session.execute(
            text(
                "INSERT INTO work_item (id, instance_id, task_id, spec_id, name, process_key,"
                " form_key, status, created_at, title, due_provisional, escalation) VALUES (1, 7,"
                " 't', 's', '审核', 'internship_approval', 'f', 'open', '2026-01-01 00:00:00',"
                " '岗位实习：某公司', false, '')"
            )
        )
        db.session.commit()
    upgraded = runner.invoke(args=["db", "upgrade"])
    assert upgraded.exit_code == 0, upgraded.output
    with app.app_context():
        cases = db.session.execute(
            text("SELECT id, business_key, title FROM process_instance ORDER BY id")
        ).all()
        # 2025-12-31 16:30 UTC is already 2026-01-01 in Shenyang
        assert [tuple(row) for row in cases] == [
            (7, "SX-2026-00007", "岗位实习：某公司 · SX-2026-00007"),
            (8, "SX-2026-00008", "岗位实习：某公司 · SX-2026-00008"),
        ]
        item_title = db.session.scalar(text("SELECT title FROM work_item WHERE id = 1"))
        assert item_title == "岗位实习：某公司 · SX-2026-00007"
        db.session.execute(text("DELETE FROM work_item"))
        db.session.execute(text("DELETE FROM process_instance"))
        db.session.execute(text("DELETE FROM process_definition"))
        db.session.execute(text("DROP TABLE alembic_version"))
        db.session.commit()
