"""Taking places: a rider (or the desk, for a walk-in) gets a bib, a private page and, in each
chosen event, a place or a waitlist position, all decided under the meet's lock.

Bibs come from meets.next_bib without gaps or repeats, and no event ever holds more registered
entries than its capacity, however many riders press the button in the same second. The lock is
held by the whole crowd in turn, so the locked part is kept short: it re-reads only the meet's
columns it decides by and writes its rows with Core statements past the unit of work.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value

from meet.extensions import db
from meet.models import Entry, Event, Meet, Participant, Team, TeamMember, utcnow
from meet.services.audit import insert_audit
from meet.services.locking import locked_meet
from meet.services.registration.intake import (
    AlreadyRegistered,
    RegistrationClosed,
    RegistrationError,
    RiderDetails,
    TeamChoice,
    clean_details,
    registration_state,
)
from meet.services.registration.queries import RiderEntry
from meet.services.registration.teams import (
    member_count,
    team_entry,
    team_named,
    team_problem,
    unused_join_code,
)
from meet.services.tokens import new_code, new_token

# What a registration reads of its meet under the lock; the rest of the row it does not use.
_DECIDING_COLUMNS = ("status", "registration_opens_at", "registration_closes_at", "next_bib")


@dataclass
class Registration:
    participant: Participant
    token: str  # the rider page's key, seen in clear only now
    entries: list[RiderEntry]


def register_rider(
    meet: Meet,
    details: RiderDetails,
    *,
    actor: str = "rider",
    user_id: int | None = None,
    check_in: bool = False,
) -> Registration:
    """Register a rider in the meet and the chosen events, or raise RegistrationError having saved
    nothing. Walk-ins at the desk come through here too (actor and user_id say who typed it)."""
    now = utcnow()
    state = registration_state(meet, now)
    if state != "open":
        raise RegistrationClosed(state)
    clean = clean_details(meet, details)  # everything that needs no lock, before queueing for it
    # keep_loaded: the answer is built from the rows just written.
    with locked_meet(meet.id, *_DECIDING_COLUMNS, keep_loaded=True) as deciding:
        for name, value in zip(_DECIDING_COLUMNS, deciding, strict=True):
            set_committed_value(meet, name, value)
        # Re-check under the lock what another rider may have changed since.
        state = registration_state(meet, now)
        if state != "open":
            raise RegistrationClosed(state)
        if _phone_taken(meet.id, clean.phone):
            raise AlreadyRegistered()
        # Every place is decided before anything is written.
        join_codes: set[str] = set()
        places = [
            _place(meet, event, clean.teams.get(event.id), join_codes) for event in clean.events
        ]
        token, token_hash = new_token()
        rider = _insert_row(
            Participant,
            meet_id=meet.id,
            bib=meet.next_bib,
            name=clean.name,
            phone=clean.phone,
            platform=clean.platform,
            station=clean.station,
            emergency_contact=clean.emergency_contact,
            token_hash=token_hash,
            checkin_code=new_code(),
            consent_at=now,
            checked_in_at=now if check_in else None,
            created_at=now,
        )
        _take_bib(meet)
        entries = [_enter(meet, rider, place, now) for place in places]
        db.session.flush()  # new teams and memberships, if any
        insert_audit(
            "participant.registered",
            rider,
            actor=actor,
            meet_id=meet.id,
            user_id=user_id,
            after={
                "bib": rider.bib,
                "events": {str(item.event.id): item.status for item in entries},
                "walk_in": user_id is not None,
            },
        )
    return Registration(participant=rider, token=token, entries=entries)


def registered_count(event_id: int) -> int:
    """Registered entries of the event: the places taken."""
    return _core_scalar(
        select(func.count())
        .select_from(Entry)
        .where(Entry.event_id == event_id, Entry.status == "registered")
    )


def _insert_row(model: type[Any], **values: Any) -> Any:
    """Insert one row with a Core INSERT and hand back its object, attached to the session as if
    loaded: the unit of work's bookkeeping cost more than the insert itself, and it ran while
    the registration lock was held. `values` names every column but the id, so nothing of the
    object is left to load."""
    result = db.session.connection().execute(insert(model.__table__), values)
    row = model(id=result.inserted_primary_key[0], **values)
    make_transient_to_detached(row)
    db.session.add(row)
    return row


def _take_bib(meet: Meet) -> None:
    """Move the meet's next bib on, under the lock, with one UPDATE outside the unit of work:
    the flush then has only the new rows to insert, which keeps the lock held shorter."""
    bib = meet.next_bib + 1
    db.session.connection().execute(
        update(Meet.__table__).where(Meet.__table__.c.id == meet.id).values(next_bib=bib)
    )
    set_committed_value(meet, "next_bib", bib)


def _places_now(event_id: int) -> tuple[int | None, int]:
    """The event's capacity and registered entries as they are under the lock, in one statement:
    the organizer may have changed the capacity since the event was loaded."""
    registered = (
        select(func.count())
        .select_from(Entry)
        .where(Entry.event_id == event_id, Entry.status == "registered")
        .scalar_subquery()
    )
    query = select(Event.capacity, registered).where(Event.id == event_id)
    capacity, count = db.session.connection().execute(query).one()
    return capacity, count


def _phone_taken(meet_id: int, phone: str) -> bool:
    query = select(Participant.id).where(Participant.meet_id == meet_id, Participant.phone == phone)
    return _core_scalar(query) is not None


def _core_scalar(query: Any) -> Any:
    """A column query run on the session's connection, past the ORM's per-statement work: the
    checks under the registration lock load no objects, and the lock is held while they run."""
    return db.session.connection().scalar(query)


def _waitlist_position(entry: Entry) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(Entry)
        .where(
            Entry.event_id == entry.event_id,
            Entry.status == "waitlisted",
            Entry.id <= entry.id,
        )
    )


@dataclass
class _Place:
    """Where a new rider goes in one event, decided under the lock before anything is written."""

    event: Event
    status: str
    position: int | None = None
    team: Team | None = None  # an existing team to join...
    team_entry: Entry | None = None
    new_team: str = ""  # ...or the name of the team to start, with its join code
    join_code: str = ""
    team_members: int = 0


def _place(meet: Meet, event: Event, choice: TeamChoice | None, join_codes: set[str]) -> _Place:
    """Under the lock: the capacity and team checks here are the ones that count."""
    field_name = f"team_{event.id}"
    if event.kind == "team" and choice is not None and choice.how != "create":
        team = db.session.get(Team, int(choice.value))
        problem = team_problem(event, team)
        if problem:
            raise RegistrationError({field_name: (problem, {})})
        entry = team_entry(team)
        position = _waitlist_position(entry) if entry.status == "waitlisted" else None
        members = member_count(team.id) + 1
        return _Place(event, entry.status, position, team, entry, team_members=members)
    status, position = "registered", None
    capacity, registered = _places_now(event.id)
    if capacity is not None and registered >= capacity:
        waiting = select(func.count()).where(
            Entry.event_id == event.id, Entry.status == "waitlisted"
        )
        status, position = "waitlisted", _core_scalar(waiting) + 1
    if event.kind != "team":
        return _Place(event, status, position)
    assert choice is not None  # clean_details made sure
    if team_named(event, choice.value) is not None:
        raise RegistrationError({field_name: ("team_name_taken", {})})
    code = unused_join_code(meet.id, join_codes)
    return _Place(event, status, position, new_team=choice.value, join_code=code, team_members=1)


def _enter(meet: Meet, rider: Participant, place: _Place, now: datetime) -> RiderEntry:
    """The rider's entry (or team membership) as placed: one insert for an entry of their own;
    a team's rows are left to the flush."""
    event = place.event
    if place.team is None and not place.new_team:
        entry = _insert_row(
            Entry,
            event_id=event.id,
            participant_id=rider.id,
            team_id=None,
            status=place.status,
            seed=None,
            result_version=0,
            created_at=now,
        )
        return RiderEntry(event, entry, place.status, place.position)
    team, entry = place.team, place.team_entry
    if team is None:
        team = Team(
            meet_id=meet.id,
            event_id=event.id,
            name=place.new_team,
            station=rider.station,
            join_code=place.join_code,
            captain=rider,
        )
        entry = Entry(event_id=event.id, team=team, status=place.status)
        db.session.add_all([team, entry])
    db.session.add(TeamMember(team=team, event_id=event.id, participant=rider))
    return RiderEntry(event, entry, place.status, place.position, team, place.team_members)
