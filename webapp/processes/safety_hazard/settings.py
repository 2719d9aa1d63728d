"""安全隐患排查整治's settings: working days to rectify a hazard of each level, and how many
times an inspector may return one hazard before it goes to the supervisors."""

from __future__ import annotations

from functools import partial

from webapp.settings_store.definitions import SettingDef

from .rules import DEADLINE_DAYS

GROUP = "安全管理"
_DAYS = (
    "自检查之日起计算的工作日（不计周末和法定节假日，调休上班日计入；检查当日不计）；"
    "检查人员可为单项隐患确定更早的期限，不能更晚（省《意见》第十三条）。修改后对此后登记的检查生效。"
)

_safety = partial(SettingDef, group=GROUP)

DEFINITIONS: tuple[SettingDef, ...] = (
    _safety("safety.deadline_days.general", "一般隐患整改期限", "int", DEADLINE_DAYS["general"], 1, 120, "个工作日", _DAYS),
    _safety("safety.deadline_days.major", "较大隐患整改期限", "int", DEADLINE_DAYS["major"], 1, 120, "个工作日", _DAYS),
    _safety("safety.deadline_days.serious", "重大隐患整改期限", "int", DEADLINE_DAYS["serious"], 1, 180, "个工作日",
            _DAYS + "重大隐患登记时即报省教育厅。"),
    _safety("safety.max_returns", "单项隐患最多退回整改次数", "int", 3, 1, 10, "次",
            "同一隐患整改验收被退回达到此次数的，转教育督导督办，不再退回学校。"),
)  # fmt: skip

KEYS = {level: f"safety.deadline_days.{level}" for level in DEADLINE_DAYS}
