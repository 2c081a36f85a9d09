"""Events of a meet: made from a sport's template, their rules checked by that sport's module
in meet.scoring, and the changes refused that would lose or contradict what riders and referees
already did (results, entries)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from meet.extensions import db
from meet.models import Entry, Event, Match, Meet, Result
from meet.models.meet import EVENT_KINDS
from meet.scoring.base import MarksError, MatchSport, RulesError
from meet.services.audit import record_audit
from meet.services.locking import locked_meet
from meet.services.meet_queries import event_summary, fits_id
from meet.services.meets import ChangeRefused, Refusal
from meet.services.registration.places import registered_count
from meet.services.registration.waitlist import promote_from_waitlist
from meet.sports.registry import SPORTS, get_sport, sport_desk

MULTIPLIER_RANGE = (0, 10)
# Places and team sizes: far more than any meet, far less than the database's integers.
SIZE_RANGE = (1, 10_000)


@dataclass(frozen=True, slots=True)
class EventDetails:
    """What the organizer types about an event. `starts_at` is naive UTC."""

    sport: str
    name: str
    kind: str = "individual"
    rules: Mapping[str, Any] = field(default_factory=dict)
    capacity: int | None = None
    team_size_min: int | None = None
    team_size_max: int | None = None
    starts_at: datetime | None = None
    place: str = ""
    points_multiplier: int | None = None


def sport_kind(sport: str, requested: str = "individual") -> str:
    """The event kind a sport allows: the organizer's choice where the sport offers both (its
    own events), otherwise the sport's (match sports are team events)."""
    return sport_desk(sport).kind(requested)


def event_template(sport: str, name: str) -> EventDetails:
    """A new event of the sport as its template suggests: default rules and roster size."""
    kind = sport_kind(sport)
    sizes = sport_desk(sport).team_sizes if kind == "team" else None
    return EventDetails(
        sport=sport,
        name=name,
        kind=kind,
        rules=get_sport(sport).default_rules(),
        team_size_min=sizes[0] if sizes else None,
        team_size_max=sizes[1] if sizes else None,
    )


def get_event(event_id: int) -> Event | None:
    return db.session.get(Event, event_id) if fits_id(event_id) else None


def event_has_results(event: Event) -> bool:
    query = select(Result.id).where(Result.event_id == event.id).limit(1)
    return db.session.scalar(query) is not None


def entry_count(event: Event) -> int:
    """Entries of any status: they tie the event to riders or teams of one kind."""
    return db.session.scalar(select(func.count()).where(Entry.event_id == event.id))


def event_snapshot(event: Event) -> dict[str, Any]:
    """The event's organizer-set fields as JSON, for the audit log."""
    return {
        "sport": event.sport,
        "name": event.name,
        "kind": event.kind,
        "rules": dict(event.rules or {}),
        "capacity": event.capacity,
        "team_size_min": event.team_size_min,
        "team_size_max": event.team_size_max,
        "starts_at": event.starts_at.isoformat() if event.starts_at else None,
        "place": event.place,
        "points_multiplier": event.points_multiplier,
    }


def create_event(
    meet: Meet, details: EventDetails, *, actor: str, user_id: int | None = None
) -> Event:
    values = _checked(details)
    last = db.session.scalar(select(func.max(Event.position)).where(Event.meet_id == meet.id))
    event = Event(meet_id=meet.id, position=(last + 1) if last is not None else 0, **values)
    db.session.add(event)
    db.session.flush()
    record_audit(
        "event.created",
        event,
        actor=actor,
        meet_id=meet.id,
        user_id=user_id,
        after=event_snapshot(event),
    )
    db.session.commit()
    return event


