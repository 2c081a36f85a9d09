"""The PDFs of CONTRACT.md through their routes, read back as a person or a phone would: text by
pdftotext, QR codes by zbarimg on the rasterised pages."""

from __future__ import annotations

import base64
import io
import re

import pytest
from flask_babel import gettext

from meet.extensions import db
from meet.services.printing.render import StaticOnlyFetcher
from meet.services.printing.settings import OVERPRINT_FIELDS, print_settings
from meet.services.tokens import hash_token
from tests.fixtures.documents import page_count

PNG_PIXEL = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="
)


def pdf_of(response) -> bytes:
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "application/pdf"
    return response.data


def squeezed(text: str) -> str:
    """Text without spaces and line breaks: titles are printed letter-spaced."""
    return "".join(text.split())


def test_every_pdf_needs_a_signed_in_organizer(client, create_meet, create_event):
    meet = create_meet()
    event = create_event(meet)
    for path in (
        f"/admin/meets/{meet.slug}/poster.pdf",
        f"/admin/meets/{meet.slug}/bibs.pdf",
        f"/admin/meets/{meet.slug}/certificates.pdf",
        f"/admin/meets/{meet.slug}/rankings.pdf",
        f"/admin/meets/{meet.slug}/print-settings",
        f"/admin/events/{event.id}/sheet.pdf",
    ):
        response = client.get(path)
        assert response.status_code == 302 and "/admin/login" in response.location, path


def test_the_poster_qr_opens_the_registration_form(
    client, login, create_meet, create_event, pdf_text, pdf_qr_codes
):
    meet = create_meet(name="于洪区骑手运动会", venue="于洪广场")
    create_event(meet, name="投壶", sport="pitch_pot", rules={})
    login()

    pdf = pdf_of(client.get(f"/admin/meets/{meet.slug}/poster.pdf"))

    assert pdf_qr_codes(pdf, dpi=100) == [f"http://meet.test/m/{meet.slug}/register"]
    text = pdf_text(pdf)
    assert "于洪区骑手运动会" in text and "于洪广场" in text and "投壶" in text


@pytest.mark.parametrize(("layout", "pages"), [("a5", 3), ("a4x4", 1)])
def test_each_bib_qr_holds_its_riders_check_in_code(
    client, login, create_meet, create_rider, pdf_text, pdf_qr_codes, layout, pages
):
    meet = create_meet(print_settings={"bib_layout": layout})
    riders = [create_rider(meet, name=name, station="北陵站") for name in ("王伟", "李娜", "张强")]
    login()

    pdf = pdf_of(client.get(f"/admin/meets/{meet.slug}/bibs.pdf"))

    assert page_count(pdf) == pages
    assert sorted(pdf_qr_codes(pdf)) == sorted(rider.checkin_code for rider in riders)
    text = pdf_text(pdf)
    assert all(rider.name in text and str(rider.bib) in text for rider in riders)
    assert "北陵站" in text
    assert not any(rider.phone in text for rider in riders)


def test_the_winners_certificate_shows_their_name_and_place(client, login, create_podium, pdf_text):
    meet, event, _ = create_podium()
    login()

    pdf = pdf_of(client.get(f"/admin/meets/{meet.slug}/certificates.pdf?event={event.id}&top=2"))

    assert page_count(pdf) == 2
    first = pdf_text(pdf, 1)
    assert "王伟" in first and "第一名" in first and "平板支撑" in first and meet.name in first
    assert "李娜" in pdf_text(pdf, 2) and "第二名" in pdf_text(pdf, 2)


def test_certificates_of_every_event_come_as_one_document(
    client,
    login,
    create_podium,
    create_event,
    create_rider,
    create_entry,
    record_result_row,
    pdf_text,
):
    meet, _, _ = create_podium()
    pitch_pot = create_event(meet, name="投壶", sport="pitch_pot", rules={})
    rider = create_rider(meet, name="投壶王")
    record_result_row(pitch_pot, create_entry(pitch_pot, rider), {"arrows": ["pot"] * 8})
    login()

    pdf = pdf_of(client.get(f"/admin/meets/{meet.slug}/certificates.pdf"))

    assert page_count(pdf) == 4  # the top 3 of the plank and the only pitch-pot finisher
    assert "投壶王" in pdf_text(pdf, 4) and "第一名" in pdf_text(pdf, 4)


