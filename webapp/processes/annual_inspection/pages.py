"""办学资质年检 pages: open a round (province), and each round's results list (公示) and export."""

from __future__ import annotations

from datetime import date
from io import BytesIO

from flask import (
    Blueprint,
    abort,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_login import current_user, login_required

from webapp.clock import current_clock
from webapp.errors import DomainError
from webapp.exports import Column, attachment_header, workbook_bytes
from webapp.extensions import db
from webapp.models import Organisation
from webapp.models.scope import acts_for_province, filterable_cities
from webapp.processes.annual_inspection.models import InspectionRound
from webapp.processes.annual_inspection.models.results import (
    round_cases,
    round_of_year,
    round_progress,
    rounds,
)
from webapp.processes.annual_inspection.rounds import create_round, start_batch
from webapp.request_args import id_arg, parse_int

bp = Blueprint("inspection", __name__)
RESULT_COLUMNS = [
    Column("城市", 10),
    Column("学校代码", 12),
    Column("学校", 30),
    Column("年检结论", 12),
    Column("整改状态", 14),
    Column("办学状态", 16),
]
BATCH = 25  # schools per request: each start writes a case, its first task and its deadlines
STATUS = {
    "合格": "—",
    "整改后合格": "整改已验收",
    "整改中": "整改中",
    "拒不整改": "拒不整改",
    "取缔招生资格": "不适用",
}


def _rows(cases) -> list[tuple]:
    rows = []
    for case in cases:
        data = case.instance.data or {}
        result = data.get("result", "")
        grade = data.get("grade", "") if result else "自查中"
        if case.instance.status == "running" and not result:
            grade = "审核中" if data.get("grade") else "自查中"
        rows.append(
            (
                case.school.parent.name if case.school.parent else "",
                case.school.code,
                case.school.name,
                grade,
                STATUS.get(result, ""),
                case.school.standing_label,
                case.instance_id,
            )
        )
    return rows


@bp.get("/")
@login_required
def index():
    return render_template(
        "annual_inspection/index.html",
        rounds=db.session.scalars(rounds()).all(),
        can_open=acts_for_province(current_user),
        values={},
        errors={},
    )


def _date(name: str, errors: dict) -> date | None:
    try:
        return date.fromisoformat(request.form.get(name, ""))
    except ValueError:
        errors[name] = "请填写日期，如 2027-01-15"
        return None


@bp.post("/rounds")
@login_required
def open_round_page():
    if not acts_for_province(current_user):
        abort(404)
    errors: dict[str, str] = {}
    year = parse_int(request.form.get("year"))
    if year is None or not 2000 <= year <= 2100:
        errors["year"] = "请填写年度，如 2026"
    deadline, result_date = _date("school_deadline", errors), _date("result_date", errors)
    if errors:
        return _index(request.form, errors, 422)
    try:
        round_ = create_round(year, deadline, result_date, current_user, current_clock())
    except DomainError as error:
        db.session.rollback()
        return _index(request.form, error.fields or {"year": error.message}, error.status)
    db.session.commit()
    return redirect(url_for("inspection.opening", year=round_.year))


def _index(values, errors, status):
    page = render_template(
        "annual_inspection/index.html",
        rounds=db.session.scalars(rounds()).all(),
        can_open=True,
        values=values,
        errors=errors,
    )
    return page, status


@bp.get("/rounds/<int:year>/opening")
@login_required
def opening(year: int):
    """Progress of starting the round's cases; the page's script asks for batch after batch."""
    if not acts_for_province(current_user):
        abort(404)
    round_ = _round(year)
    return render_template(
        "annual_inspection/opening.html",
        round=round_,
        progress=round_progress(round_),
        skipped=round_.skipped or [],
    )


@bp.post("/rounds/<int:year>/batch")
@login_required
def start_next_batch(year: int):
    """Start the next batch of schools; JSON for the progress script, a redirect without it."""
    if not acts_for_province(current_user):
        abort(404)
    round_ = _round(year)
    start_batch(round_, current_user, current_clock(), BATCH)
    db.session.commit()
    if request.accept_mimetypes.best == "application/json":
        return jsonify(round_progress(round_))
    return redirect(url_for("inspection.opening", year=year))


def _round(year: int) -> InspectionRound:
    found = db.session.scalar(round_of_year(year))
    if found is None:
        abort(404)
    return found


@bp.get("/rounds/<int:year>")
@login_required
def results(year: int):
    round_ = _round(year)
    city = id_arg("city")
    rows = _rows(db.session.scalars(round_cases(current_user, round_.id, city)).all())
    cities = db.session.scalars(filterable_cities(current_user).order_by(Organisation.code)).all()
    return render_template(
        "annual_inspection/results.html", round=round_, rows=rows, cities=cities, city=city
    )


@bp.get("/rounds/<int:year>/export.xlsx")
@login_required
def export(year: int):
    round_ = _round(year)
    rows = _rows(db.session.scalars(round_cases(current_user, round_.id, id_arg("city"))).all())
    body = workbook_bytes(
        RESULT_COLUMNS,
        [row[:6] for row in rows],
        title=f"{year}年度中等职业学校办学资质年检结果公示",
        sheet_name="公示",
    )
    response = send_file(
        BytesIO(body), mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response.headers["Content-Disposition"] = attachment_header(
        f"{year}年度办学资质年检结果.xlsx", f"inspection-{year}.xlsx"
    )
    return response
