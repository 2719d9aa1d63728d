"""A profile of the HTTP completion path in-process: Flask's test client under pyinstrument."""

from __future__ import annotations

import tempfile
from pathlib import Path

from bench import internship
from bench.common import postgres_version
from bench.fixtures import (
    PASSWORD,
    START,
    add_user,
    database_url,
    deploy_workflows,
    load_province,
    make_app,
)
from bench.profiling import profile

CALLS = 40


def profile_completions() -> dict:
    from webapp.clock import ManualClock
    from webapp.extensions import db
    from webapp.models import Organisation

    kind = "postgresql" if postgres_version() else "sqlite"
    with tempfile.TemporaryDirectory(prefix="bench-http-profile-") as tmp:
        workdir = Path(tmp)
        clock = ManualClock(START)
        app = make_app(database_url(kind, "bench_http_profile", workdir), workdir, clock)
        with app.app_context():
            school = db.session.get(Organisation, load_province()["21010001"])
            user = add_user("school1", "school_staff", school.id)
            db.session.commit()
            deploy_workflows(app, clock)
            db.session.commit()
            source = internship.start_and_submit(app, clock, user)
            items = internship.clone(source, [school], CALLS + 5)
        client = app.test_client()
        token = client.post(
            "/api/v1/auth/login", json={"username": "school1", "password": PASSWORD}
        ).get_json()["token"]
        headers = {"Authorization": f"Bearer {token}"}

        def post(item_id: int) -> None:
            response = client.post(
                f"/api/v1/tasks/{item_id}/complete",
                json={"data": internship.LEADER},
                headers=headers,
            )
            assert response.status_code == 200, response.get_json()

        for item_id in items[:5]:
            post(item_id)
        result = profile(
            lambda: [post(i) for i in items[5:]],
            f"{CALLS} POST /api/v1/tasks/<id>/complete in-process (test client) on {kind}",
        )
        with app.app_context():
            db.engine.dispose()
    return result
