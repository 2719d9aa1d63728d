"""The installed processes, checked when the app starts; the platform's only way to a process.

Registration fails loudly on a duplicate key, an unknown hook name, a document kind, script
function, setting or event label declared twice, a validator for a form that does not exist, a
start form (forms/<key>/start.json) with a file field, or a key with no workflows/<key>.bpmn. A key nobody registered (a diagram deployed without a
module, as tests do) gets an empty module: no hooks, no rules.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from types import MappingProxyType

from flask import current_app

from .base import HOOKS, DocumentKind, Link, Panel, ProcessModule

# Where a process's panels go: its cases' pages, and the 督办 dashboard (about no one case).
SLOTS = ("case", "task", "supervision")


class RegistrationError(RuntimeError):
    """A process module that cannot be installed as declared."""


def load(names: Iterable[str]) -> list[ProcessModule]:
    """Import each installed package and take its PROCESS."""
    modules = []
    for name in names:
        declared = getattr(importlib.import_module(name), "PROCESS", None)
        if not isinstance(declared, ProcessModule):
            raise RegistrationError(f"{name} declares no PROCESS = ProcessModule(...)")
        modules.append(declared)
    return modules


def _merge(owner: dict[str, str], kind: str, key: str, names: Iterable[str]) -> None:
    for name in names:
        if name in owner:
            raise RegistrationError(f"{kind} {name!r} declared by both {owner[name]} and {key}")
        owner[name] = key


class Registry:
    def __init__(self, modules: Iterable[ProcessModule], workflows_dir: str, forms_dir: str):
        self._modules: dict[str, ProcessModule] = {}
        owners: dict[str, dict[str, str]] = {}
        for module in modules:
            self._check(module, Path(workflows_dir), Path(forms_dir))
            for kind, names in (
                ("document kind", module.documents),
                ("script function", module.script_functions),
                ("event label", module.event_labels),
                ("setting", [setting.key for setting in module.settings]),
            ):
                _merge(owners.setdefault(kind, {}), kind, module.key, names)
            self._modules[module.key] = module
        # Merged once: steps, pages and history labels read them on every call.
        found = list(self._modules.values())
        self._functions = MappingProxyType(
            {name: fn for m in found for name, fn in m.script_functions.items()}
        )
        self._documents = MappingProxyType(
            {kind: doc for m in found for kind, doc in m.documents.items()}
        )
        self._labels = MappingProxyType(
            {name: label for m in found for name, label in m.event_labels.items()}
        )

    def _check(self, module: ProcessModule, workflows: Path, forms: Path) -> None:
        if module.key in self._modules:
            raise RegistrationError(f"process {module.key!r} is installed twice")
        unknown = sorted(set(module.hooks) - set(HOOKS))
        if unknown:
            raise RegistrationError(
                f"{module.key}: unknown hook(s) {unknown}; known hooks: {sorted(HOOKS)}"
            )
        if not (workflows / f"{module.key}.bpmn").is_file():
            raise RegistrationError(f"{module.key}: no diagram {workflows / module.key}.bpmn")
        missing = [
            name
            for name in module.validators
            if not (forms / module.key / f"{name}.json").is_file()
        ]
        if missing:
            raise RegistrationError(
                f"{module.key}: validators for forms that do not exist: {missing}"
            )
        self._check_start_form(module, forms)
        unknown_private = [
            name
            for name in module.private_forms
            if not (forms / module.key / f"{name}.json").is_file()
        ]
        if unknown_private:
            raise RegistrationError(
                f"{module.key}: private forms that do not exist: {unknown_private}"
            )
        bad_slots = [panel.slot for panel in module.panels if panel.slot not in SLOTS]
        if bad_slots:
            raise RegistrationError(
                f"{module.key}: panel slots must be one of {', '.join(SLOTS)}: {bad_slots}"
            )

    @staticmethod
    def _check_start_form(module: ProcessModule, forms: Path) -> None:
        """A start form takes no files: an upload belongs to a task, and no task exists yet."""
        from webapp.taskforms import FormFileError, load_form

        try:
            form = load_form(forms, module.key, "start")
        except FormFileError as error:
            raise RegistrationError(f"{module.key}: {error}") from None
        files = [f.name for f in form.fields() if f.widget == "file"] if form else []
        if files:
            raise RegistrationError(f"{module.key}: a start form cannot have file fields: {files}")

    @property
    def modules(self) -> list[ProcessModule]:
        return list(self._modules.values())

    def get(self, key: str) -> ProcessModule:
        return self._modules.get(key) or ProcessModule(key=key)

    def hook(self, key: str, name: str) -> Callable | None:
        if name not in HOOKS:
            raise KeyError(f"unknown hook {name!r}")
        return self.get(key).hooks.get(name)

    def validator(self, key: str, form_key: str) -> Callable | None:
        return self.get(key).validators.get(form_key)

    def script_functions(self) -> Mapping[str, Callable]:
        return self._functions

    def documents(self) -> Mapping[str, DocumentKind]:
        return self._documents

    def event_labels(self) -> Mapping[str, str]:
        return self._labels

    def settings(self) -> list:
        return [setting for m in self.modules for setting in m.settings]

    def setting_rules(self) -> list:
        return [rule for m in self.modules for rule in m.setting_rules]

    def panels(self, key: str, slot: str) -> list[Panel]:
        return [panel for panel in self.get(key).panels if panel.slot == slot]

    def page_panels(self, slot: str) -> list[Panel]:
        """Every installed process's panels for a page about no one case (slot "supervision")."""
        return [panel for m in self.modules for panel in m.panels if panel.slot == slot]

    def nav(self) -> list[Link]:
        return [link for m in self.modules for link in m.nav]

    def admin_links(self) -> list[Link]:
        return [link for m in self.modules for link in m.admin_links]

    def openapi_paths(self) -> dict[str, dict]:
        return {path: ops for m in self.modules for path, ops in m.openapi_paths.items()}

    def template_folders(self) -> list[Path]:
        return [m.templates for m in self.modules if m.templates]


def current() -> Registry:
    """The registry of the app in context."""
    return current_app.extensions["processes"]
