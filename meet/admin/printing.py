"""The PDFs: poster, bibs, certificates, rankings, referee sheets (issue 8)."""

from meet.admin.routes import bp  # noqa: F401
