"""Where one service step spends its time: wrap named functions with timers for a breakdown.

Used only in a separate pass (the headline figures are measured without these wrappers). The
spans chosen do not nest within each other, so "other" is the step's total minus their sum.
"""

from __future__ import annotations

import importlib
import time
from collections import defaultdict
from functools import wraps

# (label, module, attribute); "Run.x" means an attribute of webapp.engine.Run.
STEP_SPANS = [
    ("load work item + scope check", "webapp.services.tasks", "_actionable"),
    ("form validation (jsonschema)", "webapp.services.tasks", "validate"),
    ("rule context (blacklist, settings)", "webapp.services.process_hooks", "rule_context"),
    ("domain rule checks", "webapp.services.process_hooks", "all_errors"),
    ("restore: calendar + script functions", "webapp.services.runs", "step_functions"),
    ("restore: state JSON -> workflow", "webapp.engine", "restore"),
    ("engine: task.run + engine steps", "webapp.engine", "Run.complete_task"),
    ("history event (hash chain)", "webapp.audit", "record"),
    ("save: serialize state (Run.dump)", "webapp.engine", "Run.dump"),
    ("save: instance data (Run.data)", "webapp.engine", "Run.data"),
    ("save: inbox sync (work_items.sync)", "webapp.services.work_items", "sync"),
    ("save: deadlines sync (incl. flush)", "webapp.services.deadlines", "sync"),
    ("save: notifications (incl. flush)", "webapp.services.notifications", "on_work_items_created"),
]


class Spans:
    """`with Spans(STEP_SPANS) as spans:` patches the functions; `spans.take()` returns and
    resets the seconds spent in each since the last take."""

    def __init__(self, spans: list[tuple[str, str, str]]) -> None:
        self.spans = spans
        self.seconds: dict[str, float] = defaultdict(float)
        self._restore: list[tuple[object, str, object]] = []

    def _timed(self, label: str, fn):
        @wraps(fn)
        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.seconds[label] += time.perf_counter() - start

        return wrapper

    def __enter__(self) -> Spans:
        for label, module_name, attribute in self.spans:
            owner = importlib.import_module(module_name)
            name = attribute
            if attribute.startswith("Run."):
                owner, name = owner.Run, attribute[4:]
            original = owner.__dict__[name] if isinstance(owner, type) else getattr(owner, name)
            self._restore.append((owner, name, original))
            if isinstance(original, property):
                setattr(owner, name, property(self._timed(label, original.fget)))
            else:
                setattr(owner, name, self._timed(label, original))
        return self

    def __exit__(self, *exc) -> None:
        for owner, name, original in reversed(self._restore):
            setattr(owner, name, original)
        self._restore.clear()

    def take(self) -> dict[str, float]:
        taken = {label: self.seconds.get(label, 0.0) for label, _m, _a in self.spans}
        self.seconds.clear()
        return taken
