"""The referee tablet pages: PIN with rate limit and lockout, the events of the access, and each
event's list with check-in status."""

from __future__ import annotations

from datetime import timedelta

import pytest

from meet.extensions import db
from meet.models import RefereeAccess, utcnow
from meet.referee.auth import MAX_FAILED_PINS
from meet.services.referees import revoke_referee_access


@pytest.fixture
def setup(create_meet, create_event, create_rider, create_entry, create_referee_access):
    meet = create_meet()
    plank = create_event(meet, sport="plank", name="平板支撑")
    other = create_event(meet, sport="bowling", name="保龄球", rules={"frames": 3})
    here = create_rider(meet, name="到场骑手", checked_in_at=utcnow())
    away = create_rider(meet, name="未到骑手")
    create_entry(plank, here)
    create_entry(plank, away)
    create_entry(plank, create_rider(meet, name="候补骑手"), status="waitlisted")
    access, token, pin = create_referee_access(meet, [plank])
    return meet, plank, other, access, token, pin


def test_an_unknown_link_is_not_found(client):
    assert client.get("/ref/not-a-real-token").status_code == 404


def test_the_link_asks_for_the_pin_first(client, setup):
    _meet, plank, _other, _access, token, _pin = setup
    page = client.get(f"/ref/{token}")
    assert page.status_code == 200
    assert "输入 PIN 码" in page.text
    event_page = client.get(f"/ref/{token}/events/{plank.id}")
    assert event_page.status_code == 302
    assert event_page.headers["Location"].endswith(f"/ref/{token}")


def test_the_right_pin_opens_only_the_events_of_the_access(client, enter_pin, setup):
    _meet, plank, other, _access, token, pin = setup
    response = enter_pin(token, pin)
    assert response.status_code == 303
    home = client.get(f"/ref/{token}")
    assert "平板支撑" in home.text
    assert "保龄球" not in home.text
    assert "已录入 0/2" in home.text
    assert client.get(f"/ref/{token}/events/{plank.id}").status_code == 200
    assert client.get(f"/ref/{token}/events/{other.id}").status_code == 403


def test_a_wrong_pin_is_refused_with_the_tries_left(enter_pin, setup):
    *_rest, token, _pin = setup
    response = enter_pin(token, "000000" if _pin != "000000" else "111111")
    assert response.status_code == 401
    assert f"还能再试 {MAX_FAILED_PINS - 1} 次" in response.text


def test_wrong_pins_from_one_address_are_rate_limited(enter_pin, setup):
    *_rest, token, pin = setup
    wrong = "000000" if pin != "000000" else "111111"
    answers = [enter_pin(token, wrong).status_code for _ in range(6)]
    assert answers == [401] * 5 + [429]


def test_repeated_wrong_pins_lock_the_access_from_every_address(enter_pin, setup):
    *_rest, access, token, pin = setup
    wrong = "000000" if pin != "000000" else "111111"
    for number in range(MAX_FAILED_PINS):
        enter_pin(token, wrong, address=f"10.0.1.{number}")
    locked = enter_pin(token, pin, address="10.0.2.1")
    assert locked.status_code == 401
    assert "已锁定" in locked.text
    db.session.rollback()
    stored = db.session.get(RefereeAccess, access.id)
    stored.locked_until = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert enter_pin(token, pin, address="10.0.2.2").status_code == 303


def test_the_event_page_lists_registered_entries_with_check_in(client, enter_pin, setup):
    _meet, plank, _other, _access, token, pin = setup
    enter_pin(token, pin)
    page = client.get(f"/ref/{token}/events/{plank.id}")
    assert "到场骑手" in page.text
    assert "未到骑手" in page.text
    assert "候补骑手" not in page.text
    assert page.text.count("已签到") == 1
    assert "未签到" in page.text
    assert "data-outbox" in page.text


def test_match_sports_list_their_matches_with_each_team_s_check_in(
    client,
    enter_pin,
    create_meet,
    create_event,
    create_rider,
    create_team_entry,
    create_match,
    create_referee_access,
):
    meet = create_meet()
    tug = create_event(meet, sport="tug_of_war", name="拔河", kind="team", rules={"pulls": 3})
    red = create_team_entry(
        tug, "红队", [create_rider(meet, checked_in_at=utcnow()), create_rider(meet)]
    )
    blue = create_team_entry(tug, "蓝队", [create_rider(meet)])
    create_match(tug, red, blue)
    _access, token, pin = create_referee_access(meet, [tug])
    enter_pin(token, pin)
    page = client.get(f"/ref/{token}/events/{tug.id}")
    assert "红队 – 蓝队" in page.text
    assert "已签到 1/3" in page.text


def test_a_revoked_access_no_longer_opens(client, enter_pin, setup):
    _meet, plank, _other, access, token, pin = setup
    enter_pin(token, pin)
    revoke_referee_access(access, actor="test")
    assert client.get(f"/ref/{token}").status_code == 404
    assert client.get(f"/ref/{token}/events/{plank.id}").status_code == 404


def test_the_list_refresh_needs_the_pin_session(client, enter_pin, setup):
    _meet, plank, _other, _access, token, pin = setup
    assert client.get(f"/ref/{token}/events/{plank.id}/rows").status_code == 401
    enter_pin(token, pin)
    rows = client.get(f"/ref/{token}/events/{plank.id}/rows")
    assert rows.status_code == 200
    assert "到场骑手" in rows.text


def test_the_service_worker_is_served_for_the_referee_pages(client):
    response = client.get("/ref/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert "caches" in response.text
