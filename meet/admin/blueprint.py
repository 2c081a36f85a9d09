"""The organizer desk's URL map (/admin). Every page but the login needs a signed-in organizer."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, request
from flask_login import current_user
from flask_login.config import EXEMPT_METHODS

from meet.admin import (
    checkin,
    events,
    login,
    meets,
    printing,
    rankings,
    referees,
    registrations,
    results,
)
from meet.extensions import login_manager
from meet.services.meet_queries import meet_by_slug
from meet.web_helpers import load_meet

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.url_value_preprocessor
def _load_meet(_endpoint: str | None, values: dict[str, Any] | None) -> None:
    # Anyone else is sent to the login page first, and learns nothing of which meets exist.
    if current_user.is_authenticated:
        load_meet(values, meet_by_slug)


@bp.before_request
def _organizers_only():
    """The login guard of every desk page but the login itself: a visitor who is not signed in
    is sent to the login page, which brings them back afterwards (Flask-Login's unauthorized)."""
    if request.endpoint == "admin.login" or request.method in EXEMPT_METHODS:
        return None
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    return None


bp.add_url_rule("/login", "login", login.login, methods=["GET", "POST"])
bp.add_url_rule("/logout", "logout", login.logout, methods=["POST"])
bp.add_url_rule("/", "dashboard", meets.dashboard)

bp.add_url_rule("/meets/new", "new_meet", meets.new_meet, methods=["GET", "POST"])
bp.add_url_rule("/meets/<slug>/", "meet", meets.meet)
bp.add_url_rule("/meets/<slug>/edit", "edit_meet", meets.edit_meet, methods=["GET", "POST"])
bp.add_url_rule(
    "/meets/<slug>/status", "change_meet_status", meets.change_meet_status, methods=["POST"]
)
bp.add_url_rule("/meets/<slug>/copy", "copy_meet", meets.copy_meet, methods=["GET", "POST"])
bp.add_url_rule("/meets/<slug>/points", "points_table", meets.points_table, methods=["GET", "POST"])
bp.add_url_rule("/meets/<slug>/audit", "audit_log", meets.audit_log)

bp.add_url_rule("/meets/<slug>/events/new", "choose_sport", events.choose_sport)
bp.add_url_rule(
    "/meets/<slug>/events/new/<sport>", "new_event", events.new_event, methods=["GET", "POST"]
)
bp.add_url_rule(
    "/events/<int:event_id>/edit", "edit_event", events.edit_event, methods=["GET", "POST"]
)
bp.add_url_rule(
    "/events/<int:event_id>/sport",
    "change_event_sport",
    events.change_event_sport,
    methods=["POST"],
)
bp.add_url_rule(
    "/events/<int:event_id>/delete", "delete_event", events.delete_event, methods=["POST"]
)

bp.add_url_rule("/meets/<slug>/registrations", "registrations", registrations.registrations)
bp.add_url_rule(
    "/meets/<slug>/registrations/new", "walk_in", registrations.walk_in, methods=["GET", "POST"]
)
bp.add_url_rule(
    "/meets/<slug>/entries/<int:entry_id>/withdraw",
    "withdraw_entry",
    registrations.withdraw_entry,
    methods=["POST"],
)
bp.add_url_rule(
    "/meets/<slug>/registrations.csv", "registrations_csv", registrations.registrations_csv
)
bp.add_url_rule(
    "/meets/<slug>/registrations.xlsx", "registrations_xlsx", registrations.registrations_xlsx
)

bp.add_url_rule("/meets/<slug>/checkin", "checkin", checkin.checkin, methods=["GET", "POST"])
bp.add_url_rule(
    "/meets/<slug>/checkin/<int:participant_id>/undo",
    "undo_checkin",
    checkin.undo_checkin,
    methods=["POST"],
)

bp.add_url_rule(
    "/meets/<slug>/referees", "referee_accesses", referees.referee_accesses, methods=["GET", "POST"]
)
bp.add_url_rule(
    "/referees/<int:access_id>/revoke",
    "revoke_referee_access",
    referees.revoke_referee_access,
    methods=["POST"],
)

bp.add_url_rule("/events/<int:event_id>/results", "event_results", results.event_results)
bp.add_url_rule(
    "/events/<int:event_id>/results", "correct_result", results.correct_result, methods=["POST"]
)
bp.add_url_rule(
    "/events/<int:event_id>/official",
    "mark_results_official",
    results.mark_results_official,
    methods=["POST"],
)
bp.add_url_rule(
    "/events/<int:event_id>/reopen", "reopen_results", results.reopen_results, methods=["POST"]
)

bp.add_url_rule("/meets/<slug>/rankings", "meet_rankings", rankings.meet_rankings)
bp.add_url_rule("/events/<int:event_id>/rankings", "event_rankings", rankings.event_rankings)

bp.add_url_rule("/meets/<slug>/poster.pdf", "poster_pdf", printing.poster_pdf)
bp.add_url_rule("/meets/<slug>/bibs.pdf", "bibs_pdf", printing.bibs_pdf)
bp.add_url_rule("/meets/<slug>/rankings.pdf", "rankings_pdf", printing.rankings_pdf)
bp.add_url_rule("/meets/<slug>/certificates.pdf", "certificates_pdf", printing.certificates_pdf)
bp.add_url_rule("/events/<int:event_id>/sheet.pdf", "sheet_pdf", printing.sheet_pdf)
bp.add_url_rule(
    "/meets/<slug>/print-settings",
    "print_settings",
    printing.print_settings,
    methods=["GET", "POST"],
)
