"""Response headers: no framing, sniffing or outside scripts; over HTTPS, Secure cookies and HSTS;
nothing but static files kept in caches. Also which proxy's forwarded headers to believe."""

from __future__ import annotations

from flask import Flask, Response, has_request_context, request
from flask.sessions import SecureCookieSessionInterface
from werkzeug.middleware.proxy_fix import ProxyFix

# Everything is served from our own origin (no CDN: intranet deployments have no internet).
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; "
    "form-action 'self'"
)
HSTS = "max-age=31536000"


def served_over_https(app: Flask) -> bool:
    """Production is always HTTPS (perhaps ended at a proxy we were not told about)."""
    return app.config.get("APP_ENV") == "production" or (
        has_request_context() and request.is_secure
    )


class _SessionInterface(SecureCookieSessionInterface):
    """The session cookie is Secure whenever the site is served over HTTPS."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return super().get_cookie_secure(app) or served_over_https(app)


def _is_static() -> bool:
    return (request.endpoint or "").rpartition(".")[2] == "static"


def register(app: Flask) -> None:
    proxies = app.config.get("PROXY_COUNT", 0)
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)
    app.session_interface = _SessionInterface()
    if app.config.get("APP_ENV") == "production":
        app.config["REMEMBER_COOKIE_SECURE"] = True  # no page sets one today; if one ever does

    @app.after_request
    def _headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if served_over_https(app):
            response.headers.setdefault("Strict-Transport-Security", HSTS)
        # Pages, JSON and downloaded files all hold someone's data; send_file's no-cache is
        # not enough (it still stores the file on disk), so only static files may be kept.
        if not _is_static() and "no-store" not in response.headers.get("Cache-Control", ""):
            response.headers["Cache-Control"] = "no-store"
        return response
