"""The Flask application factory."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from pathlib import Path

from flask import Flask, redirect, url_for
from werkzeug.wrappers import Response

from webapp import config as settings
from webapp.clock import Clock, StoredClock, SystemClock
from webapp.extensions import csrf, db, login_manager, migrate


def create_app(config: Mapping | None = None) -> Flask:
    """Defaults from Config, then the environment, then the mapping given here."""
    app = Flask(__name__, instance_path=os.environ.get("INSTANCE_PATH") or None)
    instance = Path(app.instance_path)
    app.config.from_object(settings.Config)
    app.config.update(settings.from_environment(instance))
    app.config.update(config or {})
    app.config["SQLALCHEMY_DATABASE_URI"] = settings.normalise_database_url(
        app.config["SQLALCHEMY_DATABASE_URI"]
    )
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = settings.secret_key(instance, app.config["APP_ENV"])
    _init_extensions(app)
    app.extensions["clock"] = app.config.get("CLOCK_OBJECT") or _make_clock(app)
    from webapp import request_args, request_limits

    request_args.register(app)  # before the blueprints: it is what their <int:…> routes use
    request_limits.register(app)
    _install_processes(app)
    _register_blueprints(app)
    app.add_url_rule("/favicon.ico", "favicon", _favicon)
    import webapp.services.recalculation  # noqa: F401 - registers the calendar listener
    from webapp import cli, display, security_headers, slots, web_errors

    web_errors.register(app)
    display.register(app)
    slots.register(app)
    security_headers.register(app)
    cli.register(app)
    app.logger.setLevel(logging.INFO)
    return app


def _init_extensions(app: Flask) -> None:
    db.init_app(app)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        from webapp.db_sqlite import configure_sqlite

        with app.app_context():
            configure_sqlite(db.engine)
    migrate.init_app(
        app, db, render_as_batch=True, directory=str(Path(__file__).parent.parent / "migrations")
    )
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "请先登录。"

    from webapp.services.auth import user_for_session

    # Called on every request with what login_user stored: an ended session finds nobody.
    login_manager.user_loader(user_for_session)


def _install_processes(app: Flask) -> None:
    """The installed process modules, checked (a mistake stops the start), with their templates,
    pages and commands; the platform reaches them through app.extensions["processes"]."""
    from jinja2 import ChoiceLoader, FileSystemLoader

    from webapp.processes import INSTALLED
    from webapp.processes.registry import Registry, load

    names = app.config.get("PROCESSES") or INSTALLED
    registry = Registry(load(names), app.config["WORKFLOWS_DIR"], app.config["FORMS_DIR"])
    app.extensions["processes"] = registry
    folders = [str(folder) for folder in registry.template_folders()]
    if folders:
        app.jinja_loader = ChoiceLoader([app.jinja_loader, FileSystemLoader(folders)])
    for module in registry.modules:
        for command in module.commands:
            app.cli.add_command(command)


def _make_clock(app: Flask) -> Clock:
    """The system clock, or (CLOCK=manual, demo and tests only) one stored in the database."""
    mode = app.config["CLOCK"]
    if mode == "system":
        return SystemClock()
    if mode != "manual":
        raise RuntimeError(f"CLOCK must be 'system' or 'manual', not {mode!r}")
    on_postgres = app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql")
    if on_postgres and app.config["APP_ENV"] == "production":
        raise RuntimeError(
            "CLOCK=manual is for demo and tests; it is refused in production on PostgreSQL"
        )
    from webapp.models.clock_state import load_stored_now, store_now

    return StoredClock(load_stored_now, store_now)


def _favicon() -> Response:
    """Browsers and tools that ask for /favicon.ico without reading the page get the SVG."""
    return redirect(url_for("static", filename="favicon.svg"), 301)


def _register_blueprints(app: Flask) -> None:
    from webapp.admin import bp as admin_bp
    from webapp.api import bp as api_bp
    from webapp.auth import bp as auth_bp
    from webapp.inbox import bp as inbox_bp
    from webapp.instances import bp as instances_bp
    from webapp.majors.pages import bp as majors_bp
    from webapp.notifications import bp as notifications_bp
    from webapp.publicity import bp as publicity_bp
    from webapp.student_registry.pages import bp as registry_bp
    from webapp.supervision import bp as supervision_bp
    from webapp.verify import bp as verify_bp

    app.register_blueprint(auth_bp)
    app.register_blueprint(inbox_bp)
    app.register_blueprint(instances_bp)
    app.register_blueprint(notifications_bp)
    app.register_blueprint(api_bp, url_prefix="/api/v1")
    app.register_blueprint(admin_bp, url_prefix="/admin")
    app.register_blueprint(supervision_bp, url_prefix="/supervision")
    app.register_blueprint(verify_bp)
    app.register_blueprint(majors_bp)
    app.register_blueprint(registry_bp)
    app.register_blueprint(publicity_bp)
    for module in app.extensions["processes"].modules:
        for blueprint, prefix in module.blueprints:
            if (prefix or "").startswith("/api/"):
                csrf.exempt(blueprint)  # token-authenticated, like the platform's API
            app.register_blueprint(blueprint, url_prefix=prefix)
    csrf.exempt(api_bp)
