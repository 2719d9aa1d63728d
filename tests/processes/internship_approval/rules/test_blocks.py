"""One test per hard block (RULES.md §2): the rule's name, the field, and the article cited.

Articles of 《职业学校学生实习管理规定》(教职成〔2021〕4号) are asserted only where the number was
confirmed against the 2021 text: 第十六条 (prohibitions) and 第十八条 (pay); elsewhere the message
must cite the regulation by name and no article of it (the 2016 numbers moved)."""

from __future__ import annotations

import pytest

from tests.processes.internship_approval.rules.synthetic import application, credit_code
from webapp.processes.internship_approval.rules import hard_blocks, warnings
from webapp.sources import INTERNSHIP_RULES, POLICY

PROVINCE = f"{POLICY}第十一条"
NATIONAL = INTERNSHIP_RULES


def by_name_only(message: str) -> bool:
    """The regulation is cited by its name, with no article number after it."""
    return f"{NATIONAL}）" in message and f"{NATIONAL}第" not in message


def only(blocks, rule):
    """The single block of `rule`, after checking no other rule fired."""
    assert [block.rule for block in blocks] == [rule]
    return blocks[0]


def test_a_clean_application_has_no_blocks_and_no_warnings():
    assert hard_blocks(application(), blacklist=["91210100000000001X"]) == []
    assert warnings(application()) == []


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"unit_is_entertainment": True}, "unit_is_entertainment"),
        ({"unit_type": "娱乐场所"}, "unit_type"),
        ({"unit_name": "测试市星光KTV"}, "unit_name"),
        ({"unit_name": "测试市海浪洗浴中心"}, "unit_name"),
        ({"unit_name": "测试网吧"}, "unit_name"),
        ({"unit_type": "电子游戏厅"}, "unit_type"),
    ],
)
def test_entertainment_venue(changes, field):
    block = only(hard_blocks(application(**changes)), "entertainment_venue")
    assert block.field == field and "营业性娱乐场所" in block.message
    assert PROVINCE in block.message and f"{NATIONAL}第十六条" in block.message


def test_the_venue_word_found_is_named():
    block = only(hard_blocks(application(unit_name="测试市星光KTV")), "entertainment_venue")
    assert block.message.startswith("实习单位名称中有“KTV”")


def test_intermediary():
    block = only(hard_blocks(application(via_intermediary=True)), "intermediary")
    assert block.field == "via_intermediary"
    assert "中介机构或有偿代理" in block.message and PROVINCE in block.message
    assert f"{NATIONAL}第十六条" in block.message  # 第十六条 (六)


def test_blacklisted_unit_by_credit_code():
    listed = [credit_code().lower(), "另一家单位"]
    block = only(hard_blocks(application(), blacklist=listed), "blacklisted_unit")
    assert block.field == "unit_credit_code"
    assert "违法失信单位" in block.message and PROVINCE in block.message


def test_blacklisted_unit_by_exact_name_whatever_the_brackets():
    data = application(unit_name="测试劳务（沈阳）有限公司")
    block = only(hard_blocks(data, blacklist=["测试劳务(沈阳)有限公司"]), "blacklisted_unit")
    assert block.field == "unit_name"
    assert hard_blocks(data, blacklist=["测试劳务有限公司"]) == []


@pytest.mark.parametrize("risk", ["高空", "井下", "放射性", "有毒", "易燃易爆"])
def test_high_risk_post(risk):
    posts = [{"post_name": "测试岗", "interns": 2, "post_staff": 20, "risks": [risk]}]
    block = only(hard_blocks(application(posts=posts)), "high_risk_post")
    assert block.field == "posts.0.risks" and risk in block.message
    assert PROVINCE in block.message and by_name_only(block.message)


def test_heavy_labour():
    posts = [
        {"post_name": "搬运", "interns": 2, "post_staff": 20, "risks": ["三级及以上体力劳动强度"]}
    ]
    block = only(hard_blocks(application(posts=posts)), "heavy_labour")
    assert block.field == "posts.0.risks"
    assert PROVINCE in block.message and f"{NATIONAL}第十六条" in block.message  # 第十六条 (七)


@pytest.mark.parametrize(
    "fee",
    [
        "押金",
        "培训费",
        "就业服务费",
        "实习报酬提成",
        "管理费",
        "实习材料费",
        "扣押证件",
        "担保",
        "从报酬中抵扣保险费",
    ],
)
def test_student_fees(fee):
    block = only(hard_blocks(application(fees=[fee])), "student_fees")
    assert block.field == "fees" and f"请取消：{fee}" in block.message
    assert PROVINCE in block.message and by_name_only(block.message)


def test_the_fee_message_names_every_charge_the_2021_rule_forbids():
    message = only(hard_blocks(application(fees=["管理费"])), "student_fees").message
    for charge in ("实习押金", "培训费", "实习报酬提成", "管理费", "实习材料费", "就业服务费"):
        assert charge in message.split("请取消")[0], charge


@pytest.mark.parametrize(
    ("field", "label"), [("insurance_policy_no", "保单号"), ("insurer", "承保保险公司")]
)
def test_no_liability_insurance(field, label):
    block = only(hard_blocks(application(**{field: " "})), "no_liability_insurance")
    assert block.field == field and label in block.message and PROVINCE in block.message


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"insurance_start": "2026-03-03"}, "insurance_start"),
        ({"insurance_end": "2026-08-30"}, "insurance_end"),
        ({"insurance_end": None}, "insurance_end"),
    ],
)
def test_insurance_gap(changes, field):
    block = only(hard_blocks(application(**changes)), "insurance_gap")
    assert block.field == field and "覆盖整个实习期" in block.message and PROVINCE in block.message