def update_event(
    event: Event, details: EventDetails, *, actor: str, user_id: int | None = None
) -> Event:
    """Save the organizer's changes. The sport changes only through change_event_sport. More
    places move riders up from the waitlist at once, as a withdrawal does.

    Under the meet's lock, which registration takes its places under: the capacity is checked
    against a count no registration can change meanwhile, and the new places go to the waitlist
    in the same transaction, before any rider registering now can take them."""
    with locked_meet(event.meet_id):
        values = _checked(details, event)
        before = event_snapshot(event)
        for name, value in values.items():
            setattr(event, name, value)
        after = event_snapshot(event)
        if after != before:
            record_audit(
                "event.updated",
                event,
                actor=actor,
                meet_id=event.meet_id,
                user_id=user_id,
                before=before,
                after=after,
            )
        if _more_places(before["capacity"], event.capacity):
            promote_from_waitlist(event, actor=actor, user_id=user_id)
    return event


def _more_places(before: int | None, after: int | None) -> bool:
    return before is not None and (after is None or after > before)


def change_event_sport(
    event: Event, sport: str, *, actor: str, user_id: int | None = None
) -> Event:
    """Make the event another sport, with that sport's template rules. Refused once a result
    exists (it was measured under the old sport's rules) and, when the kind would change
    (individual or team), once anyone has entered."""
    if sport not in SPORTS:
        raise ChangeRefused({"sport": Refusal("not_a_choice")})
    if sport == event.sport:
        return event
    if event_has_results(event):
        raise ChangeRefused({"sport": Refusal("sport_locked")})
    kind = sport_kind(sport, event.kind)
    if kind != event.kind and entry_count(event):
        raise ChangeRefused({"sport": Refusal("kind_locked")})
    before = event_snapshot(event)
    template = event_template(sport, event.name)
    event.sport = sport
    event.kind = kind
    event.rules = dict(template.rules)
    if kind == "team" and event.team_size_min is None:
        event.team_size_min, event.team_size_max = template.team_size_min, template.team_size_max
    if kind == "individual":
        event.team_size_min = event.team_size_max = None
    record_audit(
        "event.sport_changed",
        event,
        actor=actor,
        meet_id=event.meet_id,
        user_id=user_id,
        before=before,
        after=event_snapshot(event),
    )
    db.session.commit()
    return event


def delete_event(event: Event, *, actor: str, user_id: int | None = None) -> None:
    """Delete an event that has no results yet, with its entries, teams and matches. An event
    with results is refused: results are never thrown away."""
    if event_has_results(event):
        raise ChangeRefused({"event": Refusal("has_results")})
    before = {**event_snapshot(event), "entries": entry_count(event)}
    record_audit(
        "event.deleted",
        event,
        actor=actor,
        meet_id=event.meet_id,
        user_id=user_id,
        before=before,
    )
    db.session.delete(event)
    db.session.commit()


def public_event_detail(event: Event) -> dict[str, Any]:
    """The event for GET /api/v1/events/<id>: its rules, its entries and, for match sports,
    its matches with the score of their latest result version."""
    entries = list(
        db.session.scalars(
            select(Entry)
            .where(Entry.event_id == event.id)
            .options(selectinload(Entry.participant), selectinload(Entry.team))
            .order_by(Entry.id)
        )
    )
    return {
        **event_summary(event, sum(entry.status == "registered" for entry in entries)),
        "meet": event.meet.slug,
        "rules": dict(event.rules or {}),
        "entries": [_entry_detail(entry) for entry in entries],
        "matches": _match_details(event),
    }


def _entry_detail(entry: Entry) -> dict[str, Any]:
    rider, team = entry.participant, entry.team
    if team is not None:
        return {
            "id": entry.id,
            "bib": None,
            "name": team.name,
            "team": team.name,
            "status": entry.status,
        }
    # A rider's team is their station: the side they score for in the team standings.
    return {
        "id": entry.id,
        "bib": rider.bib,
        "name": rider.name,
        "team": rider.station or None,
        "status": entry.status,
    }


