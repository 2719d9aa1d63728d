"""The catalogue page (admin only), its export, and who sees which school's majors."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from webapp.extensions import db
from webapp.majors.models import CatalogueMajor
from webapp.majors.service import change_school_major
from webapp.models import Organisation

from .helpers import ROWS, csv_bytes, import_sample


@pytest.fixture
def offered(demo, clock):
    """The sample catalogue, and one major at each of two schools in different cities."""
    with demo.app_context():
        import_sample()
        for code, major in (("21010001", "660101"), ("21020001", "740201")):
            school = db.session.scalar(select(Organisation).where(Organisation.code == code))
            change_school_major(school, major, clock, enrollment={"2025": 40})
        db.session.commit()
    return demo


@pytest.mark.parametrize("user", ["school", "city", "province", "supervisor", "expert"])
def test_the_catalogue_page_is_for_admins_only(offered, login_as, user):
    client = login_as(user)
    assert client.get("/admin/majors").status_code == 404
    assert client.get("/admin/majors/export.xlsx").status_code == 404


def test_the_admin_searches_by_name_category_and_version(offered, login_as):
    client = login_as("admin")
    assert "专业目录" in client.get("/admin/").get_data(as_text=True)
    page = client.get("/admin/majors?category=66").get_data(as_text=True)
    assert "660101" in page and "660102" in page and "740201" not in page
    page = client.get("/admin/majors?q=烹饪").get_data(as_text=True)
    assert "740201" in page and "660101" not in page
    assert "没有符合条件" in client.get("/admin/majors?version=1999").get_data(as_text=True)


def test_the_export_holds_exactly_the_filtered_rows(offered, login_as):
    response = login_as("admin").get("/admin/majors/export.xlsx?category=66")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    codes = [row[0] for row in sheet.iter_rows(values_only=True) if str(row[0]).isdigit()]
    assert codes == ["660101", "660102"]


def test_an_upload_is_imported_or_refused_whole(offered, login_as):
    client = login_as("admin")
    bad = {"version": "2025增补", "file": (io.BytesIO(csv_bytes("66,坏")), "a.csv")}
    response = client.post("/admin/majors/import", data=bad, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "应为 6 位数字" in response.get_data(as_text=True)
    added = csv_bytes("660199,增补样例,装备制造大类,机械设计制造类")
    good = {"version": "2025增补", "file": (io.BytesIO(added), "b.csv")}
    response = client.post("/admin/majors/import", data=good, content_type="multipart/form-data")
    assert response.status_code == 302
    with offered.app_context():
        versions = db.session.scalars(select(CatalogueMajor.version).distinct()).all()
        assert sorted(versions) == ["2021", "2025增补"]


@pytest.mark.parametrize(
    ("user", "seen"),
    [
        ("school", {"21010001"}),
        ("city", {"21010001", "21010002"}),
        ("city2", {"21020001", "21020002"}),
        ("province", {"21010001", "21010002", "21020001", "21020002"}),
        ("admin", {"21010001", "21010002", "21020001", "21020002"}),
    ],
)
def test_each_role_sees_the_school_lists_in_its_scope(offered, login_as, api, user, seen):
    client = login_as(user)
    for code in ("21010001", "21010002", "21020001", "21020002"):
        status = client.get(f"/majors/schools/{code}").status_code
        assert status == (200 if code in seen else 404), (user, code)
        answer = api(user).get(f"/api/v1/schools/{code}/majors")
        assert answer.status_code == (200 if code in seen else 404), (user, code)
    listed = {s["code"] for s in api(user).get("/api/v1/schools").get_json()["items"]}
    assert listed == seen
    assert client.get("/majors/schools/99999999").status_code == 404


def test_the_school_page_and_api_show_the_majors_and_their_history(offered, login_as, api):
    page = login_as("school").get("/majors/schools/21010001").get_data(as_text=True)
    assert "机械制造样例" in page and "2025级 40 人" in page and "开设（在招）" in page
    answer = api("school").get("/api/v1/schools/21010001/majors").get_json()
    assert answer["items"][0]["code"] == "660101"
    assert answer["items"][0]["catalogue_version"] == "2021"
    assert answer["items"][0]["enrollment"] == {"2025": 40}


def test_experts_see_no_school_lists(offered, login_as, api):
    assert login_as("expert").get("/majors/schools").status_code == 404
    assert api("expert").get("/api/v1/schools").get_json() == {"items": []}


def test_the_catalogue_api_filters_and_pages(offered, api):
    caller = api("school")
    answer = caller.get("/api/v1/majors/catalogue?q=样例&size=2").get_json()
    assert (answer["total"], len(answer["items"]), answer["size"]) == (len(ROWS), 2, 2)
    only = caller.get("/api/v1/majors/catalogue?q=610101&version=2021").get_json()["items"]
    assert only[0]["category"] == {"code": "61", "name": "农林牧渔大类"}
    assert only[0]["agricultural"] is True
    assert caller.get("/api/v1/majors/catalogue?version=2099").get_json()["total"] == 0
    assert caller.get("/api/v1/majors/catalogue?size=x").status_code == 422


@pytest.mark.parametrize(
    ("username", "label", "target"),
    [
        ("school", "开设专业", "/majors/schools/21010001"),
        ("city", "学校专业", "/majors/schools"),
        ("province", "学校专业", "/majors/schools"),
    ],
)
def test_the_top_menu_leads_each_role_to_the_majors_it_may_see(
    deployed, login_as, username, label, target
):
    client = login_as(username)
    menu = client.get("/inbox").get_data(as_text=True).split("<nav>")[1].split("</nav>")[0]
    assert f'href="{target}">{label}</a>' in menu
    assert client.get(target).status_code == 200


def test_experts_have_no_majors_link(deployed, login_as):
    menu = (
        login_as("expert").get("/inbox").get_data(as_text=True).split("<nav>")[1].split("</nav>")[0]
    )
    assert "专业" not in menu
