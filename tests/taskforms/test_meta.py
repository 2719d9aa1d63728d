"""check_forms_cover: every user task has a valid form file."""

from __future__ import annotations

from webapp.taskforms import check_forms_cover


def test_all_tasks_covered(forms_dir):
    assert check_forms_cover(forms_dir, [("review", "city_review"), ("review", "note")]) == []


def test_missing_form_is_reported(forms_dir):
    problems = check_forms_cover(forms_dir, [("review", "city_review"), ("review", "final")])
    assert len(problems) == 1
    assert "forms/review/final.json" in problems[0]
    assert "缺少表单" in problems[0]


def test_invalid_form_is_reported(write_form):
    forms_dir = write_form("{", "proc", "broken")
    problems = check_forms_cover(forms_dir, [("proc", "broken")])
    assert len(problems) == 1
    assert problems[0].startswith("表单文件无效 forms/proc/broken.json")


def test_task_id_that_cannot_be_a_file_name(forms_dir):
    assert "不能用作文件名" in check_forms_cover(forms_dir, [("review", "../x")])[0]


def test_extra_forms_only_when_asked(forms_dir):
    tasks = [("review", "city_review")]
    assert check_forms_cover(forms_dir, tasks) == []
    problems = check_forms_cover(forms_dir, tasks, extra_ok=False)
    assert len(problems) == 1
    assert "forms/review/note.json" in problems[0]
