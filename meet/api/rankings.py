"""Rankings and team standings with ETags: GET /events/<id>/rankings, /meets/<slug>/standings and
/meets/<slug>/board (what the live board polls: every event's leaders and the standings at once).

The ETag comes from the meet's results version in the database, so every process agrees; it is
checked before anything is ranked, which makes the 304 answer to a polling screen cheap. When a
result comes in, every screen asks for the new version at once: each process builds that body
once, in one thread, and hands it to all of them (SharedBodies, services/rankings/board.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Response, abort, current_app, request
from flask_babel import gettext as _

from meet.api.openapi import error_response
from meet.extensions import limiter
from meet.labels import EVENT_STATUS, RESULT_STATUS
from meet.services.meet_queries import public_meet
from meet.services.rankings.board import (
    BOARD_ROWS,
    BOARD_TEAMS,
    SharedBodies,
    board_rows,
    event_tag,
    meet_tag,
    updated_label,
)
from meet.services.rankings.events import (
    MeetRankings,
    RankedRow,
    event_ranking,
    is_official,
    meet_is_official,
    meet_rankings,
    public_event,
)
from meet.services.rankings.standings import StandingRow, team_standings
from meet.web_helpers import select_locale


@limiter.exempt
def event_rankings(event_id: int):
    locale = select_locale()
    return _conditional(
        event_tag(event_id, locale),
        lambda: event_rankings_json(public_event(event_id), locale),
    )


@limiter.exempt
def standings(slug: str):
    return _conditional(
        meet_tag(slug, select_locale()),
        lambda: standings_json(public_meet(slug)),
    )


@limiter.exempt
def board(slug: str):
    locale = select_locale()
    return _conditional(
        meet_tag(slug, locale),
        lambda: board_json(meet_rankings(public_meet(slug), locale, top=BOARD_ROWS)),
    )


# Every event and the standings of a few meets, in two languages.
_BODIES = SharedBodies(size=256)


def _conditional(tag: str | None, build: Callable[[], dict[str, Any]]) -> Response:
    """304 when the client's copy is current, otherwise the body of that version (or, for a moment
    while it is built, of the latest version built); always with its tag, and no-cache so that
    browsers and proxies ask again every time."""
    if tag is None:
        abort(404, description=_("There is no such meet or event."))
    if request.if_none_match.contains_weak(tag):
        response = Response(status=304)
    else:
        tag, body = _BODIES.get(
            request.path,
            tag,
            lambda: current_app.json.dumps(build(), separators=(",", ":")).encode(),
        )
        # While a newer version is built, the latest one built may be the one the client has.
        if request.if_none_match.contains_weak(tag):
            response = Response(status=304)
        else:
            response = Response(body, mimetype="application/json")
    response.set_etag(tag, weak=True)
    response.headers["Cache-Control"] = "no-cache"
    response.vary.add("Cookie")  # the language comes from a cookie
    return response


def _row_json(row: RankedRow) -> dict[str, Any]:
    return {
        "rank": row.rank,
        "entry": row.entry_id,
        "bib": row.bib,
        "name": row.name,
        "team": row.team,
        "value": row.value,
        "display": row.display,
        "status": row.status,
    }


def _event_json(event) -> dict[str, Any]:
    return {
        "id": event.id,
        "sport": event.sport,
        "name": event.name,
        "kind": event.kind,
        "status": event.status,
    }


def _standing_json(row: StandingRow) -> dict[str, Any]:
    return {
        "rank": row.rank,
        "team": row.team,
        "points": row.points,
        "gold": row.gold,
        "silver": row.silver,
        "bronze": row.bronze,
    }


def event_rankings_json(event, locale: str) -> dict[str, Any]:
    return {
        "event": _event_json(event),
        "official": is_official(event),
        "rankings": [_row_json(row) for row in event_ranking(event, locale)],
    }


def standings_json(meet) -> dict[str, Any]:
    return {
        "official": meet_is_official(meet),
        "standings": [_standing_json(row) for row in team_standings(meet)],
    }


def board_json(state: MeetRankings) -> dict[str, Any]:
    """The board's whole state, with the words it shows already in the reader's language."""
    return {
        "meet": {"slug": state.meet.slug, "name": state.meet.name},
        "official": state.official,
        "updated_at": state.updated_at.isoformat() + "Z" if state.updated_at else None,
        "updated": updated_label(state),
        "standings": [_standing_json(row) for row in state.standings[:BOARD_TEAMS]],
        "events": [
            {
                **_event_json(ranking.event),
                "status_label": str(EVENT_STATUS.get(ranking.event.status, "")),
                "official": ranking.official,
                "rankings": [
                    {**_row_json(row), "status_label": str(RESULT_STATUS.get(row.status, ""))}
                    for row in board_rows(ranking.rows)
                ],
            }
            for ranking in state.events
        ],
    }


_NOT_MODIFIED = {"description": "The client's copy (If-None-Match) is current; no body"}
_ETAG_HEADERS = {
    "ETag": {
        "description": "Changes whenever a result of the meet changes",
        "schema": {"type": "string"},
    }
}
_IF_NONE_MATCH = {
    "name": "If-None-Match",
    "in": "header",
    "required": False,
    "schema": {"type": "string"},
    "description": "The ETag of the copy the client has; 304 when it is still current.",
}
_SLUG = {"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}}


def _ok(schema: str, description: str) -> dict[str, Any]:
    return {
        "description": description,
        "headers": _ETAG_HEADERS,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
    }


PATHS: dict = {
    "/events/{event_id}/rankings": {
        "get": {
            "summary": "An event's ranking: every registered entry in finishing order",
            "parameters": [
                {
                    "name": "event_id",
                    "in": "path",
                    "required": True,
                    "schema": {"type": "integer"},
                },
                _IF_NONE_MATCH,
            ],
            "responses": {
                "200": _ok("EventRankings", "The ranking"),
                "304": _NOT_MODIFIED,
                "404": error_response("No such event in a published meet"),
            },
        }
    },
    "/meets/{slug}/standings": {
        "get": {
            "summary": "Team standings (团体总分) with points and medal counts",
            "parameters": [_SLUG, _IF_NONE_MATCH],
            "responses": {
                "200": _ok("Standings", "The standings"),
                "304": _NOT_MODIFIED,
                "404": error_response("No such published meet"),
            },
        }
    },
    "/meets/{slug}/board": {
        "get": {
            "summary": "What the live board shows: each event's leaders and the standings",
            "parameters": [_SLUG, _IF_NONE_MATCH],
            "responses": {
                "200": _ok("Board", "The board's state"),
                "304": _NOT_MODIFIED,
                "404": error_response("No such published meet"),
            },
        }
    },
}

_RANKING_ROW = {
    "type": "object",
    "required": ["rank", "entry", "bib", "name", "team", "value", "display", "status"],
    "properties": {
        "rank": {"type": ["integer", "null"], "description": "null for DNS, DNF, DQ, pending"},
        "entry": {"type": "integer"},
        "bib": {"type": ["integer", "null"], "description": "null for a team"},
        "name": {"type": "string", "description": "The rider's or the team's name"},
        "team": {"type": ["string", "null"], "description": "The station (站点)"},
        "value": {"type": ["number", "null"]},
        "display": {"type": "string", "description": "The value for people; empty without one"},
        "status": {"enum": ["ok", "DNS", "DNF", "DQ", "pending"]},
    },
}
_EVENT = {
    "type": "object",
    "required": ["id", "sport", "name", "kind", "status"],
    "properties": {
        "id": {"type": "integer"},
        "sport": {"type": "string"},
        "name": {"type": "string"},
        "kind": {"enum": ["individual", "team"]},
        "status": {"enum": ["scheduled", "running", "finished", "official"]},
    },
}

SCHEMAS: dict = {
    "RankingRow": _RANKING_ROW,
    "EventRankings": {
        "type": "object",
        "required": ["event", "official", "rankings"],
        "properties": {
            "event": _EVENT,
            "official": {"type": "boolean"},
            "rankings": {"type": "array", "items": {"$ref": "#/components/schemas/RankingRow"}},
        },
    },
    "StandingRow": {
        "type": "object",
        "required": ["rank", "team", "points", "gold", "silver", "bronze"],
        "properties": {
            "rank": {"type": "integer"},
            "team": {"type": "string"},
            "points": {"type": "number"},
            "gold": {"type": "integer"},
            "silver": {"type": "integer"},
            "bronze": {"type": "integer"},
        },
    },
    "Standings": {
        "type": "object",
        "required": ["official", "standings"],
        "properties": {
            "official": {"type": "boolean", "description": "True once every event is official"},
            "standings": {"type": "array", "items": {"$ref": "#/components/schemas/StandingRow"}},
        },
    },
    "Board": {
        "type": "object",
        "required": ["meet", "official", "updated_at", "updated", "standings", "events"],
        "properties": {
            "meet": {
                "type": "object",
                "properties": {"slug": {"type": "string"}, "name": {"type": "string"}},
            },
            "official": {"type": "boolean"},
            "updated_at": {
                "type": ["string", "null"],
                "format": "date-time",
                "description": "When the latest result came in",
            },
            "updated": {"type": "string", "description": "The same, in words for the screen"},
            "standings": {
                "type": "array",
                "items": {"$ref": "#/components/schemas/StandingRow"},
                "maxItems": BOARD_TEAMS,
            },
            "events": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        **_EVENT["properties"],
                        "status_label": {"type": "string"},
                        "official": {"type": "boolean"},
                        "rankings": {
                            "type": "array",
                            "maxItems": BOARD_ROWS,
                            "items": {
                                "type": "object",
                                "properties": {
                                    **_RANKING_ROW["properties"],
                                    "status_label": {"type": "string"},
                                },
                            },
                        },
                    },
                },
            },
        },
    },
}
