"""专业动态调整 (policy §3: 调、停、转、增; RULES.md §3): a school's request of one of four kinds,
checked against the catalogue, its major list, its standing and the yearly window; city review;
a panel of experts scoring in parallel (majority, replacement on a conflict of interest); the
province's approval (国家控制布点) or filing; documents; the school's major list updated. Each
year the system also suggests stopping or adjusting majors with low employment or no intake.

Here: rules/ (pure: start and request checks, expert tally, suggestions), hooks.py (start data,
reference data for the rules, experts, reconciling documents and the major list), experts.py,
school_list.py, papers.py, suggestions.py, published.py and pages.py (公示), models.py,
settings.py, demo.py, templates/. The catalogue and the school lists are platform reference
data (webapp.majors).
"""

from webapp.processes.base import (
    EVERYONE_BUT_EXPERTS,
    DocumentKind,
    Link,
    Panel,
    ProcessModule,
    folder_of,
)

from . import demo, hooks, rules, settings
from .pages import bp, case_panel, pool_panel

DOCUMENTS = "major_adjustment/documents"

PROCESS = ProcessModule(
    key="major_adjustment",
    case_prefix="ZY",
    # a school's own request, or one its city or the province files for it (naming the school)
    start_roles=("school_staff", "city_official", "provincial_official"),
    validators={
        "start": rules.validate_start,
        "fill_add": rules.validate_add,
        "fill_adjust": rules.validate_adjust,
        "fill_transform": rules.validate_transform,
        "fill_stop": rules.validate_stop,
        "invite_experts": rules.validate_invite,
    },
    data_labels={
        "kind_label": "申请类型",
        "major_code": "专业代码",
        "major_name": "专业名称",
        "target_code": "调整后专业代码",
        "target_name": "调整后专业名称",
        "suggestion_reason": "调整建议理由",
        "expert_outcome": "专家评审结果",
        "expert_outcome.experts": "评审专家人数",
        "expert_outcome.recommending": "推荐人数",
        "expert_outcome.needed": "通过所需人数",
        "expert_outcome.average": "平均分",
        "outcome": "办理结果",
    },
    hooks={
        "start_data": hooks.start_data,
        "start_guard": hooks.need_school,
        "start_notice": hooks.start_notice,
        "case_title": hooks.case_title,
        "rule_context": hooks.rule_context,
        "items_created": hooks.items_created,
        "after_save": hooks.reconcile,
        "visible_data": hooks.visible_data,
        "housekeeping": hooks.housekeeping,
    },
    script_functions=rules.SCRIPT_FUNCTIONS,
    documents={
        "major_application": DocumentKind("专业设置申报表", f"{DOCUMENTS}/application.html"),
        "major_expert_summary": DocumentKind(
            "专家评审意见汇总表", f"{DOCUMENTS}/expert_summary.html"
        ),
        "major_decision": DocumentKind("专业设置批复/备案通知", f"{DOCUMENTS}/decision.html"),
        "major_yearly_notice": DocumentKind("专业设置结果通知", f"{DOCUMENTS}/yearly_notice.html"),
    },
    private_forms=frozenset({"expert_review"}),
    settings=settings.DEFINITIONS,
    setting_rules=settings.RULES,
    blueprints=[(bp, "/major-adjustment")],
    nav=[Link("专业设置", "major_adjustment.index", roles=EVERYONE_BUT_EXPERTS)],
    panels=[
        Panel("case", "major_adjustment/_case_panel.html", case_panel),
        Panel("task", "major_adjustment/_case_panel.html", case_panel),
        Panel("task", "major_adjustment/_pool_panel.html", pool_panel),
    ],
    demo=demo.load,
    folder=folder_of(__file__),
)
