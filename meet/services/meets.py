"""The organizer's changes to meets (create, edit, status, copy, points table), each checked,
committed and written to the audit log. Reading meets: meet_queries.py."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from meet.extensions import db
from meet.models import Event, Meet
from meet.scoring.base import RulesError
from meet.scoring.standings import validate_points_table
from meet.services.audit import record_audit
from meet.services.meet_queries import SLUG_MAX_LENGTH

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_LENGTH = (3, SLUG_MAX_LENGTH)
# Registration is closed early and sometimes must reopen (a late group of riders arrives), so
# open and closed go both ways. A draft is what nobody outside has seen yet, so nothing goes back
# to it; finished is the end: results are final and certificates are printed from them.
STATUS_TRANSITIONS: dict[str, tuple[str, ...]] = {
    "draft": ("open",),
    "open": ("closed",),
    "closed": ("open", "finished"),
    "finished": (),
}
MULTIPLIER_RANGE = (1, 10)


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why a field's value was refused: a stable code the desk translates, and the numbers or
    English detail the message needs."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)


class ChangeRefused(ValueError):
    """An organizer's change was refused; nothing was saved. `problems` maps each form field
    (dotted for event rules, e.g. "rules.pulls") to its refusal."""

    def __init__(self, problems: Mapping[str, Refusal]) -> None:
        self.problems = dict(problems)
        super().__init__("; ".join(f"{name}: {r.code}" for name, r in self.problems.items()))


@dataclass(frozen=True, slots=True)
class MeetDetails:
    """What the organizer types about a meet. Times are naive UTC."""

    slug: str
    name: str
    starts_on: date
    ends_on: date
    venue: str = ""
    organizer_name: str = ""
    seal_text: str = ""
    registration_opens_at: datetime | None = None
    registration_closes_at: datetime | None = None


def meet_snapshot(meet: Meet) -> dict[str, Any]:
    """The meet's organizer-set fields as JSON, for the audit log."""
    return {
        "slug": meet.slug,
        "name": meet.name,
        "starts_on": _iso(meet.starts_on),
        "ends_on": _iso(meet.ends_on),
        "venue": meet.venue,
        "organizer_name": meet.organizer_name,
        "seal_text": meet.seal_text,
        "registration_opens_at": _iso(meet.registration_opens_at),
        "registration_closes_at": _iso(meet.registration_closes_at),
        "status": meet.status,
        "points_table": list(meet.points_table or []),
        "team_event_multiplier": meet.team_event_multiplier,
    }


def create_meet(details: MeetDetails, *, actor: str, user_id: int | None = None) -> Meet:
    """A new meet, in draft, with the default points table."""
    details = _normalised(details)
    _check_details(details, None)
    meet = Meet(status="draft", **_detail_values(details))
    db.session.add(meet)
    _flush_or_slug_taken()
    record_audit(
        "meet.created",
        meet,
        actor=actor,
        meet_id=meet.id,
        user_id=user_id,
        after=meet_snapshot(meet),
    )
    _commit_or_slug_taken()
    return meet


def update_meet(
    meet: Meet, details: MeetDetails, *, actor: str, user_id: int | None = None
) -> Meet:
    details = _normalised(details)
    _check_details(details, meet)
    before = meet_snapshot(meet)
    for name, value in _detail_values(details).items():
        setattr(meet, name, value)
    _flush_or_slug_taken()
    after = meet_snapshot(meet)
    if after != before:
        record_audit(
            "meet.updated",
            meet,
            actor=actor,
            meet_id=meet.id,
            user_id=user_id,
            before=before,
            after=after,
        )
    _commit_or_slug_taken()
    return meet


def allowed_statuses(meet: Meet) -> tuple[str, ...]:
    """The statuses the meet may move to next."""
    return STATUS_TRANSITIONS.get(meet.status, ())


def change_meet_status(meet: Meet, status: str, *, actor: str, user_id: int | None = None) -> Meet:
    if status not in allowed_statuses(meet):
        raise ChangeRefused(
            {"status": Refusal("bad_transition", {"current": meet.status, "wanted": status})}
        )
    if status == "open" and not meet.events:
        raise ChangeRefused({"status": Refusal("no_events")})
    before = meet.status
    meet.status = status
    record_audit(
        "meet.status_changed",
        meet,
        actor=actor,
        meet_id=meet.id,
        user_id=user_id,
        before={"status": before},
        after={"status": status},
    )
    db.session.commit()
    return meet


