"""Walk-in registration at the desk, the riders list and exports (issue 4)."""

from meet.admin.routes import bp  # noqa: F401
