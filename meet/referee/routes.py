"""Referee tablet routes. The link's token is the key; the PIN step comes with score entry."""

from __future__ import annotations

from flask import Blueprint, abort, render_template

from meet.services import referees

bp = Blueprint("referee", __name__, url_prefix="/ref")


@bp.route("/<token>")
def home(token: str):
    access = referees.active_access(token) or abort(404)
    return render_template("referee/home.html", access=access, meet=access.meet)


# Check-in by QR scan or bib for referee tablets lives beside the organizer's (issue 4).
from meet.referee import checkin  # noqa: F401
