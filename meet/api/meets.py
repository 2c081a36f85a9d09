"""Meets and events, read-only: GET /meets/<slug> and GET /events/<id> (issue 3)."""

from meet.api.routes import bp  # noqa: F401

PATHS: dict = {}
SCHEMAS: dict = {}
