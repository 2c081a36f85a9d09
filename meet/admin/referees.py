"""Referee accesses: create, list, revoke, show the tablet link and its QR.

The tablet link and the PIN are shown once, on the page the creation redirects to: only their
hashes are kept, so nothing can show them again (make a new access if they are lost). Between
the POST and that page they ride in the organizer's own signed session, so reloading the page
shows nothing twice and never makes a second access."""

from __future__ import annotations

from flask import abort, current_app, flash, g, redirect, render_template, session, url_for
from flask_babel import gettext as _

from meet.admin.desk import REFUSED, organizer
from meet.admin.forms import ConfirmForm, RefereeAccessForm, choices, refusal_message
from meet.models import Meet
from meet.services import referees
from meet.services.meets import Refusal
from meet.services.qr import qr_svg

NEW_ACCESS_KEY = "new_referee_access"


def tablet_link(token: str) -> str:
    return f"{current_app.config['MEET_PUBLIC_URL']}/ref/{token}"


def referee_accesses():
    meet = g.meet
    form = RefereeAccessForm()
    form.events.choices = choices((event.id, event.name) for event in meet.events)
    if form.validate_on_submit():
        try:
            access, token, pin = referees.create_referee_access(
                meet, form.events.data or [], form.name.data or "", **organizer()
            )
        except referees.RefereeAccessError as error:
            params = {"event": error.event_id, "high": referees.NAME_LENGTH}
            field = form.events if error.code == "foreign_event" else form.name
            field.errors = [*field.errors, refusal_message(Refusal(error.code, params))]
        else:
            session[NEW_ACCESS_KEY] = {"id": access.id, "token": token, "pin": pin}
            return redirect(url_for("admin.referee_accesses", slug=meet.slug), 303)
    created = _just_created(meet)
    page = render_template(
        "admin/referees/list.html",
        meet=meet,
        form=form,
        created=created,
        accesses=referees.referee_accesses(meet),
        revoke_form=ConfirmForm(formdata=None),
    )
    return page, REFUSED if form.errors else 200


def _just_created(meet: Meet) -> dict | None:
    """The access made by the POST that sent us here, with its link and PIN, shown this once."""
    shown = session.pop(NEW_ACCESS_KEY, None)
    access = referees.get_referee_access(shown["id"]) if shown else None
    if access is None or access.meet_id != meet.id:
        return None
    link = tablet_link(shown["token"])
    return {
        "access": access,
        "link": link,
        "pin": shown["pin"],
        "qr": qr_svg(link, title=_("QR code of the tablet link")),
    }


def revoke_referee_access(access_id: int):
    access = referees.get_referee_access(access_id) or abort(404)
    if ConfirmForm().validate_on_submit():
        referees.revoke_referee_access(access, **organizer())
        name = access.name or f"#{access.id}"
        flash(_("Access “%(name)s” revoked: its tablet is locked out.", name=name), "info")
    return redirect(url_for("admin.referee_accesses", slug=access.meet.slug))
