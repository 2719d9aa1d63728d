"""The site's icon: every layout links the SVG, and /favicon.ico leads to it instead of a 404."""

from __future__ import annotations

import pytest

ICON = '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">'


def test_favicon_ico_leads_to_the_svg(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response.headers["Location"] == "/static/favicon.svg"
    icon = client.get("/static/favicon.svg")
    assert icon.status_code == 200 and icon.mimetype == "image/svg+xml"
    assert icon.get_data(as_text=True).lstrip().startswith("<svg")
    icon.close()


@pytest.mark.parametrize(
    "path",
    [
        "/login",  # base.html: staff pages, login and error pages
        "/verify",  # verify/_layout.html: reached from a QR code
        "/public/",  # publicity/_layout.html: 公示
        "/consent/no-such-token",  # internship_approval/public_base.html: the guardian's page
        "/no-such-page",  # error.html
    ],
)
def test_every_layout_links_the_icon(deployed, path):
    response = deployed.test_client().get(path)
    assert response.mimetype == "text/html"
    assert ICON in response.get_data(as_text=True)


def test_the_maintenance_page_links_the_icon(app):
    with app.test_request_context():
        page = app.jinja_env.get_template("maintenance.html").render(message="维护中")
    assert ICON in page
