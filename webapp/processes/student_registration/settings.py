"""新生学籍注册's setting: the working days a school has to register a batch (policy §9)."""

from __future__ import annotations

from webapp.settings_store.definitions import SettingDef

SETTINGS: tuple[SettingDef, ...] = (
    SettingDef("registration.working_days", "新生电子学籍建档期限", "int", 20, 1, 60, "个工作日",
               "入学后若干个工作日内完成（省《意见》第九条）：不计周末和法定节假日，调休上班日计入；"
               "秋季批次仍不晚于 11 月 20 日、春季批次不晚于 4 月 20 日（学籍电子注册办法）。"
               "修改后对此后登记的批次生效。",
               group="学籍与资助"),
)  # fmt: skip
