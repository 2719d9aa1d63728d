"""Every user task in every diagram in workflows/ has a form, and every form is a valid schema."""

from __future__ import annotations

from pathlib import Path

from webapp import engine
from webapp.services.deploy import workflow_files
from webapp.taskforms import check_forms_cover, load_all_forms

ROOT = Path(__file__).resolve().parents[2]


def test_every_user_task_has_a_form_and_every_form_is_valid():
    files = workflow_files(ROOT / "workflows")
    assert files, "workflows/ holds no diagram"
    tasks = [(t.process_key, t.form_key) for p in engine.parse_files(files) for t in p.user_tasks]
    assert tasks
    assert check_forms_cover(ROOT / "forms", tasks) == []
    forms = load_all_forms(ROOT / "forms")  # raises FormFileError on an invalid schema
    assert {(f.process_key, f.task_id) for f in forms} >= set(tasks)
