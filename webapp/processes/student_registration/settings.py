"""新生学籍注册's setting: the working days a school has to register a batch (§9)."""

from __future__ import annotations

from webapp.settings_store.definitions import SettingDef

SETTINGS: tuple[SettingDef, ...] = (
    SettingDef("registration.working_days", "新生电子学籍建档期限", "int", 20, 1, 60, "个工作日",
               "入学后若干个工作日内完成（§9）：不计周末和法定节假日，调休上班日计入。",
               group="学籍与资助"),
)  # fmt: skip
