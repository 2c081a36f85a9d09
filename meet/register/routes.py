"""Public and rider pages: the meet list, a meet, its registration form, a rider's own page."""

from __future__ import annotations

import functools

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError, validate_csrf

from meet import sqlite
from meet.extensions import csrf, limiter
from meet.models.people import PLATFORMS
from meet.register.forms import details_from_form, form_values
from meet.services import meets, qr, registration

bp = Blueprint("register", __name__)

# A venue's riders share one public address (its Wi-Fi, or the carrier's NAT on 4G): the limit
# must let a crowd through (300 a minute) and only stops scripts.
DEFAULT_REGISTRATION_LIMIT = "300 per minute"


def reads_until_the_lock(view):
    """A registration POST only reads until the registration service takes its lock, so on
    SQLite its transactions begin deferred: a crowd queues for the write lock once per rider,
    inside the service, and never for the reads before it (meet/sqlite.py begins every other
    POST with the write lock)."""

    @functools.wraps(view)
    def reading_first(*args, **kwargs):
        mode = sqlite.set_read_only(True)
        try:
            return view(*args, **kwargs)
        finally:
            sqlite.reset_mode(mode)

    return reading_first


def registration_limit() -> str:
    """Per client address, for the form and the API alike."""
    return current_app.config.get("MEET_REGISTRATION_LIMIT", DEFAULT_REGISTRATION_LIMIT)


@bp.route("/")
def index():
    return render_template("register/index.html", meets=meets.public_meets())


@bp.route("/m/<slug>/")
def meet_page(slug: str):
    meet = meets.public_meet(slug) or abort(404)
    return render_template("register/meet.html", meet=meet, entered=meets.entered_counts(meet))


def render_form(meet, values=None, errors=None, status: int = 200):
    """The form, empty or as the rider filled it, with the errors next to their fields. Shared
    with the desk's walk-in form and the page shown when the rate limit is hit."""
    page = render_template(
        "register/register.html",
        meet=meet,
        state=registration.registration_state(meet),
        **form_context(meet, values, errors),
    )
    return page, status


def form_context(meet, values=None, errors=None) -> dict:
    return {
        "values": values or form_values(None),
        "errors": errors or {},
        "platforms": PLATFORMS,
        "entered": meets.entered_counts(meet),
        "teams": registration.open_teams(meet),
        "stations": registration.known_stations(meet),
    }


@bp.errorhandler(429)
def _too_many_requests(error):
    """Over the limit: the form comes back with what was typed, so nothing is lost."""
    meet = None
    if request.endpoint == "register.register" and request.method == "POST":
        meet = meets.public_meet((request.view_args or {}).get("slug", ""))
    if meet is None:
        return render_template("error.html", error=error), 429
    message = _(
        "Many people are registering at once. Please wait a minute and press Register again; "
        "what you typed is kept."
    )
    return render_form(meet, form_values(request.form), {"form": message}, 429)


@bp.route("/m/<slug>/register", methods=["GET", "POST"])
@limiter.limit(registration_limit, methods=["POST"])
@csrf.exempt  # checked below, so an expired form comes back filled in instead of lost
@reads_until_the_lock
def register(slug: str):
    meet = meets.public_meet(slug) or abort(404)
    if request.method == "GET":
        return render_form(meet)
    values = form_values(request.form)
    try:
        validate_csrf(request.form.get("csrf_token"))
    except (CSRFError, ValueError):
        message = _("This form has expired. Please check your details and press Register again.")
        return render_form(meet, values, {"form": message}, 400)
    try:
        done = registration.register_rider(meet, details_from_form(request.form))
    except registration.RegistrationError as error:
        return render_form(meet, values, error.messages(), 422)
    flash(_("You are registered. Your bib number is %(bib)s.", bib=done.participant.bib), "success")
    return redirect(url_for("register.rider_page", token=done.token))


@bp.route("/me/<token>")
def rider_page(token: str):
    rider = meets.participant_by_token(token) or abort(404)
    checkin_qr = qr.qr_svg(rider.checkin_code, error_correction="M", title=_("Check-in code"))
    page = render_template(
        "register/me.html",
        rider=rider,
        meet=rider.meet,
        entries=registration.rider_entries(rider),
        checkin_qr=checkin_qr,
        page_url=current_app.config["MEET_PUBLIC_URL"]
        + url_for("register.rider_page", token=token),
    )
    response = make_response(page)
    # The page is its own key: keep it out of shared caches and search engines.
    response.headers["Cache-Control"] = "private, no-cache"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


@bp.route("/me/<token>/entries/<int:entry_id>/withdraw", methods=["POST"])
def withdraw(token: str, entry_id: int):
    rider = meets.participant_by_token(token) or abort(404)
    try:
        registration.withdraw_from_event(rider, entry_id)
    except registration.WithdrawalError:
        flash(_("You are not entered in this event."), "error")
    else:
        flash(_("You have left the event."), "success")
    return redirect(url_for("register.rider_page", token=token))


# A rider's own certificate PDFs (issue 8).
from meet.register import certificates  # noqa: F401