def _match_details(event: Event) -> list[dict[str, Any]]:
    sport = get_sport(event.sport)
    if not isinstance(sport, MatchSport):
        return []
    matches = list(
        db.session.scalars(
            select(Match)
            .where(Match.event_id == event.id)
            .order_by(Match.round, Match.position, Match.id)
        )
    )
    versions = {match.id: match.result_version for match in matches}
    results = db.session.scalars(
        select(Result).where(Result.event_id == event.id, Result.match_id.is_not(None))
    )
    latest = {r.match_id: r for r in results if r.version == versions.get(r.match_id)}
    return [
        {
            "id": match.id,
            "round": match.round,
            "stage": match.stage,
            "group": match.group_label,
            "court": match.court,
            "a": match.side_a_id,
            "b": match.side_b_id,
            "score": _score(sport, latest.get(match.id), event.rules),
            "winner": match.winner,
            "status": match.status,
            "version": match.result_version,
        }
        for match in matches
    ]


def _score(sport: MatchSport, result: Result | None, rules: dict[str, Any]) -> dict | None:
    """The score of a match's latest result, or None before one (or for a DNS or DQ)."""
    if result is None or result.status != "ok":
        return None
    try:
        score = sport.score(sport.validate_marks(result.marks, rules), rules)
    except MarksError:
        return None
    return {"a": score.a, "b": score.b}


def _checked(details: EventDetails, event: Event | None = None) -> dict[str, Any]:
    """The event's column values from what the organizer typed, or ChangeRefused listing every
    problem at once."""
    problems: dict[str, Refusal] = {}
    sport = event.sport if event is not None else details.sport
    if sport not in SPORTS:
        raise ChangeRefused({"sport": Refusal("not_a_choice")})
    name = details.name.strip()
    if not name:
        problems["name"] = Refusal("required")
    if details.kind not in EVENT_KINDS:
        problems["kind"] = Refusal("not_a_choice")
    kind = sport_kind(sport, details.kind if details.kind in EVENT_KINDS else "individual")
    if event is not None and kind != event.kind and entry_count(event):
        problems["kind"] = Refusal("kind_locked")
    try:
        rules = get_sport(sport).validate_rules(details.rules)
    except RulesError as error:
        rules = {}
        for path, problem in error.problems.items():
            problems[f"rules.{path}"] = Refusal(problem.code, dict(problem.params))
    size_low, size_high = SIZE_RANGE
    too_big = Refusal("out_of_range", {"low": size_low, "high": size_high})
    if details.capacity is not None and details.capacity < 1:
        problems["capacity"] = Refusal("at_least_one")
    elif details.capacity is not None and details.capacity > size_high:
        problems["capacity"] = too_big
    elif details.capacity is not None and event is not None:
        entered = registered_count(event.id)
        if details.capacity < entered:
            problems["capacity"] = Refusal("capacity_below_entered", {"entered": entered})
    size_min, size_max = details.team_size_min, details.team_size_max
    if kind == "team":
        for name_, size in (("team_size_min", size_min), ("team_size_max", size_max)):
            if size is not None and size < 1:
                problems[name_] = Refusal("at_least_one")
            elif size is not None and size > size_high:
                problems[name_] = too_big
        if size_min is not None and size_max is not None and 1 <= size_max < size_min:
            problems["team_size_min"] = Refusal("team_size_order")
    else:
        size_min = size_max = None
    low, high = MULTIPLIER_RANGE
    if details.points_multiplier is not None and not low <= details.points_multiplier <= high:
        problems["points_multiplier"] = Refusal("out_of_range", {"low": low, "high": high})
    if problems:
        raise ChangeRefused(problems)
    return {
        "sport": sport,
        "name": name,
        "kind": kind,
        "rules": rules,
        "capacity": details.capacity,
        "team_size_min": size_min,
        "team_size_max": size_max,
        "starts_at": details.starts_at,
        "place": details.place.strip(),
        "points_multiplier": details.points_multiplier,
    }
