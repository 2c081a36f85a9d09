"""Check-in by QR scan or bib, for organizers (issue 4)."""

from meet.admin.routes import bp  # noqa: F401
