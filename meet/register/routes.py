"""Public and rider pages: the meet list, a meet, its registration form, a rider's own page."""

from __future__ import annotations

from flask import Blueprint, abort, render_template

from meet.services import meets

bp = Blueprint("register", __name__)


@bp.route("/")
def index():
    return render_template("register/index.html", meets=meets.public_meets())


@bp.route("/m/<slug>/")
def meet_page(slug: str):
    meet = meets.public_meet(slug) or abort(404)
    return render_template("register/meet.html", meet=meet, entered=meets.entered_counts(meet))


@bp.route("/m/<slug>/register")
def register(slug: str):
    meet = meets.public_meet(slug) or abort(404)
    return render_template("register/register.html", meet=meet)


@bp.route("/me/<token>")
def rider_page(token: str):
    rider = meets.participant_by_token(token) or abort(404)
    return render_template("register/me.html", rider=rider, meet=rider.meet)


# A rider's own certificate PDFs (issue 8).
from meet.register import certificates  # noqa: F401
