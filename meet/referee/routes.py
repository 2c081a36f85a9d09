"""Referee tablet routes: the PIN, the events of the access, and each event's list and entry pad.

The pad sends every result through POST /api/v1/results (meet.api.results) from its outbox."""

from __future__ import annotations

from pathlib import Path

from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address

from meet.extensions import db, limiter
from meet.models import Event, RefereeAccess
from meet.referee import auth
from meet.referee.forms import PinForm
from meet.scoring import get_sport
from meet.services import results
from meet.services.referees import active_access
from meet.services.tokens import hash_token

bp = Blueprint("referee", __name__, url_prefix="/ref")


def _pin_key() -> str:
    """Wrong PINs are counted per link and address: one tablet guessing cannot lock out another
    link, and the hash keeps the link itself out of the limiter's storage."""
    token = (request.view_args or {}).get("token", "")
    return f"pin:{hash_token(token)[:16]}:{get_remote_address()}"


def _wrong_pin(response) -> bool:
    return response.status_code == 401


@bp.route("/sw.js")
def service_worker():
    """The tablet's offline helper; served from /ref/ so that it may look after every page here."""
    path = Path(current_app.static_folder) / "js" / "referee-sw.js"
    response = send_file(path, mimetype="text/javascript", max_age=0)
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.route("/<token>", methods=["GET", "POST"])
@limiter.limit("5 per minute", key_func=_pin_key, methods=["POST"], deduct_when=_wrong_pin)
def home(token: str):
    access = active_access(token) or abort(404)
    if auth.pin_checked(access):
        return render_template(
            "referee/home.html",
            access=access,
            meet=access.meet,
            token=token,
            events=results.events_for_access(access),
        )
    form = PinForm()
    if form.validate_on_submit():
        check = auth.check_pin(access, form.pin.data)
        if check.ok:
            auth.remember_pin_checked(access)
            return redirect(url_for("referee.home", token=token), 303)
        form.pin.errors.append(_pin_message(check))
    status = 401 if form.pin.errors else 200
    return render_template("referee/pin.html", access=access, meet=access.meet, form=form), status


def _pin_message(check: auth.PinCheck) -> str:
    if check.locked_until is not None:
        return _(
            "Too many wrong PINs. This tablet link is locked until %(time)s.",
            time=format_datetime(check.locked_until, "HH:mm"),
        )
    return _("Wrong PIN. %(left)s tries left.", left=check.attempts_left)


def _allowed_event(access: RefereeAccess, event_id: int) -> Event:
    event = db.session.get(Event, event_id)
    if event is None or not access.allows(event):
        abort(403)
    return event


@bp.route("/<token>/events/<int:event_id>")
def event(token: str, event_id: int):
    access = auth.current_access(token)
    if access is None:
        active_access(token) or abort(404)
        return redirect(url_for("referee.home", token=token))
    event = _allowed_event(access, event_id)
    return render_template(
        "referee/event.html",
        access=access,
        meet=access.meet,
        event=event,
        token=token,
        rules=get_sport(event.sport).validate_rules(event.rules),
        is_match=results.is_match_sport(event),
        rows=results.scoring_sheet(event),
    )


@bp.route("/<token>/events/<int:event_id>/rows")
def rows(token: str, event_id: int):
    """The event's list alone, for the page to refresh itself with other tablets' results."""
    access = auth.current_access(token) or abort(401)
    event = _allowed_event(access, event_id)
    response = current_app.make_response(
        render_template("referee/_rows.html", rows=results.scoring_sheet(event))
    )
    response.headers["Cache-Control"] = "no-store"
    return response


# Check-in by QR scan or bib for referee tablets lives beside the organizer's (issue 4).
from meet.referee import checkin  # noqa: F401
