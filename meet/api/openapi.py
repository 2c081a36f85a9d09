"""The OpenAPI 3.1 description of /api/v1, gathered from each resource module's PATHS."""

from __future__ import annotations

from typing import Any

from flask import jsonify

ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["error", "message"],
    "properties": {
        "error": {"type": "string"},
        "message": {"type": "string"},
        "fields": {"type": "object", "additionalProperties": {"type": "string"}},
    },
}


# Row ids are PostgreSQL integers: a larger number is no row, answered 404 or 422, never 500.
ROW_ID: dict[str, Any] = {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}

SECURITY_SCHEMES: dict[str, Any] = {
    "refereeToken": {
        "type": "http",
        "scheme": "bearer",
        "description": "The token of a referee access (printed by `flask meet referee`).",
    }
}


def error_response(description: str) -> dict[str, Any]:
    """An OpenAPI response whose body is the shared error object."""
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def openapi():
    return jsonify(openapi_document())


def openapi_document() -> dict[str, Any]:
    from meet.api import meets, rankings, registrations, results

    paths: dict[str, Any] = {}
    schemas: dict[str, Any] = {"Error": ERROR_SCHEMA}
    for module in (meets, registrations, results, rankings):
        for path, operations in getattr(module, "PATHS", {}).items():
            paths.setdefault(path, {}).update(operations)
        schemas.update(getattr(module, "SCHEMAS", {}))
    return {
        "openapi": "3.1.0",
        "info": {"title": "meet API", "version": "1"},
        "servers": [{"url": "/api/v1"}],
        "paths": paths,
        "components": {"schemas": schemas, "securitySchemes": SECURITY_SCHEMES},
    }
