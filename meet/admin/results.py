"""Results of an event for the organizer: each entry's history, corrections with a reason, and
marking the event official or reopening it (issue 6). Every change here is audited by the
results service."""

from __future__ import annotations

import re
from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Regexp

from meet.admin.routes import bp
from meet.extensions import db
from meet.models import Entry, Event, Match
from meet.models.results import RESULT_STATUSES
from meet.services import results

# What an organizer may type for a pitch-pot arrow, besides the stored words.
ARROW_WORDS = {"入壶": "pot", "入": "pot", "贯耳": "ear", "贯": "ear", "未中": "miss", "未": "miss"}


class CorrectionForm(FlaskForm):
    target = HiddenField(validators=[Regexp(r"^(entry|match):\d+$")])
    version = IntegerField(validators=[InputRequired(), NumberRange(min=0)])
    status = SelectField(_l("Status"), choices=list(RESULT_STATUSES))
    marks = StringField(_l("Marks"), validators=[Length(max=500)])
    reason = StringField(
        _l("Reason"),
        validators=[DataRequired(_l("Say why the result is changed.")), Length(max=500)],
    )


class EventStatusForm(FlaskForm):
    """Mark official or reopen: nothing to fill in but the CSRF token."""


def marks_from_text(sport: str, text: str, status: str) -> dict[str, Any]:
    """The marks an organizer typed in one line, for the sport's module to check: "2:05.4" for a
    plank, "入 贯 未 入" or "pot ear miss pot" for pitch-pot, "10 7 3" rolls, "a b a" pulls, "3 2"
    goals (and "a"/"b" for a knockout decider), "12.3 11.8" attempts; "a"/"b" for the side that
    lost by DNS, DNF or DQ in a match."""
    words = [word for word in re.split(r"[\s,，、;；]+", text.strip()) if word]
    if status != results.OK:
        return {"side": words[0].lower()} if words else {}
    if sport == "plank":
        return {"seconds": _seconds(words[0]) if words else None}
    if sport == "pitch_pot":
        return {"arrows": [ARROW_WORDS.get(word, word.lower()) for word in words]}
    if sport == "bowling":
        return {"rolls": [_number(word) for word in words]}
    if sport == "tug_of_war":
        return {"pulls": [word.lower() for word in words]}
    if sport == "frisbee_football":
        marks: dict[str, Any] = {"goals": [_number(word) for word in words[:2]]}
        if len(words) > 2:
            marks["decider"] = words[2].lower()
        return marks
    return {"attempts": [_number(word) for word in words]}


def marks_as_text(sport: str, marks: dict[str, Any]) -> str:
    """The other way round, to start a correction from what is recorded."""
    if "side" in marks:
        return marks["side"]
    if sport == "plank":
        return f"{marks.get('seconds', '')}"
    if sport == "frisbee_football":
        goals = " ".join(str(goal) for goal in marks.get("goals", []))
        return f"{goals} {marks['decider']}" if marks.get("decider") else goals
    values = next((value for value in marks.values() if isinstance(value, list)), [])
    return " ".join(str(value) for value in values)


def _number(word: str) -> Any:
    """A number when the word is one; otherwise the word, for the sport to refuse by name."""
    try:
        number = float(word)
    except ValueError:
        return word
    return int(number) if number.is_integer() and "." not in word else number


def _seconds(word: str) -> Any:
    minutes, colon, seconds = word.replace("：", ":").rpartition(":")
    if not colon:
        return _number(word)
    whole, part = _number(minutes), _number(seconds)
    if isinstance(whole, int) and isinstance(part, int | float):
        return round(whole * 60 + part, 2)
    return word


def _event(event_id: int) -> Event:
    return db.session.get(Event, event_id) or abort(404)


@bp.route("/events/<int:event_id>/results")
@login_required
def event_results(event_id: int):
    event = _event(event_id)
    return render_template(
        "admin/results/event.html",
        event=event,
        meet=event.meet,
        rows=results.scoring_sheet(event),
        history=results.event_history(event),
        marks_as_text=marks_as_text,
        status_form=EventStatusForm(),
    )


@bp.route("/events/<int:event_id>/results", methods=["POST"])
@login_required
def correct_result(event_id: int):
    event = _event(event_id)
    form = CorrectionForm()
    back = redirect(url_for("admin.event_results", event_id=event.id))
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(error, "error")
        return back
    kind, _colon, target_id = form.target.data.partition(":")
    entry = db.session.get(Entry, int(target_id)) if kind == "entry" else None
    match = db.session.get(Match, int(target_id)) if kind == "match" else None
    if (entry or match) is None or (entry or match).event_id != event.id:
        abort(404)
    try:
        result = results.record_result(
            event,
            entry=entry,
            match=match,
            marks=marks_from_text(event.sport, form.marks.data or "", form.status.data),
            status=form.status.data,
            version=form.version.data,
            reason=form.reason.data,
            user=current_user,
        )
    except results.ResultError as error:
        flash(error.message, "error")
        return back
    flash(_("Recorded as version %(version)s.", version=result.version), "info")
    return back


@bp.route("/events/<int:event_id>/official", methods=["POST"])
@login_required
def mark_results_official(event_id: int):
    event = _event(event_id)
    if EventStatusForm().validate_on_submit():
        results.mark_official(event, current_user)
        flash(_("The results of %(event)s are official.", event=event.name), "info")
    return redirect(url_for("admin.event_results", event_id=event.id))


@bp.route("/events/<int:event_id>/reopen", methods=["POST"])
@login_required
def reopen_results(event_id: int):
    event = _event(event_id)
    if EventStatusForm().validate_on_submit():
        try:
            results.reopen_results(event, current_user)
        except results.ResultError as error:
            flash(error.message, "error")
        else:
            flash(_("Referees can correct %(event)s again.", event=event.name), "info")
    return redirect(url_for("admin.event_results", event_id=event.id))
