"""Flask extensions, created once and attached in create_app."""

import json

from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData

# Named constraints keep Alembic migrations identical on SQLite and PostgreSQL.
naming = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def compact_json(value: object) -> str:
    """JSON columns as stored: UTF-8 text without spaces (a Chinese character takes 3 bytes,
    not the 6 of a \\uXXXX escape). Readers parse it the same either way."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


# Pre-ping: a connection the server dropped (restart, failover) is replaced before it is used.
db = SQLAlchemy(
    metadata=MetaData(naming_convention=naming),
    engine_options={"pool_pre_ping": True, "json_serializer": compact_json},
)
login_manager = LoginManager()
csrf = CSRFProtect()
migrate = Migrate()
