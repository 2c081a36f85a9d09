"""Registration: a rider (or the desk, for a walk-in) enters a meet and its events, gets a bib, a
private page and a place in each event or on its waitlist; withdrawals promote the waitlist.

Locking follows pretix's rule: check everything cheaply first, then take ONE lock, on the meet
row, as late as possible, and re-check what others may have changed (phone, capacity, teams)
after taking it. On PostgreSQL the lock is SELECT ... FOR UPDATE on the meet; on SQLite the
request's transaction already began with BEGIN IMMEDIATE (meet/sqlite.py), which serialises all
writers. So bibs come from meets.next_bib without gaps or repeats, and no event ever holds more
registered entries than its capacity, however many riders press the button in the same second.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import make_transient_to_detached, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from meet import sqlite
from meet.extensions import db
from meet.models import Entry, Event, Meet, Participant, Team, TeamMember, utcnow
from meet.models.people import PLATFORMS
from meet.services.audit import insert_audit, record_audit
from meet.services.phones import PhoneError, normalise_phone
from meet.services.results import bump_results_version
from meet.services.tokens import new_code, new_token

# 40 characters: the longest names we expect are minority names written in Chinese with middle
# dots (阿卜杜热合曼·买买提艾力, about 20) and Latin names; 40 leaves room for both and still fits
# one line of a certificate and a column of the bib list. The database column holds 60.
NAME_MAX = 40
STATION_MAX = 40
TEAM_NAME_MAX = 30
EMERGENCY_MAX = 60
JOIN_CODE_LENGTH = 6
# Running events still take walk-ins (the plank runs all morning); finished ones do not.
OPEN_EVENT_STATUSES = ("scheduled", "running")
# Punctuation that real names use: middle dots in transliterated minority and foreign names,
# Latin initials, hyphens and apostrophes.
NAME_PUNCTUATION = frozenset("·・.-'’ ")

MESSAGES = {
    "name_required": _l("Please enter your name."),
    "too_long": _l("Please use at most %(max)s characters."),
    # Bibs and certificates are printed with CJK fonts that have no emoji: they would come out
    # as empty boxes, so names, stations and team names are refused with them.
    "symbols": _l(
        "Emoji and symbols cannot be printed on bibs and certificates; please leave them out."
    ),
    "name_characters": _l("Please use only letters, spaces and the middle dot (·) in a name."),
    "characters": _l("This contains characters that cannot be saved; please retype it."),
    "phone_required": _l("Please enter your mobile number."),
    "phone_invalid": _l("Please enter an 11-digit mainland mobile number, e.g. 138 0013 8000."),
    "phone_taken": _l(
        "This mobile number is already registered for this meet. "
        "If you lost your page, please ask at the registration desk."
    ),
    "platform_required": _l("Please choose your platform."),
    "events_required": _l("Please choose at least one event."),
    "event_unknown": _l("One of the chosen events is not part of this meet. Please choose again."),
    "event_closed": _l("%(event)s no longer takes registrations."),
    "team_choice_required": _l("Please choose a team, enter a join code, or start a new team."),
    "team_unknown": _l("This team is no longer available. Please choose another one."),
    "team_code_unknown": _l(
        "No team of this event has this join code. Please check it with your captain."
    ),
    "team_other_station": _l(
        "This team belongs to another station. "
        "Ask its captain for the join code, or start your own team."
    ),
    "team_full": _l("This team is full. Please choose another team or start a new one."),
    "team_name_required": _l("Please give your new team a name."),
    "team_code_required": _l("Please enter the join code from your captain."),
    "team_name_taken": _l(
        "This event already has a team with this name. Choose another name, or join that team."
    ),
    "consent_required": _l(
        "Please agree to the safety waiver and the privacy notice to take part."
    ),
    "not_open_yet": _l("Registration has not opened yet."),
    "closed": _l("Registration is closed."),
}


class RegistrationError(Exception):
    """What is wrong, field by field: {field: (code, params)}. Nothing was saved."""

    def __init__(self, errors: dict[str, tuple[str, dict[str, Any]]]) -> None:
        super().__init__(", ".join(f"{name}: {code}" for name, (code, _p) in errors.items()))
        self.errors = errors

    @property
    def codes(self) -> dict[str, str]:
        return {name: code for name, (code, _params) in self.errors.items()}

    def messages(self) -> dict[str, str]:
        """The errors in the current request's language."""
        return {
            name: str(MESSAGES[code]) % params if params else str(MESSAGES[code])
            for name, (code, params) in self.errors.items()
        }


