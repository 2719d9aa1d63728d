"""Import users from a spreadsheet (.xlsx or .csv): all or nothing.

Columns 用户名, 姓名, 角色 (a Chinese label such as 学校管理员, or a code such as school_staff),
机构代码, 邮箱. Every row is checked as the create form checks it; any bad row and nothing is
written, each problem named by row and column. Each new user gets a generated password that
must be changed at the first login: it is returned once (for the result sheet), never stored
in clear, and no password is read from the file (a sheet of passwords would linger in mailboxes).
"""

from __future__ import annotations

from dataclasses import dataclass

from webapp import audit
from webapp.clock import Clock
from webapp.models import ROLES, User
from webapp.services import auth, passwords
from webapp.services.users import UserInput, check_input
from webapp.spreadsheets import ImportRefused, read_table

COLUMNS = ("用户名", "姓名", "角色", "机构代码", "邮箱")
REQUIRED = ("用户名", "角色")
COLUMN_OF = {
    "username": "用户名",
    "name": "姓名",
    "role": "角色",
    "org": "机构代码",
    "email": "邮箱",
}
MAX_IMPORT_BYTES = 2 * 1024 * 1024
# Each new user's password is hashed with scrypt (~0.1 s): 200 rows stay well inside a web
# worker's timeout; larger lists go in several files.
MAX_ROWS = 200
_ROLE_BY_LABEL = {label: code for code, label in ROLES.items()}


class UserImportError(ImportRefused):
    what = "用户"

    def __init__(self, problems: list[str], rows: list[dict] | None = None) -> None:
        super().__init__(problems)
        self.rows = rows or []  # the rows as read, with their problems (to hand back)


@dataclass(frozen=True)
class Created:
    user: User
    password: str


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a code Excel stored as a number
    return str(value).strip()


def _input(row: dict[str, object]) -> UserInput:
    role = _text(row.get("角色"))
    return UserInput(
        username=_text(row.get("用户名")),
        name=_text(row.get("姓名")),
        email=_text(row.get("邮箱")),
        role=_ROLE_BY_LABEL.get(role, role),
        org_code=_text(row.get("机构代码")),
    )


def _row_problems(data: UserInput, line: int, seen: dict[str, int]) -> list[str]:
    errors, _org = check_input(data)
    if "role" in errors:
        errors["role"] = f"角色“{data.role}”无效，应为：{'、'.join(ROLES.values())}（或其英文代码）"
    if data.username and data.username in seen and "username" not in errors:
        errors["username"] = f"用户名“{data.username}”与第 {seen[data.username]} 行重复"
    seen.setdefault(data.username, line)
    return [f"第 {line} 行“{COLUMN_OF[field]}”列：{message}" for field, message in errors.items()]


def checked_rows(data: bytes, filename: str) -> list[UserInput]:
    """The users the file describes, or UserImportError with every problem."""
    rows = read_table(
        data,
        filename,
        columns=COLUMNS,
        required=REQUIRED,
        max_bytes=MAX_IMPORT_BYTES,
        max_rows=MAX_ROWS,
        refused=UserImportError,
    )
    problems: list[str] = []
    marked: list[dict] = []
    inputs: list[UserInput] = []
    seen: dict[str, int] = {}
    for line, row in enumerate(rows, start=2):
        if all(_text(value) == "" for value in row.values()):
            continue
        found = _row_problems(_input(row), line, seen)
        problems += found
        marked.append({**{c: _text(row.get(c)) for c in COLUMNS}, "问题": "；".join(found)})
        inputs.append(_input(row))
    if not inputs:
        raise UserImportError(["文件中没有数据行（第 1 行为表头，从第 2 行起每行一个用户）"])
    if problems:
        raise UserImportError(problems, marked)
    return inputs


def import_users(
    data: bytes, filename: str, actor: User, clock: Clock, hash_method: str
) -> list[Created]:
    """Create every user in the file, or none; each with a password shown once."""
    created = []
    for row in checked_rows(data, filename):
        password = passwords.temporary_password(row.username)
        user = auth.create_user(
            row.username,
            password,
            row.role,
            row.org_code or None,
            clock,
            row.name,
            hash_method,
            email=row.email or None,
            must_change_password=True,
            actor=actor,
        )
        created.append(Created(user, password))
    usernames = [item.user.username for item in created]
    after = {"file": filename[:100], "count": len(created), "usernames": usernames[:200]}
    audit.record("users_imported", clock, actor=actor, subject="users", after=after)
    return created
