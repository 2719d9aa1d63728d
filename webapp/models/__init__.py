"""SQLAlchemy models; the named queries that lists and inboxes need live beside them."""

from .attachment import Attachment
from .calendar import CalendarDay, CalendarYear
from .clock_state import ClockState
from .deadline import Deadline
from .event import ChainHead, Event
from .notification import Notification
from .org import Organisation
from .process import ProcessDefinition, ProcessInstance
from .user import ROLES, ApiToken, LoginThrottle, User
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
    "LoginThrottle",
    "Notification",
    "Organisation",
    "ProcessDefinition",
    "ProcessInstance",
    "User",
    "WorkItem",
]
