"""学籍异动 (policy §9): a school records a change of a registered student's status (留级、转学、
转专业、休学、复学、退学、注销、死亡) with date, reason and evidence; a transfer is confirmed by the
receiving school and, across cities, by both cities; the school's city approves within the set
working days, and the approved change updates the registry the subsidy checks read."""

from webapp.processes.base import Panel, ProcessModule, folder_of

from . import demo, hooks, panel, registry_update, settings
from .rules import checks

PROCESS = ProcessModule(
    key="student_status_change",
    case_prefix="YD",
    start_roles=("school_staff",),
    validators={
        "start": checks.validate_start,
        "submit_change": checks.validate_submit,
        "correct_change": checks.validate_correction,
        "receiving_confirm": checks.validate_receiving,
        "city_review": checks.validate_city,
    },
    hooks={
        "start_data": hooks.start_data,
        "case_title": hooks.case_title,
        "rule_context": hooks.rule_context,
        "after_save": registry_update.reconcile,
    },
    settings=settings.SETTINGS,
    event_labels={"registry_changed": "更新学籍库", "registry_unchanged": "学籍库未更新"},
    data_labels={
        "kind_label": "异动类型",
        "registered_status": "登记时学籍状态",
        "receiving_school_name": "转入学校",
    },
    panels=[
        Panel("case", "student_status_change/_case_panel.html", panel.case_panel),
        Panel("task", "student_status_change/_case_panel.html", panel.case_panel),
    ],
    demo=demo.load,
    folder=folder_of(__file__),
)
