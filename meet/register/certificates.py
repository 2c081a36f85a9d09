"""A rider's own certificate, only for what they earned: see
services/printing/certificates.rider_certificates for the rule."""

from __future__ import annotations

from io import BytesIO

from flask import abort, send_file

from meet.services.meet_queries import participant_by_token
from meet.services.printing import certificates


def rider_certificate(token: str, event_id: int):
    rider = participant_by_token(token) or abort(404)
    pdf = certificates.rider_certificate_pdf(rider, event_id) or abort(404)
    response = send_file(
        BytesIO(pdf), mimetype="application/pdf", download_name=f"certificate-{event_id}.pdf"
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response
