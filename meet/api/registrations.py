"""Registrations: POST /meets/<slug>/registrations, the rider's form as JSON."""

from __future__ import annotations

from typing import Any

from flask import current_app, g, jsonify, request, url_for
from flask_babel import gettext as _

from meet.api.openapi import error_response
from meet.extensions import limiter
from meet.services.registration.intake import (
    AlreadyRegistered,
    RegistrationClosed,
    RegistrationError,
    RiderDetails,
    TeamChoice,
    is_id,
)
from meet.services.registration.places import register_rider
from meet.services.registration.queries import RiderEntry
from meet.web_helpers import reads_until_the_lock, registration_limit

TEXT_FIELDS = ("name", "phone", "platform", "station", "emergency_contact")


@limiter.limit(registration_limit)
@reads_until_the_lock
def create_registration():
    meet = g.meet
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return _error(400, "bad_request", _("The body must be a JSON object."))
    details, problems = _details(body)
    if problems:
        return _error(422, "invalid", _("Please correct the marked fields."), problems)
    try:
        done = register_rider(meet, details, actor="api")
    except AlreadyRegistered as error:
        return _error(409, "already_registered", error.messages()["phone"])
    except RegistrationClosed as error:
        return _error(403, error.codes["form"], error.messages()["form"])
    except RegistrationError as error:
        return _error(422, "invalid", _("Please correct the marked fields."), error.messages())
    page = url_for("register.rider_page", token=done.token)
    answer = {
        "bib": done.participant.bib,
        "token": done.token,
        "url": current_app.config["MEET_PUBLIC_URL"] + page,
        "checkin_code": done.participant.checkin_code,
        "entries": [_entry(item) for item in done.entries],
    }
    return jsonify(answer), 201, {"Location": page}


def _entry(item: RiderEntry) -> dict[str, Any]:
    answer: dict[str, Any] = {
        "event": item.event.id,
        "status": item.status,
        "position": item.position,
    }
    if item.team is not None:
        answer["team"] = {
            "id": item.team.id,
            "name": item.team.name,
            "join_code": item.team.join_code,
        }
    return answer


def _details(body: dict[str, Any]) -> tuple[RiderDetails, dict[str, str]]:
    """Read the body's shapes; the service judges the values."""
    problems: dict[str, str] = {}
    texts = {}
    for name in TEXT_FIELDS:
        value = body.get(name, "")
        if value is None:
            value = ""
        if not isinstance(value, str):
            problems[name] = _("Must be text.")
            value = ""
        texts[name] = value
    events = body.get("events", [])
    if not isinstance(events, list) or not all(
        isinstance(item, int) and not isinstance(item, bool) for item in events
    ):
        problems["events"] = _("Must be a list of event ids.")
        events = []
    consent = body.get("consent", False)
    if not isinstance(consent, bool):
        problems["consent"] = _("Must be true or false.")
    teams = _team_choices(body, events, problems)
    details = RiderDetails(event_ids=events, consent=consent is True, teams=teams, **texts)
    return details, problems


def _team_choices(
    body: dict[str, Any], events: list[int], problems: dict[str, str]
) -> dict[int, TeamChoice]:
    """ "team" applies to the team events among `events`; "teams" ({"<event id>": {...}}) names
    the choice for each team event when there are several."""
    message = _('Must be {"create": "team name"} or {"join": "code"}.')
    teams: dict[int, TeamChoice] = {}
    if body.get("team") is not None:
        choice = _team_choice(body["team"])
        if choice is None:
            problems["team"] = message
        else:
            # Only team events read it: the service knows which of the events they are.
            teams.update(dict.fromkeys(events, choice))
    raw = body.get("teams")
    if raw is None:
        return teams
    if not isinstance(raw, dict):
        problems["teams"] = _("Must be an object of event ids.")
        return teams
    for key, value in raw.items():
        choice = _team_choice(value)
        if not is_id(str(key)) or choice is None:
            problems["teams"] = message
            continue
        teams[int(key)] = choice
    return teams