def test_insurance_covering_exactly_the_period_is_enough():
    data = application(insurance_start="2026-03-02", insurance_end="2026-08-31")
    assert hard_blocks(data) == []


def test_premium_charged_to_students():
    block = only(hard_blocks(application(premium_paid_by="学生")), "premium_charged_to_students")
    assert block.field == "premium_paid_by" and PROVINCE in block.message


@pytest.mark.parametrize("method", ["实物", "代金券", "第三方代发"])
def test_pay_not_in_money(method):
    block = only(hard_blocks(application(pay_method=method)), "pay_not_in_money")
    assert block.field == "pay_method" and method in block.message
    assert "不得以物品、代金券等代替货币或经过第三方转发" in block.message
    assert PROVINCE in block.message and f"{NATIONAL}第十八条" in block.message


def test_pay_below_80_percent_of_the_same_post():
    """2021 第十八条: 原则上不低于本单位相同岗位工资标准的80% (no longer 试用期工资, 2016)."""
    block = only(
        hard_blocks(application(pay_per_month=2799, same_post_wage=3500)), "pay_below_ratio"
    )
    assert block.field == "pay_per_month" and "2800 元" in block.message
    assert "相同岗位工资标准" in block.message and "试用期" not in block.message
    assert f"{NATIONAL}第十八条" in block.message


@pytest.mark.parametrize(("lowest", "blocked"), [(2798, False), (2799, False), (2800, True)])
def test_pay_at_the_lowest_wage_grade_is_enough(lowest, blocked):
    """…或最低档工资标准 (2021 第十八条): 2799 a month is below 80% of 3500 but may reach the
    unit's lowest grade."""
    data = application(pay_per_month=2799, same_post_wage=3500, lowest_grade_wage=lowest)
    found = hard_blocks(data)
    if blocked:
        block = only(found, "pay_below_ratio")
        assert "最低档工资标准 2800 元" in block.message
    else:
        assert found == []


@pytest.mark.parametrize("cycle", ["每月", "每半月", "每周", "每日"])
def test_pay_monthly_or_more_often_passes(cycle):
    assert hard_blocks(application(pay_cycle=cycle)) == []


@pytest.mark.parametrize("cycle", ["每两个月", "每季度", "实习结束后一次性", None, ""])
def test_pay_less_often_than_monthly_is_blocked(cycle):
    block = only(hard_blocks(application(pay_cycle=cycle)), "pay_cycle")
    assert block.field == "pay_cycle" and "支付周期不得超过1个月" in block.message
    assert f"{NATIONAL}第十八条" in block.message


def test_observation_has_no_pay_cycle():
    assert hard_blocks(application(kind="认识实习", pay_cycle=None)) == []


def test_pay_of_exactly_80_percent_is_enough():
    assert hard_blocks(application(pay_per_month=2800, same_post_wage=3500)) == []
    assert hard_blocks(application(pay_per_month=2800.0, same_post_wage=3500.0)) == []


def test_the_pay_ratio_is_a_setting():
    data = application(pay_per_month=3200, same_post_wage=4000)
    block = only(hard_blocks(data, min_pay_ratio=0.825), "pay_below_ratio")
    assert block.field == "pay_per_month" and "82.5%（3300 元）" in block.message


def test_the_pay_ratio_does_not_apply_to_observation():
    assert hard_blocks(application(kind="认识实习", pay_per_month=0, same_post_wage=4000)) == []


@pytest.mark.parametrize("field", ["rest_day_work", "holiday_work", "overtime", "night_shift"])
def test_working_time_without_an_exception_filing(field):
    block = only(hard_blocks(application(**{field: True})), "working_time")
    assert block.field == field and "备案" in block.message
    assert by_name_only(block.message)  # the 2016 第十七条 moved; the 2021 number unconfirmed


def test_more_than_eight_hours_a_day_is_overtime():
    block = only(hard_blocks(application(daily_hours=9)), "working_time")
    assert block.field == "daily_hours" and by_name_only(block.message)


def test_an_attached_exception_filing_allows_the_working_time():
    filing = {"attachment_id": 7, "filename": "备案.pdf"}
    data = application(night_shift=True, holiday_work=True, daily_hours=9, exception_filing=filing)
    assert hard_blocks(data) == []


def test_an_exception_filing_without_a_file_does_not_count():
    data = application(night_shift=True, exception_filing={"filename": "备案.pdf"})
    assert only(hard_blocks(data), "working_time").field == "night_shift"


def test_invalid_credit_code():
    code = credit_code()
    block = only(hard_blocks(application(unit_credit_code=code[:17] + "Z")), "invalid_credit_code")
    assert block.field == "unit_credit_code" and "GB 32100" in block.message


def test_end_before_start():
    data = application(end_date="2026-03-01")
    block = only(hard_blocks(data), "end_before_start")
    assert block.field == "end_date" and "早于开始日期" in block.message


def test_unreadable_or_missing_values_do_not_crash():
    data = {"kind": "岗位实习", "students": ["not a row"], "posts": None, "fees": "押金"}
    found = {block.rule for block in hard_blocks(data)}
    assert found >= {
        "invalid_credit_code",
        "invalid_id_number",
        "student_fees",
        "no_liability_insurance",
    }
