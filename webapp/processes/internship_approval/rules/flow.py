"""The internship approval process around the rules in webapp/processes/internship/: the form's
fields as the rules' application, and the functions the diagram's scripts call."""

from __future__ import annotations

from datetime import date

from webapp.processes.internship_approval.rules import needs_consent, normalise_kind, warnings
from webapp.processes.internship_approval.rules.application import day, rows, text
from webapp.processes.internship_approval.rules.form import field_errors

FEE_FLAGS = {
    "charges_deposit": "押金",
    "charges_training_fee": "培训费",
    "charges_service_fee": "就业服务费",
    "charges_commission": "实习报酬提成",
    "charges_management_fee": "管理费",
    "charges_material_fee": "实习材料费",
    "withholds_documents": "扣押证件",
    "requires_guarantee": "担保",
    "deducts_insurance": "从报酬中抵扣保险费",
}


def application_from_form(data: dict) -> dict:
    """The form keeps one risk per post, a tick per fee and 对口/不对口; the rules want lists.

    Data the form's schema refused is read as far as it goes (the rules run on it too): a table
    that is not a list has no rows, a row that is not an object is an empty row (it keeps its
    place, so messages name the right row), a risk that is not text is none."""
    application = dict(data)
    application["posts"] = [{**post, "risks": _risks(post)} for post in rows(data, "posts")]
    application["fees"] = [label for flag, label in FEE_FLAGS.items() if data.get(flag) is True]
    application["students"] = [
        {**s, "major_group_match": s.get("major_group", "对口") != "不对口"}
        for s in rows(data, "students")
    ]
    return application


def _risks(post: dict) -> list[str]:
    risk = text(post.get("risk"))
    return [] if risk in ("", "无") else [risk]


def validate_application(data: dict, today: date, context: dict) -> dict[str, str]:
    """Field errors for the application form: every hard block, on the field it concerns.
    `context` carries the 违法失信单位 list ("blacklist") and the settings the rules read."""
    errors = field_errors(
        application_from_form(data),
        context.get("blacklist", ()),
        min_pay_ratio=context.get("min_pay_ratio", 0.8),
        consent_for_all_placements=context.get("consent_for_all_placements", True),
    )
    return _onto_form_fields(errors, data)


def validate_start(data: dict, today: date, context: dict) -> dict[str, str]:
    """The actual start date the school confirms: not before the city's filing (备案) nor before
    the start date it filed. `context` gives "filed_on" and "approved_start" (dates or None)."""
    actual = day(data.get("actual_start_date"))
    limits = {
        "市教育局备案日期": day(context.get("filed_on")),
        "备案的实习开始日期": day(context.get("approved_start")),
    }
    known = {label: limit for label, limit in limits.items() if limit}
    if actual is None or all(actual >= limit for limit in known.values()):
        return {}
    named = "、".join(f"{label} {limit}" for label, limit in known.items())
    later = "中较晚者" if len(known) > 1 else ""
    message = (
        f"实际开始日期 {actual} 早于{named}{later}，实习不得在备案之前或备案的开始日期之前开始，"
        "请核对实际开始日期"
    )
    return {"actual_start_date": message}


def _onto_form_fields(errors: dict[str, str], data: dict) -> dict[str, str]:
    """The rules speak of a fee list and per-post risk lists; the form has a tick per fee and
    one risk per post, so each message goes to the field the user must change."""
    placed: dict[str, str] = {}
    for path, message in errors.items():
        if path == "fees":
            targets = [flag for flag in FEE_FLAGS if data.get(flag) is True] or ["_form"]
        elif path.startswith("posts.") and path.endswith(".risks"):
            targets = [path.removesuffix("s")]
        else:
            targets = [path]
        for target in targets:
            placed[target] = f"{placed[target]}；{message}" if target in placed else message
    return placed


# --- functions the diagram's scripts call (registered in webapp/processes/script_functions.py)


def internship_kind(kind: str) -> str:
    return normalise_kind(kind)


def consent_candidates(students: list, kind: str, start_date: str, for_all: bool = False) -> list:
    """The students whose guardians must consent, with their position in the list."""
    start = date.fromisoformat(start_date)
    return [
        {
            "index": i,
            "name": s.get("name", ""),
            "major": s.get("major", ""),
            "grade": s.get("grade"),
        }
        for i, s in enumerate(students)
        if needs_consent(s, kind, start, for_all)
    ]


def internship_warnings(
    kind,
    start_date,
    end_date,
    unit_staff_count,
    posts,
    students,
    max_months=6,
    max_unit_percent=10,
    max_post_percent=20,
) -> list:
    """What reviewers must see (not blocks), as Chinese sentences; the limits are the province's
    settings, copied into the case at start (an older diagram passes none: the defaults)."""
    application = application_from_form(
        {
            "kind": kind,
            "start_date": start_date,
            "end_date": end_date,
            "unit_staff_count": unit_staff_count,
            "posts": posts,
            "students": students,
        }
    )
    found = warnings(
        application,
        max_months=int(max_months),
        max_unit_share=float(max_unit_percent) / 100,
        max_post_share=float(max_post_percent) / 100,
    )
    return [warning.message for warning in found]


def _refused(consent_students: list, consent_results: list) -> set[int]:
    answered = {r["index"]: r["answer"] for r in consent_results or [] if isinstance(r, dict)}
    return {s["index"] for s in consent_students or [] if answered.get(s["index"]) != "agree"}


def students_with_consent(students: list, consent_students: list, consent_results: list) -> list:
    """The students who go: those not needing consent, and those whose guardian agreed."""
    refused = _refused(consent_students, consent_results)
    return [s for i, s in enumerate(students) if i not in refused]


def students_without_consent(students: list, consent_students: list, consent_results: list) -> list:
    """Students removed because their guardian refused or did not answer in time, and why."""
    answers = {r["index"]: r["answer"] for r in consent_results or [] if isinstance(r, dict)}
    reasons = {"refuse": "监护人不同意", "expired": "监护人逾期未答复"}
    refused = _refused(consent_students, consent_results)
    return [
        {"name": s.get("name", ""), "reason": reasons.get(answers.get(i), "未获监护人同意")}
        for i, s in enumerate(students)
        if i in refused
    ]


SCRIPT_FUNCTIONS = {
    "internship_kind": internship_kind,
    "consent_candidates": consent_candidates,
    "internship_warnings": internship_warnings,
    "students_with_consent": students_with_consent,
    "students_without_consent": students_without_consent,
}
