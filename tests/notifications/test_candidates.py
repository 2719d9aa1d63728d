"""Who hears about a work item: the assignee, the candidate user, or everyone in its scope."""

from __future__ import annotations

from sqlalchemy import select

from tests.helpers import REPORT, complete, only_task
from tests.notifications.conftest import user
from webapp.extensions import db
from webapp.models import Notification, User, WorkItem
from webapp.models.scope import may_act
from webapp.services import notifications
from webapp.services.auth import create_user


def _start(caller) -> dict:
    response = caller.post("/api/v1/processes/school_report/instances", json={"data": {}})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def _names(users) -> list[str]:
    return sorted(u.username for u in users)


def _add_user(app, clock, username: str, role: str, org: str | None, active: bool = True) -> None:
    with app.app_context():
        create_user(username, "Demo@2026", role, org, clock, hash_method="pbkdf2:sha256:1000")
        user(username).active = active
        db.session.commit()


def _agrees_with_may_act(item: WorkItem) -> None:
    everyone = db.session.scalars(select(User).where(User.active.is_(True))).all()
    assert _names(notifications.candidates_of(item)) == _names(
        u for u in everyone if may_act(u, item)
    )


def test_school_city_and_province_items_go_to_their_scope(deployed, api, clock):
    # A province-level user covers every school; an inactive one hears nothing.
    _add_user(deployed, clock, "inspector", "school_staff", "210000")
    _add_user(deployed, clock, "retired", "school_staff", "21010001", active=False)
    _add_user(deployed, clock, "city_b", "city_official", "210100")
    school, city, province = api("school"), api("city"), api("province")
    instance = _start(school)
    with deployed.app_context():
        item = db.session.get(WorkItem, instance["tasks"][0]["id"])
        assert _names(notifications.candidates_of(item)) == ["inspector", "school"]
        _agrees_with_may_act(item)
    complete(school, instance["tasks"][0]["id"], REPORT)
    city_item = only_task(city, "市级初审")
    with deployed.app_context():
        item = db.session.get(WorkItem, city_item["id"])
        assert _names(notifications.candidates_of(item)) == ["city", "city_b"]
        _agrees_with_may_act(item)
    complete(city, city_item["id"], {"city_decision": "approve"})
    with deployed.app_context():
        item = db.session.get(WorkItem, only_task(province, "省级复核")["id"])
        assert _names(notifications.candidates_of(item)) == ["province"]
        _agrees_with_may_act(item)


def test_a_claimed_item_goes_to_its_assignee_only(deployed, api, clock):
    _add_user(deployed, clock, "city_b", "city_official", "210100")
    school, city = api("school"), api("city")
    instance = _start(school)
    complete(school, instance["tasks"][0]["id"], REPORT)
    item_id = only_task(city, "市级初审")["id"]
    assert city.post(f"/api/v1/tasks/{item_id}/claim").status_code == 200
    with deployed.app_context():
        item = db.session.get(WorkItem, item_id)
        assert _names(notifications.candidates_of(item)) == ["city"]


def test_starter_and_expert_items(deployed, api, clock):
    instance = _start(api("school"))
    with deployed.app_context():
        template = db.session.get(WorkItem, instance["tasks"][0]["id"])
        starter_item = _copy(
            template, "starter_task", role=None, candidate_user_id=user("school").id
        )
        invited = _copy(
            template,
            "expert_task",
            role="expert",
            lane="expert",
            candidate_user_id=user("expert").id,
        )
        # An expert item naming nobody reaches no expert: experts act only where invited.
        uninvited = _copy(template, "expert_task_2", role="expert", lane="expert")
        db.session.flush()
        assert _names(notifications.candidates_of(starter_item)) == ["school"]
        assert _names(notifications.candidates_of(invited)) == ["expert"]
        assert _names(notifications.candidates_of(uninvited)) == []
        _agrees_with_may_act(starter_item)
        _agrees_with_may_act(invited)
        _agrees_with_may_act(uninvited)


def _copy(item: WorkItem, task_id: str, **changes) -> WorkItem:
    fields = {
        column: getattr(item, column)
        for column in ("instance_id", "spec_id", "name", "process_key", "form_key", "lane", "role")
    }
    fields.update(school_id=item.school_id, city_id=item.city_id, created_at=item.created_at)
    copy = WorkItem(task_id=task_id, status="open", **{**fields, **changes})
    db.session.add(copy)
    return copy


def test_hooks_for_new_items_and_delegation(deployed, api, clock):
    _add_user(deployed, clock, "city_b", "city_official", "210100")
    school, city = api("school"), api("city")
    instance = _start(school)
    complete(school, instance["tasks"][0]["id"], REPORT)
    item_id = only_task(city, "市级初审")["id"]
    with deployed.app_context():
        # the real flow already told both city officials about the new item
        before = len(db.session.scalars(select(Notification)).all())
        assert before == 2
        item = db.session.get(WorkItem, item_id)
        rows = notifications.on_work_items_created([item], clock, exclude=user("city_b"))
        assert [(r.user.username, r.kind, r.link) for r in rows] == [
            ("city", "assignment", f"/tasks/{item_id}")
        ]
        assert rows[0].title == f"新待办：市级初审（{item.title}）"
        assert "学校：沈阳市装备制造工程学校" in rows[0].body
        (moved,) = notifications.on_delegated(item, user("city"), user("city_b"), clock)
        assert (moved.user.username, moved.kind, moved.work_item_id) == (
            "city_b",
            "delegation",
            item_id,
        )
        assert moved.title == "转办：沈阳市教育局 职成科将“市级初审”转给您办理"
        assert moved.instance_id == instance["id"]
        db.session.commit()
        assert len(db.session.scalars(select(Notification)).all()) == before + 2


def test_reminder_and_overdue_titles_show_the_local_due_date(deployed, api, clock):
    instance = _start(api("school"))
    with deployed.app_context():
        item = db.session.get(WorkItem, instance["tasks"][0]["id"])
        # Due ten days after 2026-03-02 09:00 Beijing time.
        (reminder,) = notifications.notify_work_item(item, "reminder", clock)
        (overdue,) = notifications.notify_work_item(item, "overdue", clock)
        assert reminder.title == "提醒：“填报办学情况”将于 2026-03-12 到期"
        assert overdue.title == "已逾期：“填报办学情况”已于 2026-03-12 到期"
        assert "截止日期：2026-03-12" in reminder.body
        (custom,) = notifications.notify_work_item(item, "escalation", clock, title="请督办")
        assert custom.title == "请督办"
