"""The data migration c3d1e5f7a9b2 rewrites states stored before finished subprocesses were
pruned: cases waiting on guardians, waiting on the leader, finished, cancelled, and a case of a
process without subprocesses; each restores to the same steps, and the next step still runs."""

from __future__ import annotations

import json

from sqlalchemy import select, text

from tests.helpers import complete
from tests.processes.internship_approval.helpers import (
    ADULT,
    MINOR_A,
    MINOR_B,
    answer,
    consent_links,
    start_application,
)
from webapp.clock import SystemClock
from webapp.engine import restore
from webapp.engine import run as run_module
from webapp.extensions import db
from webapp.models import ProcessInstance
from webapp.services import runs


def _subprocesses(state: str) -> int:
    return len(json.loads(state)["subprocesses"])


def _seen(app, instance_id: int) -> dict:
    """What a restored state shows: ready tasks, waiting timers and messages, diagram states."""
    with app.app_context():
        instance = db.session.get(ProcessInstance, instance_id)
        run = restore(runs.spec_json_of(instance.definition), instance.state, SystemClock())
        return {
            "ready": sorted((t.id, t.spec_id) for t in run.ready_user_tasks()),
            "timers": sorted((t.task_id, t.due_at) for t in run.waiting_timers()),
            "messages": sorted((m.task_id, m.message_name) for m in run.waiting_messages()),
            "steps": run.step_states(),
            "data": run.data,
            "state": instance.state,
        }


def _migrate(app) -> None:
    """The database as the release before left it (stamped at its last revision), upgraded by
    the compaction (later revisions add tables this test database already has)."""
    runner = app.test_cli_runner()
    for args in (["db", "stamp", "9a96c646ab87"], ["db", "upgrade", "c3d1e5f7a9b2"]):
        result = runner.invoke(args=args)
        assert result.exit_code == 0, result.output
    # Waiting, at the leader, finished, and the cancelled case's one answered copy.
    assert "engine states compacted: 4 rewritten" in result.output
    with app.app_context():
        db.session.execute(text("DROP TABLE alembic_version"))
        db.session.commit()


def test_stored_states_of_cases_in_every_state_are_compacted_and_still_run(
    deployed, api, client, monkeypatch
):
    # As the release before wrote them: every finished subprocess kept in the state.
    monkeypatch.setattr(run_module, "prune_finished_subprocesses", lambda workflow: 0)
    students = [ADULT, MINOR_A, MINOR_B]
    waiting, _ = start_application(api, students, consent_for_all=True)
    links = consent_links(deployed, waiting["id"])
    answer(client, links["成年甲"], "agree")  # one of three guardians has answered

    at_leader, _ = start_application(api, students, consent_for_all=True)
    for link in consent_links(deployed, at_leader["id"]).values():
        answer(client, link, "agree")

    finished, _ = start_application(api, students, consent_for_all=True)
    for link in consent_links(deployed, finished["id"]).values():
        answer(client, link, "refuse")  # nobody may go: the case ends

    cancelled, _ = start_application(api, students, consent_for_all=True)
    answer(client, consent_links(deployed, cancelled["id"])["未成年乙"], "agree")
    school = api("school")
    reply = api("admin").post(
        f"/api/v1/instances/{cancelled['id']}/cancel", json={"reason": "实习单位临时取消岗位"}
    )
    assert reply.status_code == 200, reply.get_json()

    report = school.post("/api/v1/processes/school_report/instances", json={"data": {}})
    report_id = report.get_json()["id"]
    monkeypatch.undo()

    cases = {
        "waiting": waiting["id"],
        "at_leader": at_leader["id"],
        "finished": finished["id"],
        "cancelled": cancelled["id"],
        "report": report_id,
    }
    before = {name: _seen(deployed, case) for name, case in cases.items()}
    assert _subprocesses(before["at_leader"]["state"]) == 3
    assert _subprocesses(before["waiting"]["state"]) == 3
    with deployed.app_context():
        statuses = dict(
            db.session.execute(
                select(ProcessInstance.id, ProcessInstance.status).where(
                    ProcessInstance.id.in_(cases.values())
                )
            ).all()
        )
    assert statuses[finished["id"]] == "completed" and statuses[cancelled["id"]] == "cancelled"

    _migrate(deployed)

    after = {name: _seen(deployed, case) for name, case in cases.items()}
    for name in cases:
        assert {k: v for k, v in after[name].items() if k != "state"} == {
            k: v for k, v in before[name].items() if k != "state"
        }, name
    # The answered guardian's copy is gone, the two waiting ones stay; a finished round leaves
    # none; a case without subprocesses is not rewritten.
    assert _subprocesses(after["waiting"]["state"]) == 2
    assert _subprocesses(after["at_leader"]["state"]) == 0
    assert _subprocesses(after["finished"]["state"]) == 0
    assert _subprocesses(after["cancelled"]["state"]) == 2  # cancelled copies never finished
    assert after["report"]["state"] == before["report"]["state"]
    for name in ("waiting", "at_leader", "finished"):
        assert len(after[name]["state"]) < len(before[name]["state"]), name

    # The cases go on from the compacted states.
    answer(client, links["未成年乙"], "agree")
    answer(client, links["未成年丙"], "agree")
    leader_steps = {
        item["instance_id"]: item["id"]
        for item in school.get("/api/v1/tasks").get_json()["items"]
        if item["name"] == "学校领导审批"
    }
    assert set(leader_steps) == {waiting["id"], at_leader["id"]}  # the waiting case got there too
    complete(school, leader_steps[at_leader["id"]], {"leader_decision": "approve"})
    city = api("city")
    assert [i["instance_id"] for i in city.get("/api/v1/tasks").get_json()["items"]] == [
        at_leader["id"]
    ]
