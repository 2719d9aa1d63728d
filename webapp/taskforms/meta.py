"""Checks across all forms: every user task of every BPMN process has a valid form file."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .definition import FormFileError
from .loader import load_form


def check_forms_cover(
    forms_dir: str | Path,
    user_tasks: Iterable[tuple[str, str]],
    extra_ok: bool = True,
) -> list[str]:
    """Problem lines, empty when every (process_key, task_id) has a loadable form.

    With extra_ok=False, form files that match no user task are reported too (start forms of
    processes are such files, hence allowed by default).
    """
    tasks = sorted(set(user_tasks))
    problems = []
    for process_key, task_id in tasks:
        where = f"forms/{process_key}/{task_id}.json"
        try:
            form = load_form(forms_dir, process_key, task_id)
        except FormFileError as exc:
            problems.append(f"表单文件无效 {where}: {exc.message}")
            continue
        except ValueError:
            problems.append(f"用户任务 id 不能用作文件名 ({process_key}, {task_id!r})")
            continue
        if form is None:
            problems.append(
                f"缺少表单 {where} (user task {task_id!r} of process {process_key!r} has no form)"
            )
    if not extra_ok:
        problems += _extra_forms(Path(forms_dir), set(tasks))
    return problems


def _extra_forms(forms_dir: Path, tasks: set[tuple[str, str]]) -> list[str]:
    return [
        f"多余的表单 forms/{path.parent.name}/{path.name} (no user task {path.stem!r} there)"
        for path in sorted(forms_dir.glob("*/*.json"))
        if (path.parent.name, path.stem) not in tasks
    ]
