"""Referee accesses: a scoped, revocable token plus a PIN for a tablet."""

from __future__ import annotations

import secrets

from sqlalchemy import select
from werkzeug.security import generate_password_hash

from meet.extensions import db
from meet.models import Event, Meet, RefereeAccess
from meet.services.audit import record_audit
from meet.services.tokens import hash_token, new_token


class RefereeAccessError(ValueError):
    pass


def create_referee_access(
    meet: Meet, event_ids: list[int], name: str, *, actor: str
) -> tuple[RefereeAccess, str, str]:
    """Make an access for some events of the meet (all when none given).

    Returns the access, its token and its PIN: the only time either is seen in clear."""
    events = []
    for event_id in event_ids:
        event = db.session.get(Event, event_id)
        if event is None or event.meet_id != meet.id:
            raise RefereeAccessError(f"event {event_id} is not an event of meet {meet.slug}")
        events.append(event)
    token, token_hash = new_token()
    pin = f"{secrets.randbelow(10**6):06d}"
    access = RefereeAccess(
        meet_id=meet.id,
        name=name,
        token_hash=token_hash,
        pin_hash=generate_password_hash(pin),
        events=events,
    )
    db.session.add(access)
    db.session.flush()
    record_audit(
        "referee_access.created",
        access,
        actor=actor,
        meet_id=meet.id,
        after={"name": name, "events": [event.id for event in events]},
    )
    db.session.commit()
    return access, token, pin


def active_access(token: str) -> RefereeAccess | None:
    access = db.session.scalar(
        select(RefereeAccess).where(RefereeAccess.token_hash == hash_token(token))
    )
    if access is None or access.revoked_at is not None:
        return None
    return access
