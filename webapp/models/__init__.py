"""SQLAlchemy models; the named queries that lists and inboxes need live beside them."""

from .attachment import Attachment
from .event import ChainHead, Event
from .org import Organisation
from .process import ProcessDefinition, ProcessInstance
from .user import ROLES, ApiToken, LoginThrottle, User
from .work_item import LANE_ROLES, WorkItem

__all__ = [
    "ROLES",
    "LANE_ROLES",
    "ApiToken",
    "Attachment",
    "ChainHead",
    "Event",
    "LoginThrottle",
    "Organisation",
    "ProcessDefinition",
    "ProcessInstance",
    "User",
    "WorkItem",
]
