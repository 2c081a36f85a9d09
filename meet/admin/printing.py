"""The PDFs: poster, bibs, certificates, rankings, referee sheets, and the print settings page.
Each PDF view takes its meet or event and calls one function of services/printing."""

from __future__ import annotations

from io import BytesIO

from flask import abort, flash, g, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, FloatField, IntegerField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from meet.models import Event, Meet
from meet.services.events import get_event
from meet.services.printing import certificates, documents, sheets
from meet.services.printing import settings as printing_settings

PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 297, 210  # A4 landscape, the certificate stock


def _pdf(content: bytes, name: str):
    """Shown in the browser (its print button is one click away), saved under a useful name."""
    return send_file(BytesIO(content), mimetype="application/pdf", download_name=name)


def poster_pdf():
    meet = g.meet
    return _pdf(documents.poster_pdf(meet), f"poster-{meet.slug}.pdf")


def bibs_pdf():
    meet = g.meet
    return _pdf(documents.bibs_pdf(meet), f"bibs-{meet.slug}.pdf")


def rankings_pdf():
    meet = g.meet
    return _pdf(documents.rankings_pdf(meet), f"rankings-{meet.slug}.pdf")


def certificates_pdf():
    """?event=<id> (every event when absent), ?top=<n> (the print settings' top when absent),
    ?kind=participation for participation certificates."""
    meet = g.meet
    event = None
    if request.args.get("event"):
        event = get_event(request.args.get("event", type=int) or 0)
        if event is None or event.meet_id != meet.id:
            abort(404)
    top = request.args.get("top", type=int)
    if top is not None and not 1 <= top <= printing_settings.MAX_TOP:
        abort(400)
    kind = request.args.get("kind", certificates.AWARD)
    if kind not in (certificates.AWARD, certificates.PARTICIPATION):
        abort(400)
    pdf = certificates.certificates_pdf(meet, event, top=top, kind=kind)
    return _pdf(pdf, f"certificates-{meet.slug}{f'-{event.id}' if event else ''}.pdf")


def sheet_pdf(event_id: int):
    event: Event = get_event(event_id) or abort(404)
    return _pdf(sheets.sheet_pdf(event), f"sheet-{event.id}.pdf")


class PrintSettingsForm(FlaskForm):
    award_title = StringField(_l("Title of award certificates"), [Length(max=20)])
    award_wording = TextAreaField(_l("Wording of award certificates"), [Length(max=300)])
    participation_title = StringField(_l("Title of participation certificates"), [Length(max=20)])
    participation_wording = TextAreaField(
        _l("Wording of participation certificates"), [Length(max=300)]
    )
    place_style = RadioField(
        _l("How places are written"),
        choices=[SelectChoice("chinese", "第一名"), SelectChoice("digits", "第1名")],
        default="chinese",
    )
    top = IntegerField(
        _l("Number of places awarded"),
        [InputRequired(), NumberRange(1, printing_settings.MAX_TOP)],
        default=3,
    )
    seal_text = StringField(_l("Seal text"), [Length(max=200)])
    seal_image = FileField(_l("Seal image (PNG or JPEG, at most 300 KB)"))
    remove_seal = BooleanField(_l("Remove the seal image"))
    overprint = BooleanField(_l("Overprint: print only the texts, on pre-printed certificates"))
    bib_layout = RadioField(
        _l("Bib layout"),
        choices=[
            SelectChoice("a5", _l("One per A5 page")),
            SelectChoice("a4x4", _l("Four per A4 page")),
        ],
        default="a5",
    )


# The overprint position fields, x and y in mm for each text, made once for the form class.
OVERPRINT_LABELS = {
    "name": _l("Full name"),
    "event": _l("Event"),
    "place": _l("Rank"),
    "date": _l("Date"),
}
for _field in printing_settings.OVERPRINT_FIELDS:
    setattr(
        PrintSettingsForm,
        f"{_field}_x",
        FloatField(_l("from the left (mm)"), [Optional(), NumberRange(0, PAGE_WIDTH_MM)]),
    )
    setattr(
        PrintSettingsForm,
        f"{_field}_y",
        FloatField(_l("from the top (mm)"), [Optional(), NumberRange(0, PAGE_HEIGHT_MM)]),
    )


def print_settings():
    meet = g.meet
    current = printing_settings.print_settings(meet)
    form = PrintSettingsForm()
    if request.method == "GET":
        _fill(form, meet, current)
    elif form.validate_on_submit():
        upload = form.seal_image.data
        try:
            printing_settings.save_print_settings(
                meet,
                _settings_from(form, current),
                seal_text=form.seal_text.data or "",
                seal_upload=upload.read(printing_settings.SEAL_MAX_BYTES + 1) if upload else None,
                remove_seal=form.remove_seal.data,
                actor=current_user.username,
                user_id=current_user.id,
            )
        except printing_settings.PrintSettingsError as error:
            form.seal_image.errors.append(str(error))
        else:
            flash(_("Print settings saved."), "info")
            return redirect(url_for("admin.print_settings", slug=meet.slug))
    return render_template(
        "admin/printing/settings.html",
        meet=meet,
        form=form,
        settings=current,
        default_wording={
            kind: certificates.default_wording(kind)
            for kind in (certificates.AWARD, certificates.PARTICIPATION)
        },
        overprint_fields=[
            (name, OVERPRINT_LABELS[name]) for name in printing_settings.OVERPRINT_FIELDS
        ],
    ), 422 if form.errors else 200


def _fill(form: PrintSettingsForm, meet: Meet, settings: printing_settings.PrintSettings) -> None:
    form.award_title.data = settings.award_title or certificates.certificate_title(
        settings, certificates.AWARD
    )
    form.award_wording.data = settings.award_wording or certificates.default_wording(
        certificates.AWARD
    )
    form.participation_title.data = settings.participation_title or certificates.certificate_title(
        settings, certificates.PARTICIPATION
    )
    form.participation_wording.data = (
        settings.participation_wording or certificates.default_wording(certificates.PARTICIPATION)
    )
    form.place_style.data = settings.place_style
    form.top.data = settings.top
    form.seal_text.data = meet.seal_text
    form.overprint.data = settings.overprint
    form.bib_layout.data = settings.bib_layout
    for name, (x, y) in settings.overprint_positions.items():
        getattr(form, f"{name}_x").data = x
        getattr(form, f"{name}_y").data = y


def _settings_from(form: PrintSettingsForm, current: printing_settings.PrintSettings):
    positions = {
        name: (
            _or(getattr(form, f"{name}_x").data, current.overprint_positions[name][0]),
            _or(getattr(form, f"{name}_y").data, current.overprint_positions[name][1]),
        )
        for name in printing_settings.OVERPRINT_FIELDS
    }
    return printing_settings.PrintSettings(
        award_title=(form.award_title.data or "").strip(),
        award_wording=(form.award_wording.data or "").strip(),
        participation_title=(form.participation_title.data or "").strip(),
        participation_wording=(form.participation_wording.data or "").strip(),
        place_style=form.place_style.data,
        top=form.top.data,
        seal_image=current.seal_image,
        overprint=form.overprint.data,
        overprint_positions=positions,
        bib_layout=form.bib_layout.data,
    )


def _or(value: float | None, default: float) -> float:
    return default if value is None else float(value)
