"""校领导听课与实习巡查 (省《意见》第十四条; RULES.md §5): each semester the party secretary, the
principal and the teaching vice-principal each attend a set number of classes and visit a set
number of internship sites. One case per school and semester, opened by the process itself
(semester_cases.py); the school records each visit as one 登记 step, kept in the module's table
(models.py, visits.py) while the engine keeps only the step count; a reminder before the end
names who is behind; at the end the shortfall goes to the city to follow up. The 督办 dashboard
and its export show every school's progress (progress.py, panels.py).

Why the 登记 step has no due date: at the semester's end the timer takes it away, and a step
taken away after its due date is kept as "逾期未办" (services/missed.py) for every school, on
target or not. What is due is each leader's target, so the semester's end and the counts are
shown by this module's 督办 section, and only a school that fell short gets a dated step (the
city's follow-up), which the dashboard lists with the other deadlines.

Here: rules/ (pure: semesters, targets, the visit form's checks), settings.py, hooks.py,
semester_cases.py, visits.py, progress.py, panels.py, models.py, demo.py, templates/.
"""

from webapp.processes.base import Panel, ProcessModule, folder_of

from . import demo, hooks, panels, settings, visits
from .rules import validate_visit
from .rules.targets import reminder_text

PROCESS = ProcessModule(
    key="leader_visits",
    case_prefix="TK",
    validators={"record_visit": validate_visit},
    hooks={
        "case_title": hooks.case_title,
        "rule_context": hooks.rule_context,
        "after_save": hooks.reconcile,
        "housekeeping": hooks.housekeeping,
        "supervision_note": hooks.supervision_note,
        "visible_data": hooks.visible_data,
        "supervision_sheet": panels.supervision_sheet,
    },
    script_functions={
        "leader_visit_shortfall": visits.shortfall_of,
        "leader_visit_reminder": reminder_text,
    },
    started_by_process="校领导听课与实习巡查由系统在每学期开始后为每所学校发起，学校不能自行发起。",
    settings=settings.DEFINITIONS,
    setting_rules=settings.RULES,
    panels=[
        Panel("case", "leader_visits/_case_panel.html", panels.case_panel),
        Panel("supervision", "leader_visits/_supervision_panel.html", panels.supervision_panel),
    ],
    data_labels={
        "semester_label": "学期",
        "semester_start": "学期开始日",
        "semester_last_day": "学期结束日",
        "class_target": "每位校领导听课要求（节）",
        "site_target": "每位校领导检查实习单位要求（次）",
        "visits_recorded": "已登记次数",
        "behind_at_reminder": "提醒时落后情况",
        "shortfall": "未达标情况",
        "follow_up_deadline": "市级督促期限",
    },
    demo=demo.load,
    folder=folder_of(__file__),
)
