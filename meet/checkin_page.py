"""The check-in page (scan a rider's QR or type a bib), shared by the organizer's desk
(meet/admin/checkin.py) and referee tablets (meet/referee/checkin.py), each in its own frame."""

from __future__ import annotations

from typing import Any

from flask import jsonify, render_template, request
from flask_babel import format_time

from meet.models import Meet
from meet.services import checkin as checkin_service
from meet.services.registration.queries import rider_entries


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
