"""Who is at this tablet: a referee access opened with its link token and then its PIN.

The token in the URL names the access; the PIN, checked once per browser session, proves the
person holding the tablet was given it. Pages call `current_access(token)`; the API uses the
token alone as a bearer token (scripts and the offline queue have no session)."""

from __future__ import annotations

from flask import session

from meet.models import RefereeAccess
from meet.services.referees import active_access

SESSION_KEY = "referee_accesses"


def remember_pin_checked(access: RefereeAccess) -> None:
    opened = set(session.get(SESSION_KEY, []))
    opened.add(access.id)
    session[SESSION_KEY] = sorted(opened)


def current_access(token: str) -> RefereeAccess | None:
    """The access for this link if it is active and its PIN was entered in this session."""
    access = active_access(token)
    if access is None or access.id not in session.get(SESSION_KEY, []):
        return None
    return access
