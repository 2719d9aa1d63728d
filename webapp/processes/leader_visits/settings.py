"""校领导听课与实习巡查's settings: the targets per leader and semester (省《意见》第十四条), the
two semesters' dates as month-days, the reminder's lead time and the city's follow-up period."""

from __future__ import annotations

import re
from functools import partial

from webapp.settings_store.definitions import CrossRule, SettingDef
from webapp.sources import policy_article

from .rules.semesters import order_problem

GROUP = "校领导听课"
_POLICY = f"{policy_article('十四')}：书记、校长、分管教学工作的副校长每学期听课至少 10 次，到学生顶岗实习单位检查至少 1 次。"
_DATES = "按“月-日”填写；秋季学期结束日早于开始日时，结束于次年。修改后对此后开始的学期生效。"
_visits = partial(SettingDef, group=GROUP)
DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def month_day(text: str) -> str:
    """A day of the year as "09-01" (also accepts "9-1", "9月1日"); never 29 Feb."""
    match = re.fullmatch(r"\s*(\d{1,2})\s*(?:-|月)\s*(\d{1,2})\s*日?\s*", text)
    if not match:
        raise ValueError("请按“月-日”填写，如 09-01")
    month, day = int(match[1]), int(match[2])
    if not 1 <= month <= 12 or not 1 <= day <= DAYS_IN_MONTH[month - 1]:
        raise ValueError("没有这一天（不接受 2 月 29 日），请核对月份和日期")
    return f"{month:02d}-{day:02d}"


DEFINITIONS: tuple[SettingDef, ...] = (
    _visits("leader_visits.class_target", "每位校领导每学期听课不少于", "int", 10, 1, 100, "节", _POLICY),
    _visits("leader_visits.site_target", "每位校领导每学期检查实习单位不少于", "int", 1, 1, 20, "次", _POLICY),
    _visits("leader_visits.autumn_start", "秋季学期开始日", "text", "09-01", help=_DATES, check=month_day),
    _visits("leader_visits.autumn_end", "秋季学期结束日", "text", "01-20", help=_DATES, check=month_day),
    _visits("leader_visits.spring_start", "春季学期开始日", "text", "03-01", help=_DATES, check=month_day),
    _visits("leader_visits.spring_end", "春季学期结束日", "text", "07-10", help=_DATES, check=month_day),
    _visits("leader_visits.reminder_days", "学期结束前提醒", "duration_days", 30, 1, 120, "天",
            "学期结束前若干天仍有校领导未达标的，提醒学校，并写明谁差多少。"),
    _visits("leader_visits.follow_up_days", "未达标督促期限", "duration_days", 30, 1, 120, "天",
            "学期结束时有校领导未达标的，市教育局在学期结束后若干天内督促学校并记录情况。"),
)  # fmt: skip

SEASON_KEYS = {
    "autumn_start": "leader_visits.autumn_start",
    "autumn_end": "leader_visits.autumn_end",
    "spring_start": "leader_visits.spring_start",
    "spring_end": "leader_visits.spring_end",
}


def semester_dates(values) -> dict[str, str]:
    """The four month-days under the names rules.semesters reads."""
    return {name: str(values[key]) for name, key in SEASON_KEYS.items()}


def _semesters_in_order(values) -> str | None:
    return order_problem(semester_dates(values))


RULES: tuple[CrossRule, ...] = (CrossRule(tuple(SEASON_KEYS.values()), _semesters_in_order),)
