"""Meets at the desk: the list, create, edit, copy, status transitions, the points table and the
audit log. Each view parses a form and calls one service, whose refusals are shown next to the
fields, with what was typed kept."""

from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from meet.admin.desk import form_page, organizer
from meet.admin.forms import (
    CopyMeetForm,
    MeetForm,
    PointsForm,
    StatusForm,
    refusal_message,
    show_refusals,
)
from meet.labels import MEET_STATUS
from meet.services import audit, meet_queries
from meet.services import meets as meet_service
from meet.services.meets import ChangeRefused


def dashboard():
    return render_template(
        "admin/dashboard.html",
        meets=meet_queries.all_meets(),
        riders=meet_queries.rider_counts(),
        user=current_user,
    )


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
    return form_page("admin/meets/form.html", form, problems, meet=None)


def meet():
    meet = g.meet
    return render_template(
        "admin/meets/show.html",
        meet=meet,
        entered=meet_queries.entered_counts(meet),
        riders=meet_queries.rider_count(meet),
        next_statuses=meet_service.allowed_statuses(meet),
        status_form=StatusForm(),
    )


def edit_meet():
    meet = g.meet
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
    return form_page("admin/meets/form.html", form, problems, meet=meet)


def change_meet_status():
    meet = g.meet
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


def copy_meet():
    source = g.meet
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
    return form_page("admin/meets/copy.html", form, problems, meet=source)


def points_table():
    meet = g.meet
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
    return form_page("admin/meets/points.html", form, problems, meet=meet)


def audit_log():
    meet = g.meet
    return render_template(
        "admin/audit/list.html",
        meet=meet,
        rows=audit.meet_audit_log(meet),
        changes=audit.audit_changes,
    )
