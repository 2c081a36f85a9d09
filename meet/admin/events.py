"""Events of a meet at the desk: add one (choose its sport, then its rules), edit it, change its
sport, delete it. Each view parses a form and calls one service, whose refusals are shown next to
the fields, with what was typed kept."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from meet.admin.desk import REFUSED, form_page, organizer
from meet.admin.forms import (
    ConfirmForm,
    SportForm,
    event_form_class,
    refusal_message,
    show_refusals,
)
from meet.models import Event
from meet.services import events as event_service
from meet.services.meets import ChangeRefused
from meet.sports.registry import SPORTS, sport_choices


def event_or_404(event_id: int) -> Event:
    return event_service.get_event(event_id) or abort(404)


def choose_sport():
    return render_template("admin/events/choose.html", meet=g.meet, sports=sport_choices())


def new_event(sport: str):
    meet = g.meet
    if sport not in SPORTS:
        abort(404)
    form = event_form_class(sport)()
    problems: list[str] = []
    if request.method == "GET":
        template = event_service.event_template(sport, str(SPORTS[sport].label))
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
    return form_page("admin/events/form.html", form, problems, meet=meet, event=None, sport=sport)


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
