"""The annual inspection's settings: deadlines, the sanction ladder, the 设置标准 thresholds, and
who the province's documents name as the contact (the province issues every one of them)."""

from __future__ import annotations

from functools import partial

from webapp.identifiers import is_phone
from webapp.settings_store.definitions import SettingDef, day_list

GROUP = "办学资质年检"
_STANDARD = "中等职业学校设置标准指标，年检自查报告按此评定（§8）。"
_CONTACT = "省教育厅在整改通知书和解除处理决定中印发的联系方式；留空则文书不印联系方式。"


def phone_text(text: str) -> str:
    """An office phone (024-86900000, with an optional extension) or a mobile; empty allowed."""
    if text and not is_phone(text):
        raise ValueError("请填写固定电话（如 024-12345678）或 11 位手机号码，或留空")
    return text


_inspection = partial(SettingDef, group=GROUP)

DEFINITIONS: tuple[SettingDef, ...] = (
    _inspection("inspection.rectification_days", "整改期限", "duration_days", 90, 7, 365, "天",
                "自整改通知书下发之日起计算（§8）。"),
    _inspection("inspection.sanction_interval_days", "拒不整改处理的升级间隔", "duration_days", 90, 7, 365, "天",
                "拒不整改的，每再逾期一个间隔升一级：缩减招生计划、暂停新生学籍注册、停止招生。"),
    _inspection("inspection.enrollment_cut_percent", "缩减招生计划的比例", "percent", 20, 1, 100, "%"),
    _inspection("inspection.reminder_days", "整改到期前提醒", "text", "30,7,1", unit="天",
                help="到期前第几天提醒学校，多个用逗号分隔，如 30,7,1。", check=day_list),
    _inspection("inspection.min_students", "学历教育在校生人数不少于", "int", 1200, 0, 20000, "人", _STANDARD),
    _inspection("inspection.min_teachers", "专任教师人数不少于", "int", 60, 0, 2000, "人"),
    _inspection("inspection.max_student_teacher_ratio", "生师比不高于", "decimal", 20, 1, 100, ":1"),
    _inspection("inspection.min_specialist_percent", "专业课教师占专任教师比例不低于", "percent", 50, 0, 100, "%"),
    _inspection("inspection.min_dual_qualified_percent", "双师型教师占专业课教师比例不低于", "percent", 30, 0, 100, "%"),
    _inspection("inspection.min_senior_title_percent", "高级职称教师占专任教师比例不低于", "percent", 20, 0, 100, "%"),
    _inspection("inspection.min_campus_area", "校园占地面积不少于", "int", 40000, 0, 2_000_000, "m²"),
    _inspection("inspection.min_campus_area_per_student", "生均校园占地面积不少于", "decimal", 33, 0, 1000, "m²/生"),
    _inspection("inspection.min_building_area", "校舍建筑面积不少于", "int", 24000, 0, 2_000_000, "m²"),
    _inspection("inspection.min_building_area_per_student", "生均校舍建筑面积不少于", "decimal", 20, 0, 1000, "m²/生"),
    _inspection("inspection.min_equipment_value", "仪器设备总值不少于", "int", 3_000_000, 0, 1_000_000_000, "元"),
    _inspection("inspection.min_equipment_per_student", "生均仪器设备值不少于", "int", 2500, 0, 1_000_000, "元/生"),
    _inspection("inspection.min_books_per_student", "生均纸质图书不少于", "int", 30, 0, 1000, "册/生"),
    _inspection("inspection.min_qualified_teachers_per_major", "每个专业中级以上职称相关专业专任教师不少于", "int", 2, 0, 50, "人",
                "《中等职业学校设置标准》第七条：每个专业至少应配备具有相关专业中级以上专业技术职务的专任教师2人。按学校开设专业逐一核对。"),
    _inspection("inspection.contact_department", "文书联系处室", "text", "辽宁省教育厅职业教育与成人教育处",
                help=_CONTACT + "默认处室名称未经核实，请按省厅实际处室名称填写。"),
    _inspection("inspection.contact_person", "文书联系人", "text", "", help=_CONTACT),
    _inspection("inspection.contact_phone", "文书联系电话", "text", "", help=_CONTACT, check=phone_text),
)  # fmt: skip

SETTINGS: dict[str, SettingDef] = {definition.key: definition for definition in DEFINITIONS}
