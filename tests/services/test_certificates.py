"""Certificates: places and wording, the drawn seal, rare characters, big batches, award and
participation certificates read back from the PDF, and which certificates a rider may download."""

from __future__ import annotations

import base64
import io
import subprocess

import pytest
from PIL import Image

from meet.extensions import db
from meet.services.printing import render
from meet.services.printing.certificates import (
    AWARD,
    PARTICIPATION,
    certificates_pdf,
    chinese_number,
    drawn_seal,
    fill_wording,
    place_label,
    rider_certificate_pdf,
    rider_certificates,
)
from meet.services.rankings.events import rider_places
from tests.fixtures.documents import page_count


@pytest.mark.parametrize(
    ("number", "chinese"),
    [(1, "一"), (3, "三"), (10, "十"), (11, "十一"), (20, "二十"), (35, "三十五"), (99, "九十九")],
)
def test_places_are_written_in_chinese_numerals(number, chinese):
    assert chinese_number(number) == chinese


def test_a_place_is_written_in_the_style_the_meet_chose(request_context):
    assert place_label(1, "chinese") == "第一名"
    assert place_label(12, "chinese") == "第十二名"
    assert place_label(1, "digits") == "第1名"


def test_the_wording_fills_in_the_values_and_escapes_all_user_text():
    wording = fill_wording(
        "<b>{meet}</b> {event} {place} {name.__class__}",
        meet="<script>x</script>",
        event="投壶",
        place="第一名",
    )

    assert "<b>" not in wording and "&lt;b&gt;" in wording
    assert "&lt;script&gt;" in wording and "<script>" not in wording
    assert '<span class="place">第一名</span>' in wording
    assert "{name.__class__}" in wording  # only the three names are replaced, nothing evaluated


def test_the_drawn_seal_is_a_round_red_png(request_context):
    url = drawn_seal("于洪区总工会")
    image = Image.open(io.BytesIO(base64.b64decode(url.partition(",")[2])))

    assert url.startswith("data:image/png;base64,")
    red, green, _, alpha = image.getpixel((image.width // 2, image.height // 2))
    assert alpha > 0 and red > 150 and green < 80  # the star in the middle
    assert image.getpixel((2, 2))[3] == 0  # transparent outside the ring


def test_the_winner_and_their_place_are_on_their_certificate(
    create_podium, pdf_text, request_context
):
    meet, event, _ = create_podium()

    pdf = certificates_pdf(meet, event, top=3)

    assert page_count(pdf) == 3
    first, second = pdf_text(pdf, 1), pdf_text(pdf, 2)
    assert "王伟" in first and "第一名" in first and meet.name in first
    assert "李娜" in second and "第二名" in second
    assert "张强" in pdf_text(pdf, 3)


def test_participation_certificates_go_to_everyone_who_competed(
    create_podium, create_rider, create_entry, record_result_row, pdf_text, request_context
):
    meet, event, _ = create_podium()
    no_show = create_rider(meet, name="缺赛者")
    record_result_row(event, create_entry(event, no_show), status="DNS")
    create_entry(event, create_rider(meet, name="未比赛"))

    text = pdf_text(certificates_pdf(meet, event, kind=PARTICIPATION))

    assert all(name in text for name in ("王伟", "李娜", "张强"))
    assert "缺赛者" not in text and "未比赛" not in text
    assert "第一名" not in text


def test_rare_characters_in_names_print_as_themselves(
    create_podium, pdf_text, request_context, tmp_path
):
    meet, event, _ = create_podium(names=("𠀀䶮", "李娜"))

    pdf = certificates_pdf(meet, event, top=1)

    assert "𠀀䶮" in pdf_text(pdf)
    path = tmp_path / "rare.pdf"
    path.write_bytes(pdf)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    assert "HanaMin" in fonts  # the Extension B character came from Hanazono, not a box


def test_a_big_batch_is_rendered_in_chunks_and_joined_page_by_page(
    create_podium, pdf_text, request_context, monkeypatch
):
    meet, event, _ = create_podium()
    monkeypatch.setattr(render, "PARALLEL_FROM_PAGES", 2)
    monkeypatch.setattr(render, "CHUNK_PAGES", 1)

    pdf = certificates_pdf(meet, event, top=3)

    assert ["王伟" in pdf_text(pdf, page) for page in (1, 2, 3)] == [True, False, False]
    assert "张强" in pdf_text(pdf, 3)
    assert page_count(pdf) == 3


def test_a_rider_has_certificates_only_for_official_events_they_competed_in(
    create_podium, create_event, create_rider, create_entry, record_result_row, request_context
):
    meet, event, (winner, _, third, _) = create_podium(print_settings={"top": 2})
    cheat = create_rider(meet, name="犯规者")
    record_result_row(event, create_entry(event, cheat), status="DQ")
    running = create_event(meet, name="投壶", sport="pitch_pot", rules={}, status="running")
    record_result_row(running, create_entry(running, winner), {"arrows": ["pot"] * 8})
    db.session.commit()

    assert rider_certificates(winner, rider_places(winner)) == [(event, AWARD)]
    assert rider_certificates(third, rider_places(third)) == [(event, PARTICIPATION)]
    assert rider_certificates(cheat, rider_places(cheat)) == []
    assert rider_certificate_pdf(winner, running.id) is None
