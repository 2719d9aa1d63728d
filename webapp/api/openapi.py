"""GET /api/v1/openapi.json: the API described for clients and contract tests."""

from __future__ import annotations

from webapp.api import bp
from webapp.api.openapi_schemas import COMPONENTS, declare_answers
from webapp.request_args import MAX_ID, MAX_PAGE

ERROR = {"$ref": "#/components/schemas/Error"}


def _op(
    summary: str,
    ok: str = "200",
    body: dict | None = None,
    params: list | None = None,
    auth: bool = True,
) -> dict:
    responses = {
        ok: {"description": "成功", "content": {"application/json": {"schema": {"type": "object"}}}}
    }
    for status in ("400", "401", "403", "404", "409", "422"):
        responses[status] = {
            "description": "错误",
            "content": {"application/json": {"schema": ERROR}},
        }
    operation: dict = {"summary": summary, "responses": responses}
    if body:
        responses["413"] = {
            "description": "请求体过大",
            "content": {"application/json": {"schema": ERROR}},
        }
        operation["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": body}},
        }
    if params:
        operation["parameters"] = params
    if not auth:
        operation["security"] = []
    return operation


def _throttled(operation: dict) -> dict:
    """Repeated failed logins answer 429, saying in Retry-After how many seconds to wait."""
    operation["responses"]["429"] = {
        "description": "登录失败次数过多",
        "headers": {"Retry-After": {"schema": {"type": "integer"}}},
        "content": {"application/json": {"schema": ERROR}},
    }
    return operation


FILE = {"type": "string", "format": "binary"}


def _multipart(properties: dict, required: list[str]) -> dict:
    """A multipart/form-data request body (an upload)."""
    schema = {"type": "object", "required": required, "properties": properties}
    return {"required": True, "content": {"multipart/form-data": {"schema": schema}}}


def _path_id(name: str) -> dict:
    """An id; one past MAX_ID is answered like a missing record (404)."""
    schema = {"type": "integer", "minimum": 1, "maximum": MAX_ID, "examples": [1]}
    return {"name": name, "in": "path", "required": True, "schema": schema}


def _query(name: str, kind: str = "string", description: str = "") -> dict:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": {"type": kind},
        "description": description,
    }


OBJECT = {"type": "object"}
PAGE = {
    "name": "page",
    "in": "query",
    "required": False,
    "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE},
    "description": f"页码，从 1 起，最大 {MAX_PAGE}",
}
REASON_BODY = {
    "type": "object",
    "required": ["reason"],
    "properties": {"reason": {"type": "string", "maxLength": 500, "description": "原因（必填）"}},
}
TASK_FILTERS = [
    _query("process", description="流程 key"),
    _query("school", "integer", "学校 ID"),
    _query("city", "integer", "城市 ID"),
    _query("overdue", description="1 = 仅逾期"),
    _query("due_before", description="日期（2026-03-15，当地零时）或带时区的 ISO 日期时间"),
    _query("q", description="关键词"),
    _query("sort", description="due | -due | created | -created | name"),
    _query("status", description="done = 已办"),
    PAGE,
    _query("size", "integer", "每页条数，最多 100"),
]
SUPERVISION_FILTERS = [
    _query("process", description="流程 key"),
    _query("city", "integer", "城市 ID（仅省级用户）"),
    _query("school", "integer", "学校 ID"),
    _query("state", description="all | overdue（已逾期）| soon（3 个工作日内到期）"),
    _query("escalation", description="none（未催办）| reminded（已提醒）| overdue（已逾期通知）"),
    _query("q", description="关键词：事项标题或学校名称"),
    _query("sort", description="due | -due | left | -left | school | -school | city | -city"),
    PAGE,
    _query("size", "integer", "每页条数，默认 50，最多 100"),
]

