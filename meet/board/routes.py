"""The big-screen board of a meet."""

from __future__ import annotations

from flask import Blueprint, abort, render_template

from meet.services import meets

bp = Blueprint("board", __name__)


@bp.route("/m/<slug>/board")
def board(slug: str):
    meet = meets.public_meet(slug) or abort(404)
    return render_template("board/board.html", meet=meet)