class AlreadyRegistered(RegistrationError):
    """The phone is registered in this meet already. Says nothing about that registration."""

    def __init__(self) -> None:
        super().__init__({"phone": ("phone_taken", {})})


class RegistrationClosed(RegistrationError):
    def __init__(self, code: str) -> None:
        super().__init__({"form": (code, {})})


@dataclass(frozen=True)
class TeamChoice:
    """How a rider enters a team event: start a team (`value` is its name), join one with the code
    its captain shared (`value` is the code), or pick a team of their station (`value` its id)."""

    how: str  # "create" | "join" | "pick"
    value: str


@dataclass
class RiderDetails:
    """What a rider typed, as typed: the service cleans and checks it."""

    name: str = ""
    phone: str = ""
    platform: str = ""
    station: str = ""
    event_ids: Sequence[Any] = ()
    consent: bool = False
    emergency_contact: str = ""
    teams: dict[int, TeamChoice] = field(default_factory=dict)


@dataclass
class RiderEntry:
    """One event of a rider, as the rider and the desk see it."""

    event: Event
    entry: Entry
    status: str
    position: int | None = None  # on the waitlist, 1 = next to move up
    team: Team | None = None
    team_members: int = 0


@dataclass
class Registration:
    participant: Participant
    token: str  # the rider page's key, seen in clear only now
    entries: list[RiderEntry]


@dataclass
class _Clean:
    name: str
    phone: str
    platform: str
    station: str
    emergency_contact: str
    events: list[Event]
    teams: dict[int, TeamChoice]


def is_id(text: str) -> bool:
    """Digits that can be a row id: ASCII only ("²".isdigit() is true, int("²") fails) and short
    enough for an integer column."""
    return text.isascii() and text.isdigit() and len(text) <= 9


def registration_state(meet: Meet, now: datetime | None = None) -> str:
    """'open', 'not_open_yet' or 'closed' (by the meet's status and its registration window)."""
    now = now or utcnow()
    if meet.status != "open":
        return "not_open_yet" if meet.status == "draft" else "closed"
    if meet.registration_opens_at is not None and now < meet.registration_opens_at:
        return "not_open_yet"
    if meet.registration_closes_at is not None and now >= meet.registration_closes_at:
        return "closed"
    return "open"


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
    clean = _validate(meet, details)  # everything that needs no lock, before queueing for it
    with _write_transaction():
        try:
            _lock_registration(meet)
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
            _commit_keeping_loaded()
        except BaseException:
            db.session.rollback()  # nothing half-saved, and the lock is let go at once
            raise
    return Registration(participant=rider, token=token, entries=entries)


@contextmanager
def _write_transaction() -> Iterator[None]:
    """On SQLite, end the reads so far and begin the next transaction with the write lock
    (BEGIN IMMEDIATE at its first statement): a deferred SQLite transaction cannot safely turn
    into the writer. Registration requests read in a deferred transaction up to here (see
    meet.register.routes.reads_until_the_lock), so riders queue for the write lock once each.
    PostgreSQL needs none of this: its lock is the meet row's, taken by _lock_meet."""
    if db.engine.dialect.name != "sqlite":
        yield
        return
    _commit_keeping_loaded()  # nothing is written yet: this only ends the reads
    mode = sqlite.set_read_only(False)
    try:
        yield
    finally:
        sqlite.reset_mode(mode)


