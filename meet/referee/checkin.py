"""Check-in from a referee tablet: the shared check-in page (meet/checkin_page.py) in the tablet's
frame, for any rider of the access's meet."""

from __future__ import annotations

from flask import redirect, url_for

from meet.checkin_page import checkin_page
from meet.referee.auth import current_access


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
