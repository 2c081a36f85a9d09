"""Registrations: POST /meets/<slug>/registrations (issue 4)."""

from meet.api.routes import bp  # noqa: F401

PATHS: dict = {}
SCHEMAS: dict = {}
