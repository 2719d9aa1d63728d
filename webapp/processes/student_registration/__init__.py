"""新生学籍注册: an intake batch registered within the set working days of enrollment (policy §9,
setting registration.working_days) and never after its intake's fixed date (20 Nov / 20 Apr,
sources.REGISTRATION_RULES); a school under a sanction that stops registration may not start;
no new student may already hold a registration the registry shows (双重学籍, compulsory
education not completed, another stage)."""

from webapp.processes.base import ProcessModule, folder_of

from . import demo, hooks, rules, settings

PROCESS = ProcessModule(
    key="student_registration",
    case_prefix="XJ",
    start_roles=("school_staff",),
    validators={"record_batch": rules.validate_batch},
    hooks={
        "start_guard": hooks.refuse_suspended_school,
        "start_data": hooks.start_data,
        "case_title": hooks.case_title,
        "rule_context": hooks.rule_context,
    },
    script_functions={"registration_cap": rules.registration_cap},
    settings=settings.SETTINGS,
    demo=demo.load,
    data_labels={"registration_deadline": "学籍注册截止时间"},
    folder=folder_of(__file__),
)
