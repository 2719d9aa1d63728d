"""学籍异动's settings: the working days each party has. Policy §9 says changes must be recorded
promptly (及时) and sets no number; these are the system's defaults, as each help says."""

from __future__ import annotations

from functools import partial

from webapp.settings_store.definitions import SettingDef

_NOT_RULE = "省《意见》第九条要求学籍异动“及时维护”，未规定天数；本值为系统默认值，可按本省安排调整。修改后对此后报送的异动生效。"
_days = partial(SettingDef, kind="int", minimum=1, maximum=60, unit="个工作日", group="学籍与资助")

SETTINGS: tuple[SettingDef, ...] = (
    _days(key="status_change.review_working_days", label="学籍异动核准期限", default=10,
          help="市教育局（跨市转学时含转入地市教育局）核准学籍异动的期限。" + _NOT_RULE),
    _days(key="status_change.confirm_working_days", label="转入学校确认期限", default=5,
          help="转学时转入学校确认是否接收的期限。" + _NOT_RULE),
    _days(key="status_change.correction_working_days", label="学籍异动补正期限", default=10,
          help="市教育局退回补正后学校重新报送的期限。" + _NOT_RULE),
)  # fmt: skip
