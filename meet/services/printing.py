"""The one place that prints: Jinja templates in templates/print/ rendered by WeasyPrint to PDF,
with a URL fetcher that reads only data: URLs and the app's own static files, and per-meet print
settings (certificate wording, place style, seal, overprint positions, bib layout)."""

from __future__ import annotations

import base64
import binascii
import logging
import math
import mimetypes
import multiprocessing
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from io import BytesIO
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from flask import current_app, render_template, url_for
from flask_babel import format_date, format_datetime, get_locale
from flask_babel import gettext as _
from markupsafe import Markup, escape
from PIL import Image, ImageDraw, ImageFont
from pypdf import PdfWriter
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from meet.extensions import db
from meet.labels import RESULT_STATUS
from meet.models import Entry, Event, Match, Meet, Participant, TeamMember, utcnow
from meet.scoring import RulesError, get_sport
from meet.services.audit import record_audit
from meet.services.qr import qr_svg
from meet.services.rankings import (
    RankedRow,
    event_ranking,
    is_official,
    meet_is_official,
    rider_places,
    team_standings,
)

log = logging.getLogger(__name__)

# A batch smaller than this renders in the calling process: starting a worker costs more.
PARALLEL_FROM_PAGES = 100
# Pages per WeasyPrint document in a batch: bounds each worker's memory (about 1 MB a page while
# a document is laid out) and keeps both cores busy to the end.
CHUNK_PAGES = 125
WORKERS = 2


# -- Rendering ----------------------------------------------------------------------------------


class RefusedURL(ValueError):
    """A print template asked for something outside data: URLs and the app's static files."""


class StaticOnlyFetcher(URLFetcher):
    """WeasyPrint's fetcher, locked down: data: URLs and files under the static folder only.

    Everything else (other files, http, ftp) is refused and remembered in `refused`, so a name
    like `<img src="file:///etc/passwd">` that slipped past escaping would still read nothing."""

    def __init__(self, static_folder: str | Path) -> None:
        super().__init__(allowed_protocols={"data", "file"}, allow_redirects=False)
        self.root = Path(static_folder).resolve()
        self.refused: list[str] = []

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        scheme = url.partition(":")[0].lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            path = Path(unquote(urlsplit(url).path)).resolve()
            if path.is_relative_to(self.root) and path.is_file():
                kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": kind})
        self.refused.append(url)
        log.warning("print: refused to fetch %s", url)
        raise RefusedURL(url)


def html_to_pdf(
    html: str, static_folder: str | Path, fetcher: StaticOnlyFetcher | None = None
) -> bytes:
    """WeasyPrint on one HTML document; relative URLs resolve inside the static folder."""
    fetcher = fetcher or StaticOnlyFetcher(static_folder)
    base_url = Path(static_folder).resolve().as_uri() + "/"
    document = HTML(string=html, base_url=base_url, url_fetcher=fetcher)
    return document.write_pdf(font_config=FontConfiguration())


def render_pdf(template: str, **context: Any) -> bytes:
    """One print template to a PDF, in this process."""
    html = render_template(f"print/{template}", **context)
    return html_to_pdf(html, current_app.static_folder)


def render_batch_pdf(template: str, items: Sequence[Any], *, per_page: int = 1, **context) -> bytes:
    """A template that prints `items` (one page per `per_page` of them) to one PDF.

    A large batch is cut into documents of at most CHUNK_PAGES pages, rendered by WORKERS
    processes at once and joined page by page: both cores work, each worker's memory stays
    bounded, and WeasyPrint lays out short documents faster per page than long ones. Each chunk
    embeds its own font subset (some 100 KB), the price of that."""
    pages = math.ceil(len(items) / per_page)
    if pages < PARALLEL_FROM_PAGES:
        return render_pdf(template, items=items, **context)
    chunk_count = max(WORKERS, math.ceil(pages / CHUNK_PAGES))
    size = math.ceil(pages / chunk_count) * per_page
    htmls = [
        render_template(f"print/{template}", items=items[start : start + size], **context)
        for start in range(0, len(items), size)
    ]
    static = current_app.static_folder
    with ProcessPoolExecutor(max_workers=WORKERS, mp_context=_workers()) as pool:
        # Joined as they come, in order: the first chunks are joined while the last render.
        return join_pdfs(pool.map(html_to_pdf, htmls, [static] * len(htmls)))


