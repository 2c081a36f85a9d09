"""Results and match scores from referee tablets: POST /results (issue 6)."""

from meet.api.routes import bp  # noqa: F401

PATHS: dict = {}
SCHEMAS: dict = {}
