"""Rankings and team standings with ETags: GET /events/<id>/rankings and standings (issue 7)."""

from meet.api.routes import bp  # noqa: F401

PATHS: dict = {}
SCHEMAS: dict = {}
