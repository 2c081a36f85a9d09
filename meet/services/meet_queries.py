"""Meets as the pages and the API read them: lookups by slug, the public list, counts of riders
and entries, and the public JSON of a meet and its events."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from meet.extensions import db
from meet.models import Entry, Event, Meet, Participant
from meet.services.tokens import hash_token

PUBLIC_STATUSES = ("open", "closed")
# The longest slug the meets table holds.
SLUG_MAX_LENGTH = 60


def all_meets() -> list[Meet]:
    return list(db.session.scalars(select(Meet).order_by(Meet.starts_on.desc(), Meet.id.desc())))


def public_meets() -> list[Meet]:
    """Meets a passer-by may see: registration open, or under way."""
    query = select(Meet).where(Meet.status.in_(PUBLIC_STATUSES)).order_by(Meet.starts_on, Meet.id)
    return list(db.session.scalars(query))


def public_meet(slug: str) -> Meet | None:
    """A meet by its slug, unless it is still a draft."""
    meet = meet_by_slug(slug)
    if meet is None or meet.status == "draft":
        return None
    return meet


def meet_by_slug(slug: str) -> Meet | None:
    """A meet by its slug, whatever its status (for the organizer)."""
    # PostgreSQL refuses a NUL in text outright; no slug is longer than its column anyway.
    if "\x00" in slug or len(slug) > SLUG_MAX_LENGTH:
        return None
    return db.session.scalar(select(Meet).where(Meet.slug == slug))


def fits_id(number: int) -> bool:
    """Whether a number from a URL can be a row id: PostgreSQL's integer ids stop at 2^31 - 1,
    and a larger number would be an error there instead of "not found"."""
    return 0 < number < 2**31


def entered_counts(meet: Meet) -> dict[int, int]:
    """Registered (not waitlisted or withdrawn) entries per event of the meet."""
    query = (
        select(Entry.event_id, func.count())
        .join(Event, Event.id == Entry.event_id)
        .where(Event.meet_id == meet.id, Entry.status == "registered")
        .group_by(Entry.event_id)
    )
    return dict(db.session.execute(query).all())


def rider_counts() -> dict[int, int]:
    """Riders registered in each meet, by meet id."""
    query = select(Participant.meet_id, func.count()).group_by(Participant.meet_id)
    return dict(db.session.execute(query).all())


def rider_count(meet: Meet) -> int:
    return db.session.scalar(
        select(func.count()).select_from(Participant).where(Participant.meet_id == meet.id)
    )


def participant_by_token(token: str) -> Participant | None:
    return db.session.scalar(select(Participant).where(Participant.token_hash == hash_token(token)))


def event_summary(event: Event, entered: int) -> dict[str, Any]:
    """An event as the public API lists it."""
    return {
        "id": event.id,
        "sport": event.sport,
        "name": event.name,
        "kind": event.kind,
        "status": event.status,
        "capacity": event.capacity,
        "entered": entered,
        "starts_at": utc_iso(event.starts_at),
        "place": event.place,
        "team_size_min": event.team_size_min,
        "team_size_max": event.team_size_max,
    }


def public_meet_detail(meet: Meet) -> dict[str, Any]:
    """The meet and its events for GET /api/v1/meets/<slug>."""
    entered = entered_counts(meet)
    return {
        "slug": meet.slug,
        "name": meet.name,
        "starts_on": meet.starts_on.isoformat(),
        "ends_on": meet.ends_on.isoformat(),
        "venue": meet.venue,
        "status": meet.status,
        "registration_opens_at": utc_iso(meet.registration_opens_at),
        "registration_closes_at": utc_iso(meet.registration_closes_at),
        "events": [event_summary(event, entered.get(event.id, 0)) for event in meet.events],
    }


def utc_iso(moment: datetime | None) -> str | None:
    """A stored naive UTC time as ISO 8601 with its Z, for JSON."""
    return moment.isoformat(timespec="seconds") + "Z" if moment is not None else None
