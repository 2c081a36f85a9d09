"""A meet's print settings: certificate wording and titles, place style, how many places get an
award, the seal image (an upload checked to be a small PNG or JPEG), overprint positions, bib
layout."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

from flask_babel import gettext as _
from PIL import Image

from meet.extensions import db
from meet.models import Meet
from meet.services.audit import record_audit

PLACE_STYLES = ("chinese", "digits")
BIB_LAYOUTS = ("a5", "a4x4")
OVERPRINT_FIELDS = ("name", "event", "place", "date")
# Where overprint mode puts each text on A4 landscape stock, in mm from the top-left corner.
DEFAULT_OVERPRINT = {"name": (60, 80), "event": (60, 105), "place": (60, 125), "date": (190, 175)}
SEAL_MAX_BYTES = 300 * 1024
SEAL_TYPES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}
MAX_TOP = 20


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
