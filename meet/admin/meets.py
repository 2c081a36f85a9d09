"""Meets and events: create, edit, copy, status transitions, points table, audit log (issue 3).

Each handler parses a form, calls one service and renders; the services check the rules and
their refusals are shown next to the fields, with what was typed kept."""

from __future__ import annotations

import json
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from meet.admin.forms import (
    RULE_FIELDS,
    ConfirmForm,
    CopyMeetForm,
    MeetForm,
    PointsForm,
    SportForm,
    StatusForm,
    event_form_class,
    refusal_message,
    show_refusals,
)
from meet.admin.routes import bp
from meet.labels import AUDIT_ACTION, AUDIT_FIELD, AUDIT_OBJECT, MEET_STATUS, SPORT
from meet.models import Event, Meet
from meet.services import events as event_service
from meet.services import meets as meet_service
from meet.services.meets import ChangeRefused

REFUSED = 422


@bp.app_template_global()
def audit_label(vocabulary: str, key: str) -> str:
    """The translated name of an audit row's action, object type or field; unknown keys (from
    parts of the app that added their own) show as stored."""
    labels = {"action": AUDIT_ACTION, "object": AUDIT_OBJECT, "field": AUDIT_FIELD}[vocabulary]
    return str(labels.get(key, key))


@bp.app_template_filter()
def audit_value(value: Any) -> str:
    """A value from an audit row's before or after, compact and readable."""
    if value is None:
        return "—"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
    return str(value)


def organizer() -> dict[str, Any]:
    """Who the audit log names for a change made at the desk."""
    return {"actor": current_user.username, "user_id": current_user.id}


def meet_or_404(slug: str) -> Meet:
    return meet_service.meet_by_slug(slug) or abort(404)


def event_or_404(event_id: int) -> Event:
    return event_service.get_event(event_id) or abort(404)


def _form_page(template: str, form: Any, problems: list[str] | None = None, **context: Any):
    """A form page: 422 when something typed was refused, so scripts and tests can tell."""
    status = REFUSED if form.errors or problems else 200
    return render_template(template, form=form, problems=problems or [], **context), status


@bp.route("/meets/new", methods=["GET", "POST"])
@login_required
def new_meet():
    form = MeetForm()
    problems: list[str] = []
    if form.validate_on_submit():
        try:
            meet = meet_service.create_meet(form.details(), **organizer())
        except ChangeRefused as refused:
            problems = show_refusals(form, refused)
        else:
            flash(_("Meet created. Add its events next."), "info")
            return redirect(url_for("admin.meet", slug=meet.slug))
    return _form_page("admin/meets/form.html", form, problems, meet=None)


@bp.route("/meets/<slug>/")
@login_required
def meet(slug: str):
    meet = meet_or_404(slug)
    return render_template(
        "admin/meets/show.html",
        meet=meet,
        entered=meet_service.entered_counts(meet),
        riders=meet_service.rider_count(meet),
        next_statuses=meet_service.allowed_statuses(meet),
        status_form=StatusForm(),
    )


@bp.route("/meets/<slug>/edit", methods=["GET", "POST"])
@login_required
def edit_meet(slug: str):
    meet = meet_or_404(slug)
    form = MeetForm()
    problems: list[str] = []
    if request.method == "GET":
        form.fill_from(meet)
    elif form.validate_on_submit():
        try:
            meet_service.update_meet(meet, form.details(), **organizer())
        except ChangeRefused as refused:
            problems = show_refusals(form, refused)
        else:
            flash(_("Meet saved."), "info")
            return redirect(url_for("admin.meet", slug=meet.slug))
    return _form_page("admin/meets/form.html", form, problems, meet=meet)


@bp.route("/meets/<slug>/status", methods=["POST"])
@login_required
def change_meet_status(slug: str):
    meet = meet_or_404(slug)
    form = StatusForm()
    if form.validate_on_submit():
        try:
            meet_service.change_meet_status(meet, form.status.data, **organizer())
        except ChangeRefused as refused:
            for refusal in refused.problems.values():
                flash(refusal_message(refusal), "error")
        else:
            flash(_("The meet is now: %(status)s.", status=_status_label(meet.status)), "info")
    return redirect(url_for("admin.meet", slug=meet.slug))


def _status_label(status: str) -> str:
    return str(MEET_STATUS.get(status, status))


@bp.route("/meets/<slug>/copy", methods=["GET", "POST"])
@login_required
def copy_meet(slug: str):
    source = meet_or_404(slug)
    form = CopyMeetForm()
    problems: list[str] = []
    if request.method == "GET":
        form.process(obj=source)
        form.slug.data = f"{source.slug}-copy"
    elif form.validate_on_submit():
        try:
            copy = meet_service.copy_meet(
                source,
                slug=form.slug.data,
                name=form.name.data,
                starts_on=form.starts_on.data,
                ends_on=form.ends_on.data,
                venue=form.venue.data or "",
                **organizer(),
            )
        except ChangeRefused as refused:
            problems = show_refusals(form, refused)
        else:
            flash(_("Meet copied with its events. Check the schedule."), "info")
            return redirect(url_for("admin.meet", slug=copy.slug))
    return _form_page("admin/meets/copy.html", form, problems, meet=source)


