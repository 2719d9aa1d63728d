"""What a process module declares: one ProcessModule per process, in its package's __init__.py.

A process is a package `webapp/processes/<key>/` with `PROCESS = ProcessModule(key="<key>", ...)`,
its diagram `workflows/<key>.bpmn` and its forms `forms/<key>/`. The platform reaches it only
through the registry (registry.py), which checks every module when the app starts.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import click
    from flask import Blueprint

    from webapp.settings_store.definitions import CrossRule, SettingDef

# Form rules run together with a form's schema check, so a user sees every problem at once:
# (data, today's local date, reference data from the process's rule_context hook) -> {field
# path: Chinese message}. They must tolerate data the schema refuses (skip what they cannot
# read); where both speak about a field, the schema's message is shown. A validator for the form
# "start" checks a start form (forms/<key>/start.json).
Validator = Callable[[dict, date, dict], dict[str, str]]

# The hooks a process may give, and when the platform calls them.
HOOKS: dict[str, str] = {
    "start_data": "(given, school | None) -> dict: data a new instance starts with besides what"
    " was given (settings it reads, what it derives from the start form); it wins over `given`",
    "start_guard": "(school | None) -> None: raises a DomainError to refuse a start",
    "start_notice": "(school | None, today) -> str | None: why the start form cannot be sent"
    " today (a closed window, saying when it opens); shown instead of the form",
    "case_title": "(data, school | None) -> str | None: the case's title from its starting data"
    " (what it is about), instead of the process name and school",
    "rule_context": "(today, school | None, instance | None) -> dict: reference data the form"
    " rules need (read only for forms with rules; the school and instance are the case's, or"
    " the school a start is for and no instance)",
    "items_created": "(instance, [(work_item, ready_task)], clock): after a step opened items",
    "after_save": "(instance, clock): after every saved step; idempotent (reconcile)",
    "visible_data": "(data, user) -> dict: the case's data as this user may read it on pages"
    " and in the API (hide or mask what their role must not see); the data is a copy",
    "housekeeping": "(clock): hourly from the scheduler service (yearly jobs check their own"
    " date); idempotent, commits nothing itself",
    "missed_resolved": "(instance, item) -> bool | None: whether what a step that missed its"
    " deadline (a timer took it away) asked for has since been made good, e.g. a rectification"
    " accepted; None (or no hook): when the same step was completed later; a case that ends"
    " resolves its misses",
    "supervision_note": "(instance) -> str: where a case with a missed deadline stands, for the"
    " supervisors (e.g. the sanction it has reached); shown beside the missed step",
    "supervision_sheet": "(user, clock) -> webapp.exports.Sheet | None: a sheet the 督办 export"
    " adds after its list, for the user's scope (what the process's supervision panel shows)",
}


# Who a menu link is for when experts (who only score what they are invited to) have no use for it.
EVERYONE_BUT_EXPERTS = (
    "school_staff",
    "city_official",
    "provincial_official",
    "supervisor",
    "admin",
)


@dataclass(frozen=True)
class DocumentKind:
    """An official document the process issues: its label and its template (under the
    process's templates/, e.g. "internship_approval/consent_letter.html")."""

    label: str
    template: str


@dataclass(frozen=True)
class Link:
    """A link the process adds to the top menu or the administration page."""

    label: str
    endpoint: str
    roles: tuple[str, ...] = ()  # who sees it; empty: every signed-in user
    help: str = ""  # a line under it where the page has room (the administration page)


@dataclass(frozen=True)
class Panel:
    """A part of the case page (slot "case") or task page (slot "task") for this process's
    cases: `template` is included there with the variables `context(instance, user)` gives.
    Slot "supervision" is a section of the 督办 dashboard, about no one case: its context is
    called with instance None and the signed-in user, whose scope it must keep to."""

    slot: str
    template: str
    context: Callable[[Any, Any], dict] = field(default=lambda instance, user: {})


@dataclass(frozen=True)
class ProcessModule:
    key: str
    validators: Mapping[str, Validator] = field(default_factory=dict)
    hooks: Mapping[str, Callable] = field(default_factory=dict)
    script_functions: Mapping[str, Callable] = field(default_factory=dict)
    documents: Mapping[str, DocumentKind] = field(default_factory=dict)
    event_labels: Mapping[str, str] = field(default_factory=dict)
    settings: Sequence[SettingDef] = ()
    setting_rules: Sequence[CrossRule] = ()
    blueprints: Sequence[tuple[Blueprint, str | None]] = ()
    nav: Sequence[Link] = ()
    admin_links: Sequence[Link] = ()
    panels: Sequence[Panel] = ()
    # Set for a process that only its own code starts (one case per school in a round): why
    # people cannot start it, in Chinese. 新建申请 does not offer it and a start is refused.
    started_by_process: str = ""
    # Roles whose users may start the process (新建申请, the API); empty: anyone but experts.
    # A school's own application names ("school_staff",): no office starts it for them.
    start_roles: tuple[str, ...] = ()
    # Letters before each case's number, its business key (SX-2026-00042): what a person quotes
    # on the phone and searches by; two letters of the process's pinyin initials.
    case_prefix: str = "AJ"
    # OpenAPI paths of the process's own API routes (a blueprint under /api/v1/...): {path:
    # {method: operation}}, built with webapp.api.openapi.operation; merged into openapi.json.
    openapi_paths: Mapping[str, dict] = field(default_factory=dict)
    # Forms whose submissions only the submitter and the province may read in a case's history
    # (an expert's scores while the panel sits, say).
    private_forms: frozenset[str] = frozenset()
    # Labels for the case data a person needs that no form asked for ({"inspection_year":
    # "年检年度", "check.rows": "名单行数"}); the case and task pages show nothing else besides
    # the forms' fields (webapp/case_view.py).
    data_labels: Mapping[str, str] = field(default_factory=dict)
    demo: Callable[..., int] | None = None
    commands: Sequence[click.Command] = ()
    # The package's folder; its templates/ (if any) is searched by pages and documents.
    folder: Path | None = None

    @property
    def templates(self) -> Path | None:
        path = self.folder / "templates" if self.folder else None
        return path if path and path.is_dir() else None


def folder_of(module_file: str) -> Path:
    """For `folder=`: the package folder of the __init__.py that declares PROCESS."""
    return Path(module_file).resolve().parent
