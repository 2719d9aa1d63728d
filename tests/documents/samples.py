"""Sample contexts for the document templates (made-up people; the ID number has a valid check)."""

from __future__ import annotations

from datetime import date

SCHOOL = {
    "name": "沈阳市装备制造工程学校",
    "address": "沈阳市大东区东北大马路123号",
    "contact": "刘老师",
    "phone": "024-88886666",
}
UNIT = {
    "name": "沈阳北方精密机械有限公司",
    "credit_code": "91210100MA0XXXXX1X",
    "address": "沈阳市浑南区创新路8号",
    "contact": "王经理",
    "phone": "024-66668888",
}
PLACEMENT = {
    "kind": "岗位实习",
    "post": "数控车床操作辅助",
    "content": "数控车床编程与操作、零件检测",
    "location": "沈阳市浑南区创新路8号 二号厂房",
    "start": date(2026, 3, 16),
    "end": date(2026, 7, 15),
    "work_days": "周一至周五",
    "work_hours": "8:30—12:00，13:30—17:30",
    "daily_hours": 7.5,
    "monthly_pay": 3200,
    "pay_day": 10,
    "school_teacher": "赵明",
    "unit_mentor": "孙强",
    "insurance": {
        "insurer": "中国人民财产保险股份有限公司沈阳市分公司",
        "policy_number": "PZAA202621010000001234",
        "start": date(2026, 3, 16),
        "end": date(2026, 7, 15),
        "paid_by": "学校",
    },
}
STUDENT_ID = "210102200903150012"


def agreement(minor: bool = True, **overrides) -> dict:
    context = {
        "school": SCHOOL,
        "unit": UNIT,
        "student": {
            "name": "李晓明",
            "id_number": STUDENT_ID,
            "major": "数控技术应用",
            "class_name": "2024级数控1班",
            "phone": "13800000000",
        },
        "student_is_minor": minor,
        "placement": PLACEMENT,
    }
    if minor:
        context["guardian"] = {"name": "李建国", "relation": "父亲", "phone": "13900000000"}
    return {**context, **overrides}


def decision(**overrides) -> dict:
    context = {
        "authority_mark": "沈阳市教育局文件",
        "title": "沈阳市教育局关于同意沈阳市装备制造工程学校学生岗位实习备案的批复",
        "addressee": "沈阳市装备制造工程学校",
        "application_date": date(2026, 3, 2),
        "kind": "岗位实习",
        "placements": [
            {
                "unit_name": UNIT["name"],
                "credit_code": UNIT["credit_code"],
                "posts": ["数控车床操作辅助", "质量检测辅助"],
                "location": "沈阳市浑南区",
                "start": date(2026, 3, 16),
                "end": date(2026, 7, 15),
                "student_count": 12,
            },
            {
                "unit_name": "沈阳华晨汽车零部件有限公司",
                "credit_code": "91210100MA0YYYYY2Y",
                "posts": ["装配辅助"],
                "location": "沈阳市铁西区",
                "start": date(2026, 3, 16),
                "end": date(2026, 6, 30),
                "student_count": 8,
            },
        ],
        "total_students": 20,
        "minors_with_consent": 15,
        "copy_to": ["辽宁省教育厅职业教育与成人教育处"],
    }
    return {**context, **overrides}


def consent(**overrides) -> dict:
    context = {
        "school": SCHOOL,
        "unit": UNIT,
        "student_name": "李晓明",
        "student_class": "2024级数控1班",
        "guardian_name": "李建国",
        "placement": PLACEMENT,
        "consent_url": "https://zz.example.edu.cn/consent/4XK9QZ7MB2TR8WNP6HJC",
        "reply_by": date(2026, 3, 9),
    }
    return {**context, **overrides}


def issue_facts(**overrides) -> dict:
    """What `issue()` adds, for previews rendered without it."""
    return {
        "issuer": "沈阳市教育局",
        "doc_number": "沈教职成备〔2026〕12号",
        "issued_on": date(2026, 3, 15),
        **overrides,
    }
