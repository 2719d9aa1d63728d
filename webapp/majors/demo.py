"""Demo reference data: every catalogue file shipped in data/, and the demo schools' majors.

Catalogue files are named catalogue-<version>.csv. demo-school-majors.csv lists the demo
schools' majors by school code and major *name*: the code comes from the imported catalogue,
and a name the catalogue lacks is skipped, so the demo never states a code of its own.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from sqlalchemy import select

from webapp.clock import Clock
from webapp.extensions import db
from webapp.models import Organisation

from .models import SchoolMajor, entry_named
from .service import change_school_major, import_file

DATA = Path(__file__).parent / "data"


def load_catalogue(clock: Clock, folder: Path = DATA) -> int:
    """Import each shipped catalogue file (idempotent); the number of files loaded."""
    files = sorted(folder.glob("catalogue-*.csv"))
    for path in files:
        version = path.stem.removeprefix("catalogue-")
        import_file(path, path.name, version, None, clock)
    return len(files)


def load_school_majors(clock: Clock, path: Path = DATA / "demo-school-majors.csv") -> int:
    """Give the demo schools their majors, once; the number of majors opened."""
    if not path.exists():
        return 0
    opened = 0
    with path.open(encoding="utf-8") as stream:
        for row in csv.DictReader(line for line in stream if not line.startswith("#")):
            opened += _open(row, clock)
    return opened


def _open(row: dict, clock: Clock) -> int:
    school = db.session.scalar(select(Organisation).where(Organisation.code == row["学校代码"]))
    entry = entry_named(row["专业名称"])
    if school is None or entry is None:
        return 0
    code = entry.code
    exists = select(SchoolMajor.id).where(
        SchoolMajor.school_id == school.id, SchoolMajor.code == code
    )
    if db.session.scalar(exists) is not None:
        return 0
    change_school_major(
        school,
        code,
        clock,
        reason="演示数据",
        catalogue_version=entry.version,
        direction=row["方向"],
        years=int(row["学制"]),
        first_intake_year=int(row["首次招生年份"]),
        status=row["状态"],
        enrollment=json.loads(row["各年级人数"]),
        employment=json.loads(row["就业率"]),
    )
    return 1
