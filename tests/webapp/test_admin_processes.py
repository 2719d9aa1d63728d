"""流程管理 pages: the processes with their versions and running instances, each version's
diagram, the migration plan and the move of chosen instances; administrators only."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from tests.webapp.test_version_migration import _copy, _deploy
from webapp.extensions import db
from webapp.models import Event, ProcessInstance

KEY = "school_report"


@pytest.fixture
def two_versions(app, clock, tmp_path):
    assert app.test_cli_runner().invoke(args=["demo"]).exit_code == 0

    def rename(name: str, text: str) -> str:
        if name != f"{KEY}.bpmn":
            return text
        return re.sub(r'(<bpmn:process id="school_report" name=")([^"]+)"', r'\1\2（修订）"', text)

    _deploy(app, clock, _copy(tmp_path, rename))
    return app


def _login(app, username: str):
    client = app.test_client()
    client.post("/login", data={"username": username, "password": "Demo@2026"})
    return client


def _running(app) -> list[int]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(ProcessInstance.id).where(
                    ProcessInstance.process_key == KEY, ProcessInstance.status == "running"
                )
            )
        )


def test_the_list_and_a_process_s_versions(two_versions):
    admin = _login(two_versions, "admin")
    page = admin.get("/admin/processes").get_data(as_text=True)
    assert "流程管理" in page and "办学情况报送（修订）" in page and "第 2 版" in page
    versions = admin.get(f"/admin/processes/{KEY}").get_data(as_text=True)
    assert "第 2 版（最新）" in versions and "第 1 版" in versions
    assert f"{len(_running(two_versions))} 个运行中" in versions
    diagram = admin.get(f"/admin/processes/{KEY}/v1")
    assert diagram.status_code == 200 and "第 1 版" in diagram.get_data(as_text=True)
    xml = admin.get(f"/admin/processes/{KEY}/v1/diagram.bpmn")
    assert xml.mimetype == "application/xml" and b"school_report" in xml.data
    counts = admin.get(f"/admin/processes/{KEY}/v1/diagram.json").get_json()["counts"]
    assert sum(counts.values()) >= len(_running(two_versions))


def test_plan_then_move_the_chosen_instances(two_versions):
    admin = _login(two_versions, "admin")
    running = _running(two_versions)
    assert len(running) >= 2
    plan = admin.get(f"/admin/processes/{KEY}?source=1&target=2").get_data(as_text=True)
    assert plan.count("可以迁移") == len(running) and "✓" in plan
    moved = admin.post(
        f"/admin/processes/{KEY}/migrate",
        data={"source": "1", "target": "2", "instance": [str(running[0])]},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "已将 1 个实例从第 1 版迁移到第 2 版" in moved
    with two_versions.app_context():
        first = db.session.get(ProcessInstance, running[0])
        second = db.session.get(ProcessInstance, running[1])
        assert (first.definition.version, second.definition.version) == (2, 1)
        event = db.session.scalar(
            select(Event).where(
                Event.instance_id == running[0], Event.action == "instance_migrated"
            )
        )
        assert event.before == {"version": 1} and event.after == {"version": 2}
    again = admin.post(
        f"/admin/processes/{KEY}/migrate",
        data={"source": "1", "target": "2", "instance": [str(running[0])]},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert f"实例 {running[0]} 未迁移：不是第 1 版中运行的实例" in again


def test_bad_requests_get_chinese_answers_not_errors(two_versions):
    admin = _login(two_versions, "admin")
    same = admin.get(f"/admin/processes/{KEY}?source=2&target=2").get_data(as_text=True)
    assert "请选择同一流程的两个不同版本" in same
    assert admin.get(f"/admin/processes/{KEY}?source=x&target=y").status_code == 200
    assert admin.get(f"/admin/processes/{KEY}?source=%00").status_code == 400
    missing = admin.get(f"/admin/processes/{KEY}?source=1&target=9").get_data(as_text=True)
    assert "流程 school_report 没有第 9 版" in missing
    assert admin.get("/admin/processes/nothing").status_code == 404
    none = admin.post(
        f"/admin/processes/{KEY}/migrate",
        data={"source": "1", "target": "2"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "请勾选要迁移的实例" in none


@pytest.mark.parametrize("username", ["city", "province", "school", "supervisor"])
def test_only_administrators_reach_any_of_it(two_versions, username):
    user = _login(two_versions, username)
    for url in (
        "/admin/processes",
        f"/admin/processes/{KEY}",
        f"/admin/processes/{KEY}/v1",
        f"/admin/processes/{KEY}/v1/diagram.bpmn",
    ):
        assert user.get(url).status_code == 404, url
    post = user.post(
        f"/admin/processes/{KEY}/migrate", data={"source": "1", "target": "2", "instance": ["1"]}
    )
    assert post.status_code == 404
    assert _running(two_versions)  # nothing moved
