"""Results and match scores from referee tablets: POST /results.

Authenticated by the referee access token as a bearer token; honours an Idempotency-Key, so a
tablet that lost the answer can send the same request again and nothing is recorded twice."""

from __future__ import annotations

from typing import Any

from flask import jsonify, request
from flask_babel import gettext as _

from meet.api.openapi import ROW_ID, error_response
from meet.models.results import RESULT_STATUSES
from meet.scoring.ranking import OK
from meet.services.referees import active_access
from meet.services.results.submission import Submission, submit_result
from meet.sports.desk import SIDE_SCHEMA
from meet.sports.registry import SPORTS

MAX_KEY_LENGTH = 100
MAX_REASON_LENGTH = 500


def post_result():
    access = active_access(_bearer_token())
    if access is None:
        response = jsonify(
            error="unauthorized",
            message=_("This referee access is unknown or was revoked."),
        )
        response.headers["WWW-Authenticate"] = "Bearer"
        return response, 401
    key = request.headers.get("Idempotency-Key", "").strip() or None
    if key is not None and not _valid_key(key):
        return _invalid({"idempotency_key": _("Use 1 to 100 letters, digits or dashes.")})
    submission, problems = parse_submission(request.get_json(silent=True))
    if problems:
        return _invalid(problems)
    answer = submit_result(access, submission, key)
    response = jsonify(answer.body)
    if answer.replayed:
        response.headers["Idempotent-Replayed"] = "true"
    return response, answer.status


def _bearer_token() -> str:
    scheme, _space, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def _valid_key(key: str) -> bool:
    return len(key) <= MAX_KEY_LENGTH and all(33 <= ord(char) < 127 for char in key)


def _invalid(fields: dict[str, str]):
    return jsonify(error="invalid", message=_("Some fields are not valid."), fields=fields), 422


def _integer(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def parse_submission(body: Any) -> tuple[Submission | None, dict[str, str]]:
    """The submission in a request body, or the problems with each field."""
    if not isinstance(body, dict):
        return None, {"body": _("Send a JSON object.")}
    problems: dict[str, str] = {}
    if not _integer(body.get("event")):
        problems["event"] = _("Give the event's id.")
    for name in ("entry", "match"):
        if body.get(name) is not None and not _integer(body[name]):
            problems[name] = _("Give an id.")
    if (body.get("entry") is None) == (body.get("match") is None):
        problems.setdefault("entry", _("Name either an entry or a match."))
    status = body.get("status", OK)
    if status not in RESULT_STATUSES:
        problems["status"] = _("A result is ok, DNS, DNF or DQ.")
    marks = body.get("marks", {} if status != OK else None)
    if not isinstance(marks, dict):
        problems["marks"] = _("Give the marks as an object.")
    version = body.get("version", 0)
    if not _integer(version) or version < 0:
        problems["version"] = _("Give the version you last saw (0 for a first result).")
    reason = body.get("reason", "")
    if reason is None:
        reason = ""
    # A NUL is no text, and PostgreSQL cannot store one.
    if not isinstance(reason, str) or len(reason) > MAX_REASON_LENGTH or "\x00" in reason:
        problems["reason"] = _("The reason is text of at most 500 characters.")
    if problems:
        return None, problems
    return (
        Submission(
            event_id=body["event"],
            entry_id=body.get("entry"),
            match_id=body.get("match"),
            marks=marks,
            status=status,
            version=version,
            reason=reason.strip(),
        ),
        {},
    )


# The marks of each sport (CONTRACT.md), so that clients and fuzzers know their shapes.
_MARKS: dict = {
    **{desk.schema_name: dict(desk.marks_schema) for desk in SPORTS.values()},
    "NoMarks": {
        "description": "An entry's result with status DNS, DNF or DQ needs no marks.",
        "maxProperties": 0,
    },
    "SideMarks": {
        "description": "A match result with status DNS, DNF or DQ: the side that lost by it.",
        "required": ["side"],
        "properties": {"side": SIDE_SCHEMA},
    },
}

SCHEMAS: dict = {
    **{name: {"type": "object", **schema} for name, schema in _MARKS.items()},
    "ResultSubmission": {
        "type": "object",
        "required": ["event", "marks"],
        "oneOf": [{"required": ["entry"]}, {"required": ["match"]}],
        "properties": {
            "event": ROW_ID,
            "entry": {**ROW_ID, "description": "An entry, for individual sports."},
            "match": {**ROW_ID, "description": "A match, for match sports."},
            "marks": {
                "type": "object",
                "description": "The sport's marks (CONTRACT.md); {} for an entry with status "
                'DNS, DNF or DQ. For a match with such a status: {"side": "a" | "b"}, the side '
                "that lost by it.",
                "anyOf": [{"$ref": f"#/components/schemas/{name}"} for name in _MARKS],
            },
            "status": {"enum": list(RESULT_STATUSES), "default": "ok"},
            "version": {
                "type": "integer",
                "minimum": 0,
                "default": 0,
                "description": "The version the client last saw; 0 for a first result.",
            },
            "reason": {
                "type": "string",
                "maxLength": MAX_REASON_LENGTH,
                "description": "Required when the submission changes an existing result.",
            },
        },
    },
    "Result": {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "event": {"type": "integer"},
            "entry": {"type": ["integer", "null"]},
            "match": {"type": ["integer", "null"]},
            "version": {"type": "integer"},
            "status": {"enum": list(RESULT_STATUSES)},
            "marks": {"type": "object"},
            "value": {"type": ["number", "null"]},
            "display": {"type": "string"},
            "reason": {"type": "string"},
            "official": {"type": "boolean"},
            "recorded_at": {"type": "string", "format": "date-time"},
            "score": {"type": "array", "items": {"type": "integer"}},
            "winner": {"enum": ["a", "b", None]},
        },
    },
}

PATHS: dict = {
    "/results": {
        "post": {
            "summary": "Record a result or a match score from a referee tablet",
            "description": "Authorization: Bearer <the referee access token>.",
            "security": [{"refereeToken": []}],
            "parameters": [
                {
                    "name": "Idempotency-Key",
                    "in": "header",
                    "required": False,
                    "schema": {"type": "string", "pattern": f"^[!-~]{{1,{MAX_KEY_LENGTH}}}$"},
                    "description": "Made by the client per submission. The same key with the "
                    "same body returns the first answer (header Idempotent-Replayed: true) and "
                    "records nothing twice; with a different body it is refused with 422.",
                }
            ],
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {"$ref": "#/components/schemas/ResultSubmission"}
                    }
                },
            },
            "responses": {
                "201": {
                    "description": "Recorded as a new version",
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Result"}}
                    },
                },
                "401": error_response("Unknown or revoked referee access"),
                "403": error_response(
                    "The access does not cover this event, or its results are official"
                ),
                "409": error_response(
                    "The result changed since `version` (the answer carries `version` and "
                    "`current`), or a knockout winner already played on"
                ),
                "422": error_response(
                    "Marks outside the rules, a missing reason, a finished match, or a reused "
                    "Idempotency-Key"
                ),
            },
        }
    }
}
