"""Meets: reading them for the pages, and the organizer's changes (create, edit, status, copy,
points table), each checked, committed and written to the audit log."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from meet.extensions import db
from meet.models import AuditLog, Entry, Event, Meet, Participant
from meet.scoring import RulesError
from meet.scoring.standings import validate_points_table
from meet.services.audit import record_audit
from meet.services.tokens import hash_token

PUBLIC_STATUSES = ("open", "closed")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_LENGTH = (3, 60)
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
    if "\x00" in slug or len(slug) > SLUG_LENGTH[1]:
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


def meet_audit_log(meet: Meet, limit: int = 1000) -> list[AuditLog]:
    """The newest `limit` audit rows of the meet, newest first."""
    query = (
        select(AuditLog)
        .where(AuditLog.meet_id == meet.id)
        .order_by(AuditLog.created_at.desc(), AuditLog.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(query))


def audit_changes(row: AuditLog) -> list[tuple[str, Any, Any]]:
    """The fields an audit row changed, as (field, before, after); every field for a creation
    or a deletion."""
    before, after = row.before or {}, row.after or {}
    fields = list(dict.fromkeys([*before, *after]))
    return [
        (name, before.get(name), after.get(name))
        for name in fields
        if before.get(name) != after.get(name) or not row.before or not row.after
    ]


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
