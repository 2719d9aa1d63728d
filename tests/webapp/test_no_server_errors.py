"""No input gives a 500: ids and page numbers past what the database holds, JSON too deep, too
big or holding NaN, and NUL characters anywhere.

Every route is taken from the app's url_map, so a route added later is covered without a change.
"""

from __future__ import annotations

import io
import re
from contextlib import closing

import pytest
from flask import request
from werkzeug.routing import IntegerConverter
from werkzeug.test import EnvironBuilder

from webapp.request_limits import MAX_JSON_BYTES

ROLES = ("school", "city", "province", "supervisor", "expert", "admin")
MISSING = 999_999  # an id no row has
# Past PostgreSQL's INTEGER, SQLite's INTEGER, and past what int() reads (4300 digits).
LONG = pytest.param("9" * 5000, id="5000-digits")
BEYOND = (2**31, 2**63, 2**64, "9" * 5000)
INTEGER_ARGS = ("page", "size", "school", "city", "year", "id", "instance_id", "item_id")
LOGOUTS = {"auth.logout", "api.logout"}  # left out: they end the session the others are tried in


@pytest.fixture
def callers(deployed, login_as, api):
    """Per role: a logged-in page client, and an API caller with that role's bearer token."""
    return {role: (login_as(role), api(role)) for role in ROLES}


def _request(callers, role: str, method: str, url: str, **kw):
    """As the role; a page's redirect is followed, so the flashed message is compared too."""
    page_client, api_caller = callers[role]
    if url.startswith("/api/"):
        response = api_caller.client.open(url, method=method, headers=api_caller.headers, **kw)
    else:
        response = page_client.open(url, method=method, follow_redirects=True, **kw)
    response.get_data()  # read it whole, then let go of a file it streams (/favicon.ico)
    response.close()
    return response


def _page_text(response) -> str:
    """The answer without its CSRF tokens, which carry a timestamp."""
    return re.sub(r'name="csrf_token" value="[^"]*"', "", response.get_data(as_text=True))


def _id_rules(app) -> list:
    """Routes whose only arguments are integers (ids, and the inspection year)."""
    rules = app.url_map.iter_rules()
    return [r for r in rules if r.arguments and r.arguments == set(_int_args(r))]


def _plain_rules(app, method: str) -> list:
    """Routes of that method that take no argument."""
    rules = app.url_map.iter_rules()
    return [
        r for r in rules if method in r.methods and not r.arguments and r.endpoint not in LOGOUTS
    ]


def _int_args(rule) -> list[str]:
    return [n for n, c in rule._converters.items() if isinstance(c, IntegerConverter)]


def _methods(rule) -> list[str]:
    return sorted(rule.methods & {"GET", "POST"})


def test_an_id_past_the_database_range_is_not_found_like_a_missing_one(deployed, callers):
    rules = _id_rules(deployed)
    assert len(rules) >= 20
    for rule in rules:
        for method in _methods(rule):
            for role in ROLES:
                missing_url = rule.build(dict.fromkeys(_int_args(rule), MISSING))[1]
                missing = _request(callers, role, method, missing_url)
                assert missing.status_code < 500, (method, missing_url, role)
                for big in BEYOND:
                    url = missing_url.replace(str(MISSING), str(big))
                    response = _request(callers, role, method, url)
                    assert response.status_code == missing.status_code, (method, url, role)
                    assert _page_text(response) == _page_text(missing), (method, url, role)


@pytest.mark.parametrize("big", [2**31, 2**63, -(2**63), LONG, "²"])  # int("²") fails
def test_integer_query_arguments_past_the_range_never_give_500(deployed, callers, big):
    others = dict.fromkeys(set(INTEGER_ARGS) - {"page"}, big)  # a bad page would hide the rest
    for rule in _plain_rules(deployed, "GET"):
        for role in ROLES:
            for args in ({"page": big}, others):
                response = _request(callers, role, "GET", rule.rule, query_string=args)
                assert response.status_code < 500, (rule.rule, args, role)


def test_a_page_number_past_the_range_answers_400_or_the_last_page_in_the_api(deployed, api):
    for url in ("/api/v1/tasks", "/api/v1/notifications"):
        response = api("province").get(url, query_string={"page": 2**63})
        assert response.status_code == 400, url
        body = response.get_json()
        assert body["error"] == "bad_request" and "page" in body["fields"], url
    督办 = api("province").get("/api/v1/supervision/deadlines", query_string={"page": 2**63})
    assert 督办.status_code == 200 and 督办.get_json()["page"] == 1  # its last page


def test_an_id_filter_past_the_range_finds_nothing(deployed, api):
    for name in ("school", "city"):
        for big in BEYOND:
            response = api("province").get("/api/v1/tasks", query_string={name: big})
            assert response.status_code == 200 and response.get_json()["items"] == []


