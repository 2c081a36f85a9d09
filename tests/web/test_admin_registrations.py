"""The desk's side of registration: the QR, the riders list, walk-ins, withdrawals and exports.
Check-in is in test_checkin.py."""

import csv
import io
import re

from openpyxl import load_workbook
from sqlalchemy import select

from meet.extensions import db
from meet.models import Participant


def test_desk_pages_need_a_signed_in_organizer(client, create_meet):
    meet = create_meet()
    for path in ("registrations", "registrations/new", "registrations.csv", "checkin"):
        response = client.get(f"/admin/meets/{meet.slug}/{path}")
        assert response.status_code == 302 and "/admin/login" in response.headers["Location"]


def test_the_registrations_page_shows_the_registration_qr_for_the_public_address(
    client, desk, create_event, make_registration, read_qr_svg
):
    meet = desk(name="于洪运动会")
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
    client, submit, desk, create_event, read_qr_svg
):
    meet = desk()
    event = create_event(meet)
    data = {
        "name": "赵六",
        "phone": "13700137000",
        "platform": "huolala",
        "events": event.id,
        "check_in": "yes",
    }
    refused = submit(f"/admin/meets/{meet.slug}/registrations/new", data)
    assert refused.status_code == 422 and 'id="consent-error"' in refused.text  # same rules
    done = submit(f"/admin/meets/{meet.slug}/registrations/new", {**data, "consent": "yes"})
    assert done.status_code == 200 and "报名成功：1 号" in done.text
    rider = db.session.scalar(select(Participant))
    assert rider.checked_in_at is not None
    page_url = read_qr_svg(re.search(r"<svg.*?</svg>", done.text, re.S).group(0))
    assert page_url.startswith("http://meet.test/me/")
    assert client.get(page_url.removeprefix("http://meet.test")).status_code == 200


def test_the_organizer_withdraws_an_entry_and_the_waitlist_moves_up(
    client, submit, desk, create_meet, create_event, make_registration
):
    meet = desk()
    event = create_event(meet, capacity=1)
    first = make_registration(meet, [event])
    second = make_registration(meet, [event])
    riders = f"/admin/meets/{meet.slug}/registrations"
    response = submit(
        f"/admin/meets/{meet.slug}/entries/{first.entries[0].entry.id}/withdraw", {}, riders
    )
    assert response.status_code == 302
    assert "候补名单已依次递补" in client.get(response.headers["Location"]).text
    db.session.expire_all()
    from meet.services.registration.queries import rider_entries

    assert rider_entries(second.participant)[0].status == "registered"
    other = create_meet()
    wrong_meet = submit(
        f"/admin/meets/{other.slug}/entries/{second.entries[0].entry.id}/withdraw", {}, riders
    )
    assert wrong_meet.status_code == 404


def test_exports_are_safe_against_formula_injection(
    client, desk, create_event, create_rider, create_entry
):
    meet = desk()
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
