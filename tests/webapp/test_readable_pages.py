"""Every case and task page of the demo, opened by each role: the case's data reads as a person
needs it — the forms' labels and what the process names — never an internal key (snake_case),
a setting copied into the case, an ISO timestamp or an ISO duration (issue 14)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from sqlalchemy import select

from tests.helpers import inbox
from webapp.extensions import db
from webapp.models import ProcessInstance

USERS = ("school", "school2", "city", "city2", "province", "supervisor", "expert", "admin")
INTERNAL = re.compile(r"\b[a-z]+(?:[_.][a-z0-9]+)+\b")
RAW_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}|\bP\d+[DWMY]\b")


class _DataTables(HTMLParser):
    """The text of the pages' data tables (table.kv and the tables inside them)."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.texts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "table" and (self.depth or "kv" in (dict(attrs).get("class") or "").split()):
            self.depth += 1

    def handle_endtag(self, tag):
        if tag == "table" and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth and data.strip():
            self.texts.append(data.strip())


def _offenders(html: str) -> list[str]:
    tables = _DataTables()
    tables.feed(html)
    return [t for t in tables.texts if INTERNAL.search(t) or RAW_TIME.search(t)]


def test_no_page_of_the_demo_shows_raw_engine_data(app, login_as, api):
    assert app.test_cli_runner().invoke(args=["demo"]).exit_code == 0
    with app.app_context():
        cases = list(db.session.scalars(select(ProcessInstance.id)))
    found: dict[str, list[str]] = {}
    pages = 0
    for username in USERS:
        client = login_as(username)
        urls = [f"/instances/{case}" for case in cases]
        urls += [f"/tasks/{item['id']}" for item in inbox(api(username))]
        for url in urls:
            answer = client.get(url)
            if answer.status_code != 200:
                continue  # not this role's case
            pages += 1
            bad = _offenders(answer.get_data(as_text=True))
            if bad:
                found[f"{username} {url}"] = bad
    assert pages > 100  # every role's cases and tasks were opened
    assert found == {}


def test_the_check_would_see_an_internal_key():
    html = '<table class="kv"><tr><th>consent_window</th><td>P7D</td></tr></table>'
    assert _offenders(html) == ["consent_window", "P7D"]
