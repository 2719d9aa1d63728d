"""The three leaders, the two kinds of visit, and who is behind the semester's targets
(省《意见》第十四条: 书记、校长、分管教学副校长 each attend ≥ 10 classes and visit ≥ 1 internship
site a semester; the numbers are settings)."""

from __future__ import annotations

from collections.abc import Mapping

LEADERS = {"secretary": "书记", "principal": "校长", "teaching_vp": "分管教学副校长"}
KINDS = {"class": "听课", "site": "检查实习单位"}
UNITS = {"class": "节", "site": "次"}

Counts = Mapping[str, Mapping[str, int]]


def empty_counts() -> dict[str, dict[str, int]]:
    return {leader: dict.fromkeys(KINDS, 0) for leader in LEADERS}


def shortfalls(counts: Counts, class_target: int, site_target: int) -> list[dict]:
    """Each leader and kind below its target, in the order of LEADERS and KINDS:
    {"leader", "leader_label", "kind", "kind_label", "done", "target", "missing"}."""
    targets = {"class": int(class_target), "site": int(site_target)}
    found = []
    for leader, leader_label in LEADERS.items():
        for kind, kind_label in KINDS.items():
            done = int((counts.get(leader) or {}).get(kind, 0))
            if done < targets[kind]:
                found.append(
                    {
                        "leader": leader,
                        "leader_label": leader_label,
                        "kind": kind,
                        "kind_label": kind_label,
                        "done": done,
                        "target": targets[kind],
                        "missing": targets[kind] - done,
                    }
                )
    return found


def shortfall_text(counts: Counts, class_target: int, site_target: int) -> str:
    """ "书记听课差 3 节（已 7 节，应 10 节）；校长检查实习单位差 1 次（已 0 次，应 1 次）", or ""
    when every leader has met both targets."""
    return "；".join(
        f"{s['leader_label']}{s['kind_label']}差 {s['missing']} {UNITS[s['kind']]}"
        f"（已 {s['done']} {UNITS[s['kind']]}，应 {s['target']} {UNITS[s['kind']]}）"
        for s in shortfalls(counts, class_target, site_target)
    )


def reminder_text(semester_label: str, last_day: str, behind: str) -> str:
    """The school's reminder a set time before the semester ends, naming who is behind."""
    return (
        f"{semester_label}将于 {last_day} 结束，以下校领导尚未达到听课和检查实习单位要求：{behind}。"
        "请尽快安排并登记（省《意见》第十四条）。"
    )
