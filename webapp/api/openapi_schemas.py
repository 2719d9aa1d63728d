"""The shapes of the API's answers, as the OpenAPI document declares them."""

from __future__ import annotations

STRING = {"type": "string"}
INTEGER = {"type": "integer"}
BOOLEAN = {"type": "boolean"}
OBJECT = {"type": "object"}
INSTANT = {"type": "string", "format": "date-time"}


def nullable(schema: dict) -> dict:
    return {**schema, "type": [schema["type"], "null"]}


def record(properties: dict, optional: tuple[str, ...] = ()) -> dict:
    """An object with these properties, every one present unless named optional."""
    required = [name for name in properties if name not in optional]
    return {"type": "object", "required": required, "properties": properties}


def page_of(item: dict, **extra: dict) -> dict:
    return record(
        {"items": {"type": "array", "items": item}, "total": INTEGER, "page": INTEGER}
        | {"size": INTEGER}
        | extra
    )


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


TASK = record(
    {
        "id": INTEGER,
        "instance_id": INTEGER,
        "process": STRING,
        "task": STRING,
        "name": STRING,
        "title": STRING,
        "lane": nullable(STRING),
        "role": nullable(STRING),
        "school": nullable(STRING),
        "city": nullable(STRING),
        "status": STRING,
        "assignee": nullable(STRING),
        "due_at": nullable(INSTANT),
        "days_left": nullable(INTEGER),
        "overdue": BOOLEAN,
        "created_at": INSTANT,
        "claimed_at": nullable(INSTANT),
        "completed_at": nullable(INSTANT),
    }
)
TASK_WITH_FORM = {
    "allOf": [
        ref("Task"),
        record(
            {
                "form": record({"title": STRING, "schema": OBJECT, "ui": OBJECT}),
                "data": OBJECT,
            }
        ),
    ]
}
HISTORY_ENTRY = record(
    {
        "at": INSTANT,
        "actor": STRING,
        "action": STRING,
        "subject": STRING,
        "before": nullable(OBJECT),
        "after": nullable(OBJECT),
    }
)
INSTANCE = record(
    {
        "id": INTEGER,
        "process": STRING,
        "version": INTEGER,
        "business_key": nullable(STRING),
        "title": STRING,
        "status": STRING,
        "school": nullable(STRING),
        "city": nullable(STRING),
        "data": OBJECT,
        "created_at": INSTANT,
        "completed_at": nullable(INSTANT),
        "error": {
            **nullable(STRING),
            "description": "执行失败（失败任务）的原因，含出错的元素；管理员修正后重试",
        },
        "tasks": {"type": "array", "items": ref("Task"), "description": "未办结的任务"},
        "history": {"type": "array", "items": HISTORY_ENTRY, "description": "仅在查看实例时"},
    },
    optional=("history",),
)
NOTIFICATION = record(
    {
        "id": INTEGER,
        "kind": STRING,
        "kind_label": STRING,
        "title": STRING,
        "body": STRING,
        "link": nullable(STRING),
        "instance_id": nullable(INTEGER),
        "work_item_id": nullable(INTEGER),
        "created_at": INSTANT,
        "read_at": nullable(INSTANT),
    }
)
DEADLINE = record(
    {
        "id": INTEGER,
        "instance_id": INTEGER,
        "process": STRING,
        "process_name": STRING,
        "title": STRING,
        "task": STRING,
        "city": nullable(STRING),
        "school": nullable(STRING),
        "party": STRING,
        "due_at": INSTANT,
        "due_date": {"type": "string", "format": "date"},
        "due_provisional": BOOLEAN,
        "working_days_left": INTEGER,
        "state": STRING,
        "state_label": STRING,
        "escalation": STRING,
        "escalation_label": STRING,
    }
)
LOGIN = record(
    {
        "token": STRING,
        "expires_at": INSTANT,
        "user": record({"username": STRING, "role": STRING}),
    }
)
PROCESSES = record(
    {
        "processes": {
            "type": "array",
            "items": record({"key": STRING, "version": INTEGER, "name": STRING}),
        }
    }
)
SUPERVISION_PAGE = page_of(
    DEADLINE, summary=record({"total": INTEGER, "overdue": INTEGER, "soon": INTEGER})
)
NOTIFICATION_PAGE = page_of(ref("Notification"), unread=INTEGER)
MARKED = record({"marked": INTEGER})
CODE_NAME = record({"code": STRING, "name": STRING})
CATALOGUE_MAJOR = record(
    {
        "code": STRING,
        "name": STRING,
        "category": CODE_NAME,
        "class": CODE_NAME,
        "agricultural": BOOLEAN,
        "state_controlled": BOOLEAN,
        "valid_from": nullable({"type": "string", "format": "date"}),
        "valid_to": nullable({"type": "string", "format": "date"}),
        "version": STRING,
    }
)
SCHOOLS = record(
    {
        "items": {
            "type": "array",
            "items": record({"code": STRING, "name": STRING, "city": nullable(STRING)}),
        }
    }
)
NUMBERS_BY_YEAR = {"type": "object", "additionalProperties": {"type": "number"}}
SCHOOL_MAJORS = record(
    {
        "school": CODE_NAME,
        "items": {
            "type": "array",
            "items": record(
                {
                    "code": STRING,
                    "name": STRING,
                    "direction": STRING,
                    "years": INTEGER,
                    "first_intake_year": nullable(INTEGER),
                    "status": STRING,
                    "status_label": STRING,
                    "catalogue_version": STRING,
                    "enrollment": NUMBERS_BY_YEAR,
                    "employment": NUMBERS_BY_YEAR,
                }
            ),
        },
    }
)
BACKGROUND_JOB = record(
    {
        "id": INTEGER,
        "kind": STRING,
        "state": {"type": "string", "enum": ["queued", "running", "done", "failed"]},
        "state_label": STRING,
        "progress": INTEGER,
        "total": nullable(INTEGER),
        "message": STRING,
        "result": nullable(OBJECT),
        "error": {"type": ["string", "null"], "description": "中文说明"},
        "created_at": INSTANT,
        "started_at": nullable(INSTANT),
        "finished_at": nullable(INSTANT),
    }
)

