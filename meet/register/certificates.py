"""A rider's own certificate, only for what they earned (issue 8): see
services/printing.rider_certificate_pdf for the rule."""

from __future__ import annotations

from io import BytesIO

from flask import abort, send_file

from meet.models import Participant
from meet.register.routes import bp
from meet.services import printing
from meet.services.meets import participant_by_token


@bp.app_template_global()
def rider_certificates(rider: Participant) -> dict[int, str]:
    """For the rider's own page (templates/register/_my_results.html): {event id: kind} of the
    certificates the rider may download."""
    return {event.id: kind for event, kind in printing.rider_certificates(rider)}


@bp.route("/me/<token>/certificates/<int:event_id>.pdf")
def rider_certificate(token: str, event_id: int):
    rider = participant_by_token(token) or abort(404)
    pdf = printing.rider_certificate_pdf(rider, event_id) or abort(404)
    response = send_file(
        BytesIO(pdf), mimetype="application/pdf", download_name=f"certificate-{event_id}.pdf"
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response
