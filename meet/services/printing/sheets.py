"""The paper score sheet of an event: its entries (and matches) with boxes laid out for the
sport's marks, for scoring by hand."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from meet.extensions import db
from meet.models import Entry, Event, Match
from meet.scoring.base import RulesError
from meet.services.printing.render import render_pdf
from meet.sports.registry import get_sport, sport_desk


@dataclass(frozen=True)
class SheetRow:
    bib: int | None
    name: str
    station: str


@dataclass(frozen=True)
class SheetMatch:
    label: str
    court: str
    a: str
    b: str


# Blank rows added to each sheet for walk-ins and for matches drawn on the day.
SPARE_ROWS = 3


def sheet_pdf(event: Event) -> bytes:
    """The paper score sheet of one event, its boxes laid out for the event's sport."""
    entries = _registered_entries(event)
    rows = sorted((_sheet_row(entry) for entry in entries), key=lambda r: (r.bib or 0, r.name))
    desk = sport_desk(event.sport)
    matches = _sheet_matches(event) if desk.is_match else []
    return render_pdf(
        "sheet.html",
        desk=desk,
        event=event,
        meet=event.meet,
        rules=_rules(event),
        rows=rows,
        matches=matches,
        spare=range(SPARE_ROWS),
    )


def _rules(event: Event) -> dict[str, Any]:
    """The event's rules with the sport's defaults filled in, so every box has its count."""
    sport = get_sport(event.sport)
    try:
        return sport.validate_rules(event.rules or {})
    except RulesError:
        return {**sport.default_rules(), **(event.rules or {})}


def _registered_entries(event: Event) -> list[Entry]:
    query = (
        select(Entry)
        .where(Entry.event_id == event.id, Entry.status == "registered")
        .options(selectinload(Entry.participant), selectinload(Entry.team))
    )
    return list(db.session.scalars(query))


def _sheet_row(entry: Entry) -> SheetRow:
    if entry.participant is not None:
        rider = entry.participant
        return SheetRow(rider.bib, rider.name, rider.station)
    team = entry.team
    return SheetRow(None, team.name if team else "", team.station if team else "")


def _sheet_matches(event: Event) -> list[SheetMatch]:
    query = (
        select(Match)
        .where(Match.event_id == event.id)
        .order_by(Match.round, Match.position, Match.id)
        .options(
            selectinload(Match.side_a).selectinload(Entry.team),
            selectinload(Match.side_b).selectinload(Entry.team),
        )
    )
    matches = []
    for match in db.session.scalars(query):
        label = match.group_label or _("Round %(round)s", round=match.round)
        matches.append(
            SheetMatch(label, match.court, _side_name(match.side_a), _side_name(match.side_b))
        )
    return matches


def _side_name(entry: Entry | None) -> str:
    if entry is None:
        return ""
    if entry.team is not None:
        return entry.team.name
    return entry.participant.name if entry.participant else ""