DOCUMENT = {
    "openapi": "3.1.0",
    "info": {"title": "中职学校管理流程平台 API", "version": "1"},
    "servers": [{"url": "/api/v1"}],
    "security": [{"bearer": []}],
    "components": {
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        "schemas": COMPONENTS,
    },
    "paths": {
        "/auth/login": {
            "post": _throttled(
                _op(
                    "登录获取令牌（返回 token 与过期时间 expires_at）",
                    body={
                        "type": "object",
                        "required": ["username", "password"],
                        "properties": {
                            "username": {"type": "string"},
                            "password": {"type": "string"},
                        },
                    },
                    auth=False,
                )
            )
        },
        "/auth/logout": {"post": _op("退出登录：所出示的令牌随即失效（其他令牌不受影响）")},
        "/processes": {"get": _op("已部署的流程")},
        "/processes/{key}/instances": {
            "post": _op(
                "发起流程",
                ok="201",
                body={
                    "type": "object",
                    "properties": {
                        "data": {
                            "type": "object",
                            "description": "发起表单（forms/<key>/start.json）的字段，如专业设置申报的"
                            "kind、major_code；没有发起表单的流程只能省略或为空",
                        },
                        "school": {"type": "string", "description": "学校代码（市、省用户发起时）"},
                    },
                },
                params=[
                    {"name": "key", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
            )
        },
        "/instances/{instance_id}": {
            "get": _op("流程实例：状态、数据、待办、历史", params=[_path_id("instance_id")])
        },
        "/instances/{instance_id}/messages": {
            "post": _op(
                "向流程发送消息",
                body={
                    "type": "object",
                    "required": ["name"],
                    "properties": {"name": {"type": "string"}, "data": OBJECT},
                },
                params=[_path_id("instance_id")],
            )
        },
        "/instances/{instance_id}/withdraw": {
            "post": _op(
                "撤回申请（发起学校；尚无人办理时）",
                body=REASON_BODY,
                params=[_path_id("instance_id")],
            )
        },
        "/instances/{instance_id}/cancel": {
            "post": _op(
                "作废事项（系统管理员）", body=REASON_BODY, params=[_path_id("instance_id")]
            )
        },
        "/tasks": {"get": _op("待办/已办列表", params=TASK_FILTERS)},
        "/tasks/{item_id}": {"get": _op("任务及其表单", params=[_path_id("item_id")])},
        "/tasks/{item_id}/claim": {"post": _op("认领", params=[_path_id("item_id")])},
        "/tasks/{item_id}/unclaim": {"post": _op("放弃认领", params=[_path_id("item_id")])},
        "/tasks/{item_id}/delegate": {
            "post": _op(
                "转办",
                body={
                    "type": "object",
                    "required": ["username"],
                    "properties": {"username": {"type": "string"}},
                },
                params=[_path_id("item_id")],
            )
        },
        "/tasks/{item_id}/attachments": {
            "post": {
                **_op("为任务的文件字段上传文件", ok="201", params=[_path_id("item_id")]),
                "description": "返回的 {attachment_id, filename} 可在办理该任务时作为该文件字段的值提交。",
                "requestBody": _multipart(
                    {"field": {"type": "string", "description": "文件字段名"}, "file": FILE},
                    ["field", "file"],
                ),
            }
        },
        "/tasks/{item_id}/complete": {
            "post": _op(
                "办理（提交表单）",
                body={
                    "type": "object",
                    "properties": {
                        "data": {
                            "type": "object",
                            "description": "只能包含该任务表单声明的字段（多余的字段答复 422 并逐一列出）；"
                            "文件字段的值为 {attachment_id} 引用，文件须由本人先通过 "
                            "/tasks/{item_id}/attachments 为该任务上传",
                        }
                    },
                },
                params=[_path_id("item_id")],
            )
        },
        "/notifications": {
            "get": _op(
                "我的通知（最新在前）",
                params=[
                    _query("unread", description="1 = 仅未读"),
                    PAGE,
                    _query("size", "integer", "每页条数，最多 100"),
                ],
            )
        },
        "/notifications/{notification_id}/read": {
            "post": _op("将通知标为已读", params=[_path_id("notification_id")])
        },
        "/notifications/read-all": {"post": _op("将全部通知标为已读")},
        "/majors/catalogue": {
            "get": _op(
                "中等职业教育专业目录（按代码、名称、版本查询，分页）",
                params=[
                    _query("version", description="目录版本，如 2021、2025增补"),
                    _query("q", description="专业代码或名称"),
                    PAGE,
                    _query("size", "integer", "每页条数，默认 50，最多 100"),
                ],
            )
        },
        "/schools": {"get": _op("我可查看的学校（学校看本校，市看本市，省看全部）")},
        "/schools/{code}/majors": {
            "get": _op(
                "学校开设专业（超出可查看范围的学校按不存在答复 404）",
                params=[
                    {"name": "code", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
            )
        },
        "/registry/imports": {
            "post": {
                **_op("导入学籍文件（管理员）：文件保存后由后台任务导入", ok="202"),
                "description": "答复中的 job 可用 GET /jobs/{job_id} 查询进度与结果；"
                "文件中出现的学校和学段整体替换，任何一行有误则不导入。",
                "requestBody": _multipart(
                    {"file": FILE, "as_of": {"type": "string", "format": "date"}}, ["file", "as_of"]
                ),
            }
        },
        "/jobs/{job_id}": {
            "get": _op(
                "后台任务：状态、进度、结果或错误（仅创建者、省级与管理员可查看）",
                params=[_path_id("job_id")],
            )
        },
        "/supervision/deadlines": {
            "get": _op(
                "督办：未办结期限列表与概况（省看全部，市看本市）", params=SUPERVISION_FILTERS
            )
        },
    },
}

declare_answers(DOCUMENT["paths"])
# For the processes' own API routes (ProcessModule.openapi_paths).
operation, path_id, query, multipart = _op, _path_id, _query, _multipart


@bp.get("/openapi.json")
def openapi_document():
    from webapp.processes.registry import current

    return {**DOCUMENT, "paths": {**DOCUMENT["paths"], **current().openapi_paths()}}
