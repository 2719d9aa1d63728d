"""Majors over the API: the catalogue, the schools the caller may see, and a school's majors."""

from __future__ import annotations

from flask import request

from webapp.api import bp
from webapp.api.common import api_user, token_required
from webapp.api.tasks import MAX_PAGE_SIZE
from webapp.errors import NotFound
from webapp.extensions import db
from webapp.majors.models import CatalogueMajor, SchoolMajor, school_majors
from webapp.majors.queries import schools_for, scoped_school
from webapp.majors.service import search
from webapp.request_args import int_arg, page_arg

DEFAULT_SIZE = 50


def catalogue_json(entry: CatalogueMajor) -> dict:
    return {
        "code": entry.code,
        "name": entry.name,
        "category": {"code": entry.category_code, "name": entry.category_name},
        "class": {"code": entry.class_code, "name": entry.class_name},
        "agricultural": entry.agricultural,
        "state_controlled": entry.state_controlled,
        "valid_from": entry.valid_from.isoformat() if entry.valid_from else None,
        "valid_to": entry.valid_to.isoformat() if entry.valid_to else None,
        "version": entry.version,
    }


def school_major_json(major: SchoolMajor) -> dict:
    return {
        "code": major.code,
        "name": major.name,
        "direction": major.direction,
        "years": major.years,
        "first_intake_year": major.first_intake_year,
        "status": major.status,
        "status_label": major.status_label,
        "catalogue_version": major.catalogue.version,
        "enrollment": {str(k): v for k, v in (major.enrollment or {}).items()},
        "employment": {str(k): v for k, v in (major.employment or {}).items()},
    }


@bp.get("/majors/catalogue")
@token_required
def majors_catalogue():
    size = int_arg("size", DEFAULT_SIZE, strict=True)
    size = min(MAX_PAGE_SIZE, max(1, size))
    text = request.args.get("q", "").strip()[:100]
    version = request.args.get("version", "").strip()[:32]
    page = search(text, "", version, page_arg(strict=True), size)
    return {
        "items": [catalogue_json(entry) for entry in page.items],
        "total": page.total,
        "page": page.page,
        "size": page.size,
    }


@bp.get("/schools")
@token_required
def schools_list():
    schools = schools_for(api_user())
    return {
        "items": [
            {"code": s.code, "name": s.name, "city": s.parent.name if s.parent else None}
            for s in schools
        ]
    }


@bp.get("/schools/<code>/majors")
@token_required
def school_majors_list(code: str):
    school = scoped_school(api_user(), code)
    if school is None:
        raise NotFound("学校不存在或您无权查看。")
    majors = db.session.scalars(school_majors(school.id)).all()
    return {
        "school": {"code": school.code, "name": school.name},
        "items": [school_major_json(major) for major in majors],
    }
