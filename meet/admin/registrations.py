"""The meet's riders at the desk: the registration QR, the list, walk-ins, withdrawals, exports."""

from __future__ import annotations

from flask import (
    Response,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from meet.admin.desk import desk_actor
from meet.extensions import db
from meet.forms.registration import details_from_form, form_context, form_values
from meet.models import Entry, Meet
from meet.services import exports, qr
from meet.services.checkin import checkin_counts
from meet.services.meet_queries import entered_counts
from meet.services.registration import intake, places, queries, waitlist


def public_register_url(meet: Meet) -> str:
    """What the poster QR holds: the address riders' phones reach, not the one we were asked on."""
    return current_app.config["MEET_PUBLIC_URL"] + url_for("register.register", slug=meet.slug)


def registrations():
    meet = g.meet
    search = request.args.get("q", "")[:60]
    register_url = public_register_url(meet)
    return render_template(
        "admin/registrations/list.html",
        meet=meet,
        search=search,
        riders=queries.list_registrations(meet, search),
        entered=entered_counts(meet),
        waitlisted=waitlist.waitlist_counts(meet),
        checked=checkin_counts(meet),
        register_url=register_url,
        register_qr=qr.qr_svg(register_url, error_correction="Q", title=_("Registration QR code")),
        state=intake.registration_state(meet),
    )


def walk_in():
    """A rider registered at the desk: the same service and rules as the phone form."""
    meet = g.meet
    if request.method == "GET":
        values = form_values(None)
        values["check_in"] = True
        return _walk_in_form(meet, values)
    try:
        done = places.register_rider(
            meet,
            details_from_form(request.form),
            actor=desk_actor(),
            user_id=current_user.id,
            check_in=bool(request.form.get("check_in")),
        )
    except intake.RegistrationError as error:
        return _walk_in_form(meet, form_values(request.form), error.messages(), 422)
    page_url = current_app.config["MEET_PUBLIC_URL"] + url_for(
        "register.rider_page", token=done.token
    )
    return render_template(
        "admin/registrations/walk_in_done.html",
        meet=meet,
        done=done,
        page_url=page_url,
        page_qr=qr.qr_svg(page_url, error_correction="M", title=_("The rider's own page")),
    )


def _walk_in_form(meet: Meet, values: dict, errors: dict | None = None, status: int = 200):
    page = render_template(
        "admin/registrations/walk_in.html",
        meet=meet,
        state=intake.registration_state(meet),
        **form_context(meet, values, errors),
    )
    return page, status


def withdraw_entry(entry_id: int):
    meet = g.meet
    entry = db.session.get(Entry, entry_id)
    if entry is None or entry.event.meet_id != meet.id:
        abort(404)
    try:
        waitlist.withdraw_entry(entry, actor=desk_actor(), user_id=current_user.id)
    except waitlist.WithdrawalError:
        flash(_("This entry was already withdrawn."), "error")
    else:
        flash(_("The entry is withdrawn; the waitlist moved up."), "success")
    return redirect(url_for("admin.registrations", slug=meet.slug, q=request.form.get("q", "")))


def registrations_csv():
    meet = g.meet
    return _download(exports.registrations_csv(meet), meet, "csv", "text/csv; charset=utf-8")


def registrations_xlsx():
    meet = g.meet
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return _download(exports.registrations_xlsx(meet), meet, "xlsx", xlsx)


def _download(body: bytes, meet: Meet, extension: str, mimetype: str) -> Response:
    response = Response(body, mimetype=mimetype)
    filename = f"{meet.slug}-registrations.{extension}"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"  # phone numbers inside
    return response
