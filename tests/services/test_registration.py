"""Registering a rider: bibs and keys, phones, names and other text, events, the window.
Capacity and withdrawals are in test_waitlist.py, teams in test_teams.py, the lock in
test_meet_lock.py."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from meet.extensions import db
from meet.models import AuditLog, Meet, Participant, utcnow
from meet.services.phones import PhoneError, normalise_phone
from meet.services.registration.intake import (
    AlreadyRegistered,
    RegistrationClosed,
    RegistrationError,
    RiderDetails,
    registration_state,
)
from meet.services.registration.places import register_rider
from meet.services.tokens import hash_token


def _codes(make, *args, **kwargs) -> dict[str, str]:
    with pytest.raises(RegistrationError) as caught:
        make(*args, **kwargs)
    return caught.value.codes


# --- Phones -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "13800138000",
        "138 0013 8000",
        "138-0013-8000",
        "+86 138 0013 8000",
        "+86-13800138000",
        "0086 13800138000",
        "8613800138000",
        "１３８００１３８０００",  # full-width digits from a Chinese keyboard
        "＋８６ 138 0013 8000",
        " (138) 0013-8000 ",
    ],
)
def test_mainland_mobile_numbers_are_normalised_to_eleven_digits(typed):
    assert normalise_phone(typed) == "13800138000"


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "12345",
        "1380013800",
        "138001380001",
        "12800138000",
        "024-12345678",
        "abc",
        "+1 415 555 0100",
        "١٣٨٠٠١٣٨٠٠٠",
    ],
)
def test_anything_but_a_mainland_mobile_number_is_refused(typed):
    with pytest.raises(PhoneError):
        normalise_phone(typed)


# --- A registration ------------------------------------------------------------------------------


def test_a_rider_gets_the_next_bib_a_private_key_and_a_check_in_code(
    create_meet, create_event, make_registration
):
    meet = create_meet()
    event = create_event(meet, capacity=10)
    first = make_registration(meet, [event], phone="+86 138 0013 8000")
    second = make_registration(meet, [event])
    rider = first.participant
    assert (rider.bib, second.participant.bib) == (1, 2)
    assert rider.phone == "13800138000"
    assert rider.token_hash == hash_token(first.token) and first.token not in rider.token_hash
    assert len(rider.checkin_code) == 16 and rider.checkin_code != first.token
    assert rider.consent_at is not None and rider.checked_in_at is None
    assert [(item.event.id, item.status) for item in first.entries] == [(event.id, "registered")]
    assert db.session.get(Meet, meet.id).next_bib == 3


def test_the_registration_is_written_to_the_audit_log(create_meet, create_event, make_registration):
    meet = create_meet()
    done = make_registration(meet, [create_event(meet)])
    log = db.session.scalar(select(AuditLog).where(AuditLog.action == "participant.registered"))
    assert log.object_id == done.participant.id and log.after["bib"] == 1


def test_two_riders_with_the_same_phone_cannot_both_register(
    app, create_meet, create_event, make_registration
):
    meet = create_meet()
    event = create_event(meet)
    make_registration(meet, [event], phone="13800138000", name="张三")
    with pytest.raises(AlreadyRegistered) as caught:
        make_registration(meet, [event], phone="+86 138-0013-8000", name="李四")
    assert caught.value.codes == {"phone": "phone_taken"}
    with app.test_request_context():
        assert "张三" not in str(caught.value.messages())
    assert db.session.scalar(select(func.count()).select_from(Participant)) == 1


def test_the_same_phone_may_register_in_another_meet(create_meet, create_event, make_registration):
    for meet in (create_meet(), create_meet()):
        assert make_registration(meet, [create_event(meet)], phone="13800138000").participant


def test_a_walk_in_at_the_desk_can_be_checked_in_at_once(
    create_meet, create_event, make_registration
):
    meet = create_meet()
    done = make_registration(meet, [create_event(meet)], actor="organizer:desk", check_in=True)
    assert done.participant.checked_in_at is not None


# --- Names and other text ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["王伟", "𠀀𠀁", "龚䶮", "㐂", "阿卜杜热合曼·买买提", "John O'Neil", "  李  娜  ", "张" * 40],
)
def test_real_names_are_accepted_rare_characters_included(
    create_meet, create_event, make_registration, name
):
    meet = create_meet()
    done = make_registration(meet, [create_event(meet)], name=name)
    assert done.participant.name == " ".join(name.split())


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("", "name_required"),
        ("   ", "name_required"),
        ("张" * 41, "too_long"),
        ("张" * 60, "too_long"),
        ("王伟😀", "symbols"),
        ("王伟👍🏻", "symbols"),
        ("❤️李娜", "symbols"),
        ("王伟2", "name_characters"),
        ("=HYPERLINK()", "name_characters"),
        ("王\u202e伟", "name_characters"),
    ],
)
def test_empty_long_emoji_or_odd_names_are_refused(
    create_meet, create_event, make_registration, name, code
):
    meet = create_meet()
    assert _codes(make_registration, meet, [create_event(meet)], name=name)["name"] == code


def test_stations_and_emergency_contacts_are_checked_too(
    create_meet, create_event, make_registration
):
    meet = create_meet()
    event = create_event(meet)
    assert _codes(make_registration, meet, [event], station="于洪站🚴")["station"] == "symbols"
    codes = _codes(make_registration, meet, [event], emergency_contact="x" * 61)
    assert codes["emergency_contact"] == "too_long"


def test_every_wrong_field_is_reported_at_once_and_nothing_is_saved(
    create_meet, create_event, make_registration
):
    meet = create_meet()
    codes = _codes(
        make_registration,
        meet,
        [],
        name="",
        phone="123",
        platform="uber",
        consent=False,
    )
    assert codes == {
        "name": "name_required",
        "phone": "phone_invalid",
        "platform": "platform_required",
        "events": "events_required",
        "consent": "consent_required",
    }
    assert db.session.scalar(select(func.count()).select_from(Participant)) == 0
    assert db.session.get(Meet, meet.id).next_bib == 1


# --- Events and the window -----------------------------------------------------------------------


def test_unknown_events_and_events_of_another_meet_are_refused(
    create_meet, create_event, make_registration
):
    meet, other = create_meet(), create_meet()
    foreign = create_event(other)
    assert _codes(make_registration, meet, [foreign])["events"] == "event_unknown"
    # What a tampered form can send: SQL, a digit int() refuses, a number past an integer column.
    for raw in ("1 OR 1=1", "²", "99999999999", True):
        details = RiderDetails(
            name="王伟", phone="13800138000", platform="jd", event_ids=[raw], consent=True
        )
        with pytest.raises(RegistrationError) as caught:
            register_rider(meet, details)
        assert caught.value.codes["events"] == "event_unknown"


def test_finished_events_take_no_registrations(app, create_meet, create_event, make_registration):
    meet = create_meet()
    event = create_event(meet, status="finished", name="拔河")
    with pytest.raises(RegistrationError) as caught:
        make_registration(meet, [event])
    assert caught.value.codes["events"] == "event_closed"
    with app.test_request_context():
        assert "拔河" in caught.value.messages()["events"]


@pytest.mark.parametrize(
    ("fields", "state"),
    [
        ({"status": "closed"}, "closed"),
        ({"status": "finished"}, "closed"),
        ({"registration_opens_at": utcnow() + timedelta(hours=1)}, "not_open_yet"),
        ({"registration_closes_at": utcnow() - timedelta(minutes=1)}, "closed"),
    ],
)
def test_registration_outside_the_window_is_refused(
    create_meet, create_event, make_registration, fields, state
):
    meet = create_meet(**fields)
    with pytest.raises(RegistrationClosed) as caught:
        make_registration(meet, [create_event(meet)])
    assert caught.value.codes == {"form": state}


def test_registration_inside_the_window_is_open(create_meet):
    meet = create_meet(
        registration_opens_at=utcnow() - timedelta(hours=1),
        registration_closes_at=utcnow() + timedelta(hours=1),
    )
    assert registration_state(meet) == "open"
