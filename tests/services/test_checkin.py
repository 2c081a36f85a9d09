"""Check-in by bib or by the opaque code of the rider's QR; a second scan changes nothing."""

import threading
from datetime import datetime

from sqlalchemy import func, select

from meet.extensions import db
from meet.models import AuditLog, Meet, Participant
from meet.services import checkin
from tests.fixtures.concurrency import run_at_once


def test_a_rider_is_checked_in_by_bib(create_meet, create_rider):
    meet = create_meet()
    rider = create_rider(meet, bib=17)
    result = checkin.check_in(meet, " 17 ", actor="organizer:test")
    assert (result.status, result.participant.id) == ("checked_in", rider.id)
    assert db.session.get(Participant, rider.id).checked_in_at == result.checked_in_at


def test_a_rider_is_checked_in_by_the_code_in_their_qr_typed_in_any_case(create_meet, create_rider):
    meet = create_meet()
    rider = create_rider(meet, checkin_code="ABCDEFGHJKLMNPQR")
    result = checkin.check_in(meet, "abcdefghjklmnpqr\n", actor="referee:1")
    assert (result.status, result.participant.id) == ("checked_in", rider.id)


def test_a_second_scan_says_when_the_rider_was_checked_in_and_changes_nothing(
    app, create_meet, create_rider
):
    meet = create_meet()
    rider = create_rider(meet, bib=5, name="王伟", checked_in_at=datetime(2026, 11, 29, 1, 12))
    result = checkin.check_in(meet, "5", actor="organizer:test")
    assert result.status == "already"
    assert result.checked_in_at == datetime(2026, 11, 29, 1, 12)
    with app.test_request_context():  # 01:12 UTC is 09:12 in China
        assert checkin.describe(result) == "5 号 王伟 已于 09:12 签到过了。"
    assert db.session.scalar(select(func.count()).select_from(AuditLog)) == 0
    assert db.session.get(Participant, rider.id).checked_in_at == datetime(2026, 11, 29, 1, 12)


def test_an_unknown_bib_or_code_or_another_meets_rider_is_not_found(create_meet, create_rider):
    meet, other = create_meet(), create_meet()
    create_rider(other, bib=3)
    for scanned in ("3", "99", "NOSUCHCODE", "", "1" * 30, "x" * 500, "AB\x00C", "王伟", "³"):
        assert checkin.check_in(meet, scanned, actor="organizer:test").status == "not_found"


def test_a_mistaken_check_in_can_be_undone(create_meet, create_rider):
    meet = create_meet()
    rider = create_rider(meet, bib=4)
    checkin.check_in(meet, "4", actor="organizer:test")
    assert checkin.undo_check_in(meet, rider.id, actor="organizer:test").checked_in_at is None
    assert checkin.check_in(meet, "4", actor="organizer:test").status == "checked_in"
    assert checkin.undo_check_in(create_meet(), rider.id, actor="organizer:test") is None


def test_counts_and_recent_check_ins(create_meet, create_rider):
    meet = create_meet()
    for bib in (1, 2, 3):
        create_rider(meet, bib=bib)
    checkin.check_in(meet, "2", actor="organizer:test")
    checkin.check_in(meet, "3", actor="organizer:test")
    assert checkin.checkin_counts(meet) == (2, 3)
    assert [rider.bib for rider in checkin.recent_checkins(meet)] == [3, 2]


def test_two_tablets_scanning_the_same_rider_at_once_check_them_in_once(
    app, create_meet, create_rider
):
    meet = create_meet()
    create_rider(meet, bib=8)
    meet_id = meet.id
    db.session.rollback()
    statuses: list[str] = []
    barrier = threading.Barrier(6)

    def scan() -> None:
        with app.app_context():
            barrier.wait()
            statuses.append(checkin.check_in(db.session.get(Meet, meet_id), "8", actor="t").status)
            db.session.remove()

    run_at_once(*[scan] * 6)
    assert sorted(statuses) == ["already"] * 5 + ["checked_in"]
    assert db.session.scalar(select(func.count()).select_from(AuditLog)) == 1
