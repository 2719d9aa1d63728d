"""Opening an inspection round in real Chromium: the progress script starts every batch."""

from __future__ import annotations


def test_the_progress_page_starts_all_schools_then_links_the_results(
    deployed, live_server, browser
):
    page = browser.new_page()
    page.goto(live_server + "/login")
    page.fill("#username", "province")
    page.fill("#password", "Demo@2026")
    page.click("button[type=submit]")
    page.goto(live_server + "/inspection/")
    page.fill("#f-year", "2026")
    page.fill("#f-school_deadline", "2027-01-15")
    page.fill("#f-result_date", "2027-05-31")
    page.click("button:has-text('开启')")
    page.wait_for_selector("text=全部学校已处理完毕", timeout=30000)
    assert page.locator("#round-bar").get_attribute("value") == "4"
    page.click("text=查看结果与公示")
    assert "沈阳市装备制造工程学校" in page.inner_text("body")
