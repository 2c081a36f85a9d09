"""The referee tablet's URL map (/ref): the PIN page, the access's events, each event's list and
pad, check-in, and the service worker that keeps the pages offline."""

from __future__ import annotations

from flask import Blueprint

from meet.referee import checkin, routes

bp = Blueprint("referee", __name__, url_prefix="/ref")

bp.add_url_rule("/sw.js", "service_worker", routes.service_worker)
bp.add_url_rule("/<token>", "home", routes.home, methods=["GET", "POST"])
bp.add_url_rule("/<token>/events/<int:event_id>", "event", routes.event)
bp.add_url_rule("/<token>/events/<int:event_id>/rows", "rows", routes.rows)
bp.add_url_rule("/<token>/checkin", "checkin", checkin.checkin, methods=["GET", "POST"])
