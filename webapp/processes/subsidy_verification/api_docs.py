"""The OpenAPI description of the process's API routes (api.py), merged into openapi.json."""

from __future__ import annotations

from webapp.api.openapi import FILE, multipart, operation, path_id, query
from webapp.api.openapi_schemas import INTEGER, STRING, nullable, record

from .rules import FLAGS

CASE = record(
    {
        "id": INTEGER, "school_code": nullable(STRING), "school": nullable(STRING),
        "status": STRING, "steps": {"type": "array", "items": STRING}, "rows": INTEGER,
        "removed": INTEGER, "flagged": INTEGER, "unanswered": INTEGER,
    }
)  # fmt: skip
ROUND = record({"id": INTEGER, "term": STRING, "subsidy_type": STRING})
ROUND_WITH_CASES = record({"round": ROUND, "cases": {"type": "array", "items": CASE}})
FLAG = record({"code": STRING, "reason": STRING})
ROW = record(
    {
        "line": INTEGER, "student_no": STRING, "name": STRING, "grade": INTEGER,
        "major_code": STRING, "tier": STRING, "amount": STRING, "hardship": {"type": "boolean"},
        "removed": {"type": "boolean"}, "explanation": STRING, "evidence": nullable(INTEGER),
        "flags": {"type": "array", "items": FLAG},
    }
)  # fmt: skip
JOB = record({"job": INTEGER, "state": STRING})
ANSWERS = {
    "type": "object",
    "required": ["answers"],
    "properties": {
        "answers": {
            "type": "array",
            "maxItems": 5000,
            "items": {
                "type": "object",
                "required": ["line", "action"],
                "properties": {
                    "line": {"type": "integer", "description": "名单中的行号"},
                    "action": {"type": "string", "enum": ["keep", "remove"]},
                    "explanation": {"type": "string", "description": "保留时必填，至少 5 个字"},
                },
            },
        }
    },
}


def _answer(op: dict, status: str, schema: dict) -> dict:
    op["responses"][status]["content"]["application/json"]["schema"] = schema
    return op


def _list_body() -> dict:
    op = _answer(
        operation("报送学校的资助名单（文件或 JSON 行），由后台任务检查", ok="202",
                  params=[path_id("instance_id")]),
        "202",
        JOB,
    )  # fmt: skip
    rows = {
        "type": "array",
        "minItems": 1,
        "maxItems": 5000,
        "items": {"type": "object"},
        "description": "每行的键为名单列名：学籍号、身份证号、姓名、年级、专业代码、"
        "资助类型、档次、金额、家庭经济困难认定",
    }
    body = multipart({"file": FILE}, ["file"])
    json_schema = {"type": "object", "required": ["rows"], "properties": {"rows": rows}}
    body["content"]["application/json"] = {"schema": json_schema}
    op["requestBody"] = body
    return op


PATHS = {
    "/subsidy/rounds": {
        "post": _answer(
            operation(
                "开启资助核查（省教育厅）：每所在办学校一件",
                ok="201",
                body={
                    "type": "object",
                    "required": ["term", "subsidy_type"],
                    "properties": {
                        "term": {"type": "string", "examples": ["2026秋"]},
                        "subsidy_type": {"type": "string", "enum": ["国家助学金", "免学费"]},
                    },
                },
            ),
            "201",
            ROUND_WITH_CASES,
        )
    },
    "/subsidy/rounds/{round_id}": {
        "get": _answer(
            operation("核查轮次与您可见的各校事项", params=[path_id("round_id")]),
            "200",
            ROUND_WITH_CASES,
        )
    },
    "/subsidy/rounds/{round_id}/checks": {
        "post": _answer(
            operation(
                "省教育厅重新比对本轮所有未审定的名单（后台任务，逐校进行）",
                ok="202",
                params=[path_id("round_id")],
            ),
            "202",
            JOB,
        )
    },
    "/subsidy/cases/{instance_id}/recipients": {"post": _list_body()},
    "/subsidy/cases/{instance_id}/rows": {
        "get": _answer(
            operation(
                "名单各行及其疑点",
                params=[
                    path_id("instance_id"),
                    query("flag", description="只看某类疑点：" + "、".join(FLAGS)),
                    query("unanswered", description="true：只看尚未处理的疑点行"),
                    query("page", "integer", "页码，从 1 开始"),
                    query("size", "integer", "每页行数，最多 1000，默认 100"),
                ],
            ),
            "200",
            record(
                {
                    "items": {"type": "array", "items": ROW},
                    "total": INTEGER,
                    "page": INTEGER,
                    "size": INTEGER,
                }
            ),
        )  # fmt: skip
    },
    "/subsidy/cases/{instance_id}/answers": {
        "post": _answer(
            operation(
                "学校处理疑点行：删除，或保留并说明理由（全部生效或全部不生效）",
                params=[path_id("instance_id")],
                body=ANSWERS,
            ),
            "200",
            record(
                {
                    "changed": INTEGER,
                    "rows": INTEGER,
                    "removed": INTEGER,
                    "flagged": INTEGER,
                    "unanswered": INTEGER,
                }
            ),
        )  # fmt: skip
    },
}