@lru_cache(maxsize=1)
def _workers() -> multiprocessing.context.BaseContext:
    """Workers forked from a fork server that has this module (and WeasyPrint) imported: quick to
    start, and safe, unlike forking the web process itself with its threads and connections. The
    server starts on the first large batch and lives as long as this process."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    return context


def join_pdfs(pdfs: Iterable[bytes]) -> bytes:
    """One PDF with the pages of each, in order."""
    writer = PdfWriter()
    for pdf in pdfs:
        writer.append(BytesIO(pdf))
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


# -- Print settings -----------------------------------------------------------------------------

PLACE_STYLES = ("chinese", "digits")
BIB_LAYOUTS = ("a5", "a4x4")
OVERPRINT_FIELDS = ("name", "event", "place", "date")
# Where overprint mode puts each text on A4 landscape stock, in mm from the top-left corner.
DEFAULT_OVERPRINT = {"name": (60, 80), "event": (60, 105), "place": (60, 125), "date": (190, 175)}
SEAL_MAX_BYTES = 300 * 1024
SEAL_TYPES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}
MAX_TOP = 20
# Pillow finds the file in the system font folders; index 2 of Noto's collection is Simplified.
SEAL_FONT = "NotoSerifCJK-Bold.ttc"
SEAL_FONT_INDEX = 2


class PrintSettingsError(ValueError):
    pass


@dataclass(frozen=True)
class PrintSettings:
    """A meet's print settings with defaults filled in. Empty wording means the default one."""

    award_title: str = ""
    award_wording: str = ""
    participation_title: str = ""
    participation_wording: str = ""
    place_style: str = "chinese"
    top: int = 3
    seal_image: str = ""
    overprint: bool = False
    overprint_positions: dict[str, tuple[float, float]] = field(
        default_factory=lambda: dict(DEFAULT_OVERPRINT)
    )
    bib_layout: str = "a5"

    def as_json(self) -> dict[str, Any]:
        values = dict(self.__dict__)
        values["overprint_positions"] = {k: list(v) for k, v in self.overprint_positions.items()}
        return values


def print_settings(meet: Meet) -> PrintSettings:
    """The meet's settings; unknown or broken stored values fall back to the defaults."""
    stored = meet.print_settings or {}
    defaults = PrintSettings()
    positions = dict(DEFAULT_OVERPRINT)
    for name, value in (stored.get("overprint_positions") or {}).items():
        if name in positions and _is_point(value):
            positions[name] = (float(value[0]), float(value[1]))
    top = stored.get("top", defaults.top)
    return PrintSettings(
        award_title=str(stored.get("award_title", "")),
        award_wording=str(stored.get("award_wording", "")),
        participation_title=str(stored.get("participation_title", "")),
        participation_wording=str(stored.get("participation_wording", "")),
        place_style=_choice(stored.get("place_style"), PLACE_STYLES),
        top=top if isinstance(top, int) and 1 <= top <= MAX_TOP else defaults.top,
        seal_image=seal if is_data_url_image(seal := str(stored.get("seal_image", ""))) else "",
        overprint=bool(stored.get("overprint", False)),
        overprint_positions=positions,
        bib_layout=_choice(stored.get("bib_layout"), BIB_LAYOUTS),
    )


def _is_point(value: Any) -> bool:
    return (
        isinstance(value, list | tuple)
        and len(value) == 2
        and all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
    )


def _choice(value: Any, options: tuple[str, ...]) -> str:
    return value if value in options else options[0]


def seal_data_url(image: bytes) -> str:
    """An uploaded seal as a data: URL, if it is a PNG or JPEG of at most SEAL_MAX_BYTES."""
    if len(image) > SEAL_MAX_BYTES:
        raise PrintSettingsError(_("The seal image may be at most 300 KB."))
    kind = next((kind for magic, kind in SEAL_TYPES.items() if image.startswith(magic)), None)
    try:
        Image.open(BytesIO(image)).verify()
    except Exception:  # Pillow raises many kinds of error for a broken file
        kind = None
    if kind is None:
        raise PrintSettingsError(_("The seal image must be a PNG or JPEG file."))
    return f"data:{kind};base64,{base64.b64encode(image).decode('ascii')}"


def save_print_settings(
    meet: Meet,
    settings: PrintSettings,
    *,
    seal_text: str,
    seal_upload: bytes | None,
    remove_seal: bool,
    actor: str,
    user_id: int | None = None,
) -> PrintSettings:
    """Store the meet's print settings (a new seal image replaces the old one)."""
    seal_image = settings.seal_image
    if seal_upload:
        seal_image = seal_data_url(seal_upload)
    elif remove_seal:
        seal_image = ""
    if settings.place_style not in PLACE_STYLES or settings.bib_layout not in BIB_LAYOUTS:
        raise PrintSettingsError("unknown place style or bib layout")
    new = PrintSettings(**{**settings.__dict__, "seal_image": seal_image})
    before = {"seal_text": meet.seal_text, **_auditable(meet.print_settings or {})}
    meet.print_settings = new.as_json()
    meet.seal_text = seal_text.strip()
    record_audit(
        "meet.print_settings",
        meet,
        actor=actor,
        user_id=user_id,
        meet_id=meet.id,
        before=before,
        after={"seal_text": meet.seal_text, **_auditable(meet.print_settings)},
    )
    db.session.commit()
    return new


