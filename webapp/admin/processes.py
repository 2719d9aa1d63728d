"""流程管理 (/admin/processes): each process with its versions, the running instances on each
version and its diagram; moving running instances from one version to another."""

from __future__ import annotations

from flask import (
    Response,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from sqlalchemy import func, select

from webapp.admin import admin_required, bp
from webapp.clock import current_clock
from webapp.errors import DomainError
from webapp.extensions import db
from webapp.instances.diagram_page import XML_HEADERS, Diagram, Step, display_xml, steps_of
from webapp.models import ProcessDefinition, ProcessInstance, WorkItem
from webapp.models.process import latest_versions
from webapp.request_args import parse_int
from webapp.services import deploy_upload as deploy_upload_service
from webapp.services import version_migration


@bp.get("/processes")
@admin_required
def processes_page():
    return _processes_page()


def _processes_page(outcomes=None, dry_run: bool = False, status: int = 200):
    counts = dict(
        db.session.execute(
            select(ProcessInstance.process_key, func.count())
            .where(ProcessInstance.status == "running")
            .group_by(ProcessInstance.process_key)
        ).all()
    )
    rows = db.session.scalars(latest_versions().order_by(ProcessDefinition.key)).all()
    page = render_template(
        "admin/processes.html", rows=rows, running=counts, outcomes=outcomes, dry_run=dry_run
    )
    return page, status


@bp.post("/processes/deploy")
@admin_required
def deploy_upload():
    """Deploy uploaded diagrams, or (试部署) only show what deploying them would do."""
    uploads = [
        deploy_upload_service.Upload(
            secure_name(f.filename or ""), f.read(deploy_upload_service.MAX_BYTES + 1)
        )
        for f in request.files.getlist("files")
    ]
    dry_run = request.form.get("dry_run") == "1"
    try:
        outcomes = deploy_upload_service.deploy_uploads(
            uploads, current_app.config["FORMS_DIR"], current_clock(), current_user, dry_run=dry_run
        )
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return _processes_page(status=422)
    db.session.commit()
    return _processes_page(outcomes, dry_run)


def secure_name(filename: str) -> str:
    """The upload's own name without folders (a browser may send a path)."""
    return filename.replace("\\", "/").rsplit("/", 1)[-1].strip()[:200]


def _versions(key: str) -> list[ProcessDefinition]:
    found = db.session.scalars(
        select(ProcessDefinition)
        .where(ProcessDefinition.key == key)
        .order_by(ProcessDefinition.version.desc())
    ).all()
    if not found:
        version_migration.version(key, 0)  # raises NotFound with the message
    return list(found)


def _version_number(raw: str) -> int:
    """A version number from the request, 0 when it is none (or absurd)."""
    number = parse_int(raw)
    return number if number and 0 < number < 100_000 else 0


def own_file(definition: ProcessDefinition) -> str:
    """The deployed file the process came from (a deploy names every file it read together)."""
    files = [name.strip() for name in definition.source_file.split(",") if name.strip()]
    own = [name for name in files if name.rsplit(".", 1)[0] == definition.key]
    return ", ".join(own or files) or "—"


@bp.get("/processes/<key>")
@admin_required
def process_versions(key: str):
    versions = _versions(key)
    source = _version_number(request.args.get("source", "")) or None
    target = _version_number(request.args.get("target", "")) or None
    plan, problem = [], ""
    if source and target and len(versions) > 1:
        try:
            plan = version_migration.plan(
                version_migration.version(key, source),
                version_migration.version(key, target),
                current_clock(),
            )
        except DomainError as error:
            problem = error.message
    return render_template(
        "admin/process_versions.html",
        key=key,
        versions=versions,
        running=version_migration.running_counts(key),
        source=source,
        target=target,
        plan=plan,
        problem=problem,
        limit=version_migration.PLAN_LIMIT,
        own_file=own_file,
    )


@bp.post("/processes/<key>/migrate")
@admin_required
def migrate_instances(key: str):
    source = _version_number(request.form.get("source", ""))
    target = _version_number(request.form.get("target", ""))
    chosen = [
        n for n in (parse_int(v) for v in request.form.getlist("instance")) if n and 0 < n < 2**31
    ]
    back = url_for("admin.process_versions", key=key, source=source, target=target)
    if not chosen:
        flash("请勾选要迁移的实例。", "error")
        return redirect(back)
    try:
        result = version_migration.migrate(
            version_migration.version(key, source),
            version_migration.version(key, target),
            chosen,
            current_user,
            current_clock(),
        )
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(back)
    db.session.commit()
    flash(f"已将 {len(result.moved)} 个实例从第 {source} 版迁移到第 {target} 版。")
    for instance_id, why in result.kept.items():
        flash(f"实例 {instance_id} 未迁移：{why}", "error")
    return redirect(back)


@bp.get("/processes/<key>/v<int:number>")
@admin_required
def process_version_diagram(key: str, number: int):
    definition = version_migration.version(key, number)
    counts = _open_per_step(definition)
    diagram = Diagram(
        bpmn_url=url_for("admin.process_version_xml", key=key, number=number),
        state_url=url_for("admin.process_version_counts", key=key, number=number),
        steps=[
            Step(s.id, s.name, open_items=counts.get(s.id, 0))
            for s in steps_of(definition.bpmn_xml, key)
        ],
    )
    return render_template(
        "admin/process_version.html",
        definition=definition,
        diagram=diagram,
        total=sum(counts.values()),
        own_file=own_file,
    )


@bp.get("/processes/<key>/v<int:number>/diagram.bpmn")
@admin_required
def process_version_xml(key: str, number: int):
    definition = version_migration.version(key, number)
    return Response(
        display_xml(definition.bpmn_xml), mimetype="application/xml", headers=XML_HEADERS
    )


@bp.get("/processes/<key>/v<int:number>/diagram.json")
@admin_required
def process_version_counts(key: str, number: int):
    return jsonify(counts=_open_per_step(version_migration.version(key, number)))


def _open_per_step(definition: ProcessDefinition) -> dict[str, int]:
    """Open work items per step in the instances running on this version."""
    rows = db.session.execute(
        select(WorkItem.spec_id, func.count())
        .join(ProcessInstance, ProcessInstance.id == WorkItem.instance_id)
        .where(ProcessInstance.definition_id == definition.id, WorkItem.status == "open")
        .group_by(WorkItem.spec_id)
    )
    return dict(rows.all())
