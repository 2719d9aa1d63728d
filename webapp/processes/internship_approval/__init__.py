"""学生实习审批 (§11; 《职业学校学生实习管理规定》, 教职成〔2021〕4号): the application checked against
the rules, guardians' consent (every 岗位实习 student's by default, as the 2021 rule asks) by
one-time link or paper reply, the school leader's and the city's review, and the city's 备案回执
and the students' 三方协议 (岗位实习 only) issued as official PDFs.

Here: rules/ (pure), hooks.py (settings at start, consent links, documents), consents.py and
consent_pages/ (the guardian's page, paper replies), papers.py (the PDFs), blacklist/ (the
违法失信单位 list and its admin page), models/, settings.py, demo.py, templates/.
"""

from webapp.processes.base import DocumentKind, Link, Panel, ProcessModule, folder_of

from . import consents, demo, hooks, settings
from .blacklist import pages as blacklist_pages
from .consent_pages import bp as consent_bp
from .rules import flow

DOCUMENTS = "internship_approval/documents"

PROCESS = ProcessModule(
    key="internship_approval",
    case_prefix="SX",
    start_roles=("school_staff",),
    validators={
        "submit_application": flow.validate_application,
        "confirm_start": flow.validate_start,
    },
    hooks={
        "start_data": hooks.settings,
        "rule_context": hooks.rule_context,
        "items_created": hooks.after_step,
        "missed_resolved": hooks.missed_resolved,
        "case_title": hooks.case_title,
    },
    data_labels={
        "consent_window": "监护人答复期限",
        "removed_students": "未纳入实习的学生",
        "removed_students.name": "姓名",
        "removed_students.reason": "原因",
        "review_warnings": "审核提示",
        "review_warnings.message": "提示",
    },
    script_functions=flow.SCRIPT_FUNCTIONS,
    documents={
        "tripartite_agreement": DocumentKind(
            "学生岗位实习三方协议", f"{DOCUMENTS}/tripartite_agreement.html"
        ),
        # The city's answer to a 备案 is a 备案回执, not a 批复 (the key stays for issued ones).
        "approval_decision": DocumentKind("实习备案回执", f"{DOCUMENTS}/approval_decision.html"),
        "consent_letter": DocumentKind("监护人知情同意书", f"{DOCUMENTS}/consent_letter.html"),
    },
    event_labels={
        "consent_answered": "监护人答复",
        "consent_link_opened": "生成监护人告知书",
        "blacklist_changed": "修改违法失信单位名单",
    },
    settings=settings.SETTINGS,
    setting_rules=settings.RULES,
    blueprints=[(consent_bp, None), (blacklist_pages.bp, "/admin")],
    admin_links=[
        Link(
            "违法失信单位名单",
            "blacklist.blacklist_page",
            help="省级维护的违法失信单位：名单上（未过期）的单位不能作为实习单位。查询、列入、移出、导入与导出。",
        )
    ],
    panels=[
        Panel(
            "case",
            "internship_approval/consent_panel.html",
            lambda instance, user: {"requests": consents.for_instance(instance.id)},
        ),
        Panel("task", "internship_approval/review_panel.html"),
    ],
    demo=demo.load,
    folder=folder_of(__file__),
)
