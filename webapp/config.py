"""Settings: defaults here, then the environment, then the mapping given to create_app."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

ROOT = Path(__file__).resolve().parent.parent
# Where links point in development when nothing better is known: `make run`'s default address.
DEFAULT_BASE_URL = "http://127.0.0.1:5000"


class Config:
    """Defaults for every setting the app reads."""

    SQLALCHEMY_TRACK_MODIFICATIONS = False
    WORKFLOWS_DIR = str(ROOT / "workflows")
    FORMS_DIR = str(ROOT / "forms")
    MAX_CONTENT_LENGTH = 32 * 1024 * 1024
    UPLOAD_MAX_BYTES = 10 * 1024 * 1024
    TIMEZONE = "Asia/Shanghai"  # where days begin and end (webapp/local_time.py); env TIMEZONE
    INBOX_PAGE_SIZE = 20
    API_TOKEN_HOURS = 12
    LOGIN_FREE_ATTEMPTS = 5  # per client address and username
    LOGIN_FREE_ATTEMPTS_PER_ADDRESS = 10  # per client address, across usernames
    LOGIN_FREE_ATTEMPTS_PER_ACCOUNT = 10  # per username, across addresses (waits stay short)
    # Reverse proxies in front of the app whose X-Forwarded-For/-Proto are trusted.
    PROXY_COUNT = 0
    PASSWORD_HASH_METHOD = "scrypt"  # noqa: S105 (a hash method name, not a password)
    WTF_CSRF_TIME_LIMIT = None
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    # Email for notifications: off while SMTP_HOST is unset.
    SMTP_HOST: str | None = None
    SMTP_PORT = 25
    SMTP_USER: str | None = None
    SMTP_PASSWORD: str | None = None
    SMTP_STARTTLS = False
    SMTP_TIMEOUT = 10.0
    MAIL_FROM = "noreply@localhost"
    # The address users reach the site at (https://…), for absolute links in documents and
    # emails; required in production. Unset in development, see public_base_url.
    BASE_URL: str | None = None
    # The address the development server was started at (HOST/PORT, as scripts/run-dev.sh
    # passes them), for links made outside a request; None when not known.
    DEV_SERVER_URL: str | None = None


def _secret_key(instance_path: Path) -> str:
    """Read SECRET_KEY from the environment or from instance/secret_key, creating it on first run."""
    from_env = os.environ.get("SECRET_KEY")
    if from_env:
        return from_env
    key_file = instance_path / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


def from_environment(instance_path: Path) -> dict:
    """Settings that the environment overrides."""
    settings = {
        "SQLALCHEMY_DATABASE_URI": os.environ.get(
            "DATABASE_URL", f"sqlite:///{instance_path / 'zhongzhi.sqlite'}"
        ),
        "UPLOAD_DIR": os.environ.get("UPLOAD_DIR", str(instance_path / "uploads")),
        "CLOCK": os.environ.get("CLOCK", "system"),
        "APP_ENV": os.environ.get("APP_ENV", "development"),
        "SCHEDULER_INTERVAL": float(os.environ.get("SCHEDULER_INTERVAL", "1")),
        "API_TOKEN_HOURS": float(os.environ.get("API_TOKEN_HOURS", Config.API_TOKEN_HOURS)),
        "PROXY_COUNT": int(os.environ.get("PROXY_COUNT", Config.PROXY_COUNT)),
        "TIMEZONE": timezone_from_environment(),
        "DEV_SERVER_URL": dev_server_url(os.environ),
    }
    settings["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(
        settings["SQLALCHEMY_DATABASE_URI"]
    )
    settings.update(_mail_settings())
    return settings


def timezone_from_environment() -> str:
    """TIMEZONE from the environment (an IANA name such as Asia/Shanghai), else the default;
    a name that is no time zone stops the app at start instead of misdating every deadline."""
    name = os.environ.get("TIMEZONE", "").strip() or Config.TIMEZONE
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise RuntimeError(
            f"TIMEZONE must name a time zone such as Asia/Shanghai, not {name!r}"
        ) from None
    return name


def _mail_settings() -> dict:
    """SMTP_* / MAIL_FROM / BASE_URL from the environment, defaulting to Config."""
    env = os.environ
    return {
        "SMTP_HOST": env.get("SMTP_HOST") or Config.SMTP_HOST,
        "SMTP_PORT": int(env.get("SMTP_PORT") or Config.SMTP_PORT),
        "SMTP_USER": env.get("SMTP_USER") or Config.SMTP_USER,
        "SMTP_PASSWORD": env.get("SMTP_PASSWORD") or Config.SMTP_PASSWORD,
        "SMTP_STARTTLS": env.get("SMTP_STARTTLS", "").lower() in ("1", "true", "yes", "on"),
        "SMTP_TIMEOUT": float(env.get("SMTP_TIMEOUT") or Config.SMTP_TIMEOUT),
        "MAIL_FROM": env.get("MAIL_FROM") or Config.MAIL_FROM,
        "BASE_URL": env.get("BASE_URL") or Config.BASE_URL,
    }


def dev_server_url(env: Mapping[str, str]) -> str | None:
    """The address `make run` serves at, from the HOST and PORT it passes to every process it
    starts (web app, scheduler, `flask demo`); None when neither is set."""
    host, port = env.get("HOST", "").strip(), env.get("PORT", "").strip()
    if not (host or port):
        return None
    if host in ("", "0.0.0.0", "::"):  # noqa: S104 (listening on all: this machine is one)
        host = "127.0.0.1"
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port or 5000}"


def public_base_url(
    config: Mapping, host_url: str | None = None, default: str | None = DEFAULT_BASE_URL
) -> str | None:
    """Where absolute links (documents' QR codes and /verify links, guardians' links, emails)
    point: BASE_URL; in development without it, the address the current request came to
    (`host_url`), else the one the development server was started at, else `default`.
    None in production without BASE_URL: there a guess would be printed on paper for good."""
    if config.get("BASE_URL"):
        return config["BASE_URL"].rstrip("/")
    if config.get("APP_ENV") == "production":
        return None
    found = host_url or config.get("DEV_SERVER_URL") or default
    return found.rstrip("/") if found else None


def normalise_database_url(url: str) -> str:
    """Point plain postgresql:// URLs at the psycopg 3 driver we install."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


# Why production needs SECRET_KEY from its environment: a key written into each container's or
# host's instance folder would differ between them, so a session or link signed by one would be
# refused by the next.
MISSING_KEY_MESSAGE = (
    "APP_ENV=production 时必须通过环境变量 SECRET_KEY 提供会话签名密钥（各容器、各主机使用同一个值，"
    "如 python3 -c 'import secrets; print(secrets.token_hex(32))' 生成）。"
    " SECRET_KEY must be set in the environment when APP_ENV=production."
)


def secret_key(instance_path: Path, app_env: str = "development") -> str:
    """SECRET_KEY from the environment; in development, one kept in the instance folder will
    do. Production refuses to start without it."""
    if app_env == "production" and not os.environ.get("SECRET_KEY"):
        raise RuntimeError(MISSING_KEY_MESSAGE)
    return _secret_key(instance_path)
