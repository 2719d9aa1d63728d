"""Playing a 安全隐患排查整治 case through the API, each actor in turn."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.helpers import complete, inbox, upload

KEY = "safety_hazard"
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
# Monday 2 March 2026, 09:00 in Liaoning (the conftest clock).
MONDAY = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
HAZARDS = [
    {"category": "fire", "level": "general", "location": "实训楼二层",
     "description": "消防通道堆放杂物，影响疏散"},
    {"category": "power_water", "level": "serious", "location": "学生宿舍3号楼",
     "description": "配电箱线路老化裸露 <b>危险</b>"},
]  # fmt: skip
ITEM = {"整改": "整改安全隐患", "逾期": "逾期整改安全隐患", "验收": "验收隐患整改"}


def start(caller, school: str = "21010001", status: int = 201) -> dict:
    response = caller.post(f"/api/v1/processes/{KEY}/instances", json={"school": school})
    assert response.status_code == status, response.get_json()
    return response.get_json()


def record_item(caller) -> dict:
    [item] = [i for i in inbox(caller) if i["name"] == "登记隐患排查"]
    return item


def inspection(caller, item_id: int, office: str = "city", **changes) -> dict:
    photos = [
        upload(caller, item_id, "hazard_photos", f"{n}-现场.jpg", JPEG)
        for n in range(1, len(changes.get("hazards", HAZARDS)) + 1)
    ]
    data = {
        "inspecting_office": office,
        "inspected_on": "2026-03-02",
        "inspectors": "张明、李华",
        "hazards": HAZARDS,
        "hazard_photos": photos,
    }
    return data | changes


def record(caller, office: str = "city", school: str = "21010001", **changes) -> int:
    """Start an inspection and record it; returns the case id."""
    case = start(caller, school)["id"]
    item = record_item(caller)
    complete(caller, item["id"], inspection(caller, item["id"], office, **changes))
    return case


def task(caller, kind: str, number: int) -> dict:
    """The open item of that kind for hazard `number` ("整改安全隐患：1号 消防隐患（一般）")."""
    found = [i for i in inbox(caller) if i["name"].startswith(f"{ITEM[kind]}：{number}号 ")]
    assert len(found) == 1, (kind, number, [i["name"] for i in inbox(caller)])
    return found[0]


def rectify(school, number: int, kind: str = "整改") -> None:
    item = task(school, kind, number)
    evidence = upload(school, item["id"], "rectification_evidence", f"{number}-整改后.jpg", JPEG)
    reply = {
        "rectification_measures": "已清理杂物并落实每日巡查制度",
        "rectification_evidence": [evidence],
    }
    complete(school, item["id"], reply)


def verify(inspector, number: int, verdict: str = "accept") -> None:
    opinion = "现场复查合格" if verdict == "accept" else "整改不彻底，仍有杂物堆放"
    complete(
        inspector,
        task(inspector, "验收", number)["id"],
        {"verdict": verdict, "verify_opinion": opinion},
    )