def copy_meet(
    source: Meet,
    *,
    slug: str,
    name: str,
    starts_on: date,
    ends_on: date,
    venue: str,
    actor: str,
    user_id: int | None = None,
) -> Meet:
    """A new draft meet for the next community: the source's events with their rules, schedule
    (moved by as many days as the meet moved), points table and print settings; no riders,
    teams, results or referee accesses."""
    shift = starts_on - source.starts_on
    details = _normalised(
        MeetDetails(
            slug=slug,
            name=name,
            starts_on=starts_on,
            ends_on=ends_on,
            venue=venue,
            organizer_name=source.organizer_name,
            seal_text=source.seal_text,
            registration_opens_at=_shifted(source.registration_opens_at, shift),
            registration_closes_at=_shifted(source.registration_closes_at, shift),
        )
    )
    _check_details(details, None)
    copy = Meet(
        status="draft",
        points_table=list(source.points_table or []),
        team_event_multiplier=source.team_event_multiplier,
        print_settings=dict(source.print_settings or {}),
        **_detail_values(details),
    )
    copy.events = [
        Event(
            sport=event.sport,
            name=event.name,
            kind=event.kind,
            rules=dict(event.rules or {}),
            capacity=event.capacity,
            team_size_min=event.team_size_min,
            team_size_max=event.team_size_max,
            starts_at=_shifted(event.starts_at, shift),
            place=event.place,
            position=event.position,
            points_multiplier=event.points_multiplier,
        )
        for event in source.events
    ]
    db.session.add(copy)
    _flush_or_slug_taken()
    record_audit(
        "meet.copied",
        copy,
        actor=actor,
        meet_id=copy.id,
        user_id=user_id,
        before={"source": source.slug},
        after={**meet_snapshot(copy), "events": [event.name for event in copy.events]},
    )
    _commit_or_slug_taken()
    return copy


def set_points_table(
    meet: Meet,
    points_table: list[Any],
    team_event_multiplier: int,
    *,
    actor: str,
    user_id: int | None = None,
) -> Meet:
    """The points each place earns in the team standings, and the factor for team events."""
    problems: dict[str, Refusal] = {}
    try:
        table = list(validate_points_table(points_table))
    except RulesError as error:
        problems.update(
            {name: Refusal(p.code, {"detail": p.message}) for name, p in error.problems.items()}
        )
    low, high = MULTIPLIER_RANGE
    if not low <= team_event_multiplier <= high:
        problems["team_event_multiplier"] = Refusal("out_of_range", {"low": low, "high": high})
    if problems:
        raise ChangeRefused(problems)
    before = {"points_table": list(meet.points_table), "multiplier": meet.team_event_multiplier}
    meet.points_table = table
    meet.team_event_multiplier = team_event_multiplier
    after = {"points_table": table, "multiplier": team_event_multiplier}
    if after != before:
        record_audit(
            "meet.points_table_changed",
            meet,
            actor=actor,
            meet_id=meet.id,
            user_id=user_id,
            before=before,
            after=after,
        )
    db.session.commit()
    return meet


def _normalised(details: MeetDetails) -> MeetDetails:
    return MeetDetails(
        slug=details.slug.strip().lower(),
        name=details.name.strip(),
        starts_on=details.starts_on,
        ends_on=details.ends_on,
        venue=details.venue.strip(),
        organizer_name=details.organizer_name.strip(),
        seal_text=details.seal_text.strip(),
        registration_opens_at=details.registration_opens_at,
        registration_closes_at=details.registration_closes_at,
    )


def _check_details(details: MeetDetails, meet: Meet | None) -> None:
    problems: dict[str, Refusal] = {}
    low, high = SLUG_LENGTH
    if meet is not None and meet.status != "draft" and details.slug != meet.slug:
        # Posters and riders' phones already hold the registration address with the old slug.
        problems["slug"] = Refusal("slug_locked")
    elif not (low <= len(details.slug) <= high and SLUG.match(details.slug)):
        problems["slug"] = Refusal("slug_format", {"low": low, "high": high})
    elif _slug_taken(details.slug, meet):
        problems["slug"] = Refusal("slug_taken")
    if not details.name:
        problems["name"] = Refusal("required")
    if details.ends_on < details.starts_on:
        problems["ends_on"] = Refusal("ends_before_starts")
    opens, closes = details.registration_opens_at, details.registration_closes_at
    if opens is not None and closes is not None and closes <= opens:
        problems["registration_closes_at"] = Refusal("closes_before_opens")
    if problems:
        raise ChangeRefused(problems)


def _slug_taken(slug: str, meet: Meet | None) -> bool:
    query = select(Meet.id).where(Meet.slug == slug)
    if meet is not None:
        query = query.where(Meet.id != meet.id)
    return db.session.scalar(query) is not None


def _detail_values(details: MeetDetails) -> dict[str, Any]:
    return {
        "slug": details.slug,
        "name": details.name,
        "starts_on": details.starts_on,
        "ends_on": details.ends_on,
        "venue": details.venue,
        "organizer_name": details.organizer_name,
        "seal_text": details.seal_text,
        "registration_opens_at": details.registration_opens_at,
        "registration_closes_at": details.registration_closes_at,
    }


def _flush_or_slug_taken() -> None:
    """Flush; a slug taken by a meet saved at the same moment is refused like any taken slug."""
    try:
        db.session.flush()
    except IntegrityError as error:
        db.session.rollback()
        raise ChangeRefused({"slug": Refusal("slug_taken")}) from error


def _commit_or_slug_taken() -> None:
    try:
        db.session.commit()
    except IntegrityError as error:
        db.session.rollback()
        raise ChangeRefused({"slug": Refusal("slug_taken")}) from error


def _shifted(moment: datetime | None, shift: timedelta) -> datetime | None:
    return moment + shift if moment is not None else None


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None
