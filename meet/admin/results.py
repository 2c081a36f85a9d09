"""Results of an event: history of each entry, corrections, marking an event official (issue 6)."""

from meet.admin.routes import bp  # noqa: F401
