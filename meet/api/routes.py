"""JSON API version 1: the blueprint and its OpenAPI document. Each resource has its own module
(meets, registrations, results, rankings) that adds routes to `bp` and its paths to the document.
Errors are JSON (see meet.web), never HTML pages."""

from __future__ import annotations

from flask import Blueprint, jsonify

bp = Blueprint("api", __name__, url_prefix="/api/v1")


@bp.route("/openapi.json")
def openapi():
    from meet.api.openapi import openapi_document

    return jsonify(openapi_document())


# The resource modules register their routes on bp when imported.
from meet.api import meets, rankings, registrations, results  # noqa: F401
