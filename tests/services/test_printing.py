"""The printing service: the locked-down fetcher, place labels and wording, print settings, rare
characters, and certificates read back from the PDF."""

from __future__ import annotations

import base64
import io
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from meet.extensions import db
from meet.models import AuditLog
from meet.services import printing

PNG_PIXEL = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="
)


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def zh(app):
    """A request context in Chinese, the default language, for the service's own rendering."""
    with app.test_request_context("/"):
        yield


@pytest.fixture
def plank_podium(create_meet, create_event, create_rider, create_entry, record_result_row):
    """A plank event with three riders who held for 300, 200 and 100 seconds."""

    def make(names=("王伟", "李娜", "张强"), **meet_fields):
        meet = create_meet(organizer_name="于洪区总工会", seal_text="于洪区总工会", **meet_fields)
        event = create_event(meet, name="平板支撑")
        riders = []
        for seconds, name in zip((300, 200, 100), names, strict=False):
            rider = create_rider(meet, name=name)
            record_result_row(event, create_entry(event, rider), {"seconds": seconds})
            riders.append(rider)
        return meet, event, riders

    return make


def test_the_fetcher_reads_data_urls_and_static_files_and_nothing_else(app):
    fetcher = printing.StaticOnlyFetcher(app.static_folder)
    css = Path(app.static_folder, "css", "meet.css").resolve()

    assert fetcher.fetch(css.as_uri()).read().startswith(b"/*")
    assert fetcher.fetch("data:text/plain;base64,aGk=").read() == b"hi"
    for url in (
        "file:///etc/passwd",
        css.parent.as_uri() + "/../../meet/config.py",
        "http://127.0.0.1:1/evil.css",
        "https://example.org/seal.png",
        "ftp://example.org/x",
    ):
        with pytest.raises(printing.RefusedURL):
            fetcher.fetch(url)
    assert len(fetcher.refused) == 5


def test_a_document_asking_for_local_files_or_the_network_gets_nothing(app, pdf_text):
    fetcher = printing.StaticOnlyFetcher(app.static_folder)
    html = (
        '<link rel="stylesheet" href="http://127.0.0.1:1/x.css">'
        '<img src="file:///etc/passwd"><img src="../meet/config.py"><p>证书</p>'
    )

    pdf = printing.html_to_pdf(html, app.static_folder, fetcher)

    assert len(fetcher.refused) == 3
    assert "证书" in pdf_text(pdf)
    assert "root:" not in pdf_text(pdf)


@pytest.mark.parametrize(
    ("number", "chinese"),
    [(1, "一"), (3, "三"), (10, "十"), (11, "十一"), (20, "二十"), (35, "三十五"), (99, "九十九")],
)
def test_places_are_written_in_chinese_numerals(number, chinese):
    assert printing.chinese_number(number) == chinese


def test_a_place_is_written_in_the_style_the_meet_chose(zh):
    assert printing.place_label(1, "chinese") == "第一名"
    assert printing.place_label(12, "chinese") == "第十二名"
    assert printing.place_label(1, "digits") == "第1名"


def test_the_wording_fills_in_the_values_and_escapes_all_user_text():
    wording = printing.fill_wording(
        "<b>{meet}</b> {event} {place} {name.__class__}",
        meet="<script>x</script>",
        event="投壶",
        place="第一名",
    )

    assert "<b>" not in wording and "&lt;b&gt;" in wording
    assert "&lt;script&gt;" in wording and "<script>" not in wording
    assert '<span class="place">第一名</span>' in wording
    assert "{name.__class__}" in wording  # only the three names are replaced, nothing evaluated


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

    settings = printing.print_settings(meet)

    assert settings.place_style == "chinese"
    assert settings.top == 3
    assert settings.seal_image == ""
    assert settings.bib_layout == "a5"
    assert settings.overprint_positions["name"] == (10.0, 20.0)
    assert "nose" not in settings.overprint_positions
    assert settings.overprint_positions["date"] == printing.DEFAULT_OVERPRINT["date"]


def test_a_seal_image_must_be_a_small_png_or_jpeg():
    assert printing.seal_data_url(PNG_PIXEL).startswith("data:image/png;base64,")
    with pytest.raises(printing.PrintSettingsError):
        printing.seal_data_url(b"<svg onload=alert(1)>")
    with pytest.raises(printing.PrintSettingsError):
        printing.seal_data_url(PNG_PIXEL[:20])  # a PNG header and nothing after it
    with pytest.raises(printing.PrintSettingsError):
        printing.seal_data_url(PNG_PIXEL + b"\0" * printing.SEAL_MAX_BYTES)


