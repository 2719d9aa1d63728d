"""The processes: one package per process (webapp/processes/<key>/, declaring PROCESS), the
ProcessModule they declare (base.py) and the registry the platform reaches them through.

INSTALLED lists them by module name; the app imports them when it starts (config PROCESSES
overrides the list, e.g. for a test's throw-away process). Adding a process: its package,
workflows/<key>.bpmn, forms/<key>/, and one line here.
"""

INSTALLED: tuple[str, ...] = (
    "webapp.processes.internship_approval",
    "webapp.processes.annual_inspection",
    "webapp.processes.student_registration",
    "webapp.processes.school_report",
    "webapp.processes.major_adjustment",
    "webapp.processes.subsidy_verification",
    "webapp.processes.student_status_change",
    "webapp.processes.publicity_objection",
    "webapp.processes.safety_hazard",
    "webapp.processes.leader_visits",
)
