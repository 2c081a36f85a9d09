"""Check-in at the desk and on a referee tablet: by bib or by the code the camera reads, once, and
undone when it was a mistake."""

import re

from sqlalchemy import select

from meet.extensions import db
from meet.models import Participant
from meet.referee.auth import SESSION_KEY
from tests.fixtures.forms import csrf_token_from


def test_the_organizer_checks_a_rider_in_by_bib_and_a_second_time_is_reported(
    client, desk, create_event, make_registration
):
    meet = desk()
    make_registration(meet, [create_event(meet, name="平板支撑")], name="王伟")
    page = client.get(f"/admin/meets/{meet.slug}/checkin").text
    token = csrf_token_from(page)
    first = client.post(
        f"/admin/meets/{meet.slug}/checkin", data={"csrf_token": token, "code": "1"}
    )
    assert "1 号 王伟 签到成功" in first.text and "平板支撑" in first.text
    second = client.post(
        f"/admin/meets/{meet.slug}/checkin", data={"csrf_token": token, "code": "1"}
    )
    assert re.search(r"1 号 王伟 已于 \d\d:\d\d 签到过了", second.text)
    unknown = client.post(
        f"/admin/meets/{meet.slug}/checkin", data={"csrf_token": token, "code": "42"}
    )
    assert "没有号码或签到码为 42 的骑手" in unknown.text


def test_the_camera_script_gets_a_json_answer(client, desk, create_event, make_registration):
    meet = desk()
    done = make_registration(meet, [create_event(meet)], name="李娜")
    token = csrf_token_from(client.get(f"/admin/meets/{meet.slug}/checkin").text)
    answer = client.post(
        f"/admin/meets/{meet.slug}/checkin",
        data={"csrf_token": token, "code": done.participant.checkin_code},
        headers={"Accept": "application/json"},
    ).json
    assert answer["status"] == "checked_in" and answer["bib"] == 1 and answer["name"] == "李娜"
    assert (answer["checked"], answer["total"]) == (1, 1)


def test_the_organizer_undoes_a_mistaken_check_in(client, desk, create_event, make_registration):
    meet = desk()
    rider = make_registration(meet, [create_event(meet)], check_in=True).participant
    page = client.get(f"/admin/meets/{meet.slug}/checkin").text
    assert "撤销" in page
    response = client.post(
        f"/admin/meets/{meet.slug}/checkin/{rider.id}/undo",
        data={"csrf_token": csrf_token_from(page)},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Participant, rider.id).checked_in_at is None


def test_a_referee_checks_riders_in_from_the_tablet_once_the_pin_is_entered(
    client, create_meet, create_event, create_referee_access, make_registration
):
    meet = create_meet()
    make_registration(meet, [create_event(meet)], name="王伟")
    access, token, _pin = create_referee_access(meet)
    before_pin = client.get(f"/ref/{token}/checkin")
    assert before_pin.status_code == 302 and before_pin.headers["Location"] == f"/ref/{token}"
    with client.session_transaction() as session:
        session[SESSION_KEY] = [access.id]
    page = client.get(f"/ref/{token}/checkin")
    assert page.status_code == 200 and "撤销" not in page.text
    answer = client.post(
        f"/ref/{token}/checkin", data={"csrf_token": csrf_token_from(page.text), "code": "1"}
    )
    assert "1 号 王伟 签到成功" in answer.text
    assert db.session.scalar(select(Participant.checked_in_at)) is not None
