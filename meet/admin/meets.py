"""Meets and events: create, edit, copy, status transitions, points table (issue 3)."""

from meet.admin.routes import bp  # noqa: F401
