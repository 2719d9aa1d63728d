"""The guardian's consent page on a 375 px phone screen, in real Chromium."""

from __future__ import annotations

from tests.processes.internship_approval.helpers import MINOR_A, consent_links, start_application


def test_consent_page_fits_a_phone_and_takes_the_answer(
    deployed, api, live_server, browser, tmp_path
):
    started, _ = start_application(api, [MINOR_A])
    link = consent_links(deployed, started["id"])["未成年乙"]
    page = browser.new_page(viewport={"width": 375, "height": 740}, device_scale_factor=2)
    page.goto(live_server + link)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375  # nothing scrolls sideways
    button = page.get_by_role("button", name="提交答复")
    box = button.bounding_box()
    assert (
        box["x"] >= 0 and box["x"] + box["width"] <= 375 and box["height"] >= 40
    )  # a thumb-sized target
    assert page.get_by_text("沈阳机床装备有限公司").is_visible()
    page.screenshot(path=str(tmp_path / "consent-375.png"), full_page=True)
    page.get_by_label("同意该生参加本次实习").check()
    button.click()
    page.wait_for_load_state()
    assert "答复：同意" in page.inner_text("body").replace("\n", "")
    assert page.locator("input[name=consent]").count() == 0  # read-only once answered
