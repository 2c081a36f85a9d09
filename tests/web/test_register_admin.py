"""The desk's side of registration: the QR, the riders list, walk-ins, withdrawals, exports and
check-in for organizers and referee tablets."""

import csv
import io
import re

from openpyxl import load_workbook
from sqlalchemy import select

from meet.extensions import db
from meet.models import Participant
from meet.referee.auth import SESSION_KEY
from tests.conftest import csrf_token_from


def test_desk_pages_need_a_signed_in_organizer(client, create_meet):
    meet = create_meet()
    for path in ("registrations", "registrations/new", "registrations.csv", "checkin"):
        response = client.get(f"/admin/meets/{meet.slug}/{path}")
        assert response.status_code == 302 and "/admin/login" in response.headers["Location"]


def test_the_registrations_page_shows_the_registration_qr_for_the_public_address(
    client, login, create_meet, create_event, make_registration, read_qr_svg
):
    login()
    meet = create_meet(name="于洪运动会")
    event = create_event(meet, name="平板支撑", capacity=1)
    make_registration(meet, [event], name="王伟", check_in=True)
    make_registration(meet, [event], name="李娜")
    page = client.get(f"/admin/meets/{meet.slug}/registrations").text
    svg = re.search(r'<svg[^>]*aria-label="报名二维码".*?</svg>', page, re.S).group(0)
    assert read_qr_svg(svg) == f"http://meet.test/m/{meet.slug}/register"
    assert "王伟" in page and "李娜" in page and "候补第 1 位" in page
    assert 'class="status status-checked"' in page  # checked-in status shows in the list
    found = client.get(f"/admin/meets/{meet.slug}/registrations?q=李").text
    assert "李娜" in found and "王伟" not in found
    assert client.get("/admin/meets/nope/registrations").status_code == 404


def test_a_walk_in_is_registered_at_the_desk_with_the_same_rules(
    client, login, create_meet, create_event, read_qr_svg
):
    login()
    meet = create_meet()
    event = create_event(meet)
    form = client.get(f"/admin/meets/{meet.slug}/registrations/new").text
    data = {
        "csrf_token": csrf_token_from(form),
        "name": "赵六",
        "phone": "13700137000",
        "platform": "huolala",
        "events": event.id,
        "check_in": "yes",
    }
    refused = client.post(f"/admin/meets/{meet.slug}/registrations/new", data=data)
    assert refused.status_code == 422 and 'id="consent-error"' in refused.text  # same rules
    done = client.post(
        f"/admin/meets/{meet.slug}/registrations/new", data={**data, "consent": "yes"}
    )
    assert done.status_code == 200 and "报名成功：1 号" in done.text
    rider = db.session.scalar(select(Participant))
    assert rider.checked_in_at is not None
    page_url = read_qr_svg(re.search(r"<svg.*?</svg>", done.text, re.S).group(0))
    assert page_url.startswith("http://meet.test/me/")
    assert client.get(page_url.removeprefix("http://meet.test")).status_code == 200


def test_the_organizer_withdraws_an_entry_and_the_waitlist_moves_up(
    client, login, create_meet, create_event, make_registration
):
    login()
    meet = create_meet()
    event = create_event(meet, capacity=1)
    first = make_registration(meet, [event])
    second = make_registration(meet, [event])
    page = client.get(f"/admin/meets/{meet.slug}/registrations").text
    response = client.post(
        f"/admin/meets/{meet.slug}/entries/{first.entries[0].entry.id}/withdraw",
        data={"csrf_token": csrf_token_from(page)},
    )
    assert response.status_code == 302
    assert "候补名单已依次递补" in client.get(response.headers["Location"]).text
    db.session.expire_all()
    from meet.services.registration import rider_entries

    assert rider_entries(second.participant)[0].status == "registered"
    other = create_meet()
    wrong_meet = client.post(
        f"/admin/meets/{other.slug}/entries/{second.entries[0].entry.id}/withdraw",
        data={"csrf_token": csrf_token_from(page)},
    )
    assert wrong_meet.status_code == 404


def test_exports_are_safe_against_formula_injection(
    client, login, create_meet, create_event, create_rider, create_entry
):
    login()
    meet = create_meet()
    event = create_event(meet, name="投壶")
    # Data typed before the name rules, or through another door: the export must still be safe.
    rider = create_rider(meet, name='=HYPERLINK("http://x")', station="+cmd|' /C calc'!A0")
    create_rider(meet, name="王伟", station="@SUM(1)", emergency_contact="-2+3")
    create_entry(event, rider)
    answer = client.get(f"/admin/meets/{meet.slug}/registrations.csv")
    assert answer.headers["Content-Disposition"].endswith('.csv"')
    assert answer.data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(answer.data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["号码布", "姓名", "手机号"]
    assert rows[1][1] == '\'=HYPERLINK("http://x")' and rows[1][4].startswith("'+")
    assert rows[1][5] == "投壶"
    assert rows[2][4] == "'@SUM(1)" and rows[2][6] == "'-2+3"
    workbook = load_workbook(
        io.BytesIO(client.get(f"/admin/meets/{meet.slug}/registrations.xlsx").data)
    )
    cells = [cell for row in workbook.active.iter_rows() for cell in row]
    assert all(cell.data_type != "f" for cell in cells)
    texts = [cell.value for cell in cells if isinstance(cell.value, str)]
    assert not any(text.startswith(("=", "+", "-", "@")) for text in texts)
    assert '\'=HYPERLINK("http://x")' in texts


def test_the_organizer_checks_a_rider_in_by_bib_and_a_second_time_is_reported(
    client, login, create_meet, create_event, make_registration
):
    login()
    meet = create_meet()
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


def test_the_camera_script_gets_a_json_answer(
    client, login, create_meet, create_event, make_registration
):
    login()
    meet = create_meet()
    done = make_registration(meet, [create_event(meet)], name="李娜")
    token = csrf_token_from(client.get(f"/admin/meets/{meet.slug}/checkin").text)
    answer = client.post(
        f"/admin/meets/{meet.slug}/checkin",
        data={"csrf_token": token, "code": done.participant.checkin_code},
        headers={"Accept": "application/json"},
    ).json
    assert answer["status"] == "checked_in" and answer["bib"] == 1 and answer["name"] == "李娜"
    assert (answer["checked"], answer["total"]) == (1, 1)


def test_the_organizer_undoes_a_mistaken_check_in(
    client, login, create_meet, create_event, make_registration
):
    login()
    meet = create_meet()
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
