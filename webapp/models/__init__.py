"""SQLAlchemy models; the named queries that lists and inboxes need live beside them."""

from .attachment import Attachment
from .calendar import CalendarDay, CalendarYear
from .clock_state import ClockState
from .deadline import Deadline
from .document import IssuedDocument
from .event import ChainHead, Event
from .notification import Notification
from .org import Organisation
from .process import ProcessDefinition, ProcessInstance
from .setting import Setting
from .user import ROLES, ApiToken, LoginThrottle, User
from .user_state import FormDraft, SavedFilter
from .work_item import LANE_ROLES, WorkItem

__all__ = [
    "ROLES",
    "LANE_ROLES",
    "ApiToken",
    "Attachment",
    "CalendarDay",
    "CalendarYear",
    "ChainHead",
    "ClockState",
    "Deadline",
    "Event",
    "FormDraft",
    "IssuedDocument",
    "LoginThrottle",
    "Notification",
    "Organisation",
    "SavedFilter",
    "ProcessDefinition",
    "ProcessInstance",
    "Setting",
    "User",
    "WorkItem",
]
import webapp.student_registry  # noqa: E402, F401, I001 (the registry tables, for create_all)
