"""新生学籍注册 (§9): an intake batch registered within 20 working days of enrollment and never
after its intake's fixed date; a school under a sanction that stops registration may not start."""

from webapp.processes.base import ProcessModule, folder_of

from . import demo, hooks, rules, settings

PROCESS = ProcessModule(
    key="student_registration",
    validators={"record_batch": rules.validate_batch},
    hooks={"start_guard": hooks.refuse_suspended_school},
    script_functions={"registration_cap": rules.registration_cap},
    settings=settings.SETTINGS,
    demo=demo.load,
    folder=folder_of(__file__),
)
