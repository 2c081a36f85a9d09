"""Registrations as pages show them: a rider's events with their waitlist positions, the desk's
list of riders, the stations offered as suggestions. Reads only."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from meet.extensions import db
from meet.models import Entry, Event, Meet, Participant, Team, TeamMember
from meet.services.registration.intake import is_id


@dataclass
class RiderEntry:
    """One event of a rider, as the rider and the desk see it."""

    event: Event
    entry: Entry
    status: str
    position: int | None = None  # on the waitlist, 1 = next to move up
    team: Team | None = None
    team_members: int = 0


def waitlist_positions(meet_id: int) -> dict[int, int]:
    """{entry id: position} for every waitlisted entry of the meet, in one query."""
    rows = db.session.execute(
        select(Entry.id, Entry.event_id)
        .join(Event, Event.id == Entry.event_id)
        .where(Event.meet_id == meet_id, Entry.status == "waitlisted")
        .order_by(Entry.event_id, Entry.id)
    )
    positions: dict[int, int] = {}
    counters: dict[int, int] = {}
    for entry_id, event_id in rows:
        counters[event_id] = counters.get(event_id, 0) + 1
        positions[entry_id] = counters[event_id]
    return positions


def rider_entries(rider: Participant) -> list[RiderEntry]:
    """A rider's events: their own entries and their teams' entries, in schedule order."""
    return _entries_of(
        [rider], waitlist_positions(rider.meet_id), _team_entries([rider]), _team_sizes([rider])
    )[rider.id]


def list_registrations(meet: Meet, search: str = "") -> list[tuple[Participant, list[RiderEntry]]]:
    """Every rider of the meet by bib, with their events; `search` matches bib, name or phone."""
    query = (
        select(Participant)
        .where(Participant.meet_id == meet.id)
        .options(
            selectinload(Participant.entries).selectinload(Entry.event),
            selectinload(Participant.memberships)
            .selectinload(TeamMember.team)
            .selectinload(Team.event),
        )
        .order_by(Participant.bib)
    )
    # Control characters (a NUL, which PostgreSQL refuses in text) can match no rider anyway.
    search = "".join(char for char in search if unicodedata.category(char) != "Cc").strip()
    if is_id(search):
        query = query.where(Participant.bib == int(search))
    elif search:
        # autoescape: a typed "%" or "_" is that character, not a wildcard matching everyone.
        query = query.where(
            Participant.name.contains(search, autoescape=True)
            | Participant.phone.contains(search, autoescape=True)
        )
    riders = list(db.session.scalars(query))
    entries = _entries_of(
        riders, waitlist_positions(meet.id), _team_entries(riders), _team_sizes(riders)
    )
    return [(rider, entries[rider.id]) for rider in riders]


def _team_entries(riders: list[Participant]) -> dict[int, Entry]:
    team_ids = {member.team_id for rider in riders for member in rider.memberships}
    if not team_ids:
        return {}
    query = select(Entry).where(Entry.team_id.in_(team_ids))
    return {entry.team_id: entry for entry in db.session.scalars(query)}


def _team_sizes(riders: list[Participant]) -> dict[int, int]:
    team_ids = {member.team_id for rider in riders for member in rider.memberships}
    if not team_ids:
        return {}
    query = (
        select(TeamMember.team_id, func.count())
        .where(TeamMember.team_id.in_(team_ids))
        .group_by(TeamMember.team_id)
    )
    return dict(db.session.execute(query).all())


def _entries_of(
    riders: list[Participant],
    positions: dict[int, int],
    team_entries: dict[int, Entry],
    team_sizes: dict[int, int],
) -> dict[int, list[RiderEntry]]:
    result: dict[int, list[RiderEntry]] = {}
    for rider in riders:
        items = [
            RiderEntry(event=e.event, entry=e, status=e.status, position=positions.get(e.id))
            for e in rider.entries
        ]
        for member in rider.memberships:
            entry = team_entries.get(member.team_id)
            if entry is None:
                continue
            items.append(
                RiderEntry(
                    event=member.team.event,
                    entry=entry,
                    status=entry.status,
                    position=positions.get(entry.id),
                    team=member.team,
                    team_members=team_sizes.get(member.team_id, 0),
                )
            )
        items.sort(key=lambda item: (item.event.position, item.event.id))
        result[rider.id] = items
    return result


def known_stations(meet: Meet, limit: int = 30) -> list[str]:
    """The meet's most common stations, offered as suggestions so a station is spelt one way."""
    query = (
        select(Participant.station)
        .where(Participant.meet_id == meet.id, Participant.station != "")
        .group_by(Participant.station)
        .order_by(func.count().desc(), Participant.station)
        .limit(limit)
    )
    return list(db.session.scalars(query))