@bp.route("/meets/<slug>/points", methods=["GET", "POST"])
@login_required
def points_table(slug: str):
    meet = meet_or_404(slug)
    form = PointsForm()
    problems: list[str] = []
    if request.method == "GET":
        form.points_table.data = ", ".join(str(points) for points in meet.points_table)
        form.team_event_multiplier.data = meet.team_event_multiplier
    elif form.validate_on_submit():
        try:
            meet_service.set_points_table(
                meet, form.table(), form.team_event_multiplier.data, **organizer()
            )
        except ChangeRefused as refused:
            problems = show_refusals(form, refused)
        else:
            flash(_("Points table saved."), "info")
            return redirect(url_for("admin.meet", slug=meet.slug))
    return _form_page("admin/meets/points.html", form, problems, meet=meet)


@bp.route("/meets/<slug>/audit")
@login_required
def audit_log(slug: str):
    meet = meet_or_404(slug)
    return render_template(
        "admin/audit/list.html",
        meet=meet,
        rows=meet_service.meet_audit_log(meet),
        changes=meet_service.audit_changes,
    )


@bp.route("/meets/<slug>/events/new")
@login_required
def choose_sport(slug: str):
    return render_template("admin/events/choose.html", meet=meet_or_404(slug), sports=SPORT)


@bp.route("/meets/<slug>/events/new/<sport>", methods=["GET", "POST"])
@login_required
def new_event(slug: str, sport: str):
    meet = meet_or_404(slug)
    if sport not in RULE_FIELDS:
        abort(404)
    form = event_form_class(sport)()
    problems: list[str] = []
    if request.method == "GET":
        template = event_service.event_template(sport, str(SPORT[sport]))
        form.process(obj=template)
        form.fill_rules(dict(template.rules))
    elif form.validate_on_submit():
        try:
            event = event_service.create_event(meet, form.details(), **organizer())
        except ChangeRefused as refused:
            problems = show_refusals(form, refused)
        else:
            flash(_("Event “%(name)s” added.", name=event.name), "info")
            return redirect(url_for("admin.meet", slug=meet.slug))
    return _form_page("admin/events/form.html", form, problems, meet=meet, event=None, sport=sport)


@bp.route("/events/<int:event_id>/edit", methods=["GET", "POST"])
@login_required
def edit_event(event_id: int):
    event = event_or_404(event_id)
    form = event_form_class(event.sport)()
    problems: list[str] = []
    if request.method == "GET":
        form.fill_from(event)
    elif form.validate_on_submit():
        try:
            event_service.update_event(event, form.details(), **organizer())
        except ChangeRefused as refused:
            problems = show_refusals(form, refused)
        else:
            flash(_("Event “%(name)s” saved.", name=event.name), "info")
            return redirect(url_for("admin.meet", slug=event.meet.slug))
    return _event_page(event, form, SportForm(sport=event.sport), ConfirmForm(), problems)


def _event_page(event: Event, form: Any, sport_form: Any, delete_form: Any, problems: list[str]):
    failed = form.errors or sport_form.errors or delete_form.errors or problems
    page = render_template(
        "admin/events/form.html",
        form=form,
        sport_form=sport_form,
        delete_form=delete_form,
        problems=problems,
        meet=event.meet,
        event=event,
        sport=event.sport,
        has_results=event_service.event_has_results(event),
        entries=event_service.entry_count(event),
    )
    return page, REFUSED if failed else 200


@bp.route("/events/<int:event_id>/sport", methods=["POST"])
@login_required
def change_event_sport(event_id: int):
    event = event_or_404(event_id)
    sport_form = SportForm()
    if sport_form.validate_on_submit():
        try:
            event_service.change_event_sport(event, sport_form.sport.data, **organizer())
        except ChangeRefused as refused:
            show_refusals(sport_form, refused)
        else:
            flash(_("The sport is changed; check its rules below."), "info")
            return redirect(url_for("admin.edit_event", event_id=event.id))
    form = event_form_class(event.sport)(formdata=None)
    form.fill_from(event)
    return _event_page(event, form, sport_form, ConfirmForm(formdata=None), [])


@bp.route("/events/<int:event_id>/delete", methods=["POST"])
@login_required
def delete_event(event_id: int):
    event = event_or_404(event_id)
    meet = event.meet
    delete_form = ConfirmForm()
    if delete_form.validate_on_submit():
        name = event.name
        try:
            event_service.delete_event(event, **organizer())
        except ChangeRefused as refused:
            problems = [refusal_message(r) for r in refused.problems.values()]
            form = event_form_class(event.sport)(formdata=None)
            form.fill_from(event)
            return _event_page(
                event, form, SportForm(formdata=None, sport=event.sport), delete_form, problems
            )
        flash(_("Event “%(name)s” deleted.", name=name), "info")
    return redirect(url_for("admin.meet", slug=meet.slug))
