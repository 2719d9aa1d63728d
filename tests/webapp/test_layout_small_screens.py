"""Staff pages on a 375 px phone, in real Chromium: the top menu folds behind 菜单 and every link in
it can be reached and clicked, the page never scrolls sideways, and form checkboxes sit beside
their labels. Screenshots go to SCREENSHOTS (outside the repository) for a person to look at."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.helpers import log_in

SCREENSHOTS = Path("/tmp/zhongzhi-small-screens")
PHONE = {"width": 375, "height": 800}
MENU_LINKS = "#site-menu nav a"


@pytest.fixture
def phone(browser):
    """A logged-in 375 px page: phone(username, javascript=True)."""
    SCREENSHOTS.mkdir(exist_ok=True)
    contexts = []

    def _open(base: str, username: str, javascript: bool = True):
        context = browser.new_context(
            viewport=PHONE, locale="zh-CN", java_script_enabled=javascript
        )
        contexts.append(context)
        page = context.new_page()
        log_in(page, base, username)
        return page

    yield _open
    for context in contexts:
        context.close()


def _fits(page) -> None:
    """Nothing on the page makes it scroll sideways."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide"


def _within_screen(locator) -> None:
    box = locator.bounding_box()
    assert box is not None, f"{locator} is not shown"
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    assert box["height"] >= 30, box  # a finger can hit it


def _start_a_case(api) -> int:
    """An internship application waiting for the school: rows in the lists, a form to fill."""
    started = api("school").post(
        "/api/v1/processes/internship_approval/instances", json={"data": {}}
    )
    return started.get_json()["tasks"][0]["id"]


@pytest.mark.parametrize("username", ["city", "school"])
def test_the_menu_folds_and_every_link_in_it_works(live_server, phone, api, username):
    _start_a_case(api)
    page = phone(live_server, username)
    toggle = page.get_by_role("button", name="菜单")
    links = page.locator(MENU_LINKS)
    targets = [(links.nth(i).inner_text().strip(), links.nth(i).get_attribute("href")) for i in range(links.count())]  # fmt: skip
    assert len(targets) >= 8 and links.first.is_hidden()  # folded
    _fits(page)
    page.screenshot(path=str(SCREENSHOTS / f"{username}-menu-folded.png"), full_page=True)
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    for i in range(links.count()):
        _within_screen(links.nth(i))
    _within_screen(page.get_by_role("button", name="退出"))
    _fits(page)
    page.screenshot(path=str(SCREENSHOTS / f"{username}-menu-open.png"), full_page=True)
    page.keyboard.press("Escape")
    assert links.first.is_hidden()
    for label, href in targets:
        page.get_by_role("button", name="菜单").click()
        page.locator(MENU_LINKS, has_text=label).first.click()
        page.wait_for_load_state()
        assert urlsplit(page.url).path == urlsplit(href).path, (label, page.url)
        assert "未找到" not in page.title() and "出错" not in page.title(), label
        _fits(page)
        page.screenshot(
            path=str(SCREENSHOTS / f"{username}-{href.strip('/').replace('/', '-')}.png")
        )


def test_without_javascript_the_menu_wraps(live_server, phone):
    page = phone(live_server, "school", javascript=False)
    assert page.get_by_role("button", name="菜单").is_hidden()
    links = page.locator(MENU_LINKS)
    for i in range(links.count()):
        _within_screen(links.nth(i))
    _fits(page)
    page.screenshot(path=str(SCREENSHOTS / "school-no-script.png"), full_page=True)


def test_on_a_wide_screen_the_menu_is_one_bar(live_server, phone):
    page = phone(live_server, "city")
    page.set_viewport_size({"width": 1280, "height": 800})
    assert page.get_by_role("button", name="菜单").is_hidden()
    assert page.locator(MENU_LINKS).first.is_visible()
    page.screenshot(path=str(SCREENSHOTS / "city-wide.png"))


def test_checkboxes_sit_beside_their_labels_and_dates_are_iso(live_server, phone, api):
    task_id = _start_a_case(api)
    page = phone(live_server, "school")
    page.goto(f"{live_server}/tasks/{task_id}")
    _fits(page)
    boxes = page.locator(".field-checkbox")
    assert boxes.count() >= 2
    for i in range(boxes.count()):
        tick = boxes.nth(i).locator("input[type=checkbox]").bounding_box()
        label = boxes.nth(i).locator("label").bounding_box()
        assert label["x"] >= tick["x"] + tick["width"]  # after it, on the same line
        assert abs(label["y"] - tick["y"]) < tick["height"], (tick, label)
    date = page.locator("input[name=start_date]")
    assert date.get_attribute("type") == "date"
    assert date.get_attribute("placeholder") == "如 2026-03-15"
    date.fill("2026-03-15")
    assert date.input_value() == "2026-03-15"  # what the form sends, whatever the browser shows
    page.screenshot(path=str(SCREENSHOTS / "school-task-form.png"), full_page=True)
