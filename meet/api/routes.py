"""JSON API version 1. Errors are JSON (see meet.web), never HTML pages."""

from __future__ import annotations

from flask import Blueprint, jsonify

from meet.api.openapi import openapi_document

bp = Blueprint("api", __name__, url_prefix="/api/v1")


@bp.route("/openapi.json")
def openapi():
    return jsonify(openapi_document())
