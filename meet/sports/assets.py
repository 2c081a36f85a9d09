"""The sports' own browser files (each sport's pad script and its pure helpers), served from the
sport's folder so that a sport stays in one place. Only .js files of registered sports."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, send_from_directory
from jinja2 import FileSystemLoader

from meet.sports.registry import SPORTS

FOLDER = Path(__file__).resolve().parent
bp = Blueprint("sports", __name__, url_prefix="/static/sports")


def template_loader() -> FileSystemLoader:
    """Finds `<key>/pad.html` and `<key>/sheet.html`; mounted under the "sports/" prefix."""
    return FileSystemLoader(str(FOLDER))


@bp.route("/<key>/<name>.js")
def script(key: str, name: str):
    if key not in SPORTS or not name.replace("_", "").replace("-", "").isalnum():
        abort(404)
    return send_from_directory(FOLDER / key, f"{name}.js", mimetype="text/javascript")
