"""学生资助核查 (policy §12; RULES.md §4): a round per term and subsidy type with a case per
school; the school's recipient list is checked row by row, then set-based against the 学籍
registry and every school's list of the round (checks.py, run by background jobs); flagged rows
go back to the school until each is removed or explained; city verification; provincial sign-off.

Here: rules/ (pure: flags, row checks, the school's forms), checks.py (the SQL checks),
recipients.py (storing and listing a list), jobs.py (background work), rounds.py, hooks.py,
pages.py, models.py, settings.py, templates/.
"""

from webapp.processes.base import (
    EVERYONE_BUT_EXPERTS,
    DocumentKind,
    Link,
    Panel,
    ProcessModule,
    folder_of,
)

from . import api_docs, demo, hooks, rules, settings
from .api import api_bp
from .case_pages import case_panel
from .pages import bp

PANEL = "subsidy_verification/_list_panel.html"

PROCESS = ProcessModule(
    key="subsidy_verification",
    case_prefix="ZZ",
    validators={
        "submit_list": rules.validate_submit,
        "answer_flags": rules.validate_answers,
        "city_verify": rules.validate_city,
        "province_signoff": rules.validate_province,
    },
    hooks={
        "start_data": hooks.start_data,
        "case_title": hooks.case_title,
        "rule_context": hooks.rule_context,
        "after_save": hooks.reconcile,
        "housekeeping": hooks.housekeeping,
    },
    data_labels={
        "term": "学期",
        "subsidy_type": "资助类型",
        "check": "最近一次比对",
        "check.rows": "名单行数",
        "check.flagged": "有疑点的行",
        "check.unanswered": "未处理的疑点",
        "outcome": "审定结果",
    },
    documents={
        "subsidy_signoff": DocumentKind(
            "资助名单审定意见", "subsidy_verification/documents/signoff.html"
        )
    },
    event_labels={"subsidy_referred": "移交纪检"},
    started_by_process="资助核查由省教育厅按学期统一开启（资助核查 › 开启核查），不能单独发起。",
    settings=settings.DEFINITIONS,
    blueprints=[(bp, "/subsidy"), (api_bp, "/api/v1/subsidy")],
    openapi_paths=api_docs.PATHS,
    nav=[Link("资助核查", "subsidy.index", roles=EVERYONE_BUT_EXPERTS)],
    panels=[Panel("case", PANEL, case_panel), Panel("task", PANEL, case_panel)],
    demo=demo.load,
    folder=folder_of(__file__),
)
