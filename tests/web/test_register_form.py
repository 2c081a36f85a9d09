"""The rider's registration form on a phone, with no JavaScript, and the rider's own page."""

import re
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select

from meet.extensions import db
from meet.models import Participant, utcnow
from tests.fixtures.forms import csrf_token_from, registration_form

STATIC = Path(__file__).parents[2] / "static"


def test_the_form_is_phone_first_and_light(client, create_meet, create_event):
    meet = create_meet()
    create_event(meet, name="平板支撑", capacity=40)
    page = client.get(f"/m/{meet.slug}/register")
    assert page.status_code == 200
    html = page.text
    assert re.search(r'<input type="tel" id="phone"[^>]*inputmode="numeric"', html)
    assert 'type="radio" id="platform-meituan"' in html  # platforms are cards, not a dropdown
    assert "<select" not in html
    assert 'type="checkbox"' in html and "平板支撑" in html and "剩余" in html
    assert "<script" not in html  # works with no JavaScript
    css = (STATIC / "css/meet.css").read_bytes()
    assert len(page.data) + len(css) < 60 * 1024


def test_a_rider_registers_and_lands_on_their_own_page_with_bib_and_check_in_qr(
    client, submit, create_meet, create_event
):
    meet = create_meet()
    event = create_event(meet, name="投壶")
    response = submit(f"/m/{meet.slug}/register", registration_form([event]))
    assert response.status_code == 302
    token = response.headers["Location"].removeprefix("/me/")
    page = client.get(f"/me/{token}")
    assert page.status_code == 200
    rider = db.session.scalar(select(Participant))
    assert '<p class="bib">1</p>' in page.text
    assert "投壶" in page.text and "报名成功" in page.text
    assert "<svg" in page.text and "收藏" in page.text  # QR, and keep this page
    assert page.headers["Cache-Control"] == "private, no-cache"
    assert rider.phone not in page.text  # nothing personal in the page's QR or text


def test_the_check_in_qr_holds_only_the_opaque_code(
    client, submit, create_meet, create_event, read_qr_svg
):
    meet = create_meet()
    event = create_event(meet)
    location = submit(f"/m/{meet.slug}/register", registration_form([event])).headers["Location"]
    svg = re.search(r"<svg.*?</svg>", client.get(location).text, re.S).group(0)
    assert read_qr_svg(svg) == db.session.scalar(select(Participant.checkin_code))


def test_errors_show_next_to_their_fields_in_chinese_and_keep_what_was_typed(
    submit, create_meet, create_event
):
    meet = create_meet()
    event = create_event(meet)
    data = registration_form([event], name="王伟😀", phone="12345", station="北陵站")
    del data["consent"]
    response = submit(f"/m/{meet.slug}/register", data)
    assert response.status_code == 422
    html = response.text
    assert 'id="name-error"' in html and "表情" in html
    assert 'id="phone-error"' in html and "11 位" in html
    assert 'id="consent-error"' in html
    assert 'value="王伟😀"' in html and 'value="12345"' in html and 'value="北陵站"' in html
    assert re.search(rf'value="{event.id}" checked', html)
    assert re.search(r'value="meituan" checked', html)
    assert db.session.scalar(select(func.count()).select_from(Participant)) == 0


def test_a_second_registration_with_the_same_phone_is_refused_without_showing_the_first(
    submit, create_meet, create_event
):
    meet = create_meet()
    event = create_event(meet)
    submit(f"/m/{meet.slug}/register", registration_form([event], name="张三"))
    again = submit(
        f"/m/{meet.slug}/register",
        registration_form([event], name="李四", phone="+86 13800138000"),
    )
    assert again.status_code == 422
    assert "已经报过名" in again.text
    assert "张三" not in again.text and "/me/" not in again.text


def test_a_tampered_or_expired_form_comes_back_filled_in(client, submit, create_meet, create_event):
    meet = create_meet()
    event = create_event(meet)
    client.get(f"/m/{meet.slug}/register")  # the form was opened, then its token forged
    data = registration_form([event], csrf_token="forged")
    response = client.post(f"/m/{meet.slug}/register", data=data)
    assert response.status_code == 400
    assert "过期" in response.text and 'value="王伟"' in response.text
    assert db.session.scalar(select(func.count()).select_from(Participant)) == 0
    tampered = submit(f"/m/{meet.slug}/register", registration_form([999], platform="uber"))
    assert tampered.status_code == 422
    assert 'id="events-error"' in tampered.text and 'id="platform-error"' in tampered.text


