"""The diagram in real Chromium: bpmn-js draws a demo case and a process page under the app's
CSP, with the current step marked, lanes named in Chinese, readable labels and working zoom; the
steps list stands in when it cannot."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from webapp.extensions import db
from webapp.models import Organisation, ProcessInstance, WorkItem

# Look at these after a run: the case page and the process page as the viewer drew them.
SCREENSHOTS = Path("/tmp/zhongzhi-diagram-screenshots")


def _city_case(app) -> tuple[int, str, str]:
    """A demo case of a Shenyang school waiting for a step (id, step id, process key)."""
    with app.app_context():
        shenyang = db.session.scalar(select(Organisation).where(Organisation.code == "210100"))
        case, spec_id, key = db.session.execute(
            select(ProcessInstance.id, WorkItem.spec_id, ProcessInstance.process_key)
            .join(WorkItem, WorkItem.instance_id == ProcessInstance.id)
            .where(
                WorkItem.status == "open",
                WorkItem.lane == "city",
                ProcessInstance.city_id == shenyang.id,
            )
            .order_by(ProcessInstance.id)
        ).first()
    return case, spec_id, key


def _watch(page, live_server: str) -> tuple[list[str], list[str]]:
    """Console errors (Chromium logs each CSP violation as one) and requests leaving the app."""
    errors: list[str] = []
    outside: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on(
        "request",
        lambda r: None if r.url.startswith((live_server, "data:")) else outside.append(r.url),
    )
    return errors, outside


def _log_in(page, live_server: str) -> None:
    page.goto(live_server + "/login")
    page.fill("#username", "city")
    page.fill("#password", "Demo@2026")
    page.click("button[type=submit]")


def _viewport(page) -> str:
    """The viewer's viewbox: diagram-js keeps it as the transform of the canvas's viewport."""
    return page.get_attribute(".diagram-canvas svg g.viewport", "transform")


def test_case_and_process_diagrams_in_chromium(deployed, live_server, browser):
    assert deployed.test_cli_runner().invoke(args=["demo"]).exit_code == 0
    case, step, key = _city_case(deployed)
    SCREENSHOTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors, outside = _watch(page, live_server)
    _log_in(page, live_server)

    page.goto(f"{live_server}/instances/{case}")
    page.wait_for_selector(".diagram.diagram-ready .djs-container svg", timeout=15000)
    current = page.locator(f'.djs-element[data-element-id="{step}"]')
    assert "diagram-current" in current.get_attribute("class").split()
    assert page.locator('.djs-element[data-element-id="start"].diagram-done').count() == 1
    lanes = page.locator('.djs-element[data-element-id^="lane_"] text').all_text_contents()
    assert {"学校", "市教育局"} <= set(lanes)
    # The first view is legible: a line of the current step's name is 14 px tall on screen.
    assert current.locator("text tspan").first.bounding_box()["height"] >= 13
    assert page.locator(".diagram-steps").is_hidden()  # the list stands in only without script
    page.locator(".diagram").screenshot(path=str(SCREENSHOTS / "case.png"))

    first = _viewport(page)
    page.click("button[data-zoom=in]")
    zoomed = _viewport(page)
    page.click("button[data-zoom=fit]")
    assert first != zoomed != _viewport(page)
    page.locator(".diagram").screenshot(path=str(SCREENSHOTS / "case-fit.png"))

    page.goto(f"{live_server}/processes/{key}")
    page.wait_for_selector(".diagram.diagram-ready .djs-container svg", timeout=15000)
    badges = page.locator(f'.djs-overlays[data-container-id="{step}"] .diagram-count')
    assert int(badges.inner_text()) >= 1
    page.locator(".diagram").screenshot(path=str(SCREENSHOTS / "process.png"))
    assert errors == []
    assert outside == []
    _steps_list_stands_in(browser, live_server, case)


def _steps_list_stands_in(browser, live_server: str, case: int) -> None:
    """Without scripts, or when the viewer's bundle never arrives, the steps list is shown."""
    for scripts in (False, True):
        context = browser.new_context(java_script_enabled=scripts)
        page = context.new_page()
        page.route("**/vendor/bpmn-js/*.js", lambda route: route.abort())
        _log_in(page, live_server)
        page.goto(f"{live_server}/instances/{case}")
        steps = page.locator(".diagram-steps")
        assert steps.is_visible()
        assert "当前环节" in steps.locator("tr.step-ready").first.inner_text()
        assert page.locator(".diagram-canvas").is_hidden()
        assert page.locator(".diagram-failed").is_visible() == scripts
        context.close()
