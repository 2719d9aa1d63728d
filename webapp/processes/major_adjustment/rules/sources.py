"""The texts the messages cite, so every message names its source the same way."""

POLICY_3 = "《关于进一步规范中等职业学校管理全面提升中等职业教育质量的意见》第三条"
MEASURES = "《中等职业学校专业设置管理办法（试行）》（教职成厅〔2010〕9号）"
STANDARD = "《中等职业学校设置标准》（教职成〔2010〕12号）"
CATALOGUE = "《职业教育专业目录（2021年）》（教职成〔2021〕2号）"
INSPECTION = (
    "《关于进一步规范中等职业学校管理全面提升中等职业教育质量的意见》第八条（办学资质年检）"
)


def cite(*sources: str) -> str:
    return "（依据" + "、".join(sources) + "）"
