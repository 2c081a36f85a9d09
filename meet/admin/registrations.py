"""The meet's riders at the desk: the registration QR, the list, walk-ins, withdrawals, exports
(issue 4)."""

from __future__ import annotations

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from meet.admin.routes import bp
from meet.extensions import db
from meet.models import Entry, Meet
from meet.register.forms import details_from_form, form_values
from meet.register.routes import form_context
from meet.services import exports, qr, registration
from meet.services.checkin import checkin_counts
from meet.services.meets import entered_counts


def meet_or_404(slug: str) -> Meet:
    return db.first_or_404(select(Meet).where(Meet.slug == slug))


def desk_actor() -> str:
    return f"organizer:{current_user.username}"


def public_register_url(meet: Meet) -> str:
    """What the poster QR holds: the address riders' phones reach, not the one we were asked on."""
    return current_app.config["MEET_PUBLIC_URL"] + url_for("register.register", slug=meet.slug)


@bp.route("/meets/<slug>/registrations")
@login_required
def registrations(slug: str):
    meet = meet_or_404(slug)
    search = request.args.get("q", "")[:60]
    register_url = public_register_url(meet)
    return render_template(
        "admin/registrations/list.html",
        meet=meet,
        search=search,
        riders=registration.list_registrations(meet, search),
        entered=entered_counts(meet),
        waitlisted=registration.waitlist_counts(meet),
        checked=checkin_counts(meet),
        register_url=register_url,
        register_qr=qr.qr_svg(register_url, error_correction="Q", title=_("Registration QR code")),
        state=registration.registration_state(meet),
    )


@bp.route("/meets/<slug>/registrations/new", methods=["GET", "POST"])
@login_required
def walk_in(slug: str):
    """A rider registered at the desk: the same service and rules as the phone form."""
    meet = meet_or_404(slug)
    if request.method == "GET":
        values = form_values(None)
        values["check_in"] = True
        return _walk_in_form(meet, values)
    try:
        done = registration.register_rider(
            meet,
            details_from_form(request.form),
            actor=desk_actor(),
            user_id=current_user.id,
            check_in=bool(request.form.get("check_in")),
        )
    except registration.RegistrationError as error:
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
        state=registration.registration_state(meet),
        **form_context(meet, values, errors),
    )
    return page, status


@bp.route("/meets/<slug>/entries/<int:entry_id>/withdraw", methods=["POST"])
@login_required
def withdraw_entry(slug: str, entry_id: int):
    meet = meet_or_404(slug)
    entry = db.session.get(Entry, entry_id)
    if entry is None or entry.event.meet_id != meet.id:
        abort(404)
    try:
        registration.withdraw_entry(entry, actor=desk_actor(), user_id=current_user.id)
    except registration.WithdrawalError:
        flash(_("This entry was already withdrawn."), "error")
    else:
        flash(_("The entry is withdrawn; the waitlist moved up."), "success")
    return redirect(url_for("admin.registrations", slug=slug, q=request.form.get("q", "")))


@bp.route("/meets/<slug>/registrations.csv")
@login_required
def registrations_csv(slug: str):
    meet = meet_or_404(slug)
    return _download(exports.registrations_csv(meet), meet, "csv", "text/csv; charset=utf-8")


@bp.route("/meets/<slug>/registrations.xlsx")
@login_required
def registrations_xlsx(slug: str):
    meet = meet_or_404(slug)
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return _download(exports.registrations_xlsx(meet), meet, "xlsx", xlsx)


def _download(body: bytes, meet: Meet, extension: str, mimetype: str) -> Response:
    response = Response(body, mimetype=mimetype)
    filename = f"{meet.slug}-registrations.{extension}"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"  # phone numbers inside
    return response
