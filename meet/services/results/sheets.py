"""The list of an event a referee scores from (and the desk corrects on): a row per entry or
match, with its riders' check-in and its current result."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from meet.extensions import db
from meet.models import Entry, Event, Match, Participant, Result, Team, TeamMember
from meet.scoring.base import MatchSport
from meet.services.results.display import display_result, locale_name
from meet.sports.registry import get_sport


@dataclass(slots=True)
class Side:
    """One side of a match on the referee's list."""

    entry_id: int | None
    name: str
    checked_in: int = 0
    members: int = 0


@dataclass(slots=True)
class SheetRow:
    """One line of a referee's list: an entry, or a match between two sides."""

    kind: str  # "entry" or "match"
    id: int
    name: str
    bibs: list[int]
    checked_in: int
    members: int
    version: int
    result: Result | None
    display: str
    team: str = ""
    label: str = ""
    a: Side | None = None
    b: Side | None = None
    stage: str = ""
    status: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def bib(self) -> int | None:
        return self.bibs[0] if len(self.bibs) == 1 else None

    @property
    def all_checked_in(self) -> bool:
        return self.members > 0 and self.checked_in == self.members


def scoring_sheet(event: Event) -> list[SheetRow]:
    """The referee's list for an event in schedule order: its matches for a match sport, else
    its registered entries (by seed, then bib or team name), with check-in and current result."""
    if isinstance(get_sport(event.sport), MatchSport):
        return _match_rows(event)
    return _entry_rows(event)


def _entries(event: Event) -> list[Entry]:
    query = (
        select(Entry)
        .where(Entry.event_id == event.id)
        .options(
            selectinload(Entry.participant),
            selectinload(Entry.team)
            .selectinload(Team.members)
            .selectinload(TeamMember.participant),
        )
    )
    return list(db.session.scalars(query))


def _entry_identity(entry: Entry) -> tuple[str, list[int], int, int, str]:
    """Name, bibs, riders checked in, riders, team name of an entry."""
    if entry.participant is not None:
        rider = entry.participant
        return rider.name, [rider.bib], int(rider.checked_in_at is not None), 1, rider.station
    riders: list[Participant] = [member.participant for member in entry.team.members]
    checked = sum(rider.checked_in_at is not None for rider in riders)
    return entry.team.name, sorted(r.bib for r in riders), checked, len(riders), entry.team.name


def _entry_rows(event: Event) -> list[SheetRow]:
    results = current_results(event)
    locale = locale_name()
    rows = []
    for entry in _entries(event):
        if entry.status != "registered":
            continue
        name, bibs, checked, members, team = _entry_identity(entry)
        result = results.get(entry.id)
        rows.append(
            SheetRow(
                kind="entry",
                id=entry.id,
                name=name,
                bibs=bibs,
                checked_in=checked,
                members=members,
                version=entry.result_version,
                result=result,
                display=display_result(event, result, locale),
                team=team if entry.participant is None else "",
                extra={"seed": entry.seed},
            )
        )
    rows.sort(key=lambda r: (r.extra["seed"] is None, r.extra["seed"] or 0, r.bibs[:1], r.name))
    return rows


def _match_rows(event: Event) -> list[SheetRow]:
    entries = {entry.id: entry for entry in _entries(event)}
    results = current_match_results(event)
    locale = locale_name()
    query = (
        select(Match)
        .where(Match.event_id == event.id)
        .order_by(Match.round, Match.position, Match.id)
    )
    rows = []
    for match in db.session.scalars(query):
        sides = []
        for entry_id in (match.side_a_id, match.side_b_id):
            entry = entries.get(entry_id) if entry_id else None
            if entry is None:
                sides.append(Side(None, ""))
                continue
            name, _bibs, checked, members, _team = _entry_identity(entry)
            sides.append(Side(entry.id, name, checked, members))
        bibs = sorted(
            bib
            for entry_id in (match.side_a_id, match.side_b_id)
            if entry_id in entries
            for bib in _entry_identity(entries[entry_id])[1]
        )
        result = results.get(match.id)
        rows.append(
            SheetRow(
                kind="match",
                id=match.id,
                name=f"{sides[0].name or '?'} – {sides[1].name or '?'}",
                bibs=bibs,
                checked_in=sides[0].checked_in + sides[1].checked_in,
                members=sides[0].members + sides[1].members,
                version=match.result_version,
                result=result,
                display=display_result(event, result, locale),
                label=" ".join(filter(None, (match.group_label, match.court))),
                a=sides[0],
                b=sides[1],
                stage=match.stage,
                status=match.status,
                extra={"round": match.round, "winner": match.winner},
            )
        )
    return rows


def current_results(event: Event) -> dict[int, Result]:
    """The latest result version of each entry of the event that has one, by entry id."""
    query = (
        select(Result)
        .join(Entry, (Entry.id == Result.entry_id) & (Entry.result_version == Result.version))
        .where(Entry.event_id == event.id)
    )
    return {result.entry_id: result for result in db.session.scalars(query)}


def current_match_results(event: Event) -> dict[int, Result]:
    """The latest result version of each match of the event that has one, by match id."""
    query = (
        select(Result)
        .join(Match, (Match.id == Result.match_id) & (Match.result_version == Result.version))
        .where(Match.event_id == event.id)
    )
    return {result.match_id: result for result in db.session.scalars(query)}
