"""Who is at this tablet: a referee access opened with its link token and then its PIN.

The token in the URL names the access; the PIN, checked once per browser session, proves the
person holding the tablet was given it. Pages call `current_access(token)`; the API uses the
token alone as a bearer token (scripts and the offline queue have no session).

Guessing the PIN is slowed twice: Flask-Limiter counts wrong PINs per link and address
(pin_limit_key, on the PIN page's view), and the access itself locks for a while after
MAX_FAILED_PINS wrong PINs in a row, from whatever address, so a six-digit PIN cannot be
walked through."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import Response, request, session
from flask_limiter.util import get_remote_address
from sqlalchemy import update
from werkzeug.security import check_password_hash

from meet.extensions import db
from meet.models import RefereeAccess, utcnow
from meet.services.referees import active_access
from meet.services.tokens import hash_token

SESSION_KEY = "referee_accesses"
MAX_FAILED_PINS = 8
LOCK_FOR = timedelta(minutes=15)


def pin_limit_key() -> str:
    """Wrong PINs are counted per link and address: one tablet guessing cannot lock out another
    link, and the hash keeps the link itself out of the limiter's storage."""
    token = (request.view_args or {}).get("token", "")
    return f"pin:{hash_token(token)[:16]}:{get_remote_address()}"


def wrong_pin(response: Response) -> bool:
    """Only a wrong PIN counts against the limit (the PIN page answers it with 401)."""
    return response.status_code == 401


def remember_pin_checked(access: RefereeAccess) -> None:
    opened = set(session.get(SESSION_KEY, []))
    opened.add(access.id)
    session[SESSION_KEY] = sorted(opened)


def pin_checked(access: RefereeAccess) -> bool:
    return access.id in session.get(SESSION_KEY, [])


def current_access(token: str) -> RefereeAccess | None:
    """The access for this link if it is active and its PIN was entered in this session."""
    access = active_access(token)
    if access is None or not pin_checked(access):
        return None
    return access


@dataclass(frozen=True, slots=True)
class PinCheck:
    """The outcome of a PIN typed on a tablet."""

    ok: bool
    locked_until: datetime | None = None
    attempts_left: int = 0


def check_pin(access: RefereeAccess, pin: str) -> PinCheck:
    """Check a typed PIN and commit the count of wrong ones: reset on success, a lock once there
    are too many. A locked access refuses even the right PIN until the lock runs out."""
    now = utcnow()
    if access.locked_until is not None and access.locked_until > now:
        return PinCheck(False, locked_until=access.locked_until)
    if check_password_hash(access.pin_hash, pin.strip()):
        access.failed_pin_attempts = 0
        access.locked_until = None
        db.session.commit()
        return PinCheck(True)
    # Counted in the database, so tablets on several addresses add up to the same lock.
    db.session.execute(
        update(RefereeAccess)
        .where(RefereeAccess.id == access.id)
        .values(failed_pin_attempts=RefereeAccess.failed_pin_attempts + 1)
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(access)
    if access.failed_pin_attempts >= MAX_FAILED_PINS:
        access.failed_pin_attempts = 0
        access.locked_until = now + LOCK_FOR
        db.session.commit()
        return PinCheck(False, locked_until=access.locked_until)
    db.session.commit()
    return PinCheck(False, attempts_left=MAX_FAILED_PINS - access.failed_pin_attempts)
