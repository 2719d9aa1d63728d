"""Issue 14's journeys in real Chromium, at desktop width and on a 375 px phone, each role in
turn: the school fills a long form (a draft that survives a reload, every problem shown at once
with an error summary that links to each field), withdraws it, and finds it in 我的申请; the
city saves an inbox filter and claims a task from it; the administrator cancels a case; every
page read on the way shows no internal key or ISO timestamp.

Screenshots of each step go to SCREENSHOTS/<viewport>/ (outside the repository) for a reviewer.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.helpers import complete, log_in, only_task
from tests.processes.internship_approval.helpers import ADULT, start_application, use_setting
from tests.webapp.test_readable_pages import INTERNAL, RAW_TIME

SCREENSHOTS = Path("/tmp/zhongzhi-journeys")
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 800}}


@pytest.fixture(params=list(VIEWPORTS))
def session(request, browser, live_server):
    """session(username) -> a logged-in page at this viewport; shots(page, name) saves one."""
    viewport = request.param
    folder = SCREENSHOTS / viewport
    folder.mkdir(parents=True, exist_ok=True)
    contexts = []

    def _open(username: str):
        context = browser.new_context(viewport=VIEWPORTS[viewport], locale="zh-CN")
        contexts.append(context)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.errors = errors
        log_in(page, live_server, username)
        return page

    def _shot(page, name: str) -> None:
        page.screenshot(path=str(folder / f"{name}.png"), full_page=True)

    _open.shot = _shot
    _open.base = live_server
    _open.viewport = viewport
    yield _open
    for context in contexts:
        context.close()


def _readable(page) -> None:
    """The data tables on the page say nothing in the engine's words."""
    texts = page.locator("table.kv").all_inner_texts()
    bad = [t for t in texts if INTERNAL.search(t) or RAW_TIME.search(t)]
    assert not bad, bad
    assert not page.errors, page.errors


def _fits(session, page) -> None:
    if session.viewport == "phone":
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= VIEWPORTS["phone"]["width"], f"{page.url} is {width} px wide"


def test_the_school_drafts_corrects_and_withdraws_an_application(session, api, deployed):
    use_setting(deployed, "internship.consent_for_all_placements", "0")
    page = session("school")
    page.goto(f"{session.base}/processes")
    session.shot(page, "school-01-new-request")
    page.locator("tr", has_text="学生实习审批").get_by_role("button", name="发起").click()
    page.wait_for_load_state()
    assert "/tasks/" in page.url
    task_url = page.url

    # A draft: typed, saved by itself, still there after a reload.
    page.fill("#f-unit_name", "沈阳星空网吧有限公司")
    page.fill("#f-work_content", "数控车床操作与产品检验")
    page.check("#f-unit_is_entertainment")
    page.fill("#f-students-0-name", "校验乙")
    page.fill("#f-students-0-id_number", "210102200705010012")
    status = page.locator("[data-draft-status]")
    status.filter(has_text="草稿已自动保存").wait_for(timeout=15_000)
    session.shot(page, "school-02-autosaved")
    page.reload()
    assert page.get_by_text("已恢复您").is_visible()
    assert page.input_value("#f-unit_name") == "沈阳星空网吧有限公司"
    assert page.input_value("#f-students-0-id_number") == "210102200705010012"
    assert page.is_checked("#f-unit_is_entertainment")
    session.shot(page, "school-03-draft-restored")
    _readable(page)
    _fits(session, page)

    # One pass: missing fields, the ID's check digit and both 网吧 rules on the first submit.
    page.get_by_role("button", name="提交", exact=True).click()
    page.wait_for_load_state()
    summary = page.locator(".error-summary")
    assert summary.is_visible()
    links = summary.locator("a")
    texts = " ".join(links.all_inner_texts())
    assert links.count() >= 4, texts
    for expected in ("网吧", "校验位", "营业性娱乐场所"):
        assert expected in texts, expected
    invalid = page.locator("[aria-invalid=true]")
    assert invalid.count() >= 4
    message = page.locator("p.field-error").first
    assert message.is_visible()
    red, green, blue = map(
        int, re.findall(r"\d+", message.evaluate("e => getComputedStyle(e).color"))[:3]
    )
    assert red > 120 and red > 2 * green and red > 2 * blue  # the message is red, beside it
    session.shot(page, "school-04-all-problems-at-once")
    href = links.first.get_attribute("href")
    assert href and href.startswith("#")
    links.first.click()  # the summary takes the user to the field
    assert page.evaluate("location.hash") == href
    assert page.input_value("#f-unit_name") == "沈阳星空网吧有限公司"  # nothing typed was lost

    # 撤回 from the case page, with a reason.
    page.locator("a", has_text="查看流程详情").click()
    page.wait_for_load_state()
    case_url = page.url
    page.fill("#reason-withdraw", "实习单位不符合要求，改期另报")
    page.get_by_role("button", name="撤回申请").click()
    page.wait_for_load_state()
    assert "已撤回" in page.inner_text("body")
    assert "原因：实习单位不符合要求，改期另报" in page.inner_text("body")
    session.shot(page, "school-05-withdrawn")
    _readable(page)
    _fits(session, page)
    page.goto(task_url)
    assert page.locator("form[data-autosave]").count() == 0  # the step is closed

    # 我的申请 lists it, with its number, state and where it stands.
    page.goto(f"{session.base}/instances")
    row = page.locator("table.cases tbody tr").first
    assert re.search(r"SX-2026-\d{5}", row.inner_text())
    assert "已撤回" in row.inner_text()
    session.shot(page, "school-06-my-cases")
    _fits(session, page)
    assert urlsplit(case_url).path in row.locator("a").first.get_attribute("href")


