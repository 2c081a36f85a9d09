"""Check-in by QR scan or bib from a referee tablet (issue 4): any rider of the access's meet."""

from __future__ import annotations

from flask import redirect, url_for

from meet.admin.checkin import checkin_page
from meet.referee.auth import current_access
from meet.referee.routes import bp


@bp.route("/<token>/checkin", methods=["GET", "POST"])
def checkin(token: str):
    access = current_access(token)
    if access is None:  # no PIN entered in this browser yet: the access page asks for it
        return redirect(url_for("referee.home", token=token))
    return checkin_page(
        access.meet,
        "referee/checkin.html",
        actor=f"referee:{access.name or access.id}",
        referee_access_id=access.id,
        access=access,
        token=token,
    )
