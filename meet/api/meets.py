"""Meets and events, read-only: GET /meets/<slug> and GET /events/<id>.

Only meets past their draft are public; a draft meet and its events answer 404 like unknown ones.
Times are UTC in ISO 8601 with a Z."""

from __future__ import annotations

from typing import Any

from flask import abort, g, jsonify
from flask_babel import gettext as _

from meet.api.openapi import error_response
from meet.services import meet_queries
from meet.services.events import get_event, public_event_detail
from meet.sports.registry import SPORTS

DATE_TIME = {"type": ["string", "null"], "format": "date-time"}


def meet():
    return jsonify(meet_queries.public_meet_detail(g.meet))


def event(event_id: int):
    event = get_event(event_id)
    if event is None or event.meet.status == "draft":
        abort(404, description=_("There is no public event with this number."))
    return jsonify(public_event_detail(event))


SCHEMAS: dict[str, Any] = {
    "EventSummary": {
        "type": "object",
        "required": ["id", "sport", "name", "kind", "status", "capacity", "entered"],
        "properties": {
            "id": {"type": "integer"},
            "sport": {"type": "string", "enum": list(SPORTS)},
            "name": {"type": "string"},
            "kind": {"type": "string", "enum": ["individual", "team"]},
            "status": {"type": "string", "enum": ["scheduled", "running", "finished", "official"]},
            "capacity": {
                "type": ["integer", "null"],
                "description": "Most registered entries (teams in a team event); null: no limit.",
            },
            "entered": {"type": "integer", "description": "Registered entries (not waitlisted)."},
            "starts_at": DATE_TIME,
            "place": {"type": "string"},
            "team_size_min": {"type": ["integer", "null"]},
            "team_size_max": {"type": ["integer", "null"]},
        },
    },
    "Meet": {
        "type": "object",
        "required": ["slug", "name", "starts_on", "ends_on", "status", "events"],
        "properties": {
            "slug": {"type": "string"},
            "name": {"type": "string"},
            "starts_on": {"type": "string", "format": "date"},
            "ends_on": {"type": "string", "format": "date"},
            "venue": {"type": "string"},
            "status": {"type": "string", "enum": ["open", "closed", "finished"]},
            "registration_opens_at": DATE_TIME,
            "registration_closes_at": DATE_TIME,
            "events": {"type": "array", "items": {"$ref": "#/components/schemas/EventSummary"}},
        },
    },
    "EventEntry": {
        "type": "object",
        "required": ["id", "bib", "name", "team", "status"],
        "properties": {
            "id": {"type": "integer"},
            "bib": {
                "type": ["integer", "null"],
                "description": "The rider's bib; null for a team.",
            },
            "name": {"type": "string", "description": "The rider's name, or the team's."},
            "team": {
                "type": ["string", "null"],
                "description": "The team's name, or the rider's station (their team).",
            },
            "status": {"type": "string", "enum": ["registered", "waitlisted", "withdrawn"]},
        },
    },
    "MatchScore": {
        "type": ["object", "null"],
        "required": ["a", "b"],
        "properties": {"a": {"type": "integer"}, "b": {"type": "integer"}},
    },
    "Match": {
        "type": "object",
        "required": ["id", "round", "a", "b", "score", "winner", "status"],
        "properties": {
            "id": {"type": "integer"},
            "round": {"type": "integer"},
            "stage": {"type": "string", "enum": ["group", "knockout", "third_place", "final"]},
            "group": {"type": "string"},
            "court": {"type": "string"},
            "a": {"type": ["integer", "null"], "description": "Entry id of side a; null: to come."},
            "b": {"type": ["integer", "null"], "description": "Entry id of side b; null: to come."},
            "score": {
                "$ref": "#/components/schemas/MatchScore",
                "description": "From the latest result version; null before any result.",
            },
            "winner": {"type": ["string", "null"], "enum": ["a", "b", None]},
            "status": {"type": "string", "enum": ["scheduled", "running", "finished"]},
            "version": {"type": "integer", "description": "The latest result version (0: none)."},
        },
    },
    "Event": {
        "allOf": [
            {"$ref": "#/components/schemas/EventSummary"},
            {
                "type": "object",
                "required": ["rules", "entries", "matches", "meet"],
                "properties": {
                    "meet": {"type": "string", "description": "The meet's slug."},
                    "rules": {"type": "object", "description": "The sport's rules (CONTRACT.md)."},
                    "entries": {
                        "type": "array",
                        "items": {"$ref": "#/components/schemas/EventEntry"},
                    },
                    "matches": {
                        "type": "array",
                        "items": {"$ref": "#/components/schemas/Match"},
                        "description": "Empty for sports that are not played in matches.",
                    },
                },
            },
        ]
    },
}

PATHS: dict[str, Any] = {
    "/meets/{slug}": {
        "get": {
            "operationId": "getMeet",
            "summary": "A public meet with its events",
            "parameters": [
                {"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}}
            ],
            "responses": {
                "200": {
                    "description": "The meet",
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Meet"}}
                    },
                },
                "404": error_response("No public meet with this slug (drafts are not public)"),
            },
        }
    },
    "/events/{id}": {
        "get": {
            "operationId": "getEvent",
            "summary": "An event: rules, entries and, for match sports, matches",
            "parameters": [
                {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
            ],
            "responses": {
                "200": {
                    "description": "The event",
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Event"}}
                    },
                },
                "404": error_response("No public event with this id"),
            },
        }
    },
}
