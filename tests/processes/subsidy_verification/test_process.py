"""学生资助核查 end to end, each actor in turn: the province opens a round, the school uploads
its list (checked in the background), sends it, the checks flag a row, the school answers, the
checks run again, the city returns it once, then verifies, and the province signs off."""

from __future__ import annotations

import io
import re
from datetime import date

from sqlalchemy import select

from tests.helpers import complete, inbox, only_task
from tests.student_registry.helpers import id_number
from webapp.extensions import db
from webapp.majors.models import CatalogueMajor
from webapp.models import ProcessInstance
from webapp.student_registry.models import RegistryStudent

HEADER = "学籍号,身份证号,姓名,年级,专业代码,资助类型,档次,金额,家庭经济困难认定"


def _line(serial: int, **changes) -> str:
    values = {
        "学籍号": f"G{serial:012d}", "身份证号": id_number(serial), "姓名": f"学生{serial}",
        "年级": "1", "专业代码": "610101", "资助类型": "国家助学金", "档次": "一档",
        "金额": "1650", "家庭经济困难认定": "否",
    } | changes  # fmt: skip
    return ",".join(values.values())


def _setup(app) -> None:
    with app.app_context():
        db.session.add(
            CatalogueMajor(
                version="2021", code="610101", name="种子生产技术", category_code="61",
                category_name="农林牧渔大类", class_code="6101", class_name="农业类",
                agricultural=True, state_controlled=False,
            )
        )  # fmt: skip
        for serial in (1, 2, 3):
            status = "休学" if serial == 3 else "在籍在校"
            db.session.add(
                RegistryStudent(
                    student_no=f"G{serial:012d}", id_number=id_number(serial), name=f"学生{serial}",
                    school_code="21010001", stage="中职", status=status, full_time=True,
                    formal=True, grade=1, major_code="610101", agricultural=True,
                    as_of=date(2026, 11, 20),
                )
            )  # fmt: skip
        db.session.commit()


def _token(client, url: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(url).get_data(as_text=True))[
        1
    ]


def _jobs(app, clock) -> int:
    from webapp.jobs import run_pending

    with app.app_context():
        return run_pending("test", clock)


def _open_round(login_as) -> None:
    province = login_as("province")
    answer = province.post(
        "/subsidy/rounds",
        data={
            "csrf_token": _token(province, "/subsidy/"),
            "term": "2026秋",
            "subsidy_type": "国家助学金",
        },
    )
    assert answer.status_code == 302


def _case_of(app, school_code: str) -> int:
    from webapp.models import Organisation

    with app.app_context():
        school = db.session.scalar(select(Organisation).where(Organisation.code == school_code))
        return db.session.scalar(
            select(ProcessInstance.id).where(
                ProcessInstance.process_key == "subsidy_verification",
                ProcessInstance.school_id == school.id,
            )
        )


def _upload(client, case_id: int, lines: list[str]) -> None:
    body = ("\n".join([HEADER, *lines]) + "\n").encode()
    url = f"/instances/{case_id}"
    answer = client.post(
        f"/subsidy/cases/{case_id}/recipients",
        data={"csrf_token": _token(client, url), "file": (io.BytesIO(body), "名单.csv")},
        content_type="multipart/form-data",
    )
    assert answer.status_code == 302


def test_a_flagged_row_goes_back_and_the_list_is_signed_off(deployed, api, login_as, clock):
    _setup(deployed)
    _open_round(login_as)
    case_id = _case_of(deployed, "21010001")
    school, city, province = api("school"), api("city"), api("province")
    item = only_task(school, "报送资助名单")
    assert "2026秋季学期国家助学金核查" in item["title"]
    refused = complete(school, item["id"], {"list_checked": True}, status=422)
    assert "还没有上传资助名单" in refused["fields"]["_form"]
    page = login_as("school")
    _upload(page, case_id, [_line(1), _line(2), _line(3)])
    assert _jobs(deployed, clock) == 1
    html = page.get(f"/instances/{case_id}").get_data(as_text=True)
    assert "共 3 行；有疑点 1 行" in html and "休学" in html
    complete(school, item["id"], {"list_checked": True})
    assert inbox(school) == []  # the checks run in the background
    _jobs(deployed, clock)
    answer = only_task(school, "处理疑点")
    refused = complete(school, answer["id"], {}, status=422)
    assert "第 4 行" in refused["fields"]["_form"]  # the file's line: the header is line 1
    with deployed.app_context():
        from webapp.processes.subsidy_verification.models import SubsidyRecipient

        row_id = db.session.scalar(select(SubsidyRecipient.id).where(SubsidyRecipient.line == 4))
    token = _token(page, f"/tasks/{answer['id']}")
    page.post(
        f"/subsidy/cases/{case_id}/rows/{row_id}", data={"csrf_token": token, "action": "remove"}
    )
    complete(school, answer["id"], {"answer_note": "休学学生已删除"})
    _jobs(deployed, clock)
    verify = only_task(city, "市级审核")
    complete(city, verify["id"], {"city_decision": "return", "city_opinion": "请补充公示材料"})
    complete(school, only_task(school, "报送资助名单")["id"], {"list_checked": True})
    _jobs(deployed, clock)
    complete(
        city,
        only_task(city, "市级审核")["id"],
        {"city_decision": "approve", "city_opinion": "同意"},
    )
    complete(
        province,
        only_task(province, "省级审定")["id"],
        {"province_decision": "approve", "province_opinion": "审定通过"},
    )
    body = school.get(f"/api/v1/instances/{case_id}").get_json()
    assert body["status"] == "completed" and body["data"]["outcome"] == "已审定"
    assert body["data"]["check"]["flagged"] == 0 and body["data"]["check"]["rows"] == 3


def test_a_list_with_bad_rows_is_refused_whole(deployed, login_as, clock):
    _setup(deployed)
    _open_round(login_as)
    case_id = _case_of(deployed, "21010001")
    page = login_as("school")
    good = id_number(3)
    wrong = good[:-1] + ("1" if good[-1] != "1" else "2")  # a wrong check character
    _upload(page, case_id, [_line(1), _line(2, 年级="5"), _line(3, 身份证号=wrong)])
    _jobs(deployed, clock)
    html = page.get(f"/instances/{case_id}").get_data(as_text=True)
    assert "共 0 行" in html and "第 3 行，年级" in html and "第 4 行，身份证号" in html


def test_only_the_province_opens_a_round_and_only_once(deployed, login_as):
    school = login_as("school")
    answer = school.post(
        "/subsidy/rounds",
        data={
            "csrf_token": _token(school, "/subsidy/"),
            "term": "2026秋",
            "subsidy_type": "国家助学金",
        },
    )
    assert answer.status_code == 404
    _open_round(login_as)
    province = login_as("province")
    again = province.post(
        "/subsidy/rounds",
        data={
            "csrf_token": _token(province, "/subsidy/"),
            "term": "2026秋",
            "subsidy_type": "国家助学金",
        },
    )
    assert again.status_code == 422 and "已经开启" in again.get_data(as_text=True)
    bad = province.post(
        "/subsidy/rounds",
        data={
            "csrf_token": _token(province, "/subsidy/"),
            "term": "2026",
            "subsidy_type": "国家助学金",
        },
    )
    assert bad.status_code == 422 and "2026秋" in bad.get_data(as_text=True)
