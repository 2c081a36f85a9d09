"""The URL map of the JSON API, version 1 (/api/v1). Errors are JSON (meet.web), never HTML pages;
each resource module (meets, registrations, results, rankings) holds its views and its part of the
OpenAPI document."""

from __future__ import annotations

from typing import Any

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from meet.api import meets, openapi, rankings, registrations, results
from meet.extensions import csrf
from meet.services.meet_queries import public_meet
from meet.web_helpers import load_meet

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)  # the API authenticates with bearer tokens, never with cookies

# Screens poll these: a poll is answered from the meet's tag alone (one small query) and finds
# the meet only when it builds a new body, so they keep their <slug>.
ANSWERED_FROM_THE_TAG = {"api.standings", "api.board"}
NO_PUBLIC_MEET = _l("There is no public meet at this address.")


@bp.url_value_preprocessor
def _load_meet(endpoint: str | None, values: dict[str, Any] | None) -> None:
    if endpoint not in ANSWERED_FROM_THE_TAG:  # drafts are not public
        load_meet(values, public_meet, NO_PUBLIC_MEET)


bp.add_url_rule("/openapi.json", "openapi", openapi.openapi)
bp.add_url_rule("/meets/<slug>", "meet", meets.meet)
bp.add_url_rule("/events/<int:event_id>", "event", meets.event)
bp.add_url_rule(
    "/meets/<slug>/registrations",
    "create_registration",
    registrations.create_registration,
    methods=["POST"],
)
bp.add_url_rule("/results", "post_result", results.post_result, methods=["POST"])
bp.add_url_rule("/events/<int:event_id>/rankings", "event_rankings", rankings.event_rankings)
bp.add_url_rule("/meets/<slug>/standings", "standings", rankings.standings)
bp.add_url_rule("/meets/<slug>/board", "board", rankings.board)