@pytest.mark.parametrize("big", [2**31, 2**63, LONG, "²"])
def test_integer_form_fields_past_the_range_never_give_500(deployed, callers, big):
    form = dict.fromkeys(INTEGER_ARGS, str(big))
    for rule in _plain_rules(deployed, "POST"):
        for role in ROLES:
            if rule.rule.startswith("/api/"):
                response = _request(callers, role, "POST", rule.rule, json=form)
            else:
                response = _request(callers, role, "POST", rule.rule, data=form)
            assert response.status_code < 500, (rule.rule, role)
    assert _request(callers, "province", "GET", "/inbox").status_code == 200  # still logged in


def _json_posts(app) -> list[str]:
    """Every JSON POST endpoint, its ids filled with 1."""
    urls = []
    for rule in app.url_map.iter_rules():
        if (
            rule.rule.startswith("/api/")
            and "POST" in rule.methods
            and rule.endpoint not in LOGOUTS
        ):
            values = {name: 1 for name in _int_args(rule)}
            values.update({name: "school_report" for name in rule.arguments - set(values)})
            urls.append(rule.build(values)[1])
    return urls


@pytest.mark.parametrize(
    ("body", "said"),
    [
        ("[" * 100_000 + "]" * 100_000, "嵌套"),
        ('{"a":' * 100_000 + "1" + "}" * 100_000, "嵌套"),
        ('{"data": ' + "[" * 200 + "]" * 200 + "}", "嵌套"),  # parses, but deeper than any needs
        ('{"username": "a\\u0000", "name": "a\\u0000", "data": {"a": "\\u0000"}}', "空字符"),
        ('{"data": {"a\\u0000": 1}, "username": "x", "name": "x"}', "空字符"),
        ('{"username": NaN, "name": NaN, "data": {"pay_per_month": NaN}}', "NaN"),
        ('{"username": "x", "name": "x", "data": {"pay_per_month": -Infinity}}', "NaN"),
    ],
    ids=["deep-list", "deep-object", "deep-within-the-stack", "nul", "nul-key", "nan", "infinity"],
)
def test_a_body_that_cannot_be_stored_answers_400_on_every_json_endpoint(deployed, api, body, said):
    caller = api("school")
    refused = 0
    for url in _json_posts(deployed):
        response = caller.client.post(
            url, data=body, content_type="application/json", headers=caller.headers
        )
        if response.status_code != 400:  # an endpoint that never reads its body
            assert response.status_code == caller.post(url, json={}).status_code < 500, url
            continue
        refused += 1
        assert response.get_json()["error"] == "bad_request", url
        assert said in response.get_json()["message"], url
    assert refused >= 5  # login, start, messages, delegate, complete read a body


def test_nesting_within_the_limit_is_still_read(deployed, api):
    nested: dict = {}
    for _ in range(20):
        nested = {"a": nested}
    response = api("school").post(
        "/api/v1/processes/no_such_process/instances", json={"school": None, "x": nested}
    )
    assert response.status_code == 404  # the body was read; the process is what is missing


def test_a_huge_json_body_answers_413_in_the_json_shape(deployed, api):
    caller = api("school")
    body = b'{"username": "' + b"x" * (2 * 1024 * 1024) + b'"}'
    response = caller.client.post(
        "/api/v1/auth/login", data=body, content_type="application/json", headers=caller.headers
    )
    assert response.status_code == 413
    assert response.get_json()["error"] == "too_large"


def test_uploads_keep_their_own_larger_limit(app):
    upload = {"file": (io.BytesIO(b"x" * 2 * MAX_JSON_BYTES), "a.pdf")}
    environ = EnvironBuilder(method="POST", data=upload).get_environ()
    with closing(environ["wsgi.input"]), app.request_context(environ):
        assert request.get_json(silent=True) is None  # asking for JSON caps nothing
        with closing(request.files["file"]) as stored:
            assert len(stored.read()) == 2 * MAX_JSON_BYTES


def _any_url(rule, text: str = "x") -> str:
    """The rule's URL with ids 1 and every other argument `text`."""
    values = dict.fromkeys(rule.arguments, text) | dict.fromkeys(_int_args(rule), 1)
    return rule.build(values)[1]


def test_a_nul_character_in_the_path_query_or_form_answers_400(deployed, callers):
    """PostgreSQL refuses NUL in text: it is refused before any view, on every route."""
    for rule in deployed.url_map.iter_rules():
        for method in _methods(rule):
            tries = [(_any_url(rule), {"q": "a\x00b"}, None)]
            if method == "POST":
                tries.append((_any_url(rule), None, {"username": "a\x00", "q": "a\x00"}))
            if set(rule.arguments) - set(_int_args(rule)):
                tries.append((_any_url(rule, "a\x00b"), None, None))
            for url, query, data in tries:
                response = _request(callers, "province", method, url, query_string=query, data=data)
                assert response.status_code == 400, (method, url, query, data, response.status)
                if url.startswith("/api/"):
                    assert response.get_json()["error"] == "bad_request"
