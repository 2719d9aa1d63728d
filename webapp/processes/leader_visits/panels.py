"""What the module shows: the case page's list of the semester's visits by leader, the 督办
dashboard's section (progress.overview) and the same as a sheet of the 督办 export."""

from __future__ import annotations

from webapp.clock import Clock, current_clock
from webapp.exports import Column, Sheet
from webapp.models import ProcessInstance, User

from . import progress, visits
from .rules import KINDS, LEADERS, shortfall_text


def case_panel(instance: ProcessInstance, _user: User) -> dict:
    """The semester's visits grouped by leader, each leader's counts against the targets."""
    data = instance.data or {}
    targets = {"class": int(data.get("class_target", 0)), "site": int(data.get("site_target", 0))}
    rows = visits.of_case(instance.id)
    counts = {
        leader: {
            kind: sum(1 for r in rows if r.leader == leader and r.kind == kind) for kind in KINDS
        }
        for leader in LEADERS
    }
    return {
        "leaders": LEADERS,
        "kinds": KINDS,
        "targets": targets,
        "counts": counts,
        "by_leader": {leader: [r for r in rows if r.leader == leader] for leader in LEADERS},
        "shortfall": shortfall_text(counts, targets["class"], targets["site"]),
        "semester_label": data.get("semester_label", ""),
    }


def supervision_panel(_instance: None, user: User) -> dict:
    return {"overview": progress.overview(user, current_clock())}


def _progress_rows(overview: progress.Overview) -> list[list[object]]:
    rows = []
    if overview.semester:
        for row in overview.rows:
            rows.append([overview.semester.label, row.city, row.school, *row.cells,
                         overview.semester.end.isoformat(), row.shortfall or "已达标"])  # fmt: skip
    for row in overview.short:
        rows.append([overview.ended.label, row.city, row.school, *row.cells,
                     overview.ended.end.isoformat(), f"学期已结束，未达标：{row.shortfall}"])  # fmt: skip
    return rows


def supervision_sheet(user: User, clock: Clock) -> Sheet:
    """The dashboard's section as a sheet: this semester's schools, then last semester's
    shortfalls."""
    overview = progress.overview(user, clock)
    columns = [Column("学期", 16), Column("城市", 10), Column("学校", 30)]
    columns += [Column(header, 12) for header in overview.headers]
    columns += [Column("学期结束日", 12), Column("未达标情况", 60)]
    return Sheet(
        name="校领导听课",
        title="校领导听课与实习巡查（省《意见》第十四条）：各校领导完成数/要求数",
        columns=columns,
        rows=_progress_rows(overview),
    )
