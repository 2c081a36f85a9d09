"""Results of an event for the organizer: each entry's history, corrections with a reason, and
marking the event official or reopening it. Every change here is audited by the
results service."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Regexp

from meet.extensions import db
from meet.models import Entry, Event, Match
from meet.models.results import RESULT_STATUSES
from meet.services.results import official
from meet.services.results.history import event_history
from meet.services.results.recording import ResultError, record_result
from meet.services.results.sheets import scoring_sheet
from meet.sports.registry import sport_desk


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


def _event(event_id: int) -> Event:
    return db.session.get(Event, event_id) or abort(404)


def event_results(event_id: int):
    event = _event(event_id)
    return render_template(
        "admin/results/event.html",
        event=event,
        meet=event.meet,
        rows=scoring_sheet(event),
        history=event_history(event),
        desk=sport_desk(event.sport),
        status_form=EventStatusForm(),
    )


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
        result = record_result(
            event,
            entry=entry,
            match=match,
            marks=sport_desk(event.sport).marks_from_text(form.marks.data or "", form.status.data),
            status=form.status.data,
            version=form.version.data,
            reason=form.reason.data,
            user=current_user,
        )
    except ResultError as error:
        flash(error.message, "error")
        return back
    flash(_("Recorded as version %(version)s.", version=result.version), "info")
    return back


def mark_results_official(event_id: int):
    event = _event(event_id)
    if EventStatusForm().validate_on_submit():
        official.mark_official(event, current_user)
        flash(_("The results of %(event)s are official.", event=event.name), "info")
    return redirect(url_for("admin.event_results", event_id=event.id))


def reopen_results(event_id: int):
    event = _event(event_id)
    if EventStatusForm().validate_on_submit():
        try:
            official.reopen_results(event, current_user)
        except ResultError as error:
            flash(error.message, "error")
        else:
            flash(_("Referees can correct %(event)s again.", event=event.name), "info")
    return redirect(url_for("admin.event_results", event_id=event.id))
