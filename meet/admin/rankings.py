"""Rankings and team standings pages for the organizer (issue 7)."""

from meet.admin.routes import bp  # noqa: F401
