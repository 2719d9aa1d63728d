"""The rules internship messages cite, so every message names its source the same way."""

from __future__ import annotations

PROVINCE_11 = "《辽宁省中等职业学校管理规范意见》第十一条"
NATIONAL = "《职业学校学生实习管理规定》"

# RULES.md cites Articles 16-19 for the blocks. It cites no article for the reviewer's warnings;
# these three follow the order of the 2021 text and should be checked against the official copy.
MAJOR_GROUP_ARTICLE = "第八条"
STAFF_SHARE_ARTICLE = "第十一条"
DURATION_ARTICLE = "第十二条"


def national(*articles: str) -> str:
    """《职业学校学生实习管理规定》第十六条、第十七条"""
    return NATIONAL + "、".join(articles)


def cite(*sources: str) -> str:
    """The bracketed citation that ends a message: （《…》第十一条、《…》第十六条）."""
    return "（" + "、".join(sources) + "）"