def test_saving_print_settings_keeps_the_seal_and_writes_the_audit_log(create_meet, zh):
    meet = create_meet(seal_text="旧章")
    settings = printing.PrintSettings(place_style="digits", top=5, bib_layout="a4x4")

    printing.save_print_settings(
        meet,
        settings,
        seal_text="于洪区总工会",
        seal_upload=PNG_PIXEL,
        remove_seal=False,
        actor="t",
    )

    stored = printing.print_settings(meet)
    assert (stored.place_style, stored.top, stored.bib_layout) == ("digits", 5, "a4x4")
    assert stored.seal_image.startswith("data:image/png;base64,")
    assert meet.seal_text == "于洪区总工会"
    log = db.session.query(AuditLog).filter_by(action="meet.print_settings").one()
    assert log.before["seal_text"] == "旧章" and log.after["seal_image"] is True


def test_the_drawn_seal_is_a_round_red_png(zh):
    url = printing.drawn_seal("于洪区总工会")
    image = Image.open(io.BytesIO(base64.b64decode(url.partition(",")[2])))

    assert url.startswith("data:image/png;base64,")
    red, green, _, alpha = image.getpixel((image.width // 2, image.height // 2))
    assert alpha > 0 and red > 150 and green < 80  # the star in the middle
    assert image.getpixel((2, 2))[3] == 0  # transparent outside the ring


def test_the_winner_and_their_place_are_on_their_certificate(plank_podium, pdf_text, zh):
    meet, event, _ = plank_podium()

    pdf = printing.certificates_pdf(meet, event, top=3)

    assert page_count(pdf) == 3
    first, second = pdf_text(pdf, 1), pdf_text(pdf, 2)
    assert "王伟" in first and "第一名" in first and meet.name in first
    assert "李娜" in second and "第二名" in second
    assert "张强" in pdf_text(pdf, 3)


def test_participation_certificates_go_to_everyone_who_competed(
    plank_podium, create_rider, create_entry, record_result_row, pdf_text, zh
):
    meet, event, _ = plank_podium()
    no_show = create_rider(meet, name="缺赛者")
    record_result_row(event, create_entry(event, no_show), status="DNS")
    create_entry(event, create_rider(meet, name="未比赛"))

    text = pdf_text(printing.certificates_pdf(meet, event, kind=printing.PARTICIPATION))

    assert all(name in text for name in ("王伟", "李娜", "张强"))
    assert "缺赛者" not in text and "未比赛" not in text
    assert "第一名" not in text


def test_rare_characters_in_names_print_as_themselves(plank_podium, pdf_text, zh, tmp_path):
    meet, event, _ = plank_podium(names=("𠀀䶮", "李娜"))

    pdf = printing.certificates_pdf(meet, event, top=1)

    assert "𠀀䶮" in pdf_text(pdf)
    path = tmp_path / "rare.pdf"
    path.write_bytes(pdf)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    assert "HanaMin" in fonts  # the Extension B character came from Hanazono, not a box


def test_a_big_batch_is_rendered_in_chunks_and_joined_page_by_page(
    plank_podium, pdf_text, zh, monkeypatch
):
    meet, event, _ = plank_podium()
    monkeypatch.setattr(printing, "PARALLEL_FROM_PAGES", 2)
    monkeypatch.setattr(printing, "CHUNK_PAGES", 1)

    pdf = printing.certificates_pdf(meet, event, top=3)

    assert ["王伟" in pdf_text(pdf, page) for page in (1, 2, 3)] == [True, False, False]
    assert "张强" in pdf_text(pdf, 3)
    assert page_count(pdf) == 3


def test_a_rider_has_certificates_only_for_official_events_they_competed_in(
    plank_podium, create_event, create_rider, create_entry, record_result_row, zh
):
    meet, event, (winner, _, third) = plank_podium(print_settings={"top": 2})
    event.status = "official"
    cheat = create_rider(meet, name="犯规者")
    record_result_row(event, create_entry(event, cheat), status="DQ")
    running = create_event(meet, name="投壶", sport="pitch_pot", rules={}, status="running")
    record_result_row(running, create_entry(running, winner), {"arrows": ["pot"] * 8})
    db.session.commit()

    assert printing.rider_certificates(winner) == [(event, printing.AWARD)]
    assert printing.rider_certificates(third) == [(event, printing.PARTICIPATION)]
    assert printing.rider_certificates(cheat) == []
    assert printing.rider_certificate_pdf(winner, running.id) is None
