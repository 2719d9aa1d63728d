"""办学资质年检 (RULES.md §1; provincial opinion §8): a round opened by the province, each school's
self-assessment graded by the DMN table, city and provincial review with an on-site check, the
certificate, rectification with reminders, and the sanction ladder stored as the school's standing.

Here: rules/ (pure: indicators, grading, sanctions, form checks, script functions), hooks.py
(settings at start, documents and standing after each step), rounds.py (opening a round),
papers.py (certificate, notice, decisions), pages.py (年检 pages), models/, settings.py, demo.py,
templates/. The grading table is workflows/inspection_grade.dmn.
"""

from webapp.processes.base import EVERYONE_BUT_EXPERTS, DocumentKind, Link, ProcessModule, folder_of

from . import demo, hooks, rules, settings, supervision
from .pages import bp
from .rules.script_functions import SCRIPT_FUNCTIONS

DOCUMENTS = "annual_inspection/documents"

PROCESS = ProcessModule(
    key="annual_inspection",
    case_prefix="NJ",
    validators={
        "self_assessment": rules.validate_self_assessment,
        "onsite_check": rules.validate_onsite_check,
        "rectification_report": rules.validate_rectification_report,
    },
    hooks={
        "start_data": hooks.case_settings,
        "case_title": hooks.case_title,
        "rule_context": hooks.rule_context,
        "after_save": hooks.reconcile,
        "missed_resolved": supervision.missed_resolved,
        "supervision_note": supervision.supervision_note,
    },
    data_labels={
        "inspection_year": "年检年度",
        "school_deadline": "自查截止时间",
        "grade": "年检等级",
        "grade_reason": "定级理由",
        "failed_indicators": "未达标指标",
        "failed_indicators.label": "指标",
        "failed_indicators.required": "标准",
        "failed_indicators.actual": "实际",
        "failed_indicators.gap": "差距",
        "result": "年检结论",
        "rectification_deadline": "整改期限",
    },
    script_functions=SCRIPT_FUNCTIONS,
    documents={
        "inspection_certificate": DocumentKind(
            "办学资质年检合格证明", f"{DOCUMENTS}/inspection_certificate.html"
        ),
        "rectification_notice": DocumentKind(
            "整改通知书", f"{DOCUMENTS}/rectification_notice.html"
        ),
        "sanction_decision": DocumentKind("年检处理决定", f"{DOCUMENTS}/sanction_decision.html"),
        "sanction_lift": DocumentKind("解除处理决定", f"{DOCUMENTS}/sanction_lift.html"),
    },
    event_labels={
        "inspection_round_opened": "开启年检",
        "school_standing_changed": "办学状态变更",
    },
    started_by_process="办学资质年检由省教育厅按年度统一开启（年检 › 开启年检），每校一件，学校不能自行发起。",
    settings=settings.DEFINITIONS,
    blueprints=[(bp, "/inspection")],
    nav=[Link("年检", "inspection.index", roles=EVERYONE_BUT_EXPERTS)],
    demo=demo.load,
    folder=folder_of(__file__),
)
