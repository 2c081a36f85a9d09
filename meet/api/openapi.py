"""The OpenAPI 3.1 description of /api/v1; each endpoint adds its path here as it lands."""

from __future__ import annotations

from typing import Any

ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["error", "message"],
    "properties": {
        "error": {"type": "string"},
        "message": {"type": "string"},
        "fields": {"type": "object", "additionalProperties": {"type": "string"}},
    },
}


def openapi_document() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "meet API", "version": "1"},
        "servers": [{"url": "/api/v1"}],
        "paths": {},
        "components": {"schemas": {"Error": ERROR_SCHEMA}},
    }
