"""Referee accesses: a scoped, revocable token plus a PIN for a tablet."""

from __future__ import annotations

import secrets

from sqlalchemy import select
from sqlalchemy.orm import selectinload
from werkzeug.security import generate_password_hash

from meet.extensions import db
from meet.models import Event, Meet, RefereeAccess, utcnow
from meet.services.audit import record_audit
from meet.services.meet_queries import fits_id
from meet.services.tokens import hash_token, new_token

NAME_LENGTH = 80


class RefereeAccessError(ValueError):
    """An access cannot be made as asked; `code` says why ("foreign_event", "name_too_long") and
    `event_id` names the event at fault, if any."""

    def __init__(self, message: str, *, code: str, event_id: int | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.event_id = event_id


def create_referee_access(
    meet: Meet,
    event_ids: list[int],
    name: str,
    *,
    actor: str,
    user_id: int | None = None,
) -> tuple[RefereeAccess, str, str]:
    """Make an access for some events of the meet (all when none given).

    Returns the access, its token and its PIN: the only time either is seen in clear."""
    name = name.strip()
    if len(name) > NAME_LENGTH:
        raise RefereeAccessError(
            f"the name is longer than {NAME_LENGTH} characters", code="name_too_long"
        )
    events = []
    for event_id in dict.fromkeys(event_ids):
        event = db.session.get(Event, event_id) if fits_id(event_id) else None
        if event is None or event.meet_id != meet.id:
            raise RefereeAccessError(
                f"event {event_id} is not an event of meet {meet.slug}",
                code="foreign_event",
                event_id=event_id,
            )
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
        user_id=user_id,
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


def referee_accesses(meet: Meet) -> list[RefereeAccess]:
    """The meet's accesses, revoked ones too, newest first."""
    query = (
        select(RefereeAccess)
        .where(RefereeAccess.meet_id == meet.id)
        .options(selectinload(RefereeAccess.events))
        .order_by(RefereeAccess.created_at.desc(), RefereeAccess.id.desc())
    )
    return list(db.session.scalars(query))


def get_referee_access(access_id: int) -> RefereeAccess | None:
    return db.session.get(RefereeAccess, access_id) if fits_id(access_id) else None


def revoke_referee_access(
    access: RefereeAccess, *, actor: str, user_id: int | None = None
) -> RefereeAccess:
    """Stop the access working at once (its tablet's next request is refused); revoking twice
    changes nothing."""
    if access.revoked_at is not None:
        return access
    access.revoked_at = utcnow()
    record_audit(
        "referee_access.revoked",
        access,
        actor=actor,
        meet_id=access.meet_id,
        user_id=user_id,
        before={"name": access.name, "revoked_at": None},
        after={"name": access.name, "revoked_at": access.revoked_at.isoformat()},
    )
    db.session.commit()
    return access
