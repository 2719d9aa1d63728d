"""安全隐患排查整治 (policy §13; RULES.md §5): a city 教育局 or the province records an inspection
at a school — hazards, each with a category, a level (一般/较大/重大) and a deadline of the
level's working days (settings) — and issues the 整改通知书; a 重大 hazard is reported to the
province at once. Each hazard runs on its own (a parallel multi-instance subprocess): the school
rectifies it with evidence, the inspecting office accepts or returns it; a deadline that passes
turns the open rectification into a missed item on the 督办 dashboard (the city is told) until
that hazard is accepted; after the set number of returns the hazard goes to the supervisors.
When every hazard is closed the office issues the 整改验收意见.

Here: rules.py (pure: levels, plan, photo numbers, form checks), hazards.py (the hazards table,
items → hazards, progress), hooks.py, papers.py, pages.py (case panel), models.py,
settings.py, demo.py, templates/. Design notes:

- Who records is who started the case (lane "starter"); the office the case belongs to is
  stored as `inspector_lane` and the verification steps read it (task property laneFrom), so a
  city's inspection is verified by that city's officials and a province's by the province.
- The engine holds per hazard only its number, level, deadline and label; descriptions and
  photos live in safety_hazard, and a hazard's progress is read from its items and their
  submissions in the case history, never kept twice.
"""

from webapp.processes.base import DocumentKind, Panel, ProcessModule, folder_of

from . import demo, hazards, hooks, rules, settings
from .pages import case_panel

DOCUMENTS = "safety_hazard/documents"

PROCESS = ProcessModule(
    key="safety_hazard",
    case_prefix="AQ",
    start_roles=("city_official", "provincial_official"),
    validators={
        "record_inspection": rules.validate_inspection,
        "verify_hazard": rules.validate_verification,
    },
    hooks={
        "start_guard": hooks.need_school,
        "start_data": hooks.start_data,
        "case_title": hooks.case_title,
        "rule_context": hooks.rule_context,
        "items_created": hazards.map_items,
        "after_save": hooks.reconcile,
        "missed_resolved": hazards.missed_resolved,
        "supervision_note": hooks.supervision_note,
    },
    script_functions=rules.SCRIPT_FUNCTIONS,
    documents={
        "hazard_rectification_notice": DocumentKind(
            "安全隐患整改通知书", f"{DOCUMENTS}/rectification_notice.html"
        ),
        "hazard_acceptance_opinion": DocumentKind(
            "安全隐患整改验收意见", f"{DOCUMENTS}/acceptance_opinion.html"
        ),
    },
    data_labels={
        "hazard_items": "安全隐患",
        "hazard_items.no": "序号",
        "hazard_items.label": "隐患",
        "hazard_items.deadline": "整改期限",
    },
    settings=settings.DEFINITIONS,
    panels=[
        Panel("case", "safety_hazard/_case_panel.html", case_panel),
        Panel("task", "safety_hazard/_case_panel.html", case_panel),
    ],
    demo=demo.load,
    folder=folder_of(__file__),
)
