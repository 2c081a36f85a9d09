"""The meet's other documents: the registration poster, the bibs, and the rankings of every event
with the team standings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from flask import current_app, url_for
from flask_babel import format_datetime, get_locale
from flask_babel import gettext as _
from sqlalchemy import select

from meet.extensions import db
from meet.labels import RESULT_STATUS
from meet.models import Event, Meet, Participant, utcnow
from meet.services.printing.render import css_text, page_numbers_css, render_batch_pdf, render_pdf
from meet.services.printing.settings import print_settings
from meet.services.qr import qr_svg
from meet.services.rankings.events import (
    RankedRow,
    event_ranking,
    is_official,
    meet_is_official,
)
from meet.services.rankings.standings import team_standings


def registration_url(meet: Meet) -> str:
    """What the poster's QR holds: the public base URL plus the meet's registration path."""
    return current_app.config["MEET_PUBLIC_URL"] + url_for("register.register", slug=meet.slug)


def poster_pdf(meet: Meet) -> bytes:
    url = registration_url(meet)
    qr = qr_svg(url, error_correction="Q", title=_("Registration QR code"))
    return render_pdf("poster.html", meet=meet, register_url=url, qr=qr)


@dataclass(frozen=True)
class Bib:
    number: int
    name: str
    station: str
    qr: Any


def bibs_pdf(meet: Meet, riders: Sequence[Participant] | None = None) -> bytes:
    """Every rider's bib (or the given riders'), in bib order, laid out per the print settings."""
    if riders is None:
        query = select(Participant).where(Participant.meet_id == meet.id).order_by(Participant.bib)
        riders = list(db.session.scalars(query))
    title = _("Check-in QR code")
    bibs = [
        Bib(rider.bib, rider.name, rider.station, qr_svg(rider.checkin_code, title=title))
        for rider in riders
    ]
    layout = print_settings(meet).bib_layout
    per_page = 4 if layout == "a4x4" else 1
    return render_batch_pdf("bibs.html", bibs, per_page=per_page, meet=meet, layout=layout)


@dataclass(frozen=True)
class EventRanking:
    event: Event
    official: bool
    rows: list[RankedRow]


def rankings_pdf(meet: Meet) -> bytes:
    """Every event's ranking and the team standings, each marked official or not."""
    locale = str(get_locale())
    events = [EventRanking(e, is_official(e), event_ranking(e, locale)) for e in meet.events]
    return render_pdf(
        "rankings.html",
        meet=meet,
        events=events,
        standings=team_standings(meet),
        standings_official=meet_is_official(meet),
        status_label=lambda status: RESULT_STATUS.get(status, status),
        page_numbers=page_numbers_css(),
        printed_at=css_text(_("Printed %(when)s", when=format_datetime(utcnow(), "short"))),
    )
