"""Deploying from 流程管理: uploaded diagrams checked as `flask deploy` checks them; a dry run
(试部署) says what would change and stores nothing; refusals are Chinese and name the element;
administrators only."""

from __future__ import annotations

import io
from pathlib import Path

from sqlalchemy import func, select

from tests.conftest import ROOT
from webapp.extensions import db
from webapp.models import ProcessDefinition

REPORT = (ROOT / "workflows" / "school_report.bpmn").read_text("utf-8")
CAMUNDA = ROOT / "tests" / "webapp" / "diagrams" / "camunda"
SERVICE = ROOT / "tests" / "engine" / "diagrams" / "modelers" / "service_camunda_class.bpmn"


def _login(app, username: str):
    client = app.test_client()
    client.post("/login", data={"username": username, "password": "Demo@2026"})
    return client


def _upload(client, files: list[tuple[str, bytes]], dry_run: bool = False):
    data = {"files": [(io.BytesIO(body), name) for name, body in files]}
    if dry_run:
        data["dry_run"] = "1"
    return client.post("/admin/processes/deploy", data=data, content_type="multipart/form-data")


def _versions(app, key: str) -> int:
    with app.app_context():
        query = select(func.count()).where(ProcessDefinition.key == key)
        return db.session.scalar(query)


def test_a_dry_run_says_what_would_change_and_stores_nothing(deployed):
    admin = _login(deployed, "admin")
    changed = REPORT.replace(
        '<bpmn:process id="school_report" name="办学情况报送"',
        '<bpmn:process id="school_report" name="办学情况报送（修订）"',
    ).encode()
    assert changed != REPORT.encode()
    tried = _upload(admin, [("school_report.bpmn", changed)], dry_run=True)
    page = tried.get_data(as_text=True)
    assert tried.status_code == 200 and "试部署结果（未保存）" in page
    assert "新版本（将创建）" in page and "第 2 版" in page
    assert _versions(deployed, "school_report") == 1
    same = _upload(admin, [("school_report.bpmn", REPORT.encode())], dry_run=True)
    assert "未变化" in same.get_data(as_text=True)
    done = _upload(admin, [("school_report.bpmn", changed)]).get_data(as_text=True)
    assert "部署结果" in done and "新版本" in done
    assert _versions(deployed, "school_report") == 2


def test_a_camunda_modeler_file_with_its_lanes_is_deployed_through_the_page(deployed):
    admin = _login(deployed, "admin")
    files = [(p.name, p.read_bytes()) for p in sorted(CAMUNDA.iterdir())]
    page = _upload(admin, files).get_data(as_text=True)
    assert "新流程" in page
    bare = _upload(admin, [f for f in files if f[0] != "lanes.json"], dry_run=True)
    assert bare.status_code == 422 and "lanes.json" in bare.get_data(as_text=True)


def test_refusals_are_chinese_and_nothing_is_stored(deployed):
    admin = _login(deployed, "admin")
    service = _upload(admin, [(SERVICE.name, SERVICE.read_bytes())])
    text = service.get_data(as_text=True)
    assert service.status_code == 422 and "流程文件无法部署（元素" in text and "服务任务" in text
    wrong = _upload(admin, [("notes.txt", b"hello")]).get_data(as_text=True)
    assert "只能上传 .bpmn、.dmn 文件和 lanes.json：notes.txt 不是" in wrong
    latin = _upload(admin, [("x.bpmn", "<bpmn>é</bpmn>".encode("latin-1"))]).get_data(as_text=True)
    assert "不是 UTF-8 编码的文本" in latin
    broken = _upload(admin, [("x.bpmn", b"<not xml")]).get_data(as_text=True)
    assert "流程文件无法部署" in broken
    lanes = _upload(admin, [("school_report.bpmn", REPORT.encode()), ("lanes.json", b"{x")])
    assert "lanes.json 不是有效的 JSON" in lanes.get_data(as_text=True)
    none = _upload(admin, [])
    assert none.status_code in (400, 422)
    with deployed.app_context():
        assert db.session.scalar(select(func.count()).select_from(ProcessDefinition)) == len(
            list(Path(ROOT / "workflows").glob("*.bpmn"))
        )


def test_only_administrators_may_deploy(deployed):
    for username in ("city", "province", "school"):
        answer = _upload(_login(deployed, username), [("school_report.bpmn", REPORT.encode())])
        assert answer.status_code == 404
