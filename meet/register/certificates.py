"""A rider's own certificate, only for places they earned (issue 8)."""

from meet.register.routes import bp  # noqa: F401
