"""Every version of a result, newest first, with who recorded it: for the desk's history."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from meet.extensions import db
from meet.models import Entry, Event, Match, RefereeAccess, Result, User
from meet.services.results.display import display_result, locale_name


@dataclass(frozen=True, slots=True)
class HistoryLine:
    """One version of a result with who recorded it."""

    result: Result
    display: str
    by: str


def result_history(
    event: Event, *, entry: Entry | None = None, match: Match | None = None
) -> list[HistoryLine]:
    """Every version of an entry's or a match's result, newest first, with who recorded it."""
    column = Result.entry_id if entry is not None else Result.match_id
    target_id = entry.id if entry is not None else match.id
    versions = list(
        db.session.scalars(
            select(Result).where(column == target_id).order_by(Result.version.desc())
        )
    )
    return _history_lines(event, versions)


def event_history(event: Event) -> dict[tuple[str, int], list[HistoryLine]]:
    """Every result version of the event, newest first, by ("entry" | "match", id)."""
    versions = db.session.scalars(
        select(Result).where(Result.event_id == event.id).order_by(Result.version.desc())
    )
    lines: dict[tuple[str, int], list[HistoryLine]] = {}
    for line in _history_lines(event, list(versions)):
        result = line.result
        key = ("entry", result.entry_id) if result.entry_id else ("match", result.match_id)
        lines.setdefault(key, []).append(line)
    return lines


def _history_lines(event: Event, versions: list[Result]) -> list[HistoryLine]:
    access_ids = {r.referee_access_id for r in versions if r.referee_access_id}
    user_ids = {r.user_id for r in versions if r.user_id}
    accesses = (
        {
            a.id: a.name or _("Referee")
            for a in db.session.scalars(
                select(RefereeAccess).where(RefereeAccess.id.in_(access_ids))
            )
        }
        if access_ids
        else {}
    )
    users = (
        {u.id: u.username for u in db.session.scalars(select(User).where(User.id.in_(user_ids)))}
        if user_ids
        else {}
    )
    locale = locale_name()
    lines = []
    for result in versions:
        if result.user_id:
            by = _("Organizer %(name)s", name=users.get(result.user_id, "?"))
        elif result.referee_access_id:
            by = _("Referee %(name)s", name=accesses.get(result.referee_access_id, "?"))
        else:
            by = _("Imported")
        lines.append(HistoryLine(result, display_result(event, result, locale), by))
    return lines
