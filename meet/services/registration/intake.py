"""What a rider types to register, cleaned and checked field by field before any place is taken:
name, phone, platform, station, events and team choices. Reads the meet's events and teams,
writes nothing; every problem is reported at once, in the rider's language."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from meet.extensions import db
from meet.models import Event, Meet, Team, utcnow
from meet.models.people import PLATFORMS
from meet.services.phones import PhoneError, normalise_phone
from meet.services.registration.teams import (
    same_station,
    team_named,
    team_problem,
    team_with_join_code,
)

# 40 characters: the longest names we expect are minority names written in Chinese with middle
# dots (阿卜杜热合曼·买买提艾力, about 20) and Latin names; 40 leaves room for both and still fits
# one line of a certificate and a column of the bib list. The database column holds 60.
NAME_MAX = 40
STATION_MAX = 40
TEAM_NAME_MAX = 30
EMERGENCY_MAX = 60
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
class CleanDetails:
    """The rider's details as registration stores them, every field checked."""

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


def clean_details(meet: Meet, details: RiderDetails) -> CleanDetails:
    """The details cleaned, or RegistrationError naming every wrong field. The team checks are
    made again under the lock, where another rider may have filled or renamed a team."""
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
    return CleanDetails(name, phone, platform, station, emergency, events, teams)


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
        if team_named(event, name) is not None:
            return "team_name_taken", {}
        return TeamChoice("create", name)
    if choice.how == "join":
        code_text = "".join(unicodedata.normalize("NFKC", value).split()).upper()
        if not (code_text.isascii() and code_text.isalnum() and len(code_text) <= 12):
            return "team_code_unknown", {}
        team = team_with_join_code(meet.id, code_text)
        if team is None or team.event_id != event.id:
            return "team_code_unknown", {}
    elif choice.how == "pick" and is_id(value):
        team = db.session.get(Team, int(value))
        if team is None or team.event_id != event.id:
            return "team_unknown", {}
        if not same_station(team.station, station):
            return "team_other_station", {}
    else:
        return "team_choice_required", {}
    problem = team_problem(event, team)
    if problem:
        return problem, {}
    return TeamChoice(choice.how, str(team.id))
