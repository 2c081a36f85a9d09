"""A referee's start page: the events their access covers, each with how far its scoring is."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from meet.extensions import db
from meet.models import Entry, Event, Match, RefereeAccess
from meet.scoring.base import MatchSport
from meet.sports.registry import get_sport


@dataclass(frozen=True, slots=True)
class EventProgress:
    """An event on a referee's start page: how many of its entries or matches have a result."""

    event: Event
    done: int
    total: int


def events_for_access(access: RefereeAccess) -> list[EventProgress]:
    """The events a referee access covers in schedule order, with their progress."""
    events = sorted(
        (event for event in access.meet.events if access.allows(event)),
        key=lambda event: (event.starts_at is None, event.starts_at or 0, event.position, event.id),
    )
    by_match = {event.id for event in events if _is_match_sport(event)}
    by_entry = {event.id for event in events} - by_match
    counted = []
    if by_entry:
        counted += db.session.execute(
            select(Entry.event_id, Entry.result_version).where(
                Entry.event_id.in_(by_entry), Entry.status == "registered"
            )
        ).all()
    if by_match:
        counted += db.session.execute(
            select(Match.event_id, Match.result_version).where(Match.event_id.in_(by_match))
        ).all()
    done: dict[int, int] = {}
    total: dict[int, int] = {}
    for event_id, version in counted:
        total[event_id] = total.get(event_id, 0) + 1
        done[event_id] = done.get(event_id, 0) + (version > 0)
    return [EventProgress(event, done.get(event.id, 0), total.get(event.id, 0)) for event in events]


def _is_match_sport(event: Event) -> bool:
    return isinstance(get_sport(event.sport), MatchSport)
