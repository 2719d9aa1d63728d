"""办学资质年检 (RULES.md §1; provincial opinion §8): a round opened by the province, each school's
self-assessment graded by the DMN table, city and provincial review with an on-site check, the
certificate, rectification with reminders, and the sanction ladder stored as the school's standing."""

from webapp.cli import demo_inspection
from webapp.cli.demo_cases import demo_user
from webapp.processes import inspection as rules
from webapp.processes.base import DocumentKind, ProcessModule, folder_of
from webapp.processes.inspection.script_functions import SCRIPT_FUNCTIONS
from webapp.services import inspection

from . import settings

PROCESS = ProcessModule(
    key="annual_inspection",
    validators={
        "self_assessment": rules.validate_self_assessment,
        "onsite_check": rules.validate_onsite_check,
        "rectification_report": rules.validate_rectification_report,
    },
    hooks={"start_data": inspection.case_settings, "after_save": inspection.reconcile},
    script_functions=SCRIPT_FUNCTIONS,
    documents={
        "inspection_certificate": DocumentKind(
            "办学资质年检合格证明", "documents/inspection_certificate.html"
        ),
        "rectification_notice": DocumentKind("整改通知书", "documents/rectification_notice.html"),
        "sanction_decision": DocumentKind("年检处理决定", "documents/sanction_decision.html"),
    },
    event_labels={"inspection_round_opened": "开启年检"},
    settings=settings.DEFINITIONS,
    demo=lambda today, clock, forms_dir: demo_inspection.load(
        demo_user("province"),
        demo_user("city"),
        demo_user("school"),
        demo_user("school2"),
        today,
        clock,
        forms_dir,
    ),
    folder=folder_of(__file__),
)
