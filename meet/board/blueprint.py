"""The URL map of the public results: the big-screen board and the rankings pages for phones."""

from __future__ import annotations

from typing import Any

from flask import Blueprint

from meet.board import routes
from meet.services.meet_queries import public_meet
from meet.web_helpers import load_meet

bp = Blueprint("board", __name__)


@bp.url_value_preprocessor
def _load_meet(_endpoint: str | None, values: dict[str, Any] | None) -> None:
    load_meet(values, public_meet)  # drafts are not public


bp.add_url_rule("/m/<slug>/board", "board", routes.board)
bp.add_url_rule("/m/<slug>/rankings", "meet_rankings", routes.meet_rankings)
bp.add_url_rule("/m/<slug>/rankings/<int:event_id>", "event_rankings", routes.event_rankings)