def test_the_city_saves_a_filter_and_claims_from_it(session, api):
    start_application(api, [ADULT])
    start_application(api, [ADULT], unit_name="大连港湾物流有限公司")
    school = api("school")
    for item in [i for i in school.get("/api/v1/tasks").get_json()["items"]]:
        if item["name"] == "学校领导审批":
            complete(school, item["id"], {"leader_decision": "approve"})
    page = session("city")
    rows = page.locator("table.list tbody tr")
    assert rows.count() == 2
    both = rows.all_inner_texts()
    assert "大连港湾物流有限公司" in " ".join(both) and both[0] != both[1]  # told apart
    page.select_option("select[name=process]", "internship_approval")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_load_state()
    page.fill("input[name=name]", "实习备案")
    page.get_by_role("button", name="保存", exact=True).click()
    page.wait_for_load_state()
    assert "已保存筛选“实习备案”" in page.inner_text("body")
    page.goto(f"{session.base}/inbox")
    page.get_by_role("link", name="实习备案").click()
    page.wait_for_load_state()
    assert "process=internship_approval" in page.url
    session.shot(page, "city-01-saved-filter")
    _fits(session, page)

    page.get_by_role("button", name="认领并办理").first.click()
    page.wait_for_load_state()
    assert "/tasks/" in page.url and "已认领" in page.inner_text("body")
    _readable(page)
    _fits(session, page)
    session.shot(page, "city-02-claimed-task")

    page.goto(f"{session.base}/instances?q=大连港湾")
    assert page.locator("table.cases tbody tr").count() == 1
    session.shot(page, "city-03-case-search")


def test_the_administrator_cancels_a_case(session, api, deployed):
    started, _ = start_application(api, [ADULT])
    school = api("school")
    complete(school, only_task(school, "学校领导审批")["id"], {"leader_decision": "approve"})
    page = session("admin")
    page.goto(f"{session.base}/instances/{started['id']}")
    _readable(page)
    page.get_by_role("button", name="作废事项").click()  # no reason: the browser asks for one
    assert page.url.endswith(f"/instances/{started['id']}")
    page.fill("#reason-cancel", "重复申报，以另一件为准")
    page.get_by_role("button", name="作废事项").click()
    page.wait_for_load_state()
    assert "已作废" in page.inner_text("body")
    session.shot(page, "admin-01-cancelled")
    _fits(session, page)
    city = api("city")
    assert [i for i in city.get("/api/v1/tasks").get_json()["items"]] == []


@pytest.mark.parametrize("username", ["province", "supervisor"])
def test_offices_read_cases_in_plain_words(session, api, username):
    started, _ = start_application(api, [ADULT])
    page = session(username)
    page.goto(f"{session.base}/instances")
    session.shot(page, f"{username}-01-cases")
    _fits(session, page)
    page.goto(f"{session.base}/instances/{started['id']}")
    _readable(page)
    _fits(session, page)
    session.shot(page, f"{username}-02-case")


def test_an_expert_reads_the_application_they_score(session, deployed):
    assert deployed.test_cli_runner().invoke(args=["demo"]).exit_code == 0
    page = session("expert")
    link = page.locator("table.list tbody tr a").first
    assert "专家评分" in link.inner_text()
    link.click()
    page.wait_for_load_state()
    _readable(page)
    _fits(session, page)
    assert page.locator("form[data-autosave]").count() == 1  # a long score sheet keeps a draft
    session.shot(page, "expert-01-score-sheet")
