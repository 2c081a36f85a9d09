"""Reading meets, their events and their riders for the pages."""

from __future__ import annotations

from sqlalchemy import func, select

from meet.extensions import db
from meet.models import Entry, Event, Meet, Participant
from meet.services.tokens import hash_token

PUBLIC_STATUSES = ("open", "closed")


def all_meets() -> list[Meet]:
    return list(db.session.scalars(select(Meet).order_by(Meet.starts_on.desc(), Meet.id.desc())))


def public_meets() -> list[Meet]:
    """Meets a passer-by may see: registration open, or under way."""
    query = select(Meet).where(Meet.status.in_(PUBLIC_STATUSES)).order_by(Meet.starts_on, Meet.id)
    return list(db.session.scalars(query))


def public_meet(slug: str) -> Meet | None:
    """A meet by its slug, unless it is still a draft."""
    meet = db.session.scalar(select(Meet).where(Meet.slug == slug))
    if meet is None or meet.status == "draft":
        return None
    return meet


def entered_counts(meet: Meet) -> dict[int, int]:
    """Registered (not waitlisted or withdrawn) entries per event of the meet."""
    query = (
        select(Entry.event_id, func.count())
        .join(Event, Event.id == Entry.event_id)
        .where(Event.meet_id == meet.id, Entry.status == "registered")
        .group_by(Entry.event_id)
    )
    return dict(db.session.execute(query).all())


def participant_by_token(token: str) -> Participant | None:
    return db.session.scalar(select(Participant).where(Participant.token_hash == hash_token(token)))
