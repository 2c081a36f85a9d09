"""Check-in by QR scan or bib, for organizers (issue 4). The referee tablet's check-in page
(meet/referee/checkin.py) is the same page in the referee's frame, through checkin_page()."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import format_time
from flask_babel import gettext as _
from flask_login import current_user, login_required

from meet.admin.registrations import desk_actor, meet_or_404
from meet.admin.routes import bp
from meet.models import Meet
from meet.services import checkin as checkin_service
from meet.services.registration import rider_entries


def checkin_page(meet: Meet, template: str, *, actor: str, **context: Any):
    """GET: the scan form. POST: check one rider in (the camera script asks for JSON)."""
    result = scanned = None
    if request.method == "POST":
        scanned = request.form.get("code", "")
        result = checkin_service.check_in(
            meet,
            scanned,
            actor=actor,
            user_id=context.get("user_id"),
            referee_access_id=context.get("referee_access_id"),
        )
        if request.accept_mimetypes.best == "application/json":
            return jsonify(_as_json(meet, result, scanned))
    checked, total = checkin_service.checkin_counts(meet)
    return render_template(
        template,
        meet=meet,
        result=result,
        message=checkin_service.describe(result, scanned) if result else "",
        result_entries=rider_entries(result.participant) if result and result.participant else [],
        checked=checked,
        total=total,
        recent=checkin_service.recent_checkins(meet),
        **context,
    )


def _as_json(meet: Meet, result: checkin_service.CheckinResult, scanned: str) -> dict:
    checked, total = checkin_service.checkin_counts(meet)
    rider = result.participant
    answer: dict[str, Any] = {
        "status": result.status,
        "message": checkin_service.describe(result, scanned),
        "checked": checked,
        "total": total,
    }
    if rider is not None:
        answer.update(
            bib=rider.bib,
            name=rider.name,
            time=format_time(result.checked_in_at, "HH:mm"),
            events=[item.event.name for item in rider_entries(rider) if item.status != "withdrawn"],
        )
    return answer


@bp.route("/meets/<slug>/checkin", methods=["GET", "POST"])
@login_required
def checkin(slug: str):
    meet = meet_or_404(slug)
    return checkin_page(
        meet, "admin/checkin/page.html", actor=desk_actor(), user_id=current_user.id
    )


@bp.route("/meets/<slug>/checkin/<int:participant_id>/undo", methods=["POST"])
@login_required
def undo_checkin(slug: str, participant_id: int):
    meet = meet_or_404(slug)
    rider = checkin_service.undo_check_in(
        meet, participant_id, actor=desk_actor(), user_id=current_user.id
    )
    if rider is None:
        abort(404)
    flash(
        _("Bib %(bib)s %(name)s is no longer checked in.", bib=rider.bib, name=rider.name), "info"
    )
    return redirect(url_for("admin.checkin", slug=slug))
