"""Check-in by QR scan or bib from a referee tablet (issue 4)."""

from meet.referee.routes import bp  # noqa: F401
