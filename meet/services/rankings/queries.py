"""Each event's registered entries placed in finishing order, read from the current result
versions in a few queries for all the events at once; the placing itself is meet/scoring's.

Only registered entries are placed (never waitlisted or withdrawn). An entry's current result is
the version named by `Entry.result_version`; an entry without one is pending.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, Text, and_, cast, select

from meet.extensions import db
from meet.models import Entry, Event, Match, Participant, Result, Team
from meet.scoring import brackets
from meet.scoring.base import MatchSport, MeasuredSport, RulesError, Sport
from meet.scoring.placing import (
    PENDING,
    Competitor,
    GroupMatch,
    Placed,
    breaks_ties_with_marks,
    place_matches,
    place_measured,
)
from meet.services.brackets import bracket_match
from meet.sports.registry import get_sport


@dataclass(slots=True)
class EventEntry(Competitor):
    """An entry as the rankings show it: who it is (a team entry by its team's name), the station
    shown beside it, and `counts_for`, its key in the team standings."""

    bib: int | None = None
    name: str = ""
    team: str | None = None
    counts_for: str | None = None


def sport_and_rules(event: Event) -> tuple[Sport, dict[str, Any]]:
    sport = get_sport(event.sport)
    try:
        return sport, sport.validate_rules(event.rules or {})
    except RulesError:
        # Stored rules were validated when saved; an event edited outside the app still ranks.
        return sport, {**sport.default_rules(), **(event.rules or {})}


def placed_by_event(events: Sequence[Event]) -> dict[int, list[Placed[EventEntry]]]:
    """Each event's entries in finishing order, from a few queries for all the events."""
    sports = {event.id: sport_and_rules(event) for event in events}
    entries = _entries(
        list(sports), [i for i, (sport, _) in sports.items() if breaks_ties_with_marks(sport)]
    )
    match_events = [i for i, (sport, _) in sports.items() if isinstance(sport, MatchSport)]
    matches = _matches(match_events) if match_events else {}
    placed: dict[int, list[Placed[EventEntry]]] = {}
    for event in events:
        sport, rules = sports[event.id]
        field = entries.get(event.id, [])
        if isinstance(sport, MeasuredSport):
            placed[event.id] = place_measured(sport, rules, field)
        else:
            assert isinstance(sport, MatchSport)
            group, bracket = matches.get(event.id, ([], []))
            placed[event.id] = place_matches(sport, rules, field, group, bracket)
    return placed


def _entries(event_ids: list[int], with_marks: list[int]) -> dict[int, list[EventEntry]]:
    """Registered entries with their current result, listed by bib (teams by name); the marks
    only for the events in `with_marks`. Core queries: ORM rows would cost more than the SQL."""
    query = (
        select(
            Entry.event_id,
            Entry.id,
            Participant.bib,
            Participant.name,
            Participant.station,
            Team.name,
            Team.station,
            Result.status,
            Result.value,
        )
        .select_from(Entry)
        .outerjoin(Participant, Participant.id == Entry.participant_id)
        .outerjoin(Team, Team.id == Entry.team_id)
        .outerjoin(
            Result, and_(Result.entry_id == Entry.id, Result.version == Entry.result_version)
        )
        .where(Entry.event_id.in_(event_ids), Entry.status == "registered")
        .order_by(Entry.event_id, Participant.bib, Team.name, Entry.id)
    )
    connection = db.session.connection()
    marks = dict(connection.execute(_current_marks(with_marks)).all()) if with_marks else {}
    found: dict[int, list[EventEntry]] = {}
    for row in connection.execute(query).all():
        event_id, entry_id, bib, name, station, team_name, team_station, status, value = row
        if team_name is not None:
            name, station, counts_for = team_name, team_station, team_station or team_name
        else:
            counts_for = station
        if status is None or (status == "ok" and value is None):
            status = PENDING
        found.setdefault(event_id, []).append(
            EventEntry(
                entry_id,
                status,
                value,
                marks.get(entry_id),
                bib,
                name,
                station or None,
                counts_for or None,
            )
        )
    return found


def _current_marks(event_ids: list[int]) -> Select:
    """(entry id, marks as JSON text) of the current ok results of registered entries of the
    events. Text, because most are never looked at: see place_measured."""
    return (
        select(Result.entry_id, cast(Result.marks, Text))
        .join(Entry, and_(Entry.id == Result.entry_id, Entry.result_version == Result.version))
        .where(Entry.event_id.in_(event_ids), Entry.status == "registered", Result.status == "ok")
    )


def _matches(event_ids: list[int]) -> dict[int, tuple[list[GroupMatch], list[brackets.Match]]]:
    """Each event's group matches with their current result, and its knockout matches (every
    stage but "group") in the bracket model."""
    query = (
        select(
            Match.event_id,
            Match.id,
            Match.stage,
            Match.round,
            Match.group_label,
            Match.side_a_id,
            Match.side_b_id,
            Match.status,
            Match.winner,
            Match.next_match_id,
            Match.next_slot,
            Result.status.label("result_status"),
            Result.marks,
        )
        .outerjoin(
            Result, and_(Result.match_id == Match.id, Result.version == Match.result_version)
        )
        .where(Match.event_id.in_(event_ids))
        .order_by(Match.event_id, Match.round, Match.position, Match.id)
    )
    found: dict[int, tuple[list[GroupMatch], list[brackets.Match]]] = {}
    for row in db.session.connection().execute(query):
        group, bracket = found.setdefault(row.event_id, ([], []))
        if row.stage == "group":
            group.append(
                GroupMatch(
                    row.group_label,
                    row.side_a_id,
                    row.side_b_id,
                    row.status == "finished",
                    row.winner,
                    row.result_status,
                    row.marks,
                )
            )
        else:
            bracket.append(bracket_match(row))
    return found
