"""The meet application: create_app() builds a configured Flask app."""

from __future__ import annotations

from typing import Any

from flask import Flask

from meet import config


def create_app(overrides: dict[str, Any] | None = None) -> Flask:
    app = Flask(
        __name__,
        template_folder="../templates",
        static_folder="../static",
        instance_path=str(config.INSTANCE_DIR),
    )
    app.config.update(config.DEFAULTS)
    app.config.update(config.load() if not (overrides or {}).get("TESTING") else {})
    app.config.update(overrides or {})

    from meet import web

    web.init_app(app)
    return app
