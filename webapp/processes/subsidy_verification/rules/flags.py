"""The flags a recipient row may get (codes used in data and the API) and their Chinese names."""

FLAGS = {
    "not_registered": "学籍系统中无此学生",
    "status": "非在籍在校",
    "not_full_time": "非全日制学历教育或非正式学籍",
    "compulsory_duplicate": "与义务教育阶段学籍重复",
    "dual_registration": "双重学籍",
    "double_subsidy": "重复资助",
    "grade_ineligible": "年级不在资助范围",
    "major_ineligible": "专业或认定不符合资助条件",
    "amount": "金额与标准不符",
}


def flag_label(code: str) -> str:
    return FLAGS.get(code, code)