def test_a_name_made_of_html_prints_as_text_and_fetches_nothing(
    client, login, create_podium, pdf_text, monkeypatch
):
    evil = '<img src="file:///etc/passwd">'
    meet, event, _ = create_podium(names=(evil, "李娜"))
    fetched = []
    real_fetch = StaticOnlyFetcher.fetch
    monkeypatch.setattr(
        StaticOnlyFetcher,
        "fetch",
        lambda self, url, headers=None: fetched.append(url) or real_fetch(self, url, headers),
    )
    login()

    pdf = pdf_of(client.get(f"/admin/meets/{meet.slug}/certificates.pdf?event={event.id}&top=1"))

    assert evil in pdf_text(pdf).replace("\n", "")
    assert "root:" not in pdf_text(pdf)
    assert all(url.startswith("data:image/png;base64,") for url in fetched)  # only the seal


def test_certificates_of_an_event_of_another_meet_are_not_found(
    client, login, create_podium, create_meet, create_event
):
    meet, _, _ = create_podium()
    other = create_event(create_meet(), name="别家的项目")
    login()

    url = f"/admin/meets/{meet.slug}/certificates.pdf"
    assert client.get(f"{url}?event={other.id}").status_code == 404
    assert client.get(f"{url}?top=0").status_code == 400
    assert client.get(f"{url}?kind=gold").status_code == 400


def test_a_rider_downloads_the_certificate_of_the_place_they_earned(
    client, create_podium, pdf_text
):
    _, event, _ = create_podium()

    pdf = pdf_of(client.get(f"/me/token-王伟/certificates/{event.id}.pdf"))

    text = pdf_text(pdf)
    assert page_count(pdf) == 1 and "王伟" in text and "第一名" in text


def test_a_rider_outside_the_top_places_gets_a_participation_certificate(
    client, create_podium, pdf_text
):
    _, event, _ = create_podium(print_settings={"participation_title": "参与证书", "top": 3})

    text = squeezed(pdf_text(pdf_of(client.get(f"/me/token-赵敏/certificates/{event.id}.pdf"))))

    assert "赵敏" in text and "参与证书" in text and "第四名" not in text


def test_no_rider_certificate_before_the_event_is_official(client, create_podium):
    _, event, _ = create_podium(status="finished")

    assert client.get(f"/me/token-王伟/certificates/{event.id}.pdf").status_code == 404


def test_no_rider_certificate_without_a_result_or_for_someone_elses_event(
    client, create_podium, create_rider, create_entry, create_meet, create_event
):
    meet, event, _ = create_podium()
    create_entry(event, create_rider(meet, name="没成绩", token_hash=hash_token("token-none")))
    elsewhere = create_event(create_meet(), status="official")

    assert client.get(f"/me/token-none/certificates/{event.id}.pdf").status_code == 404
    assert client.get(f"/me/token-王伟/certificates/{elsewhere.id}.pdf").status_code == 404
    assert client.get(f"/me/not-a-token/certificates/{event.id}.pdf").status_code == 404


def test_rankings_list_every_event_and_the_team_standings_with_the_unofficial_mark(
    client, login, create_podium, create_event, pdf_text
):
    meet, _, _ = create_podium()
    create_event(meet, name="趣味保龄球", sport="bowling", rules={"frames": 5}, status="running")
    login()

    pdf = pdf_of(client.get(f"/admin/meets/{meet.slug}/rankings.pdf"))
    text = pdf_text(pdf)

    assert "平板支撑" in text and "趣味保龄球" in text
    assert text.index("王伟") < text.index("李娜") < text.index("张强")
    assert "5分00.0秒" in text.replace(" ", "")  # the plank's display value
    with client.application.test_request_context("/"):
        marks = [gettext("Unofficial"), gettext("Official")]
        pages = page_count(pdf)
        page_numbers = [
            gettext("Page {page} of {pages}").format(page=n, pages=pages) for n in (1, pages)
        ]
    assert all(mark in text for mark in marks)
    assert all(number in text for number in page_numbers)


@pytest.mark.parametrize(
    ("sport", "rules", "expect"),
    [
        ("plank", {"max_seconds": 600}, ["600"]),
        ("pitch_pot", {"rounds": 3, "arrows_per_round": 4, "points": {"pot": 2, "ear": 3}}, []),
        ("bowling", {"frames": 10}, ["10"]),
        ("custom", {"measure": "distance", "attempts": 3, "unit": "m"}, ["(m)"]),
    ],
)
def test_the_score_sheet_lists_the_entries_with_boxes_for_the_sport(
    client, login, create_meet, create_event, create_rider, create_entry, pdf_text,
    sport, rules, expect,
):  # fmt: skip
    meet = create_meet()
    event = create_event(meet, name="测试项目", sport=sport, rules=rules)
    for name in ("王伟", "李娜"):
        create_entry(event, create_rider(meet, name=name))
    create_entry(event, create_rider(meet, name="候补者"), status="waitlisted")
    login()

    text = pdf_text(pdf_of(client.get(f"/admin/events/{event.id}/sheet.pdf")))

    assert "测试项目" in text and "王伟" in text and "李娜" in text
    assert "候补者" not in text
    assert all(piece in text for piece in expect)


