"""Static checks that keep BPMN conditions and scripts inside the restricted evaluator."""

# Every expression and script is parsed to an AST and rejected when it could reach outside task
# data: imports, `global`/`nonlocal`, `def`/`class`, names or attributes starting with `_`, the
# introspection/IO builtins, frame/code/traceback attributes, `str.format` (it reads attributes by
# name, past the AST check) and the wall clock (`datetime.now()`; scripts call `now()`, which reads
# the run's Clock). `lambda` and comprehensions are allowed: without dunder access or dangerous
# builtins they cannot escape, and `sorted(..., key=lambda s: s["score"])` is handy.
# Resource exhaustion (`10 ** 10 ** 10`) is not guarded against: diagrams are written by admins.

from __future__ import annotations

import ast
import builtins
import textwrap
from collections.abc import Iterable
from functools import lru_cache
from types import CodeType

SAFE_BUILTIN_NAMES = (
    "abs", "all", "any", "bool", "dict", "enumerate", "filter", "float", "int", "isinstance",
    "len", "list", "map", "max", "min", "range", "round", "set", "sorted", "str", "sum",
    "tuple", "zip",
)  # fmt: skip
SAFE_BUILTINS = {name: getattr(builtins, name) for name in SAFE_BUILTIN_NAMES}
# Provided by the script engine (see script_engine.py); `now` reads the run's Clock.
HELPER_NAMES = frozenset({"date", "datetime", "timedelta", "now"})

FORBIDDEN_NAMES = frozenset(
    {
        "exec", "eval", "open", "compile", "getattr", "setattr", "delattr", "globals",
        "locals", "vars", "__import__", "input", "breakpoint",
    }
)  # fmt: skip
# Frames, code objects and tracebacks lead back to real module globals without any `_`.
FORBIDDEN_ATTRIBUTE_PREFIXES = ("_", "gi_", "cr_", "ag_", "f_", "tb_", "co_")
FORBIDDEN_ATTRIBUTES = {
    "format": "不允许使用 format（请改用 f-string）",
    "format_map": "不允许使用 format_map（请改用 f-string）",
    "mro": "不允许访问 mro",
    "now": "不允许读取系统时钟（请使用 now()）",
    "today": "不允许读取系统时钟（请使用 now()）",
    "utcnow": "不允许读取系统时钟（请使用 now()）",
}
FORBIDDEN_STATEMENTS = {
    ast.Import: "import",
    ast.ImportFrom: "import",
    ast.Global: "global",
    ast.Nonlocal: "nonlocal",
    ast.FunctionDef: "def",
    ast.AsyncFunctionDef: "async def",
    ast.ClassDef: "class",
    ast.With: "with",
    ast.AsyncWith: "async with",
    ast.AsyncFor: "async for",
    ast.Await: "await",
    ast.Yield: "yield",
    ast.YieldFrom: "yield from",
}


class UnsafeExpression(Exception):
    """An expression or script uses something the restricted evaluator does not allow."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


def normalize(source: str, mode: str) -> str:
    """XML text often carries the indentation of the surrounding element; drop it."""
    return source.strip() if mode == "eval" else textwrap.dedent(source).strip("\n")


def check_source(
    source: str, mode: str, functions: Iterable[str] = (), strict: bool = False
) -> ast.AST:
    """Parse and check `source`; raise SyntaxError or UnsafeExpression.

    `functions` are the extra callable names (domain functions). With `strict`, calling any other
    unknown name is rejected too (a typo in a function name); without it, only calls to Python
    builtins outside the safe list are rejected and unknown names fail at run time.
    """
    tree = ast.parse(normalize(source, mode), mode=mode)
    allowed = frozenset(functions)
    for node in ast.walk(tree):
        reason = _violation(node, allowed, strict)
        if reason is not None:
            raise UnsafeExpression(reason)
    return tree


@lru_cache(maxsize=4096)
def compile_checked(source: str, mode: str, functions: frozenset[str] = frozenset()) -> CodeType:
    """Check once, then reuse the code object: the same conditions run over and over."""
    tree = check_source(source, mode, functions)
    # "<string>" is the file name SpiffWorkflow looks for when it reports script line numbers.
    return compile(tree, "<string>", mode)


def _violation(node: ast.AST, functions: frozenset[str], strict: bool) -> str | None:
    if type(node) in FORBIDDEN_STATEMENTS:
        return f"不允许使用 {FORBIDDEN_STATEMENTS[type(node)]} 语句"
    if isinstance(node, ast.Name):
        return _name_violation(node.id)
    if isinstance(node, ast.Attribute):
        return _attribute_violation(node.attr)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        return _call_violation(node.func.id, functions, strict)
    return None


def _name_violation(name: str) -> str | None:
    if name.startswith("_"):
        return f"不允许使用以下划线开头的名称 {name}"
    if name in FORBIDDEN_NAMES:
        return f"不允许使用 {name}"
    return None


def _attribute_violation(attr: str) -> str | None:
    if attr.startswith(FORBIDDEN_ATTRIBUTE_PREFIXES):
        return f"不允许访问属性 {attr}"
    return FORBIDDEN_ATTRIBUTES.get(attr)


def _call_violation(name: str, functions: frozenset[str], strict: bool) -> str | None:
    if name in SAFE_BUILTINS or name in HELPER_NAMES or name in functions:
        return None
    if strict or hasattr(builtins, name):
        return f"不允许调用函数 {name}"
    return None
