"""Moving running instances to another version of their process (流程管理 › 迁移实例): every
real diagram's waiting instances move to a version that only renames the process and wait at
the same steps; a version that adds a step takes a moved instance down the new path; a version
that renames a waiting step keeps the instance on its own version, saying why."""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import select

from tests.conftest import ROOT
from webapp import engine
from webapp.extensions import db
from webapp.models import ProcessInstance, User
from webapp.services import deploy as deploying
from webapp.services import version_migration as migrating
from webapp.services.runs import spec_json_of

WORKFLOWS = ROOT / "workflows"


def _copy(tmp_path: Path, edit=None) -> list[str]:
    """Every workflow file, copied; `edit(name, text)` may change one."""
    folder = tmp_path / "v2"
    folder.mkdir(exist_ok=True)
    paths = []
    for source in sorted(WORKFLOWS.glob("*.*")):
        text = source.read_text(encoding="utf-8")
        (folder / source.name).write_text(edit(source.name, text) if edit else text, "utf-8")
        paths.append(str(folder / source.name))
    return paths


def _deploy(app, clock, paths) -> None:
    with app.app_context():
        deploying.deploy(paths, app.config["FORMS_DIR"], clock)
        db.session.commit()


def _waiting(app, clock, instance_id: int) -> dict:
    with app.app_context():
        instance = db.session.get(ProcessInstance, instance_id)
        run = engine.restore(spec_json_of(instance.definition), instance.state, clock)
        return {
            "version": instance.definition.version,
            "tasks": sorted((t.id, t.spec_id) for t in run.ready_user_tasks()),
            "timers": sorted((t.task_id, t.due_at) for t in run.waiting_timers()),
        }


def _migrate_all(app, clock, key: str, source: int, target: int):
    with app.app_context():
        admin = db.session.scalar(select(User).where(User.username == "admin"))
        old, new = migrating.version(key, source), migrating.version(key, target)
        planned = migrating.plan(old, new, clock)
        result = migrating.migrate(old, new, [p.instance.id for p in planned], admin, clock)
        db.session.commit()
        return planned, result


def test_every_diagrams_waiting_instances_move_to_a_renamed_version(app, clock, tmp_path):
    assert app.test_cli_runner().invoke(args=["demo"]).exit_code == 0
    with app.app_context():
        running = db.session.execute(
            select(ProcessInstance.id, ProcessInstance.process_key).where(
                ProcessInstance.status == "running"
            )
        ).all()
    before = {instance_id: _waiting(app, clock, instance_id) for instance_id, _k in running}

    def rename(_name: str, text: str) -> str:
        return re.sub(r'(<bpmn:process id="[^"]+" name=")([^"]+)"', r'\1\2（新版）"', text)

    _deploy(app, clock, _copy(tmp_path, rename))
    keys = sorted({key for _i, key in running})
    assert len(keys) >= 9
    for key in keys:
        planned, result = _migrate_all(app, clock, key, 1, 2)
        assert all(p.possible for p in planned), [(p.instance.id, p.problem) for p in planned]
        assert all(step.in_target for p in planned for step in p.check.waiting)
        assert sorted(result.moved) == sorted(i for i, k in running if k == key), key
    for instance_id, was in before.items():
        now = _waiting(app, clock, instance_id)
        assert now == was | {"version": 2}, instance_id