def test_a_team_event_offers_the_stations_teams_a_join_code_or_a_new_team(
    client, submit, create_meet, create_event, make_registration
):
    from meet.services.registration.intake import TeamChoice

    meet = create_meet()
    event = create_event(
        meet, name="拔河", sport="tug_of_war", kind="team", rules={"pulls": 3}, team_size_max=8
    )
    make_registration(meet, [event], teams={event.id: TeamChoice("create", "于洪铁军")})
    page = client.get(f"/m/{meet.slug}/register").text
    assert "于洪铁军" in page and f'name="team_code_{event.id}"' in page
    missing = submit(f"/m/{meet.slug}/register", registration_form([event]))
    assert missing.status_code == 422 and f'id="team_{event.id}-error"' in missing.text
    created = submit(
        f"/m/{meet.slug}/register",
        registration_form(
            [event],
            phone="13900139000",
            **{f"team_{event.id}": "create", f"team_name_{event.id}": "北陵飞虎"},
        ),
    )
    assert created.status_code == 302
    own_page = client.get(created.headers["Location"]).text
    assert "北陵飞虎" in own_page and "队伍码" in own_page


def test_registration_closed_or_not_yet_open_says_so_instead_of_the_form(
    client, submit, create_meet, create_event
):
    closed = create_meet(status="closed")
    later = create_meet(registration_opens_at=utcnow() + timedelta(days=1))
    assert "报名已截止" in client.get(f"/m/{closed.slug}/register").text
    page = client.get(f"/m/{later.slug}/register").text
    assert "报名尚未开始" in page and 'name="phone"' not in page
    event = create_event(closed)
    # The closed meet's page has no form: the token comes from another meet's.
    open_form = f"/m/{create_meet().slug}/register"
    response = submit(f"/m/{closed.slug}/register", registration_form([event]), open_form)
    assert response.status_code == 422 and "报名已截止" in response.text
    assert client.get("/m/no-such-meet/register").status_code == 404
    assert client.get(f"/m/{create_meet(status='draft').slug}/register").status_code == 404


def test_over_the_rate_limit_the_form_comes_back_with_what_was_typed(
    app, submit, create_meet, create_event, monkeypatch
):
    monkeypatch.setitem(app.config, "MEET_REGISTRATION_LIMIT", "2 per minute")
    meet = create_meet()
    event = create_event(meet)
    for number in range(2):
        data = registration_form([event], phone=f"1380013800{number}")
        assert submit(f"/m/{meet.slug}/register", data).status_code == 302
    blocked = submit(
        f"/m/{meet.slug}/register", registration_form([event], name="赵六", phone="13700137000")
    )
    assert blocked.status_code == 429
    assert "请等一分钟" in blocked.text and 'value="赵六"' in blocked.text
    assert 'value="13700137000"' in blocked.text


def test_the_default_limit_lets_a_crowd_behind_one_address_through(app):
    from meet.web_helpers import registration_limit

    with app.test_request_context():
        count, per = registration_limit().split(" per ")
    assert int(count) >= 200 and per == "minute"


def test_a_rider_withdraws_from_an_event_on_their_own_page(
    client, submit, create_meet, create_event
):
    meet = create_meet()
    event = create_event(meet, name="投壶", capacity=1)
    location = submit(f"/m/{meet.slug}/register", registration_form([event])).headers["Location"]
    page = client.get(location).text
    action = re.search(r'action="(/me/[^"]+/withdraw)"', page).group(1)
    response = client.post(action, data={"csrf_token": csrf_token_from(page)})
    assert response.status_code == 302
    after = client.get(location).text
    assert "已退出" in after and "您已退出该项目" in after
    assert client.post(action, data={"csrf_token": csrf_token_from(page)}).status_code == 302
    assert "您没有报名这个项目" in client.get(location).text


def test_an_unknown_rider_page_is_not_found(client):
    assert client.get("/me/not-a-token").status_code == 404


def test_the_form_is_in_english_when_chosen(client, create_meet):
    meet = create_meet()
    client.get("/lang/en")
    page = client.get(f"/m/{meet.slug}/register").text
    assert "Mobile number" in page and "Safety waiver" in page
