"""Demo 安全隐患排查整治: the 沈阳 city office's inspection of a school, recorded three weeks ago
(played on a clock set back that far, so its history and notice carry those dates), in progress
— hazard 1 rectified and accepted, hazard 2 (较大) waiting on the school, hazard 3 (一般) past its
deadline (overdue on the 督办 dashboard once the scheduler sweeps)."""

from __future__ import annotations

import io
from datetime import date, timedelta

from flask import current_app

from webapp.cli.demo_cases import demo_user
from webapp.clock import Clock, ManualClock
from webapp.documents.samples import sample_pdf
from webapp.models import User
from webapp.services import instances, tasks

HAZARDS = [
    {"category": "fire", "level": "general", "location": "实训楼二层东侧",
     "description": "消防通道堆放实训耗材，影响疏散"},
    {"category": "power_water", "level": "major", "location": "学生宿舍3号楼",
     "description": "配电箱未上锁，线路老化裸露"},
    {"category": "training", "level": "general", "location": "数控实训车间",
     "description": "车床防护罩缺失，未张贴安全操作规程"},
]  # fmt: skip


def _file(item_id: int, user: User, field: str, name: str, clock: Clock, forms_dir: str) -> dict:
    upload_dir = current_app.config["UPLOAD_DIR"]
    body = io.BytesIO(sample_pdf(name))
    stored = tasks.upload(item_id, user, field, body, name, clock, forms_dir, upload_dir)
    return {"attachment_id": stored.id, "filename": stored.filename}


def _open(case, spec_id: str):
    return next(i for i in instances.open_items(case) if i.spec_id == spec_id)


def load(today: date, clock: Clock, forms_dir: str) -> int:
    city, school = demo_user("city"), demo_user("school")
    clock = ManualClock(clock.now() - timedelta(days=21))
    case = instances.start("safety_hazard", city, clock, "21010001")
    record = instances.open_items(case)[0]
    photos = [
        _file(record.id, city, "hazard_photos", f"{n}-现场照片.pdf", clock, forms_dir)
        for n in (1, 2, 3)
    ]
    data = {
        "inspecting_office": "city",
        "inspected_on": (today - timedelta(days=22)).isoformat(),
        "inspectors": "张明、李华",
        "hazards": HAZARDS,
        "hazard_photos": photos,
    }
    tasks.complete(record.id, city, data, clock, forms_dir)
    first = min(
        (i for i in instances.open_items(case) if i.spec_id == "rectify_hazard"),
        key=lambda i: i.id,
    )
    evidence = _file(first.id, school, "rectification_evidence", "整改后照片.pdf", clock, forms_dir)
    reply = {
        "rectification_measures": "已清理消防通道，落实每日巡查",
        "rectification_evidence": [evidence],
    }
    clock.set(clock.now() + timedelta(days=2))
    tasks.complete(first.id, school, reply, clock, forms_dir)
    verdict = {"verdict": "accept", "verify_opinion": "现场复查，通道畅通"}
    tasks.complete(_open(case, "verify_hazard").id, city, verdict, clock, forms_dir)
    return 1
