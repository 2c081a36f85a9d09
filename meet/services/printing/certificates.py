"""Certificates: award certificates for the top places and participation certificates for
everyone who competed, a rider's own certificates (and the rule for which they get), the wording
with its values filled in, places in words, and the seal drawn from the meet's seal text."""

from __future__ import annotations

import base64
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from io import BytesIO

from flask_babel import format_date, get_locale
from flask_babel import gettext as _
from markupsafe import Markup, escape
from PIL import Image, ImageDraw, ImageFont
from sqlalchemy import select

from meet.extensions import db
from meet.models import Entry, Event, Meet, Participant, TeamMember
from meet.services.printing.render import render_batch_pdf
from meet.services.printing.settings import PrintSettings, print_settings
from meet.services.rankings.events import RankedRow, event_ranking, is_official, rider_places

AWARD = "award"
PARTICIPATION = "participation"

# Pillow finds the file in the system font folders; index 2 of Noto's collection is Simplified.
SEAL_FONT = "NotoSerifCJK-Bold.ttc"
SEAL_FONT_INDEX = 2

CHINESE_DIGITS = "零一二三四五六七八九"


def chinese_number(number: int) -> str:
    """1..99 in Chinese numerals (一, 十, 十一, 二十, 九十九); larger numbers stay in digits."""
    if not 1 <= number <= 99:
        return str(number)
    tens, ones = divmod(number, 10)
    if tens == 0:
        return CHINESE_DIGITS[ones]
    text = ("" if tens == 1 else CHINESE_DIGITS[tens]) + "十"
    return text + (CHINESE_DIGITS[ones] if ones else "")


def place_label(rank: int, style: str) -> str:
    """A place as printed: 第一名 or 第1名 in Chinese, "1st place" in English."""
    if str(get_locale()).startswith("zh"):
        number = chinese_number(rank) if style == "chinese" else str(rank)
        return f"第{number}名"
    suffix = "th" if 10 <= rank % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(rank % 10, "th")
    return _("%(rank)s place", rank=f"{rank}{suffix}")


@dataclass(frozen=True)
class Certificate:
    """One certificate page: who, what for, and the wording with the values filled in."""

    name: str
    note: str
    event: str
    place: str
    title: str
    wording: Markup


def default_wording(kind: str) -> str:
    if kind == AWARD:
        return _("In the {event} of {meet}, you won {place}. Awarded with our congratulations.")
    return _("You took part in the {event} of {meet}. Awarded with our thanks.")


def certificate_title(settings: PrintSettings, kind: str) -> str:
    if kind == AWARD:
        return settings.award_title or _("Certificate of Honour")
    return settings.participation_title or _("Certificate of Participation")


def fill_wording(wording: str, *, meet: str, event: str, place: str) -> Markup:
    """The organizer's wording, escaped, with {meet}, {event} and {place} put in as marked-up,
    escaped values. Plain replacement, never str.format: the wording is user text."""
    html = str(escape(wording))
    for key, value in (("meet", meet), ("event", event), ("place", place)):
        html = html.replace("{" + key + "}", f'<span class="{key}">{escape(value)}</span>')
    return Markup(html)  # noqa: S704  (built from escaped parts only)


def competed(row: RankedRow) -> bool:
    """Took part: a result (a finish, or a DNF), or a match played; not DNS, DQ or no result."""
    return row.status in ("ok", "DNF") or row.value is not None


def certificates_pdf(
    meet: Meet, event: Event | None = None, *, top: int | None = None, kind: str = AWARD
) -> bytes:
    """Award certificates for places 1..top (the print settings' top by default) of one event or
    of every event, or participation certificates for everyone who competed; one page each."""
    settings = print_settings(meet)
    top = top or settings.top
    events = [event] if event is not None else list(meet.events)
    locale = str(get_locale())
    items = []
    for each in events:
        rows = event_ranking(each, locale)
        if kind == AWARD:
            chosen = [r for r in rows if r.rank is not None and r.rank <= top]
        else:
            chosen = [r for r in rows if competed(r)]
        members = _members_by_entry(each, chosen) if each.kind == "team" else {}
        for row in chosen:
            note = "、".join(members.get(row.entry_id, [])) if members else (row.team or "")
            items.append(_certificate(meet, each, settings, kind, row.name, note, row.rank))
    return _certificates_document(meet, settings, items)


