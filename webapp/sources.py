"""The texts that rules, messages, DMN reasons and documents cite, named once so every place
names a source the same way. Cite an article number only where it has been checked against the
text (see ../shared/domain/RULES.md); otherwise cite the regulation by name."""

from __future__ import annotations

# The provincial policy the product implements (policy-liaoning-zhongzhi.txt).
POLICY = "《关于进一步规范中等职业学校管理全面提升中等职业教育质量的意见》"
# 职业学校学生实习管理规定 (2021), which replaced the 2016 text.
INTERNSHIP_RULES = "《职业学校学生实习管理规定》（教职成〔2021〕4号）"
# The 20 Nov / 20 Apr registration deadlines.
REGISTRATION_RULES = "《中等职业学历教育学生学籍电子注册办法（试行）》（教职成〔2014〕12号）"
# 学籍异动 (转学、休学、复学、退学 …): the national rules on 中职 student status.
STATUS_RULES = "《中等职业学校学生学籍管理办法》（教职成〔2010〕7号）"


def policy_article(number: str) -> str:
    """The provincial policy and one of its articles: policy_article("八") → 《…意见》第八条."""
    return f"{POLICY}第{number}条"
