"""One pass: an application with several problems at once gets every one of them back on the
first submit, through the API and through the task page: a required field left empty, an ID
number with a wrong check digit, the 娱乐场所 box ticked and 网吧 in the unit's name. (Before,
the schema's errors came first and the rules spoke only once they were fixed: three submits.)"""

from __future__ import annotations

import html
from datetime import date

from tests.helpers import complete
from tests.processes.internship_approval.helpers import ADULT, application, student, use_setting
from tests.processes.internship_approval.rules.synthetic import id_number

VALID_ID = id_number(date(2007, 3, 1))
BAD_CHECK_DIGIT = VALID_ID[:17] + ("1" if VALID_ID[17] != "1" else "2")
UNIT_NAME = "沈阳星空网吧有限公司"


def _flawed() -> dict:
    data = application(
        [ADULT, student("校验乙", date(2007, 5, 1), id_number=BAD_CHECK_DIGIT)],
        unit_name=UNIT_NAME,
        unit_is_entertainment=True,
    )
    del data["unit_mentor"]  # required, no rule reads it
    del data["insurer"]  # required, and a rule asks for it too: the schema's message wins
    return data


def _expect(fields: dict[str, str]) -> None:
    assert set(fields) == {
        "unit_name",
        "unit_is_entertainment",
        "insurer",
        "unit_mentor",
        "students.1.id_number",
    }, fields
    assert fields["unit_mentor"] == "请填写“实习单位指导人员”"
    assert fields["insurer"] == "请填写“承保机构”"
    assert fields["students.1.id_number"] == (
        f"第2行学生校验乙：身份证号 {BAD_CHECK_DIGIT} 的校验位不正确，请对照身份证逐位核对"
        "（GB 11643《公民身份号码》）"
    )
    assert fields["unit_is_entertainment"].startswith(
        "实习单位为营业性娱乐场所，不得安排学生到酒吧、夜总会、歌厅、洗浴中心、电子游戏厅、网吧等"
    )
    assert fields["unit_name"].startswith("实习单位名称中有“网吧”，不得安排学生到")
    assert "请更换实习单位" in fields["unit_name"]


def _started(api) -> tuple[object, int]:
    school = api("school")
    use_setting(school.client.application, "internship.consent_for_all_placements", "0")
    started = school.post(
        "/api/v1/processes/internship_approval/instances", json={"data": {}}
    ).get_json()
    return school, started["tasks"][0]["id"]


def test_the_api_answers_every_problem_in_one_response(deployed, api):
    school, task_id = _started(api)
    body = complete(school, task_id, _flawed(), status=422)
    _expect(body["fields"])
    # Fixed as told, the application goes through on the next submit.
    fixed = application([ADULT, student("校验乙", date(2007, 5, 1))])
    complete(school, task_id, fixed)


def _posted(data: dict) -> dict[str, str]:
    """The task page's inputs for the data: table cells as <field>-<row>-<column>."""
    form: dict[str, str] = {}
    for name, value in data.items():
        if isinstance(value, list):
            for row, cells in enumerate(value):
                for column, cell in cells.items():
                    form[f"{name}-{row}-{column}"] = "on" if cell is True else str(cell)
        elif value is True:
            form[name] = "on"
        elif value is not False:
            form[name] = str(value)
    return form


def test_the_task_page_shows_every_problem_after_one_submit(deployed, api, login_as):
    _, task_id = _started(api)
    page = login_as("school").post(f"/tasks/{task_id}", data=_posted(_flawed()))
    assert page.status_code == 422
    text = html.unescape(page.get_data(as_text=True))
    for message in (
        "请填写“实习单位指导人员”",
        "请填写“承保机构”",
        f"身份证号 {BAD_CHECK_DIGIT} 的校验位不正确",
        "实习单位为营业性娱乐场所，不得安排学生",
        "实习单位名称中有“网吧”，不得安排学生",
    ):
        assert message in text, message
    assert "请为实习学生投保实习责任保险并填写承保保险公司" not in text  # the schema's wins
