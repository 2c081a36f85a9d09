"""Referee accesses: create, list, revoke, show the tablet link and its QR (issue 3)."""

from meet.admin.routes import bp  # noqa: F401
