"""The address printed in documents' links and QR codes: BASE_URL; in development without it, the
address the request came to, else the development server's (HOST/PORT); never a guess in
production."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.documents.conftest import needs_poppler
from tests.helpers import pdf_text
from tests.processes.internship_approval.helpers import MINOR_A, start_application
from webapp.config import DEFAULT_BASE_URL, dev_server_url, public_base_url
from webapp.extensions import db
from webapp.models import IssuedDocument
from webapp.services.case_documents import site

SERVED_AT = "localhost:8123"  # the test client asks every page at http://localhost:8123/


def _letter_text(app, instance_id: int) -> str:
    """The guardian's consent letter issued when the school submitted, its lines joined."""
    with app.app_context():
        letter = db.session.scalar(
            select(IssuedDocument).where(
                IssuedDocument.instance_id == instance_id,
                IssuedDocument.kind == "consent_letter",
            )
        )
    return "".join(pdf_text(app, letter.id).split())


@needs_poppler
@pytest.mark.parametrize(
    ("app_config", "printed"),
    [
        ({"SERVER_NAME": SERVED_AT, "BASE_URL": None}, f"http://{SERVED_AT}"),
        ({"SERVER_NAME": SERVED_AT, "BASE_URL": "https://zz.example.edu.cn/"}, "https://zz.example.edu.cn"),
    ],
    ids=["address-asked-at", "base-url-wins"],
)  # fmt: skip
def test_a_document_issued_in_a_request_prints_the_site_s_address(deployed, api, printed):
    started, _ = start_application(api, [MINOR_A])
    text = _letter_text(deployed, started["id"])
    assert f"{printed}/consent/" in text and f"{printed}/verify/" in text
    assert DEFAULT_BASE_URL not in text


def test_outside_a_request_the_development_server_s_address(app):
    app.config.update(BASE_URL=None, DEV_SERVER_URL="http://127.0.0.1:8123")
    with app.app_context():
        assert site()[1] == "http://127.0.0.1:8123"
    app.config["DEV_SERVER_URL"] = None
    with app.app_context():
        assert site()[1] == DEFAULT_BASE_URL


def test_production_needs_base_url(app):
    app.config.update(APP_ENV="production", BASE_URL=None)
    with (
        app.test_request_context(base_url=f"http://{SERVED_AT}/"),
        pytest.raises(ValueError, match="BASE_URL"),
    ):
        site()
    app.config["BASE_URL"] = "https://zz.example.edu.cn/"
    with app.test_request_context(base_url=f"http://{SERVED_AT}/"):
        assert site()[1] == "https://zz.example.edu.cn"


def test_emails_link_only_to_a_known_address():
    assert public_base_url({"DEV_SERVER_URL": "http://127.0.0.1:8123"}, default=None) == (
        "http://127.0.0.1:8123"
    )
    assert public_base_url({}, default=None) is None
    assert public_base_url({"APP_ENV": "production", "DEV_SERVER_URL": "http://x:1"}) is None


@pytest.mark.parametrize(
    ("env", "url"),
    [
        ({}, None),
        ({"PORT": "8123"}, "http://127.0.0.1:8123"),
        ({"HOST": "0.0.0.0", "PORT": "8000"}, "http://127.0.0.1:8000"),  # noqa: S104
        ({"HOST": "192.168.1.20", "PORT": "8000"}, "http://192.168.1.20:8000"),
        ({"HOST": "::1", "PORT": "8000"}, "http://[::1]:8000"),
        ({"HOST": "127.0.0.1"}, "http://127.0.0.1:5000"),
    ],
)
def test_the_development_server_s_address_from_host_and_port(env, url):
    assert dev_server_url(env) == url
