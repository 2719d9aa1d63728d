"""Every known setting: the installed processes' (ProcessModule.settings), then the platform's,
grouped as the settings page shows them, with the rules between them."""

from __future__ import annotations

from webapp.processes.registry import current as installed_processes

from .definitions import PLATFORM, CrossRule, SettingDef


def definitions() -> tuple[SettingDef, ...]:
    """Every known setting: the installed processes' (in the app in context), then the platform's."""
    return (*installed_processes().settings(), *PLATFORM)


def cross_rules() -> tuple[CrossRule, ...]:
    return tuple(installed_processes().setting_rules())


def by_key() -> dict[str, SettingDef]:
    return {item.key: item for item in definitions()}


def definition(key: str) -> SettingDef:
    """The definition of `key`; a typo raises KeyError rather than quietly using nothing."""
    try:
        return by_key()[key]
    except KeyError:
        raise KeyError(f"unknown setting {key!r}") from None


def groups() -> list[tuple[str, list[SettingDef]]]:
    """Sections in the order they were defined, each with its settings in order."""
    sections: dict[str, list[SettingDef]] = {}
    for item in definitions():
        sections.setdefault(item.group, []).append(item)
    return list(sections.items())