def test_the_match_sheet_lists_each_match_with_a_box_per_pull(
    client, login, create_meet, create_event, create_team_entry, create_match, pdf_text
):
    meet = create_meet()
    event = create_event(meet, name="拔河", sport="tug_of_war", kind="team", rules={"pulls": 5})
    a = create_team_entry(event, "北陵队")
    b = create_team_entry(event, "广场队")
    create_match(event, a, b, court="1号场")
    login()

    text = pdf_text(pdf_of(client.get(f"/admin/events/{event.id}/sheet.pdf")))

    assert "北陵队" in text and "广场队" in text and "1号场" in text
    assert all(str(pull) in text for pull in range(1, 6))


def test_print_settings_change_the_certificates(client, submit, login, create_podium, pdf_text):
    meet, event, _ = create_podium()
    login()
    form = {
        "award_title": "奖状",
        "award_wording": "{name} 在{meet}中获得{event}{place}！",
        "participation_title": "参与证书",
        "participation_wording": "感谢参加{event}。",
        "place_style": "digits",
        "top": "2",
        "seal_text": "于洪区总工会",
        "bib_layout": "a4x4",
        "seal_image": (io.BytesIO(PNG_PIXEL), "seal.png"),
        **{f"{name}_{axis}": "50" for name in OVERPRINT_FIELDS for axis in "xy"},
    }

    saved = submit(f"/admin/meets/{meet.slug}/print-settings", form)

    assert saved.status_code == 302
    settings = print_settings(db.session.get(type(meet), meet.id))
    assert settings.seal_image.startswith("data:image/png;base64,")
    assert settings.top == 2 and settings.bib_layout == "a4x4"
    pdf = pdf_of(client.get(f"/admin/meets/{meet.slug}/certificates.pdf?event={event.id}"))
    assert page_count(pdf) == 2
    text = squeezed(pdf_text(pdf, 1))
    assert "奖状" in text and "第1名" in text and "{name}" in text  # only three names are filled


def test_a_seal_upload_that_is_not_an_image_is_refused(submit, login, create_meet):
    meet = create_meet()
    login()
    form = {
        "place_style": "chinese",
        "top": "3",
        "bib_layout": "a5",
        "seal_image": (io.BytesIO(b"<svg onload=alert(1)></svg>"), "seal.png"),
    }

    refused = submit(f"/admin/meets/{meet.slug}/print-settings", form)

    assert refused.status_code == 422
    assert print_settings(meet).seal_image == ""


def test_overprint_prints_only_the_texts_at_their_places(client, login, create_podium, pdf_text):
    meet, event, _ = create_podium(
        print_settings={"overprint": True, "award_title": "荣誉证书", "top": 1}
    )
    login()

    text = pdf_text(
        pdf_of(client.get(f"/admin/meets/{meet.slug}/certificates.pdf?event={event.id}"))
    )

    assert "王伟" in text and "第一名" in text and "平板支撑" in text
    assert "荣誉证书" not in text and "于洪区总工会" not in text


def test_a_team_member_gets_a_certificate_with_the_team_name(
    client, create_meet, create_event, create_rider, create_team_entry, create_match,
    record_result_row, pdf_text,
):  # fmt: skip
    meet = create_meet()
    event = create_event(meet, name="拔河", sport="tug_of_war", kind="team", rules={"pulls": 3})
    puller = create_rider(meet, name="大力士", token_hash=hash_token("token-puller"))
    winners = create_team_entry(event, "北陵队", riders=[puller])
    losers = create_team_entry(event, "广场队", riders=[create_rider(meet)])
    match = create_match(event, winners, losers)
    record_result_row(event, match=match, marks={"pulls": ["a", "a"]})
    event.status = "official"
    db.session.commit()

    text = pdf_text(pdf_of(client.get(f"/me/token-puller/certificates/{event.id}.pdf")))

    assert "大力士" in text and "北陵队" in text and "第一名" in text


def test_a_rider_page_links_each_certificate_the_rider_may_download(client, create_podium):
    _, event, _ = create_podium()
    _, unofficial, _ = create_podium(names=("钱一", "孙二"), status="finished")

    winner = client.get("/me/token-王伟").text
    fourth = client.get("/me/token-赵敏").text
    waiting = client.get("/me/token-钱一").text

    link = re.search(r'href="([^"]+/certificates/(\d+)\.pdf)"[^>]*>下载荣誉证书<', winner)
    assert link and int(link.group(2)) == event.id
    assert client.get(link.group(1)).mimetype == "application/pdf"
    assert "下载参与证书" in fourth and "下载荣誉证书" not in fourth
    assert f"/certificates/{unofficial.id}.pdf" not in waiting and "证书</a>" not in waiting
