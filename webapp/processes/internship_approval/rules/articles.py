"""The rules internship messages cite, so every message names its source the same way.

Article numbers of 《职业学校学生实习管理规定》(2021) are cited only where they were checked
against the 2021 text: 第十六条 (the list of what school and unit must not do: first-year and
under-16 students in 岗位实习, work forbidden to minors and to women, entertainment venues,
intermediaries, physical labour of intensity III or above) and 第十八条 (pay: 80% of the same
post's wage or the lowest grade, paid in money at least monthly, never in goods or through a
third party). Everything else (hours and rest days, fees, the staff shares, the six months, the
major group, the consent form) is cited by the regulation's name only: its article moved in
2021 and the number has not been confirmed.
"""

from __future__ import annotations

from webapp.sources import INTERNSHIP_RULES, policy_article

# The provincial policy's paragraph 11 (严格规范实习管理).
PROVINCE_11 = policy_article("十一")
NATIONAL = INTERNSHIP_RULES

PROHIBITIONS_ARTICLE = "第十六条"
PAY_ARTICLE = "第十八条"


def national(*articles: str) -> str:
    """《职业学校学生实习管理规定》（教职成〔2021〕4号）第十六条; with no article, the name alone."""
    return NATIONAL + "、".join(articles)


def cite(*sources: str) -> str:
    """The bracketed citation that ends a message: （《…》第十一条、《…》第十六条）."""
    return "（" + "、".join(sources) + "）"
