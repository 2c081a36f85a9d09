"""Official results: the organizer marks an event's results official, so referees can no longer
change them, or reopens them."""

from __future__ import annotations

from flask_babel import gettext as _

from meet.extensions import db
from meet.models import Event, User
from meet.services.audit import record_audit
from meet.services.results.recording import InvalidResult, bump_results_version


def mark_official(event: Event, user: User) -> None:
    """Make the event's results official: referees can no longer change them."""
    _set_event_status(event, "official", user, "event.marked_official")


def reopen_results(event: Event, user: User) -> None:
    """Take an official event back to unofficial, so referees can correct it again."""
    if event.status != "official":
        raise InvalidResult("not_official", _("The results of this event are not official."))
    _set_event_status(event, "finished", user, "event.reopened")


def _set_event_status(event: Event, status: str, user: User, action: str) -> None:
    before = event.status
    event.status = status
    record_audit(
        action,
        event,
        actor=user.username,
        meet_id=event.meet_id,
        user_id=user.id,
        before={"status": before},
        after={"status": status},
    )
    # The rankings say whether they are official, so their ETag must move too.
    bump_results_version(event.meet_id)
    db.session.commit()