def rider_certificates(
    rider: Participant, places: Sequence[tuple[Event, RankedRow]]
) -> list[tuple[Event, str]]:
    """The events in which the rider has a certificate to download, with its kind, from the
    rider's places (rankings.events.rider_places, which the rider's page has ranked already).

    Decided: only once the event is official (a provisional place may still change); an award
    certificate for a place within the meet's top N (print settings, 3 unless changed),
    otherwise a participation certificate when the rider competed (a result, a DNF or a match
    played); nothing after a DNS or a DQ, or without any result."""
    settings = print_settings(rider.meet)
    found = []
    for event, row in places:
        if (kind := _certificate_kind(event, row, settings)) is not None:
            found.append((event, kind))
    return found


def rider_certificate_pdf(rider: Participant, event_id: int) -> bytes | None:
    """A rider's own certificate for one event (see rider_certificates for which), or None.
    In a team event the rider's name is printed with the team's name beneath."""
    settings = print_settings(rider.meet)
    for event, row in rider_places(rider, str(get_locale())):
        if event.id != event_id:
            continue
        kind = _certificate_kind(event, row, settings)
        if kind is None:
            return None
        note = row.name if event.kind == "team" else rider.station
        item = _certificate(rider.meet, event, settings, kind, rider.name, note, row.rank)
        return _certificates_document(rider.meet, settings, [item])
    return None


def _certificate_kind(event: Event, row: RankedRow, settings: PrintSettings) -> str | None:
    if not is_official(event):
        return None
    if row.rank is not None and row.rank <= settings.top:
        return AWARD
    return PARTICIPATION if competed(row) else None


def _certificate(
    meet: Meet,
    event: Event,
    settings: PrintSettings,
    kind: str,
    name: str,
    note: str,
    rank: int | None,
) -> Certificate:
    place = place_label(rank, settings.place_style) if kind == AWARD and rank else ""
    custom = settings.award_wording if kind == AWARD else settings.participation_wording
    wording = fill_wording(
        custom or default_wording(kind), meet=meet.name, event=event.name, place=place
    )
    return Certificate(name, note, event.name, place, certificate_title(settings, kind), wording)


def _certificates_document(meet: Meet, settings: PrintSettings, items: list[Certificate]) -> bytes:
    return render_batch_pdf(
        "certificates.html",
        items,
        meet=meet,
        settings=settings,
        seal=settings.seal_image or (drawn_seal(meet.seal_text) if meet.seal_text else ""),
        date_text=format_date(meet.ends_on, "long"),
    )


def _members_by_entry(event: Event, rows: Sequence[RankedRow]) -> dict[int, list[str]]:
    query = (
        select(Entry.id, Participant.name)
        .join(TeamMember, TeamMember.team_id == Entry.team_id)
        .join(Participant, Participant.id == TeamMember.participant_id)
        .where(Entry.id.in_([row.entry_id for row in rows]))
        .order_by(Participant.bib)
    )
    members: dict[int, list[str]] = {}
    for entry_id, name in db.session.execute(query):
        members.setdefault(entry_id, []).append(name)
    return members


@lru_cache(maxsize=16)
def drawn_seal(text: str) -> str:
    """A round red seal drawn from the seal text (the text along the upper arc, a star in the
    middle) as a PNG data: URL. A raster image is embedded once per document and reused on every
    page, where an SVG seal would be laid out and drawn again on each page (half the time of a
    certificate)."""
    size = 480
    red = (200, 22, 29, 235)
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    centre, ring = size / 2, size * 0.46
    draw.ellipse(
        (centre - ring, centre - ring, centre + ring, centre + ring), outline=red, width=16
    )
    star = [
        (centre + r * math.sin(math.radians(36 * i)), centre - r * math.cos(math.radians(36 * i)))
        for i, r in zip(range(10), [size * 0.16, size * 0.062] * 5, strict=True)
    ]
    draw.polygon(star, fill=red)
    chars = list(text.strip())[:20]
    font = ImageFont.truetype(SEAL_FONT, int(size * 0.14), index=SEAL_FONT_INDEX)
    # Spread along about two thirds of the ring, as a carved seal is.
    step = min(40.0, 240.0 / max(len(chars), 1))
    radius = size * 0.34
    for number, char in enumerate(chars):
        angle = -step * (len(chars) - 1) / 2 + number * step
        tile = Image.new("RGBA", (int(size * 0.16),) * 2, (0, 0, 0, 0))
        ImageDraw.Draw(tile).text(
            (tile.width / 2, tile.height / 2), char, font=font, fill=red, anchor="mm"
        )
        tile = tile.rotate(-angle, resample=Image.Resampling.BICUBIC, expand=True)
        x = centre + radius * math.sin(math.radians(angle)) - tile.width / 2
        y = centre - radius * math.cos(math.radians(angle)) - tile.height / 2
        image.alpha_composite(tile, (round(x), round(y)))
    out = BytesIO()
    image.save(out, "PNG", optimize=True)
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode("ascii")
