"""Catalogue files for the tests: sample rows in the catalogue's shape (test data only)."""

from __future__ import annotations

HEADER = (
    "专业代码,专业名称,专业大类,专业类,专业大类代码,专业类代码,涉农,国家控制布点,有效期起,有效期止"
)
ROWS = [
    "660101,机械制造样例,装备制造大类,机械设计制造类,66,6601,否,否,2021-09-01,",
    "660102,数控样例,装备制造大类,机械设计制造类,66,6601,否,否,2021-09-01,",
    "610101,种植样例,农林牧渔大类,农业类,61,6101,是,否,,",
    "720201,护理样例,医药卫生大类,护理类,72,7202,否,是,,",
    "740201,烹饪样例,旅游大类,餐饮类,74,7402,否,否,,",
]


def csv_bytes(*rows: str, header: str = HEADER, encoding: str = "utf-8") -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode(encoding)


def import_sample(version: str = "2021", rows=ROWS) -> None:
    """Import the sample rows as one catalogue version (inside an app context)."""
    from webapp.clock import current_clock
    from webapp.extensions import db
    from webapp.majors.importing import read_table
    from webapp.majors.service import import_rows

    import_rows(read_table(csv_bytes(*rows), "sample.csv"), version, None, current_clock())
    db.session.commit()