def _auditable(values: dict[str, Any]) -> dict[str, Any]:
    # The log keeps whether there is a seal image, not the image itself.
    return {**values, "seal_image": bool(values.get("seal_image"))}


def is_data_url_image(value: str) -> bool:
    head, _, payload = value.partition(",")
    if head not in ("data:image/png;base64", "data:image/jpeg;base64"):
        return False
    try:
        base64.b64decode(payload, validate=True)
    except binascii.Error:
        return False
    return True


# -- Places -------------------------------------------------------------------------------------

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


# -- Documents ----------------------------------------------------------------------------------


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
class SheetRow:
    bib: int | None
    name: str
    station: str


@dataclass(frozen=True)
class SheetMatch:
    label: str
    court: str
    a: str
    b: str


# Blank rows added to each sheet for walk-ins and for matches drawn on the day.
SPARE_ROWS = 3


def sheet_pdf(event: Event) -> bytes:
    """The paper score sheet of one event, its boxes laid out for the event's sport."""
    entries = _registered_entries(event)
    rows = sorted((_sheet_row(entry) for entry in entries), key=lambda r: (r.bib or 0, r.name))
    matches = _sheet_matches(event) if event.sport in ("tug_of_war", "frisbee_football") else []
    return render_pdf(
        "sheet.html",
        event=event,
        meet=event.meet,
        rules=_rules(event),
        rows=rows,
        matches=matches,
        spare=range(SPARE_ROWS),
    )


def _rules(event: Event) -> dict[str, Any]:
    """The event's rules with the sport's defaults filled in, so every box has its count."""
    sport = get_sport(event.sport)
    try:
        return sport.validate_rules(event.rules or {})
    except RulesError:
        return {**sport.default_rules(), **(event.rules or {})}


def _registered_entries(event: Event) -> list[Entry]:
    query = (
        select(Entry)
        .where(Entry.event_id == event.id, Entry.status == "registered")
        .options(selectinload(Entry.participant), selectinload(Entry.team))
    )
    return list(db.session.scalars(query))


def _sheet_row(entry: Entry) -> SheetRow:
    if entry.participant is not None:
        rider = entry.participant
        return SheetRow(rider.bib, rider.name, rider.station)
    team = entry.team
    return SheetRow(None, team.name if team else "", team.station if team else "")


def _sheet_matches(event: Event) -> list[SheetMatch]:
    query = (
        select(Match)
        .where(Match.event_id == event.id)
        .order_by(Match.round, Match.position, Match.id)
        .options(
            selectinload(Match.side_a).selectinload(Entry.team),
            selectinload(Match.side_b).selectinload(Entry.team),
        )
    )
    matches = []
    for match in db.session.scalars(query):
        label = match.group_label or _("Round %(round)s", round=match.round)
        matches.append(
            SheetMatch(label, match.court, _side_name(match.side_a), _side_name(match.side_b))
        )
    return matches


def _side_name(entry: Entry | None) -> str:
    if entry is None:
        return ""
    if entry.team is not None:
        return entry.team.name
    return entry.participant.name if entry.participant else ""


# -- Certificates -------------------------------------------------------------------------------

AWARD = "award"
PARTICIPATION = "participation"


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


def rider_certificates(rider: Participant) -> list[tuple[Event, str]]:
    """The events in which the rider has a certificate to download, with its kind.

    Decided: only once the event is official (a provisional place may still change); an award
    certificate for a place within the meet's top N (print settings, 3 unless changed),
    otherwise a participation certificate when the rider competed (a result, a DNF or a match
    played); nothing after a DNS or a DQ, or without any result."""
    settings = print_settings(rider.meet)
    found = []
    for event, row in rider_places(rider, str(get_locale())):
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


# -- Rankings -----------------------------------------------------------------------------------


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
        printed_at=_css_text(_("Printed %(when)s", when=format_datetime(utcnow(), "short"))),
    )


def page_numbers_css() -> Markup:
    """A CSS `content` value for "page N of M" in the current language."""
    text = _("Page {page} of {pages}")
    parts = []
    for piece in text.replace("{pages}", "\0pages\0").replace("{page}", "\0page\0").split("\0"):
        if piece in ("page", "pages"):
            parts.append(f"counter({piece})")
        elif piece:
            parts.append(f'"{_css_text(piece)}"')
    return Markup(" ".join(parts))  # noqa: S704  (our own catalog text, quoted for CSS)


def _css_text(text: str) -> str:
    """Text safe inside a double-quoted CSS string (and inside a <style> element): letters,
    digits and spaces as they are, anything else as a CSS escape."""
    return "".join(c if c.isalnum() or c == " " else f"\\{ord(c):x} " for c in text)