def _lock_meet(meet_id: int) -> Meet:
    """The one lock of a registration or withdrawal. populate_existing: the row read under the
    lock must replace what this session loaded before it (next_bib may have moved since)."""
    query = select(Meet).where(Meet.id == meet_id).execution_options(populate_existing=True)
    if db.engine.dialect.name == "postgresql":
        query = query.with_for_update()
    return db.session.execute(query).scalar_one()


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


# What a registration reads of its meet under the lock; the rest of the row it does not use.
_REGISTRATION_COLUMNS = ("status", "registration_opens_at", "registration_closes_at", "next_bib")


def _lock_registration(meet: Meet) -> None:
    """_lock_meet for a registration: the same lock, but only the columns it decides by are read
    again, into the meet already loaded, instead of the whole row rebuilt as an object."""
    table = Meet.__table__
    query = select(*(table.c[name] for name in _REGISTRATION_COLUMNS)).where(table.c.id == meet.id)
    if db.engine.dialect.name == "postgresql":
        query = query.with_for_update()
    row = db.session.connection().execute(query).one()
    for name, value in zip(_REGISTRATION_COLUMNS, row, strict=True):
        set_committed_value(meet, name, value)


def _commit_keeping_loaded() -> None:
    """Commit without expiring what was just written: the answer is built from it, and reloading
    it would begin another transaction (on SQLite, queueing for the write lock once more)."""
    session = db.session()
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = True


def _phone_taken(meet_id: int, phone: str) -> bool:
    query = select(Participant.id).where(Participant.meet_id == meet_id, Participant.phone == phone)
    return _core_scalar(query) is not None


def _core_scalar(query: Any) -> Any:
    """A column query run on the session's connection, past the ORM's per-statement work: the
    checks under the registration lock load no objects, and the lock is held while they run."""
    return db.session.connection().scalar(query)


def _validate(meet: Meet, details: RiderDetails) -> _Clean:
    errors: dict[str, tuple[str, dict[str, Any]]] = {}

    def check(name: str, result: tuple[str, str | None, dict[str, Any]]) -> str:
        value, code, params = result
        if code:
            errors[name] = (code, params)
        return value

    name = check("name", _clean_name(details.name))
    phone = ""
    if not (details.phone or "").strip():
        errors["phone"] = ("phone_required", {})
    else:
        try:
            phone = normalise_phone(details.phone)
        except PhoneError:
            errors["phone"] = ("phone_invalid", {})
    platform = details.platform if details.platform in PLATFORMS else ""
    if not platform:
        errors["platform"] = ("platform_required", {})
    station = check("station", _clean_text(details.station, STATION_MAX, printable=True))
    emergency = check("emergency_contact", _clean_text(details.emergency_contact, EMERGENCY_MAX))
    events = _chosen_events(meet, details.event_ids, errors)
    if not details.consent:
        errors["consent"] = ("consent_required", {})
    teams: dict[int, TeamChoice] = {}
    for event in events:
        if event.kind == "team":
            choice = _check_team_choice(meet, event, details.teams.get(event.id), station)
            if isinstance(choice, tuple):
                errors[f"team_{event.id}"] = choice
            else:
                teams[event.id] = choice
    if errors:
        raise RegistrationError(errors)
    return _Clean(name, phone, platform, station, emergency, events, teams)


def _clean_name(raw: str | None) -> tuple[str, str | None, dict[str, Any]]:
    name = " ".join((raw or "").split())
    if not name:
        return name, "name_required", {}
    if len(name) > NAME_MAX:  # code points: 𠀀 is one character, as a reader counts it
        return name, "too_long", {"max": NAME_MAX}
    if any(_is_symbol(char) for char in name):
        return name, "symbols", {}
    if not all(_is_letter(char) or char in NAME_PUNCTUATION for char in name):
        return name, "name_characters", {}
    return name, None, {}


