"""Check-in at the desk: the shared check-in page (meet/checkin_page.py) in the desk's frame, and
undoing a check-in made by mistake."""

from __future__ import annotations

from flask import abort, flash, g, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from meet.admin.desk import desk_actor
from meet.checkin_page import checkin_page
from meet.services import checkin as checkin_service


def checkin():
    return checkin_page(
        g.meet, "admin/checkin/page.html", actor=desk_actor(), user_id=current_user.id
    )


def undo_checkin(participant_id: int):
    meet = g.meet
    rider = checkin_service.undo_check_in(
        meet, participant_id, actor=desk_actor(), user_id=current_user.id
    )
    if rider is None:
        abort(404)
    flash(
        _("Bib %(bib)s %(name)s is no longer checked in.", bib=rider.bib, name=rider.name), "info"
    )
    return redirect(url_for("admin.checkin", slug=meet.slug))
