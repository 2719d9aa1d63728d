"""资助核查 pages: the rounds (the province opens one), a case's recipient list — upload, rows
and their flags, the school's answer to each — as a panel on the case and task pages."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from webapp.clock import current_clock
from webapp.errors import DomainError
from webapp.exports import XLSX_MIMETYPE, Column, attachment_header, workbook_bytes
from webapp.extensions import db
from webapp.models import Organisation
from webapp.models.scope import acts_for_province, filterable_cities
from webapp.request_args import id_arg
from webapp.services import instances
from webapp.supervision.chart import bar_chart

from . import jobs, referrals, rounds, summary
from .models import SubsidyRound
from .rules import FLAGS, SUBSIDY_TYPES

bp = Blueprint("subsidy", __name__, template_folder="templates")
KEY = "subsidy_verification"


@bp.get("/")
@login_required
def index():
    if current_user.role == "expert":
        abort(404)
    return _index()


def _index(
    errors: dict | None = None, values: dict | None = None, status: int = 200, message: str = ""
):
    listed = db.session.scalars(select(SubsidyRound).order_by(SubsidyRound.id.desc())).all()
    html = render_template(
        "subsidy_verification/index.html",
        rounds=listed,
        can_open=acts_for_province(current_user),
        types=SUBSIDY_TYPES,
        errors=errors or {},
        values=values or {},
        message=message,
    )
    return html, status


@bp.post("/rounds")
@login_required
def open_round_page():
    if not acts_for_province(current_user):
        abort(404)
    values = {key: request.form.get(key, "") for key in ("term", "subsidy_type")}
    try:
        round_, cases = rounds.open_round(
            values["term"], values["subsidy_type"], current_user, current_clock()
        )
        db.session.flush()
    except IntegrityError:  # the same round opened at the same moment by someone else
        db.session.rollback()
        return _index({"term": "该学期该类资助已开启"}, values, 422, "该核查刚刚已被开启。")
    except DomainError as error:
        db.session.rollback()
        return _index(error.fields, values, 422, error.message)
    db.session.commit()
    flash(f"已开启{round_.label}核查，为 {len(cases)} 所学校各发起一件。")
    return redirect(url_for("subsidy.index"))


def _filters() -> tuple[int | None, str]:
    city = id_arg("city")
    return city, (request.args.get("school") or "").strip()[:32]


@bp.get("/rounds/<int:round_id>")
@login_required
def round_page(round_id: int):
    if current_user.role == "expert":
        abort(404)
    round_ = db.session.get(SubsidyRound, round_id)
    if round_ is None:
        abort(404)
    city, school = _filters()
    figures = summary.by_city(current_user, round_.id, city, school)
    return render_template(
        "subsidy_verification/round.html",
        round=round_,
        figures=figures,
        chart=bar_chart([(f.city, f.flagged) for f in figures]),
        recheck=jobs.round_check(round_.id),
        can_recheck=acts_for_province(current_user),
        flag_names=FLAGS,
        cities=db.session.scalars(filterable_cities(current_user)).all(),
        city=city,
        school=school,
    )


@bp.post("/rounds/<int:round_id>/checks")
@login_required
def recheck_round(round_id: int):
    round_ = db.session.get(SubsidyRound, round_id)
    if round_ is None or not acts_for_province(current_user):
        abort(404)
    try:
        rounds.queue_round_check(round_, current_user, current_clock())
    except DomainError as error:
        flash(error.message, "error")
        return redirect(url_for("subsidy.round_page", round_id=round_id))
    db.session.commit()
    flash("已开始重新比对全省名单，进度显示在本页。")
    return redirect(url_for("subsidy.round_page", round_id=round_id))


EXPORT_COLUMNS = [
    Column("市", 10), Column("学校", 28), Column("行", 6), Column("学籍号", 16),
    Column("姓名", 10), Column("年级", 6), Column("专业代码", 10), Column("档次", 8),
    Column("金额（元）", 10), Column("家庭经济困难", 8), Column("疑点", 40), Column("学校说明", 30),
]  # fmt: skip


@bp.get("/rounds/<int:round_id>/<which>.xlsx")
@login_required
def round_export(round_id: int, which: str):
    """The kept (approved) or removed list, narrowed exactly as the page is."""
    round_ = db.session.get(SubsidyRound, round_id)
    if round_ is None or current_user.role == "expert" or which not in ("kept", "removed"):
        abort(404)
    city, school = _filters()
    rows = summary.listed_rows(current_user, round_.id, which == "removed", city, school)
    cities = dict(db.session.execute(select(Organisation.id, Organisation.parent_id)).all())
    names = dict(db.session.execute(select(Organisation.id, Organisation.name)).all())
    label = "保留（拟资助）名单" if which == "kept" else "删除名单"
    data = workbook_bytes(
        EXPORT_COLUMNS,
        (
            [
                names.get(cities.get(row.school_id), ""), school_name, row.line, row.student_no,
                row.name, row.grade, row.major_code, row.tier, float(row.amount),
                "是" if row.hardship else "否", reasons, row.explanation,
            ]
            for row, school_name, reasons in rows
        ),
        title=f"{round_.label}核查　{label}　共 {len(rows)} 人",
        sheet_name=label,
    )  # fmt: skip
    filename = f"{round_.label}-{label}.xlsx"
    return Response(
        data,
        mimetype=XLSX_MIMETYPE,
        headers={
            "Content-Disposition": attachment_header(filename, f"subsidy-{round_.id}-{which}.xlsx"),
            "Cache-Control": "no-store",
        },
    )


@bp.post("/cases/<int:instance_id>/referrals")
@login_required
def refer(instance_id: int):
    if not acts_for_province(current_user):
        abort(404)
    instance = instances.get_visible(instance_id, current_user)
    if instance.process_key != KEY:
        abort(404)
    files = [
        (upload.stream, upload.filename)
        for upload in request.files.getlist("evidence")
        if upload and upload.filename
    ]
    try:
        referrals.record(
            instance,
            request.form.get("reason", ""),
            files,
            current_user,
            current_clock(),
            current_app.config["UPLOAD_DIR"],
        )
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for("instances.detail", instance_id=instance_id))
    db.session.commit()
    flash("已记录移交纪检（仅省级可见）。")
    return redirect(url_for("instances.detail", instance_id=instance_id))


@bp.get("/referrals/<int:referral_id>/evidence/<int:index>")
@login_required
def referral_evidence(referral_id: int, index: int):
    try:
        name, path = referrals.evidence_file(
            referral_id, index, current_user, current_app.config["UPLOAD_DIR"]
        )
    except DomainError:
        abort(404)
    if not path.is_file():
        abort(404)
    return send_file(path, as_attachment=True, download_name=name)


from . import case_pages  # noqa: E402,F401  (the case's list: its routes on bp)
