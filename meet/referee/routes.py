"""Referee tablet routes: the PIN, the events of the access, and each event's list and entry pad.

The pad sends every result through POST /api/v1/results (meet.api.results) from its outbox."""

from __future__ import annotations

from pathlib import Path

from flask import (
    abort,
    current_app,
    redirect,
    render_template,
    send_file,
    url_for,
)
from flask_babel import format_datetime
from flask_babel import gettext as _

from meet.extensions import db, limiter
from meet.models import Event, RefereeAccess
from meet.referee import auth
from meet.referee.forms import PinForm
from meet.services.referees import active_access
from meet.services.results.progress import events_for_access
from meet.services.results.sheets import scoring_sheet
from meet.sports.registry import sport_desk


def service_worker():
    """The tablet's offline helper; served from /ref/ so that it may look after every page here."""
    path = Path(current_app.static_folder) / "js" / "referee-sw.js"
    response = send_file(path, mimetype="text/javascript", max_age=0)
    response.headers["Cache-Control"] = "no-cache"
    return response


@limiter.limit(
    "5 per minute", key_func=auth.pin_limit_key, methods=["POST"], deduct_when=auth.wrong_pin
)
def home(token: str):
    access = active_access(token) or abort(404)
    if auth.pin_checked(access):
        return render_template(
            "referee/home.html",
            access=access,
            meet=access.meet,
            token=token,
            events=events_for_access(access),
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


def event(token: str, event_id: int):
    access = auth.current_access(token)
    if access is None:
        active_access(token) or abort(404)
        return redirect(url_for("referee.home", token=token))
    event = _allowed_event(access, event_id)
    desk = sport_desk(event.sport)
    return render_template(
        "referee/event.html",
        access=access,
        meet=access.meet,
        event=event,
        token=token,
        desk=desk,
        rules=desk.sport.validate_rules(event.rules),
        is_match=desk.is_match,
        rows=scoring_sheet(event),
    )


def rows(token: str, event_id: int):
    """The event's list alone, for the page to refresh itself with other tablets' results."""
    access = auth.current_access(token) or abort(401)
    event = _allowed_event(access, event_id)
    response = current_app.make_response(
        render_template("referee/_rows.html", rows=scoring_sheet(event))
    )
    response.headers["Cache-Control"] = "no-store"
    return response
