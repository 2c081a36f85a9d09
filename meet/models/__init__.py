"""SQLAlchemy models, one module per aggregate; importing this package registers them all."""

from meet.models.audit import AuditLog
from meet.models.base import utcnow
from meet.models.meet import Event, Meet, RefereeAccess, referee_access_events
from meet.models.people import Participant, Team, TeamMember, User
from meet.models.results import Entry, IdempotencyRecord, Match, Result

__all__ = [
    "AuditLog",
    "Entry",
    "Event",
    "IdempotencyRecord",
    "Match",
    "Meet",
    "Participant",
    "RefereeAccess",
    "Result",
    "Team",
    "TeamMember",
    "User",
    "referee_access_events",
    "utcnow",
]
