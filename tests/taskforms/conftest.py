"""Fixtures for the task-form tests: the fixture form files and a plain Jinja environment."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from webapp.taskforms import FormDef, load_form

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE.parents[1] / "webapp" / "templates"


@pytest.fixture
def forms_dir() -> Path:
    return HERE / "forms"


@pytest.fixture
def review_form(forms_dir: Path) -> FormDef:
    form = load_form(forms_dir, "review", "city_review")
    assert form is not None
    return form


@pytest.fixture
def write_form(tmp_path: Path) -> Callable[..., Path]:
    """Writes one form file (a dict, or raw text) under tmp_path and returns the forms dir."""

    def write(content: dict | str, process_key: str = "proc", task_id: str = "task") -> Path:
        path = tmp_path / process_key / f"{task_id}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        text = content if isinstance(content, str) else json.dumps(content, ensure_ascii=False)
        path.write_text(text, encoding="utf-8")
        return tmp_path

    return write


@pytest.fixture
def render() -> Callable[..., str]:
    # StrictUndefined makes a typo in the macros fail here rather than render as nothing.
    env = Environment(
        loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined
    )
    template = env.from_string(
        '{% import "forms/_form.html" as forms %}'
        "{{ forms.render_fields(form, values, errors, attachment_url=attachment_url) }}"
    )

    def render(form: FormDef, values=None, errors=None, attachment_url=None) -> str:
        return template.render(
            form=form, values=values, errors=errors, attachment_url=attachment_url
        )

    return render
