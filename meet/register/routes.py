"""Public and rider pages: the meet list, a meet, its registration form, a rider's own page."""

from __future__ import annotations

from flask import (
    abort,
    current_app,
    flash,
    g,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError, validate_csrf

from meet.extensions import csrf, limiter
from meet.forms.registration import details_from_form, form_context, form_values
from meet.models import Meet
from meet.services import meet_queries, qr
from meet.services.printing.certificates import rider_certificates
from meet.services.rankings.events import rider_places
from meet.services.registration import intake, places, queries, waitlist
from meet.web_helpers import reads_until_the_lock, registration_limit


def index():
    return render_template("register/index.html", meets=meet_queries.public_meets())


def meet_page():
    meet = g.meet
    entered = meet_queries.entered_counts(meet)
    return render_template("register/meet.html", meet=meet, entered=entered)


def render_form(meet: Meet, values=None, errors=None, status: int = 200):
    """The form, empty or as the rider filled it, with the errors next to their fields; also the
    page shown when the rate limit is hit."""
    page = render_template(
        "register/register.html",
        meet=meet,
        state=intake.registration_state(meet),
        **form_context(meet, values, errors),
    )
    return page, status


def too_many_requests(error):
    """Over the limit: the form comes back with what was typed, so nothing is lost."""
    meet = g.get("meet")
    if request.endpoint != "register.register" or request.method != "POST" or meet is None:
        return render_template("error.html", error=error), 429
    message = _(
        "Many people are registering at once. Please wait a minute and press Register again; "
        "what you typed is kept."
    )
    return render_form(meet, form_values(request.form), {"form": message}, 429)


@limiter.limit(registration_limit, methods=["POST"])
@csrf.exempt  # checked below, so an expired form comes back filled in instead of lost
@reads_until_the_lock
def register():
    meet = g.meet
    if request.method == "GET":
        return render_form(meet)
    values = form_values(request.form)
    try:
        validate_csrf(request.form.get("csrf_token"))
    except (CSRFError, ValueError):
        message = _("This form has expired. Please check your details and press Register again.")
        return render_form(meet, values, {"form": message}, 400)
    try:
        done = places.register_rider(meet, details_from_form(request.form))
    except intake.RegistrationError as error:
        return render_form(meet, values, error.messages(), 422)
    flash(_("You are registered. Your bib number is %(bib)s.", bib=done.participant.bib), "success")
    return redirect(url_for("register.rider_page", token=done.token))


def rider_page(token: str):
    rider = meet_queries.participant_by_token(token) or abort(404)
    placed = rider_places(rider, str(get_locale()))
    page = render_template(
        "register/me.html",
        rider=rider,
        meet=rider.meet,
        entries=queries.rider_entries(rider),
        places=placed,
        certificates={event.id: kind for event, kind in rider_certificates(rider, placed)},
        checkin_qr=qr.qr_svg(rider.checkin_code, error_correction="M", title=_("Check-in code")),
        page_url=current_app.config["MEET_PUBLIC_URL"]
        + url_for("register.rider_page", token=token),
    )
    response = make_response(page)
    # The page is its own key: keep it out of shared caches and search engines.
    response.headers["Cache-Control"] = "private, no-cache"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def withdraw(token: str, entry_id: int):
    rider = meet_queries.participant_by_token(token) or abort(404)
    try:
        waitlist.withdraw_from_event(rider, entry_id)
    except waitlist.WithdrawalError:
        flash(_("You are not entered in this event."), "error")
    else:
        flash(_("You have left the event."), "success")
    return redirect(url_for("register.rider_page", token=token))