def _team_choice(value: Any) -> TeamChoice | None:
    if not isinstance(value, dict) or len(value) != 1:
        return None
    ((how, text),) = value.items()
    if how not in ("create", "join", "pick") or not isinstance(text, str | int):
        return None
    if isinstance(text, bool):
        return None
    return TeamChoice(how, str(text))


def _error(status: int, code: str, message: str, fields: dict[str, str] | None = None):
    body: dict[str, Any] = {"error": code, "message": message}
    if fields:
        body["fields"] = fields
    return jsonify(body), status


_TEAM_CHOICE = {
    "type": "object",
    "description": "Start a team (its name), join one with its captain's code, or pick a team "
    "of your station by its id.",
    "oneOf": [
        {"required": ["create"], "properties": {"create": {"type": "string", "maxLength": 30}}},
        {"required": ["join"], "properties": {"join": {"type": "string"}}},
        {"required": ["pick"], "properties": {"pick": {"type": "integer"}}},
    ],
    "minProperties": 1,
    "maxProperties": 1,
}

SCHEMAS: dict = {
    "RegistrationRequest": {
        "type": "object",
        "required": ["name", "phone", "platform", "events", "consent"],
        "properties": {
            "name": {
                "type": "string",
                "description": "1 to 40 characters; letters (rare CJK included), spaces and "
                "the middle dot; no emoji.",
            },
            "phone": {
                "type": "string",
                "description": "A mainland mobile number; spaces, dashes and +86 are accepted.",
                "examples": ["+86 138 0013 8000"],
            },
            "platform": {
                "type": "string",
                "enum": ["meituan", "eleme", "sf", "jd", "huolala", "other"],
            },
            "station": {"type": "string", "maxLength": 40},
            "events": {"type": "array", "items": {"type": "integer"}, "minItems": 1},
            "consent": {
                "type": "boolean",
                "description": "Agrees to the safety waiver and the privacy notice; must be true.",
            },
            "emergency_contact": {"type": "string", "maxLength": 60},
            "team": {
                "$ref": "#/components/schemas/TeamChoice",
                "description": "For the team event among `events`.",
            },
            "teams": {
                "type": "object",
                "description": "A team choice per team event, keyed by event id.",
                "additionalProperties": {"$ref": "#/components/schemas/TeamChoice"},
            },
        },
    },
    "TeamChoice": _TEAM_CHOICE,
    "Registration": {
        "type": "object",
        "required": ["bib", "token", "entries"],
        "properties": {
            "bib": {"type": "integer"},
            "token": {"type": "string", "description": "The key of the rider's page /me/<token>."},
            "url": {"type": "string"},
            "checkin_code": {"type": "string", "description": "What the check-in QR holds."},
            "entries": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["event", "status"],
                    "properties": {
                        "event": {"type": "integer"},
                        "status": {"type": "string", "enum": ["registered", "waitlisted"]},
                        "position": {
                            "type": ["integer", "null"],
                            "description": "Place on the waitlist, 1 is next.",
                        },
                        "team": {
                            "type": "object",
                            "properties": {
                                "id": {"type": "integer"},
                                "name": {"type": "string"},
                                "join_code": {"type": "string"},
                            },
                        },
                    },
                },
            },
        },
    },
}

PATHS: dict = {
    "/meets/{slug}/registrations": {
        "post": {
            "summary": "Register a rider in a meet and some of its events",
            "operationId": "createRegistration",
            "parameters": [
                {"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}}
            ],
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {"$ref": "#/components/schemas/RegistrationRequest"}
                    }
                },
            },
            "responses": {
                "201": {
                    "description": "Registered; entries are registered or waitlisted.",
                    "content": {
                        "application/json": {
                            "schema": {"$ref": "#/components/schemas/Registration"}
                        }
                    },
                },
                "400": error_response("The body is not a JSON object."),
                "403": error_response("Registration is not open (not_open_yet or closed)."),
                "404": error_response("No such meet."),
                "409": error_response("This phone is already registered in this meet."),
                "422": error_response("Some fields are wrong; `fields` says which and why."),
                "429": error_response("Too many registrations from this address; retry later."),
            },
        }
    }
}
