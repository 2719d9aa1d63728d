"""机构管理: the tree with filters, add a school, rename it, deactivate and reactivate it (its
open cases stay visible and workable, no new case starts, its users still log in), the
history, and that nobody but the province's admins reaches any of it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.helpers import REPORT, complete
from webapp.extensions import db
from webapp.models import Event, Organisation


def _org(app, code: str) -> Organisation:
    with app.app_context():
        org = db.session.scalar(select(Organisation).where(Organisation.code == code))
        db.session.expunge_all()
        return org


def _events(app, org_id: int) -> list[Event]:
    with app.app_context():
        query = select(Event).where(Event.subject == f"org:{org_id}").order_by(Event.seq)
        return list(db.session.scalars(query))


def test_the_tree_and_its_filters(demo, login_as):
    admin = login_as("admin")
    html = admin.get("/admin/organisations").get_data(as_text=True)
    assert "机构（7 个）" in html
    html = html[html.index("<table") : html.index("</table>")]
    assert (
        html.index("辽宁省")
        < html.index("沈阳市")
        < html.index("沈阳市旅游学校")
        < html.index("大连市")
    )
    city = _org(demo, "210200")
    html = admin.get(f"/admin/organisations?city={city.id}&kind=school").get_data(as_text=True)
    assert "机构（2 个）" in html and "大连电子学校" in html and "沈阳市旅游学校" not in html
    html = admin.get("/admin/organisations?q=旅游").get_data(as_text=True)
    assert "机构（1 个）" in html
    assert "没有符合条件的机构" in admin.get("/admin/organisations?active=0").get_data(as_text=True)
    assert admin.get("/admin/organisations?city=x&kind=moon&active=2").status_code == 200


def test_add_a_school_under_a_city(demo, login_as):
    admin = login_as("admin")
    data = {"city": "210100", "code": "21010003", "name": "沈阳市信息工程学校"}
    response = admin.post("/admin/organisations", data=data)
    assert response.status_code == 302
    school = _org(demo, "21010003")
    assert school.kind == "school" and school.active and school.parent_id == _org(demo, "210100").id
    event = _events(demo, school.id)[0]
    assert event.action == "organisation_created" and event.after["city"] == "210100"
    html = admin.get(f"/admin/organisations/{school.id}").get_data(as_text=True)
    assert "沈阳市信息工程学校" in html
    new_user = {"username": "xin.xi", "role": "school_staff", "org": "21010003", "active": "1"}
    assert admin.post("/admin/users", data=new_user).status_code == 200  # usable at once


@pytest.mark.parametrize(
    ("change", "field", "said"),
    [
        ({"code": "21010001"}, "code", "已被使用"),
        ({"code": "2101"}, "code", "8–12 位数字"),
        ({"code": "2101000A"}, "code", "8–12 位数字"),
        ({"name": ""}, "name", "请填写学校名称"),
        ({"name": "校" * 201}, "name", "不能超过"),
        ({"city": "210000"}, "city", "请选择学校所在的市"),
        ({"city": ""}, "city", "请选择学校所在的市"),
    ],
)
def test_adding_refuses_bad_input_field_by_field(demo, login_as, change, field, said):
    data = {"city": "210100", "code": "21010003", "name": "沈阳市信息工程学校"} | change
    response = login_as("admin").post("/admin/organisations", data=data)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert f'id="{field}-error"' in html and said in html
    assert f'value="{data["name"][:10]}' in html  # what was entered is kept
    with demo.app_context():
        assert (
            db.session.scalar(select(Organisation).where(Organisation.name == data["name"])) is None
        )


def test_rename_a_school(demo, login_as):
    admin = login_as("admin")
    school = _org(demo, "21010002")
    response = admin.post(f"/admin/organisations/{school.id}", data={"name": "沈阳市旅游职业学校"})
    assert response.status_code == 302
    assert _org(demo, "21010002").name == "沈阳市旅游职业学校"
    event = _events(demo, school.id)[-1]
    assert event.before == {"name": "沈阳市旅游学校"} and event.after == {
        "name": "沈阳市旅游职业学校"
    }
    empty = admin.post(f"/admin/organisations/{school.id}", data={"name": " "})
    assert empty.status_code == 422 and "请填写学校名称" in empty.get_data(as_text=True)


def test_a_city_or_the_province_cannot_be_renamed_or_deactivated(demo, login_as):
    admin = login_as("admin")
    city = _org(demo, "210100")
    assert admin.post(f"/admin/organisations/{city.id}", data={"name": "x"}).status_code == 422
    response = admin.post(f"/admin/organisations/{city.id}/deactivate", follow_redirects=True)
    assert "只能修改或停用学校" in response.get_data(as_text=True)
    assert _org(demo, "210100").active and _org(demo, "210100").name == "沈阳市"


def test_a_deactivated_school_keeps_its_cases_but_starts_no_new_one(deployed, login_as, api):
    school_api = api("school")
    started = school_api.post("/api/v1/processes/school_report/instances", json={"data": {}})
    case = started.get_json()
    admin = login_as("admin")
    school = _org(deployed, "21010001")
    assert admin.post(f"/admin/organisations/{school.id}/deactivate").status_code == 302
    assert not _org(deployed, "21010001").active
    assert _events(deployed, school.id)[-1].action == "organisation_deactivated"
    # its users still log in, see the open case and work on it
    school_page = login_as("school")
    assert school_page.get(f"/instances/{case['id']}").status_code == 200
    complete(api("school"), case["tasks"][0]["id"], REPORT)
    # but no new case starts, on the page or through the API
    refused = api("school").post("/api/v1/processes/school_report/instances", json={"data": {}})
    assert refused.status_code == 422 and "已停用" in refused.get_json()["message"]
    by_province = api("province").post(
        "/api/v1/processes/school_report/instances", json={"school": "21010001", "data": {}}
    )
    assert by_province.status_code in (403, 422)
    html = admin.get(f"/admin/organisations/{school.id}").get_data(as_text=True)
    assert "已停用" in html and "恢复该学校" in html
    assert admin.post(f"/admin/organisations/{school.id}/reactivate").status_code == 302
    again = api("school").post("/api/v1/processes/school_report/instances", json={"data": {}})
    assert again.status_code == 201


ORG_URLS = [
    ("GET", "/admin/organisations"),
    ("POST", "/admin/organisations"),
    ("GET", "/admin/organisations/{id}"),
    ("POST", "/admin/organisations/{id}"),
    ("POST", "/admin/organisations/{id}/deactivate"),
    ("POST", "/admin/organisations/{id}/reactivate"),
]


@pytest.mark.parametrize("who", ["city", "school", "province", "supervisor", "expert"])
def test_nobody_but_an_admin_reaches_any_page_or_action(demo, login_as, who):
    client = login_as(who)
    school = _org(demo, "21010002")
    data = {"city": "210100", "code": "21010009", "name": "新学校"}
    for method, url in ORG_URLS:
        url = url.format(id=school.id)
        assert client.open(url, method=method, data=data).status_code == 404, (who, method, url)
    assert _org(demo, "21010002").active and _org(demo, "21010009") is None