COMPONENTS = {
    "Error": record(
        {
            "error": STRING,
            "message": {"type": "string", "description": "中文说明"},
            "fields": {"type": "object", "additionalProperties": STRING},
        },
        optional=("fields",),
    ),
    "Task": TASK,
    "Instance": INSTANCE,
    "Notification": NOTIFICATION,
}

# What each operation answers when it succeeds, by "METHOD /path".
ANSWERS = {
    "POST /auth/login": LOGIN,
    "POST /auth/logout": record({"message": STRING}),
    "GET /processes": PROCESSES,
    "POST /processes/{key}/instances": ref("Instance"),
    "GET /instances/{instance_id}": ref("Instance"),
    "POST /instances/{instance_id}/messages": ref("Instance"),
    "GET /tasks": page_of(ref("Task"), total_capped=BOOLEAN),
    "GET /tasks/{item_id}": TASK_WITH_FORM,
    "POST /tasks/{item_id}/claim": ref("Task"),
    "POST /tasks/{item_id}/unclaim": ref("Task"),
    "POST /tasks/{item_id}/delegate": ref("Task"),
    "POST /tasks/{item_id}/complete": ref("Task"),
    "POST /tasks/{item_id}/attachments": record(
        {"attachment_id": INTEGER, "filename": STRING, "field": STRING, "size": INTEGER}
    ),
    "GET /notifications": NOTIFICATION_PAGE,
    "POST /notifications/{notification_id}/read": ref("Notification"),
    "POST /notifications/read-all": MARKED,
    "GET /supervision/deadlines": SUPERVISION_PAGE,
    "GET /jobs/{job_id}": BACKGROUND_JOB,
    "POST /registry/imports": record({"job": INTEGER, "state": STRING, "location": STRING}),
    "GET /majors/catalogue": page_of(CATALOGUE_MAJOR),
    "GET /schools": SCHOOLS,
    "GET /schools/{code}/majors": SCHOOL_MAJORS,
}


def declare_answers(paths: dict) -> None:
    """Give each documented operation's success answer its shape from ANSWERS."""
    for path, operations in paths.items():
        for method, operation in operations.items():
            shape = ANSWERS.get(f"{method.upper()} {path}")
            for status, response in operation["responses"].items():
                if shape and status.startswith("2"):
                    response["content"]["application/json"]["schema"] = shape
