"""What a process needs beyond the engine when its tasks appear (e.g. guardians' consent links,
issued agreements). Each process registers its hooks by process key; the engine knows nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from webapp import engine
from webapp.clock import Clock
from webapp.models import Organisation, ProcessInstance, WorkItem

ItemsCreated = Callable[[ProcessInstance, list[tuple[WorkItem, engine.ReadyTask]], Clock], None]

_ON_ITEMS_CREATED: dict[str, list[ItemsCreated]] = {}


def on_items_created(process_key: str) -> Callable[[ItemsCreated], ItemsCreated]:
    """Decorator: call the function after a step that opened work items of this process."""

    def register(hook: ItemsCreated) -> ItemsCreated:
        hooks = _ON_ITEMS_CREATED.setdefault(process_key, [])
        if hook not in hooks:
            hooks.append(hook)
        return hook

    return register


def items_created(
    instance: ProcessInstance, created: list[tuple[WorkItem, engine.ReadyTask]], clock: Clock
) -> None:
    if created:
        for hook in _ON_ITEMS_CREATED.get(instance.process_key, []):
            hook(instance, created, clock)


StartData = Callable[[], dict]
_START_DATA: dict[str, StartData] = {}


def start_data_for(process_key: str) -> Callable[[StartData], StartData]:
    """Decorator: data every new instance of the process starts with (settings it reads)."""

    def register(provider: StartData) -> StartData:
        _START_DATA[process_key] = provider
        return provider

    return register


def start_data(process_key: str) -> dict:
    provider = _START_DATA.get(process_key)
    return provider() if provider else {}


RuleContext = Callable[[date], dict]
_RULE_CONTEXT: dict[str, RuleContext] = {}


def rule_context_for(process_key: str) -> Callable[[RuleContext], RuleContext]:
    """Decorator: reference data (from the database) the process's form rules need."""

    def register(provider: RuleContext) -> RuleContext:
        _RULE_CONTEXT[process_key] = provider
        return provider

    return register


def rule_context(process_key: str, today: date) -> dict:
    provider = _RULE_CONTEXT.get(process_key)
    return provider(today) if provider else {}


StartGuard = Callable[[Organisation | None], None]
_START_GUARDS: dict[str, StartGuard] = {}


def start_guard_for(process_key: str) -> Callable[[StartGuard], StartGuard]:
    """Decorator: a check run before an instance starts for a school; it raises to refuse."""

    def register(guard: StartGuard) -> StartGuard:
        _START_GUARDS[process_key] = guard
        return guard

    return register


def check_start(process_key: str, school: Organisation | None) -> None:
    guard = _START_GUARDS.get(process_key)
    if guard:
        guard(school)


Saved = Callable[[ProcessInstance, Clock], None]
_ON_SAVED: dict[str, list[Saved]] = {}


def on_saved(process_key: str) -> Callable[[Saved], Saved]:
    """Decorator: call after every saved step of the process (hooks must be idempotent: they
    reconcile what the case's data says is due, e.g. documents, with what exists)."""

    def register(hook: Saved) -> Saved:
        hooks = _ON_SAVED.setdefault(process_key, [])
        if hook not in hooks:
            hooks.append(hook)
        return hook

    return register


def saved(instance: ProcessInstance, clock: Clock) -> None:
    for hook in _ON_SAVED.get(instance.process_key, []):
        hook(instance, clock)
