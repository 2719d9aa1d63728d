"""Blocks about the unit and its posts: credit code, entertainment venues, intermediaries, the
违法失信单位 list, and high-risk or heavy-labour posts."""

from __future__ import annotations

from collections.abc import Collection

from webapp.processes.internship_approval.rules import application as form
from webapp.processes.internship_approval.rules.articles import (
    PROHIBITIONS_ARTICLE,
    PROVINCE_11,
    cite,
    national,
)
from webapp.processes.internship_approval.rules.findings import Block
from webapp.processes.internship_approval.rules.identifiers import compact, validate_credit_code

ENTERTAINMENT_WORDS = (
    "酒吧",
    "夜总会",
    "歌厅",
    "歌舞厅",
    "洗浴中心",
    "游戏厅",
    "网吧",
    "KTV",
    "娱乐场所",
)
HAZARDS = ("高空", "井下", "放射性", "有毒", "易燃易爆")
HEAVY_LABOUR = "三级及以上体力劳动强度"


def unit_blocks(application: dict, blacklist: Collection[str]) -> list[Block]:
    blocks = []
    error = validate_credit_code(application.get("unit_credit_code"))
    if error:
        blocks.append(Block("invalid_credit_code", error, "unit_credit_code"))
    for field, reason in entertainment_venues(application):
        blocks.append(
            Block(
                "entertainment_venue",
                f"{reason}，不得安排学生到酒吧、夜总会、歌厅、洗浴中心、电子游戏厅、网吧等营业性"
                "娱乐场所实习，请更换实习单位；如该单位确非娱乐场所，请核对单位名称和类型"
                f"{cite(PROVINCE_11, national(PROHIBITIONS_ARTICLE))}",
                field,
            )
        )
    if application.get("via_intermediary") is True:
        blocks.append(
            Block(
                "intermediary",
                "不得通过中介机构或有偿代理组织、安排和管理学生实习，请由学校直接与实习单位对接"
                f"{cite(PROVINCE_11, national(PROHIBITIONS_ARTICLE))}",
                "via_intermediary",
            )
        )
    for listed in blacklisted_fields(application, blacklist):
        blocks.append(
            Block(
                "blacklisted_unit",
                f"实习单位“{form.text(application.get('unit_name'))}”在违法失信单位名单上，"
                f"不得作为实习单位，请更换实习单位{cite(PROVINCE_11)}",
                listed,
            )
        )
    return blocks


def entertainment_venues(application: dict) -> list[tuple[str, str]]:
    """(field, reason) for each field saying the unit is an entertainment venue: the box is
    ticked, its type or its name holds one of the venue words. Each is named, so that the
    school sees at once every field it must change."""
    found = []
    if application.get("unit_is_entertainment") is True:
        found.append(("unit_is_entertainment", "实习单位为营业性娱乐场所"))
    for field, label in (("unit_type", "类型"), ("unit_name", "名称")):
        value = form.text(application.get(field)).upper()
        word = next((word for word in ENTERTAINMENT_WORDS if word in value), None)
        if word:
            found.append((field, f"实习单位{label}中有“{word}”"))
    return found


def blacklisted_fields(application: dict, blacklist: Collection[str]) -> list[str]:
    """The fields matching the 违法失信单位 list: the credit code and the exact unit name."""
    listed = {unit_key(entry) for entry in blacklist} - {""}
    fields = []
    if compact(application.get("unit_credit_code")) in listed:
        fields.append("unit_credit_code")
    if unit_key(application.get("unit_name")) in listed:
        fields.append("unit_name")
    return fields


def blacklisted_field(application: dict, blacklist: Collection[str]) -> str | None:
    """The first field matching the 违法失信单位 list: the credit code, or else the unit name."""
    return next(iter(blacklisted_fields(application, blacklist)), None)


def unit_key(value: object) -> str:
    """A credit code or unit name as compared with the list: no spaces, upper case, and
    half-width brackets made full-width, since names are written both ways."""
    return compact(value).replace("(", "（").replace(")", "）")


def post_blocks(application: dict) -> list[Block]:
    blocks = []
    for index, post in enumerate(form.rows(application, "posts")):
        risks = post.get("risks") if isinstance(post.get("risks"), list) else []
        name = form.text(post.get("post_name")) or f"第{index + 1}个岗位"
        field = f"posts.{index}.risks"
        hazards = "、".join(risk for risk in HAZARDS if risk in risks)
        if hazards:
            blocks.append(
                Block(
                    "high_risk_post",
                    f"岗位“{name}”涉及{hazards}，属于较高安全风险岗位，不得安排学生实习，"
                    f"请更换岗位{cite(PROVINCE_11, national())}",
                    field,
                )
            )
        if HEAVY_LABOUR in risks:
            blocks.append(
                Block(
                    "heavy_labour",
                    f"岗位“{name}”为Ⅲ级及以上体力劳动强度，不得安排学生实习，"
                    f"请更换岗位{cite(PROVINCE_11, national(PROHIBITIONS_ARTICLE))}",
                    field,
                )
            )
    return blocks
