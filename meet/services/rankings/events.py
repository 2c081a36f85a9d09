"""Each event's ranking, the whole meet's (every event and the team standings at once) and a
rider's own places, all from the current result versions.

Measured sports (plank, pitch-pot, bowling, custom) rank by the stored value; match sports by
their group tables and knockout bracket (meet/scoring/placing.py says how). A row's rank is None
until its place is settled; a match sport's value is the team's group points.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select

from meet.extensions import db
from meet.models import Entry, Event, Meet, Participant, Result, TeamMember
from meet.scoring.base import Sport
from meet.scoring.placing import Placed
from meet.services.events import get_event
from meet.services.rankings.queries import EventEntry, placed_by_event, sport_and_rules
from meet.services.rankings.standings import StandingRow, standings_from

OFFICIAL = "official"


@dataclass(frozen=True, slots=True)
class RankedRow:
    """One entry of an event's ranking. `rank` is None until the place is settled and for DNS,
    DNF and DQ; `display` is the value formatted for the locale ("" without a value); `team` is
    the rider's station or the team's station; status is "ok", "DNS", "DNF", "DQ" or "pending"."""

    rank: int | None
    entry_id: int
    bib: int | None
    name: str
    team: str | None
    value: float | None
    display: str
    status: str


@dataclass(frozen=True, slots=True)
class EventRanking:
    event: Event
    official: bool
    rows: list[RankedRow]


@dataclass(frozen=True, slots=True)
class MeetRankings:
    """What the organizer's page and the board show: each event's ranking, the standings, whether
    all of it is official and when the latest result came in (naive UTC, None before any)."""

    meet: Meet
    official: bool
    updated_at: datetime | None
    events: list[EventRanking]
    standings: list[StandingRow]


def is_official(event: Event) -> bool:
    return event.status == OFFICIAL


def meet_is_official(meet: Meet) -> bool:
    """The standings are official once every event of the meet is."""
    return bool(meet.events) and all(is_official(event) for event in meet.events)


def event_ranking(event: Event, locale: str = "zh") -> list[RankedRow]:
    """Every registered entry of the event, in finishing order, unranked entries last."""
    placed = placed_by_event([event])[event.id]
    sport, rules = sport_and_rules(event)
    return [_ranked_row(p, sport, rules, locale) for p in placed]


def meet_rankings(meet: Meet, locale: str = "zh", top: int | None = None) -> MeetRankings:
    """Every event's ranking (its first `top` rows when given) and the team standings, from one
    pass over the meet's results."""
    placed = placed_by_event(meet.events)
    events = []
    for event in meet.events:
        sport, rules = sport_and_rules(event)
        rows = placed[event.id][:top] if top is not None else placed[event.id]
        events.append(
            EventRanking(
                event, is_official(event), [_ranked_row(p, sport, rules, locale) for p in rows]
            )
        )
    return MeetRankings(
        meet,
        meet_is_official(meet),
        last_result_at(meet),
        events,
        standings_from(meet, placed),
    )


def rider_places(rider: Participant, locale: str = "zh") -> list[tuple[Event, RankedRow]]:
    """The rider's row in each event they are registered for, alone or with a team, in the
    order of the meet's events. Reads only."""
    own = select(Entry.id).where(Entry.participant_id == rider.id, Entry.status == "registered")
    with_team = (
        select(Entry.id)
        .join(TeamMember, TeamMember.team_id == Entry.team_id)
        .where(TeamMember.participant_id == rider.id, Entry.status == "registered")
    )
    entries = list(
        db.session.scalars(select(Entry).where(or_(Entry.id.in_(own), Entry.id.in_(with_team))))
    )
    events = sorted({entry.event for entry in entries}, key=lambda e: (e.position, e.id))
    placed = placed_by_event(events)
    wanted = {entry.id for entry in entries}
    places = []
    for event in events:
        sport, rules = sport_and_rules(event)
        for p in placed[event.id]:
            if p.competitor.entry_id in wanted:
                places.append((event, _ranked_row(p, sport, rules, locale)))
    return places


def public_event(event_id: int) -> Event | None:
    """An event of a meet that is not a draft."""
    event = get_event(event_id)
    if event is None or event.meet.status == "draft":
        return None
    return event


def last_result_at(meet: Meet) -> datetime | None:
    """When the latest result of the meet was recorded (naive UTC)."""
    return db.session.scalar(
        select(func.max(Result.created_at)).join(Event).where(Event.meet_id == meet.id)
    )


def _ranked_row(
    placed: Placed[EventEntry], sport: Sport, rules: dict[str, Any], locale: str
) -> RankedRow:
    c = placed.competitor
    display = sport.display(placed.value, rules, locale) if placed.value is not None else ""
    return RankedRow(
        placed.rank, c.entry_id, c.bib, c.name, c.team, placed.value, display, placed.status
    )
