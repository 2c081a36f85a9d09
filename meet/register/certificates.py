"""A rider's own certificate, only for what they earned (issue 8): see
services/printing.rider_certificate_pdf for the rule."""

from __future__ import annotations

from io import BytesIO

from flask import abort, send_file

from meet.register.routes import bp
from meet.services import printing
from meet.services.meets import participant_by_token


@bp.route("/me/<token>/certificates/<int:event_id>.pdf")
def rider_certificate(token: str, event_id: int):
    rider = participant_by_token(token) or abort(404)
    pdf = printing.rider_certificate_pdf(rider, event_id) or abort(404)
    response = send_file(
        BytesIO(pdf), mimetype="application/pdf", download_name=f"certificate-{event_id}.pdf"
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response
