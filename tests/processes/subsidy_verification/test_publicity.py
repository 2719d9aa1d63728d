"""A list is sent only after its in-school 公示 has ended and lasted the set number of working
days (the working-day calendar counts, with its holidays); a late list is reminded before its
deadline and shown overdue to the supervisors after it."""

from __future__ import annotations

import pytest

from tests.helpers import complete, only_task
from tests.processes.subsidy_verification.helpers import (
    SENT,
    case_of,
    csv_line,
    open_round,
    run_jobs,
    seed_registry,
    upload_list,
)


@pytest.mark.parametrize(
    ("start", "end", "field", "words"),
    [
        ("2026-02-27", "2026-03-03", "publicity_to", "2026-03-03 才结束"),  # ends tomorrow
        ("2026-02-13", "2026-02-09", "publicity_to", "不能早于开始日期"),
        # Four working days: the Spring Festival holiday (15–23 Feb) does not count.
        ("2026-02-12", "2026-02-24", "publicity_to", "只有 4 个工作日，应不少于 5 个工作日"),
        ("2025-01-06", "2025-01-10", "publicity_from", "一年以内"),
    ],
)
def test_a_list_waits_for_its_publicity_to_end_and_last(
    deployed, api, login_as, clock, start, end, field, words
):
    seed_registry(deployed)
    open_round(login_as)
    upload_list(login_as("school"), case_of(deployed, "21010001"), [csv_line(1)])
    run_jobs(deployed, clock)
    school = api("school")
    item = only_task(school, "报送资助名单")
    data = SENT | {"publicity_from": start, "publicity_to": end}
    refused = complete(school, item["id"], data, status=422)
    assert words in refused["fields"][field]
    complete(
        school, item["id"], SENT | {"publicity_from": "2026-02-24", "publicity_to": "2026-03-02"}
    )


def test_the_publicity_period_is_a_setting(deployed, api, login_as, clock):
    from webapp.extensions import db
    from webapp.settings_store import service as settings

    with deployed.app_context():
        assert settings.set_values({"subsidy.publicity_days": "7"}, None, clock) == {}
        db.session.commit()
    seed_registry(deployed)
    open_round(login_as)
    upload_list(login_as("school"), case_of(deployed, "21010001"), [csv_line(1)])
    run_jobs(deployed, clock)
    school = api("school")
    item = only_task(school, "报送资助名单")
    refused = complete(school, item["id"], SENT, status=422)
    assert "应不少于 7 个工作日" in refused["fields"]["publicity_to"]


def test_a_school_is_reminded_and_shown_overdue_when_its_list_is_late(
    deployed, api, login_as, clock
):
    from datetime import UTC, datetime, timedelta

    from scheduler.sweep import sweep

    open_round(login_as)
    school = api("school")
    item = only_task(school, "报送资助名单")
    due = datetime.fromisoformat(item["due_at"])
    assert due.date().isoformat() == "2026-03-16"  # ten working days (setting) from 2 March
    clock.set(due.astimezone(UTC) - timedelta(days=1))
    assert sweep(deployed, clock).failed == 0
    school = api("school")  # a fresh token: the clock moved two weeks
    titles = [n["title"] for n in school.get("/api/v1/notifications").get_json()["items"]]
    assert "提醒：“报送资助名单”将于 2026-03-16 到期" in titles
    clock.set(due.astimezone(UTC) + timedelta(seconds=1))
    assert sweep(deployed, clock).failed == 0
    assert only_task(api("school"), "报送资助名单")["overdue"] is True
    page = login_as("supervisor").get("/supervision/").get_data(as_text=True)
    assert "报送资助名单" in page and "沈阳市装备制造工程学校" in page and "已逾期" in page
