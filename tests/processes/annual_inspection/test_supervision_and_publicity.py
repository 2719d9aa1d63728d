"""The annual inspection before the supervisors and the public: a missed rectification deadline
stays on the 督办 dashboard as 逾期未办, with the sanction reached, until the rectification is
accepted (issue 13); each final document — certificate, sanction decision, its lifting — is
published for 公示 once, and nothing interim is."""

from __future__ import annotations

from sqlalchemy import select

from tests.helpers import complete, only_task
from tests.processes.annual_inspection.test_lifting import _miss_deadlines, _report, _review
from tests.processes.annual_inspection.test_process import _assess, _open, _reviews
from webapp.extensions import db


def _missed_rows(api) -> list[dict]:
    rows = api("supervisor").get("/api/v1/supervision/deadlines").get_json()["items"]
    return [row for row in rows if row["missed"]]


def _published(app) -> list[tuple[str, str]]:
    from webapp.publicity.models import Publication

    with app.app_context():
        return [
            (p.kind, p.title)
            for p in db.session.scalars(select(Publication).order_by(Publication.id))
        ]


def test_a_missed_rectification_stays_overdue_until_accepted_and_results_are_published(
    deployed, api, clock, login_as
):
    cases, _ = _open(deployed, clock)
    case = cases["21010001"]
    _assess(deployed, api, clock, enrolled_students=1000)
    _reviews(api)
    assert _published(deployed) == []  # a notice to rectify is not a result
    _miss_deadlines(deployed, api, clock, case, 1)
    [missed] = _missed_rows(api)
    assert missed["task"] == "提交整改报告" and missed["instance_id"] == case
    assert missed["note"] == "已处理：缩减招生计划20%" and missed["now_step"] == "提交整改报告"
    assert missed["next_due_date"]  # the new rectification deadline the sanction set
    titles = [
        n["title"] for n in api("supervisor").get("/api/v1/notifications").get_json()["items"]
    ]
    assert any(t.startswith("督办：沈阳市装备制造工程学校“提交整改报告”") for t in titles)
    [(kind, title)] = _published(deployed)
    assert kind == "sanction_decision" and "缩减招生计划的决定" in title
    # The school sends a report: not yet made good; the province refuses it, then accepts one.
    _report(api)
    assert len(_missed_rows(api)) == 1
    _review(api, "reject")
    _report(api)
    _review(api, "accept")
    assert _missed_rows(api) == []
    province = api("province")
    complete(
        province,
        only_task(province, "解除处理决定")["id"],
        {
            "lift_reason": "学校已按期完成整改并经验收合格",
            "lift_document_no": "辽教职成〔2027〕9号",
        },
    )
    kinds = [kind for kind, _title in _published(deployed)]
    assert kinds == ["sanction_decision", "inspection_result", "sanction_lifted"]
    public = deployed.test_client().get("/public/").get_data(as_text=True)
    assert "解除处理决定" in public and "年检合格证明" in public


def test_a_school_that_passes_is_published_once(deployed, api, clock):
    from webapp.models import ProcessInstance
    from webapp.services import process_hooks

    cases, _ = _open(deployed, clock)
    _assess(deployed, api, clock)
    _reviews(api)
    published = _published(deployed)
    assert [kind for kind, _ in published] == ["inspection_result"]
    with deployed.app_context():  # reconciling again publishes nothing new
        process_hooks.saved(db.session.get(ProcessInstance, cases["21010001"]), clock)
        db.session.commit()
    assert _published(deployed) == published
