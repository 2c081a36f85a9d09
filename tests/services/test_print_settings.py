"""A meet's print settings: broken stored values fall back to the defaults, the seal upload is
checked, saving keeps the seal and is audited."""

from __future__ import annotations

import base64

import pytest

from meet.extensions import db
from meet.models import AuditLog
from meet.services.printing.settings import (
    DEFAULT_OVERPRINT,
    SEAL_MAX_BYTES,
    PrintSettings,
    PrintSettingsError,
    print_settings,
    save_print_settings,
    seal_data_url,
)

PNG_PIXEL = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="
)


def test_broken_stored_settings_fall_back_to_the_defaults(create_meet):
    meet = create_meet(
        print_settings={
            "place_style": "roman",
            "top": 500,
            "seal_image": "javascript:alert(1)",
            "bib_layout": "a3",
            "overprint_positions": {"name": [10, 20], "nose": [1, 1], "date": ["x", 1]},
        }
    )

    settings = print_settings(meet)

    assert settings.place_style == "chinese"
    assert settings.top == 3
    assert settings.seal_image == ""
    assert settings.bib_layout == "a5"
    assert settings.overprint_positions["name"] == (10.0, 20.0)
    assert "nose" not in settings.overprint_positions
    assert settings.overprint_positions["date"] == DEFAULT_OVERPRINT["date"]


def test_a_seal_image_must_be_a_small_png_or_jpeg():
    assert seal_data_url(PNG_PIXEL).startswith("data:image/png;base64,")
    with pytest.raises(PrintSettingsError):
        seal_data_url(b"<svg onload=alert(1)>")
    with pytest.raises(PrintSettingsError):
        seal_data_url(PNG_PIXEL[:20])  # a PNG header and nothing after it
    with pytest.raises(PrintSettingsError):
        seal_data_url(PNG_PIXEL + b"\0" * SEAL_MAX_BYTES)


def test_saving_print_settings_keeps_the_seal_and_writes_the_audit_log(
    create_meet, request_context
):
    meet = create_meet(seal_text="旧章")
    settings = PrintSettings(place_style="digits", top=5, bib_layout="a4x4")

    save_print_settings(
        meet,
        settings,
        seal_text="于洪区总工会",
        seal_upload=PNG_PIXEL,
        remove_seal=False,
        actor="t",
    )

    stored = print_settings(meet)
    assert (stored.place_style, stored.top, stored.bib_layout) == ("digits", 5, "a4x4")
    assert stored.seal_image.startswith("data:image/png;base64,")
    assert meet.seal_text == "于洪区总工会"
    log = db.session.query(AuditLog).filter_by(action="meet.print_settings").one()
    assert log.before["seal_text"] == "旧章" and log.after["seal_image"] is True
