"""The export's columns: the dashboard's table, cell for cell."""

from __future__ import annotations

from webapp.exports import Column
from webapp.models.supervision import DeadlineRow

COLUMNS = [
    Column("流程", 18),
    Column("事项", 44),
    Column("当前环节", 16),
    Column("城市", 10),
    Column("学校", 30),
    Column("办理方", 10),
    Column("截止日期", 18),
    Column("剩余工作日", 11),
    Column("状态", 10),
    Column("催办状态", 12),
    Column("逾期未办", 10),
    Column("现处环节", 16),
    Column("下一期限", 12),
    Column("处理进度", 30),
]


def values(row: DeadlineRow) -> list[object]:
    return [
        row.process_name,
        row.title,
        row.task_name,
        row.city,
        row.school,
        row.party_label,
        row.due_text,
        row.working_days_left,
        row.state_label,
        row.escalation_label,
        "是" if row.missed else "",
        row.now_step,
        row.next_due.isoformat() if row.next_due else "",
        row.note,
    ]
