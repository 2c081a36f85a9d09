"""The URL map of the rider and public pages: the meet list, a meet, its registration form, a
rider's own page and certificates."""

from __future__ import annotations

from typing import Any

from flask import Blueprint

from meet.register import certificates, routes
from meet.services.meet_queries import public_meet
from meet.web_helpers import load_meet

bp = Blueprint("register", __name__)


@bp.url_value_preprocessor
def _load_meet(_endpoint: str | None, values: dict[str, Any] | None) -> None:
    load_meet(values, public_meet)  # drafts are not public


bp.register_error_handler(429, routes.too_many_requests)

bp.add_url_rule("/", "index", routes.index)
bp.add_url_rule("/m/<slug>/", "meet_page", routes.meet_page)
bp.add_url_rule("/m/<slug>/register", "register", routes.register, methods=["GET", "POST"])
bp.add_url_rule("/me/<token>", "rider_page", routes.rider_page)
bp.add_url_rule(
    "/me/<token>/entries/<int:entry_id>/withdraw", "withdraw", routes.withdraw, methods=["POST"]
)
bp.add_url_rule(
    "/me/<token>/certificates/<int:event_id>.pdf",
    "rider_certificate",
    certificates.rider_certificate,
)
