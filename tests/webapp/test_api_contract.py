"""The API against its own document (/api/v1/openapi.json), fuzzed by schemathesis as a school
user and as a provincial official: no answer is a 5xx, and every answer is one the document
declares, in the shape it declares."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from webapp import create_app

EXAMPLES_PER_OPERATION = 50  # the whole run: about 25 s on SQLite, 45 s on PostgreSQL (2 cores)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]

# Serves the document at collection time only; every case goes to the test's own app (the
# fixture-based loader, schemathesis.pytest.from_fixture, fails on pytest 9).
_document_app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "-"})
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", _document_app)


@pytest.fixture(params=["school", "province"])
def token(request, deployed, api) -> str:
    """A bearer token for the role, after the school has started a case, so that there is
    something for the ids and lists to find."""
    started = api("school").post("/api/v1/processes/school_report/instances", json={})
    assert started.status_code == 201, started.get_json()
    return api(request.param).headers["Authorization"].removeprefix("Bearer ")


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_answers_as_documented(case, token, deployed):
    case.call_and_validate(
        app=deployed, headers={"Authorization": f"Bearer {token}"}, checks=CHECKS
    )