def _clean_text(
    raw: str | None, limit: int, *, printable: bool = False
) -> tuple[str, str | None, dict[str, Any]]:
    """Free text (station, emergency contact): trimmed, limited, no control characters; printed
    text (`printable`) also without emoji."""
    text = " ".join((raw or "").split())
    if len(text) > limit:
        return text, "too_long", {"max": limit}
    if printable and any(_is_symbol(char) for char in text):
        return text, "symbols", {}
    if any(unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co") for char in text):
        return text, "characters", {}
    return text, None, {}


def _is_symbol(char: str) -> bool:
    """Emoji and pictographs, with the joiners, variation selectors, keycaps and skin-tone
    modifiers that build emoji sequences."""
    code = ord(char)
    return (
        (unicodedata.category(char) in ("So", "Sk") and not char.isalnum())
        or 0x1F000 <= code <= 0x1FAFF
        or code in (0x200D, 0x20E3, 0xFE0E, 0xFE0F)
        or 0xE0020 <= code <= 0xE007F
    )


def _is_letter(char: str) -> bool:
    category = unicodedata.category(char)
    if category[0] in ("L", "M"):
        return True
    # CJK extensions newer than this Python's Unicode tables (planes 2 and 3) are still names.
    return category == "Cn" and 0x20000 <= ord(char) <= 0x3FFFF


def _chosen_events(
    meet: Meet, raw_ids: Iterable[Any], errors: dict[str, tuple[str, dict[str, Any]]]
) -> list[Event]:
    ids: list[int] = []
    for raw in raw_ids or ():
        if isinstance(raw, bool) or not is_id(str(raw).strip()):
            errors["events"] = ("event_unknown", {})
            return []
        if int(raw) not in ids:
            ids.append(int(raw))
    if not ids:
        errors["events"] = ("events_required", {})
        return []
    found = {
        event.id: event
        for event in db.session.scalars(
            select(Event).where(Event.meet_id == meet.id, Event.id.in_(ids))
        )
    }
    if len(found) != len(ids):
        errors["events"] = ("event_unknown", {})
        return []
    events = [found[event_id] for event_id in ids]
    closed = [event for event in events if event.status not in OPEN_EVENT_STATUSES]
    if closed:
        errors["events"] = ("event_closed", {"event": closed[0].name})
        return []
    return sorted(events, key=lambda event: (event.position, event.id))


def _station_key(station: str) -> str:
    return "".join(station.split()).casefold()


def _check_team_choice(
    meet: Meet, event: Event, choice: TeamChoice | None, station: str
) -> TeamChoice | tuple[str, dict[str, Any]]:
    """The choice, cleaned, or the error (code, params). Checked again under the lock."""
    if choice is None:
        return "team_choice_required", {}
    value = (choice.value or "").strip()
    if not value:
        empty = {"create": "team_name_required", "join": "team_code_required"}
        return empty.get(choice.how, "team_choice_required"), {}
    if choice.how == "create":
        name, code, params = _clean_text(value, TEAM_NAME_MAX, printable=True)
        if code:
            return code, params
        if _team_named(event, name) is not None:
            return "team_name_taken", {}
        return TeamChoice("create", name)
    if choice.how == "join":
        code_text = "".join(unicodedata.normalize("NFKC", value).split()).upper()
        if not (code_text.isascii() and code_text.isalnum() and len(code_text) <= 12):
            return "team_code_unknown", {}
        team = db.session.scalar(
            select(Team).where(Team.meet_id == meet.id, Team.join_code == code_text)
        )
        if team is None or team.event_id != event.id:
            return "team_code_unknown", {}
    elif choice.how == "pick" and is_id(value):
        team = db.session.get(Team, int(value))
        if team is None or team.event_id != event.id:
            return "team_unknown", {}
        if _station_key(team.station) != _station_key(station):
            return "team_other_station", {}
    else:
        return "team_choice_required", {}
    problem = _team_problem(event, team)
    if problem:
        return problem, {}
    return TeamChoice(choice.how, str(team.id))


def _team_named(event: Event, name: str) -> Team | None:
    return db.session.scalar(select(Team).where(Team.event_id == event.id, Team.name == name))


def _team_entry(team: Team) -> Entry | None:
    return db.session.scalar(select(Entry).where(Entry.team_id == team.id))


def _team_problem(event: Event, team: Team) -> str | None:
    entry = _team_entry(team)
    if entry is None or entry.status == "withdrawn":
        return "team_unknown"
    if event.team_size_max is not None and _member_count(team.id) >= event.team_size_max:
        return "team_full"
    return None


def _member_count(team_id: int) -> int:
    return db.session.scalar(
        select(func.count()).select_from(TeamMember).where(TeamMember.team_id == team_id)
    )


def _registered_count(event_id: int) -> int:
    return _core_scalar(
        select(func.count())
        .select_from(Entry)
        .where(Entry.event_id == event_id, Entry.status == "registered")
    )


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
        problem = _team_problem(event, team)
        if problem:
            raise RegistrationError({field_name: (problem, {})})
        entry = _team_entry(team)
        position = _waitlist_position(entry) if entry.status == "waitlisted" else None
        members = _member_count(team.id) + 1
        return _Place(event, entry.status, position, team, entry, team_members=members)
    status, position = "registered", None
    if event.capacity is not None and _registered_count(event.id) >= event.capacity:
        waiting = select(func.count()).where(
            Entry.event_id == event.id, Entry.status == "waitlisted"
        )
        status, position = "waitlisted", _core_scalar(waiting) + 1
    if event.kind != "team":
        return _Place(event, status, position)
    assert choice is not None  # _validate made sure
    if _team_named(event, choice.value) is not None:
        raise RegistrationError({field_name: ("team_name_taken", {})})
    code = _unused_join_code(meet.id, join_codes)
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


def _unused_join_code(meet_id: int, taken: set[str]) -> str:
    while True:  # 32^6 codes: a repeat is rare, and we hold the lock while we look
        code = new_code(JOIN_CODE_LENGTH)
        query = select(Team.id).where(Team.meet_id == meet_id, Team.join_code == code)
        if code not in taken and db.session.scalar(query) is None:
            taken.add(code)
            return code


# --- Reading registrations -------------------------------------------------------------------


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


@dataclass
class TeamOption:
    team: Team
    members: int
    full: bool


def open_teams(meet: Meet) -> dict[int, list[TeamOption]]:
    """Teams a rider may still join, per team event: not withdrawn, with their size."""
    sizes = (
        select(TeamMember.team_id, func.count().label("members"))
        .group_by(TeamMember.team_id)
        .subquery()
    )
    query = (
        select(Team, func.coalesce(sizes.c.members, 0), Event.team_size_max)
        .join(Event, Event.id == Team.event_id)
        .join(Entry, Entry.team_id == Team.id)
        .outerjoin(sizes, sizes.c.team_id == Team.id)
        .where(Team.meet_id == meet.id, Entry.status != "withdrawn")
        .order_by(Team.station, Team.name)
    )
    options: dict[int, list[TeamOption]] = {}
    for team, members, size_max in db.session.execute(query):
        full = size_max is not None and members >= size_max
        options.setdefault(team.event_id, []).append(TeamOption(team, members, full))
    return options


# --- Withdrawals and the waitlist -------------------------------------------------------------


class WithdrawalError(ValueError):
    pass


def withdraw_from_event(rider: Participant, entry_id: int, *, actor: str = "rider") -> None:
    """The rider leaves one of their events: their own entry is withdrawn; from a team event they
    leave the team (the last one out withdraws the team). A freed place goes to the waitlist."""
    with _write_transaction():
        try:
            _lock_meet(rider.meet_id)
            entry = db.session.get(Entry, entry_id, populate_existing=True)
            member = None
            if entry is not None and entry.team_id is not None:
                member = db.session.scalar(
                    select(TeamMember).where(
                        TeamMember.team_id == entry.team_id,
                        TeamMember.participant_id == rider.id,
                    )
                )
            if entry is None or entry.status == "withdrawn":
                raise WithdrawalError("not_entered")
            if entry.participant_id == rider.id:
                _withdraw(entry)
            elif member is not None:
                _leave_team(entry, member)
            else:
                raise WithdrawalError("not_entered")
            record_audit(
                "entry.withdrawn",
                entry,
                actor=actor,
                meet_id=rider.meet_id,
                after={"participant": rider.id, "event": entry.event_id},
            )
            db.session.commit()
        except BaseException:
            db.session.rollback()
            raise


def withdraw_entry(entry: Entry, *, actor: str, user_id: int | None = None) -> None:
    """The organizer withdraws an entry (a rider, or a whole team); the waitlist moves up."""
    with _write_transaction():
        try:
            _lock_meet(entry.event.meet_id)
            db.session.refresh(entry)
            if entry.status == "withdrawn":
                raise WithdrawalError("not_entered")
            before = entry.status
            _withdraw(entry)
            record_audit(
                "entry.withdrawn",
                entry,
                actor=actor,
                user_id=user_id,
                meet_id=entry.event.meet_id,
                before={"status": before},
                after={"status": "withdrawn"},
            )
            db.session.commit()
        except BaseException:
            db.session.rollback()
            raise


def _withdraw(entry: Entry) -> None:
    was_registered = entry.status == "registered"
    entry.status = "withdrawn"
    db.session.flush()
    if was_registered:
        _fill_from_waitlist(entry.event)
        # Rankings list registered entries only: screens polling them must see the change.
        bump_results_version(entry.event.meet_id)


def _leave_team(entry: Entry, member: TeamMember) -> None:
    team = member.team
    db.session.delete(member)
    db.session.flush()
    remaining = list(
        db.session.scalars(
            select(TeamMember).where(TeamMember.team_id == team.id).order_by(TeamMember.id)
        )
    )
    if not remaining:
        team.captain_id = None
        _withdraw(entry)
    elif team.captain_id == member.participant_id:
        team.captain_id = remaining[0].participant_id  # the longest-standing member leads


def _fill_from_waitlist(event: Event) -> list[Entry]:
    """Promote the first waitlisted entries into free places, oldest first."""
    waiting = select(Entry).where(Entry.event_id == event.id, Entry.status == "waitlisted")
    if event.capacity is not None:
        free = event.capacity - _registered_count(event.id)
        if free <= 0:
            return []
        waiting = waiting.limit(free)
    promoted = list(db.session.scalars(waiting.order_by(Entry.id)))
    for entry in promoted:
        entry.status = "registered"
    db.session.flush()
    return promoted


def promote_from_waitlist(event: Event, *, actor: str, user_id: int | None = None) -> int:
    """After the organizer raises an event's capacity: fill the new places from the waitlist."""
    with _write_transaction():
        try:
            _lock_meet(event.meet_id)
            db.session.refresh(event)
            promoted = _fill_from_waitlist(event)
            if promoted:
                record_audit(
                    "event.waitlist_promoted",
                    event,
                    actor=actor,
                    user_id=user_id,
                    meet_id=event.meet_id,
                    after={"entries": [entry.id for entry in promoted]},
                )
                bump_results_version(event.meet_id)
            db.session.commit()
        except BaseException:
            db.session.rollback()
            raise
    return len(promoted)


def waitlist_counts(meet: Meet) -> dict[int, int]:
    """Waitlisted entries per event of the meet."""
    query = (
        select(Entry.event_id, func.count())
        .join(Event, Event.id == Entry.event_id)
        .where(Event.meet_id == meet.id, Entry.status == "waitlisted")
        .group_by(Entry.event_id)
    )
    return dict(db.session.execute(query).all())
