"""Referee accesses at the desk: made for some events of the meet, shown once with the tablet
link, its QR code and the PIN, listed, and revoked."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select
from werkzeug.security import check_password_hash

from meet.extensions import db
from meet.models import AuditLog, RefereeAccess
from meet.services.referees import active_access


@pytest.fixture
def meet(desk):
    """yuhong, an open meet at the signed-in organizer's desk."""
    return desk(slug="yuhong")


def accesses() -> list[RefereeAccess]:
    db.session.rollback()
    return list(db.session.scalars(select(RefereeAccess).order_by(RefereeAccess.id)))


TABLET_LINK = re.compile(r'href="http://meet\.test/ref/([A-Za-z0-9_-]{43})"')
PIN = re.compile(r'class="pin"[^>]*>(\d{6})<')


def test_an_access_shows_its_tablet_link_qr_and_pin_once(client, submit, meet, create_event):
    plank = create_event(meet, name="平板支撑")
    create_event(meet, name="投壶", sport="pitch_pot", rules={})
    response = submit(
        "/admin/meets/yuhong/referees", {"name": "平板 1号", "events": [plank.id]}, follow=True
    )
    assert response.status_code == 200
    assert len(response.history) == 1  # redirected after the POST: a reload cannot repeat it
    token = TABLET_LINK.search(response.text).group(1)
    pin = PIN.search(response.text).group(1)
    assert '<svg role="img" aria-label="平板链接二维码"' in response.text
    [access] = accesses()
    assert access.name == "平板 1号"
    assert [event.name for event in access.events] == ["平板支撑"]
    assert active_access(token).id == access.id
    assert check_password_hash(access.pin_hash, pin)
    assert token not in access.token_hash and pin not in access.pin_hash
    listing = client.get("/admin/meets/yuhong/referees").text
    assert "平板 1号" in listing
    assert token not in listing and PIN.search(listing) is None


def test_an_access_with_no_event_ticked_covers_every_event(submit, meet, create_event):
    create_event(meet)
    response = submit("/admin/meets/yuhong/referees", {"name": "总裁判"}, follow=True)
    assert "全部项目" in response.text
    [access] = accesses()
    assert access.events == []


def test_an_access_for_an_event_of_another_meet_is_refused(submit, meet, create_meet, create_event):
    create_event(meet)
    elsewhere = create_event(create_meet(slug="dadong"), name="大东拔河")
    response = submit(
        "/admin/meets/yuhong/referees", {"name": "拔河平板", "events": [elsewhere.id]}
    )
    assert response.status_code == 422
    assert f"项目 {elsewhere.id} 不属于本运动会" in response.text
    assert 'value="拔河平板"' in response.text
    assert accesses() == []


def test_the_event_list_offers_only_this_meets_events(client, meet, create_meet, create_event):
    create_event(meet, name="平板支撑")
    create_event(create_meet(slug="dadong"), name="大东拔河")
    page = client.get("/admin/meets/yuhong/referees").text
    assert "平板支撑" in page and "大东拔河" not in page


def test_a_revoked_access_stops_working_and_is_logged(client, submit, meet, create_referee_access):
    access, token, _pin = create_referee_access(meet, name="投壶平板")
    response = submit(f"/admin/referees/{access.id}/revoke", {}, "/admin/meets/yuhong/referees")
    assert response.status_code == 302
    db.session.rollback()
    assert active_access(token) is None
    assert client.get(f"/ref/{token}").status_code == 404
    [row] = db.session.scalars(select(AuditLog).where(AuditLog.action == "referee_access.revoked"))
    assert row.actor == "organizer"
    assert row.before["revoked_at"] is None and row.after["revoked_at"]
    listing = client.get("/admin/meets/yuhong/referees").text
    assert "已于" in listing and "撤销" in listing


def test_revoking_needs_the_form_token(client, meet, create_referee_access):
    access, token, _pin = create_referee_access(meet)
    client.post(f"/admin/referees/{access.id}/revoke")
    db.session.rollback()
    assert active_access(token) is not None


def test_a_name_longer_than_80_characters_is_refused(submit, meet):
    response = submit("/admin/meets/yuhong/referees", {"name": "裁" * 81})
    assert response.status_code == 422
    assert accesses() == []


def test_an_access_number_no_row_can_have_is_not_found(client, submit, meet):
    response = submit(
        "/admin/referees/99999999999999999999/revoke", {}, "/admin/meets/yuhong/referees"
    )
    assert response.status_code == 404
