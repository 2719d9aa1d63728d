"""Fixtures for the scheduler tests: deploy test diagrams (with a plain form for each user task)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from webapp import engine

ROOT = Path(__file__).resolve().parents[2]
DIAGRAM_DIRS = [ROOT / "tests" / "scheduler" / "diagrams", ROOT / "tests" / "engine" / "diagrams"]
NOTE_FORM = {
    "title": "办理",
    "schema": {"type": "object", "properties": {"note": {"type": "string", "title": "备注"}}},
}


def diagram(name: str) -> Path:
    return next(d / name for d in DIAGRAM_DIRS if (d / name).exists())


@pytest.fixture
def deploy_diagrams(demo, tmp_path):
    """deploy_diagrams("a.bpmn", ...) deploys them with a note form for every user task."""
    forms = tmp_path / "forms"
    shutil.copytree(ROOT / "forms", forms)
    demo.config["FORMS_DIR"] = str(forms)

    def _deploy(*names: str):
        paths = [diagram(n) for n in names]
        for process in engine.parse_files(paths):
            for task in process.user_tasks:
                target = forms / task.process_key / f"{task.id}.json"
                target.parent.mkdir(exist_ok=True)
                if not target.exists():
                    target.write_text(json.dumps(NOTE_FORM, ensure_ascii=False))
        result = demo.test_cli_runner().invoke(args=["deploy", *map(str, paths)])
        assert result.exit_code == 0, result.output
        return demo

    return _deploy


@pytest.fixture
def sweep(demo, clock):
    """Run one scheduler sweep in-process (what `flask scheduler sweep` does)."""
    from scheduler.sweep import sweep as run_sweep

    return lambda: run_sweep(demo, clock)
