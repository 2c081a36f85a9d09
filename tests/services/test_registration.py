"""Registration rules: phones, names, events, window, capacity, waitlist, teams, withdrawals."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from meet.extensions import db
from meet.models import AuditLog, Entry, Meet, Participant, Team, utcnow
from meet.services import registration
from meet.services.phones import PhoneError, normalise_phone
from meet.services.registration import (
    AlreadyRegistered,
    RegistrationClosed,
    RegistrationError,
    TeamChoice,
)
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
        details = registration.RiderDetails(
            name="王伟", phone="13800138000", platform="jd", event_ids=[raw], consent=True
        )
        with pytest.raises(RegistrationError) as caught:
            registration.register_rider(meet, details)
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
    assert registration.registration_state(meet) == "open"


# --- Capacity and the waitlist -------------------------------------------------------------------


def test_past_capacity_riders_go_on_the_waitlist_with_their_position(
    create_meet, create_event, make_registration
):
    meet = create_meet()
    event = create_event(meet, capacity=2)
    results = [make_registration(meet, [event]).entries[0] for _ in range(4)]
    assert [(item.status, item.position) for item in results] == [
        ("registered", None),
        ("registered", None),
        ("waitlisted", 1),
        ("waitlisted", 2),
    ]


def test_an_event_without_capacity_never_waitlists(create_meet, create_event, make_registration):
    meet = create_meet()
    event = create_event(meet, capacity=None)
    assert {make_registration(meet, [event]).entries[0].status for _ in range(5)} == {"registered"}


def test_a_rider_withdrawing_promotes_the_first_on_the_waitlist(
    create_meet, create_event, make_registration
):
    meet = create_meet()
    event = create_event(meet, capacity=1)
    first, second, third = (make_registration(meet, [event]) for _ in range(3))
    registration.withdraw_from_event(first.participant, first.entries[0].entry.id)
    statuses = [
        registration.rider_entries(done.participant)[0].status for done in (first, second, third)
    ]
    assert statuses == ["withdrawn", "registered", "waitlisted"]
    assert registration.rider_entries(third.participant)[0].position == 1


def test_a_waitlisted_rider_withdrawing_promotes_nobody(
    create_meet, create_event, make_registration
):
    meet = create_meet()
    event = create_event(meet, capacity=1)
    first, second, third = (make_registration(meet, [event]) for _ in range(3))
    registration.withdraw_from_event(second.participant, second.entries[0].entry.id)
    assert registration.rider_entries(first.participant)[0].status == "registered"
    assert registration.rider_entries(third.participant)[0].position == 1
    assert registration.rider_entries(third.participant)[0].status == "waitlisted"


def test_the_organizer_withdrawing_an_entry_promotes_the_waitlist(
    create_meet, create_event, make_registration
):
    meet = create_meet()
    event = create_event(meet, capacity=1)
    first, second = (make_registration(meet, [event]) for _ in range(2))
    registration.withdraw_entry(first.entries[0].entry, actor="organizer:test")
    assert registration.rider_entries(second.participant)[0].status == "registered"
    with pytest.raises(registration.WithdrawalError):
        registration.withdraw_entry(first.entries[0].entry, actor="organizer:test")


def test_a_rider_cannot_withdraw_someone_elses_entry(create_meet, create_event, make_registration):
    meet = create_meet()
    event = create_event(meet)
    mine, theirs = make_registration(meet, [event]), make_registration(meet, [event])
    with pytest.raises(registration.WithdrawalError):
        registration.withdraw_from_event(mine.participant, theirs.entries[0].entry.id)
    assert registration.rider_entries(theirs.participant)[0].status == "registered"


def test_raising_the_capacity_fills_places_from_the_waitlist(
    create_meet, create_event, make_registration
):
    meet = create_meet()
    event = create_event(meet, capacity=1)
    riders = [make_registration(meet, [event]) for _ in range(4)]
    event.capacity = 3
    db.session.commit()
    assert registration.promote_from_waitlist(event, actor="organizer:test") == 2
    statuses = [registration.rider_entries(done.participant)[0].status for done in riders]
    assert statuses == ["registered", "registered", "registered", "waitlisted"]


# --- Teams ---------------------------------------------------------------------------------------


@pytest.fixture
def team_event(create_meet, create_event):
    meet = create_meet()
    return create_event(
        meet,
        sport="tug_of_war",
        name="拔河",
        kind="team",
        rules={"pulls": 3},
        capacity=2,
        team_size_min=2,
        team_size_max=3,
    )


def test_a_rider_starts_a_team_and_others_join_it_by_code_or_by_choosing_it(
    team_event, make_registration
):
    meet = team_event.meet
    captain = make_registration(
        meet, [team_event], teams={team_event.id: TeamChoice("create", " 于洪铁军 ")}
    )
    team = captain.entries[0].team
    assert (team.name, team.station, team.captain_id) == (
        "于洪铁军",
        "于洪站",
        captain.participant.id,
    )
    assert len(team.join_code) == 6
    by_code = make_registration(
        meet,
        [team_event],
        station="别的站",
        teams={team_event.id: TeamChoice("join", team.join_code.lower())},
    )
    by_choice = make_registration(
        meet,
        [team_event],
        station="于洪 站",
        teams={team_event.id: TeamChoice("pick", str(team.id))},
    )
    assert by_code.entries[0].team.id == by_choice.entries[0].team.id == team.id
    assert by_choice.entries[0].team_members == 3
    # One entry for the team in the event, whatever the number of members.
    assert db.session.scalar(select(func.count()).select_from(Entry)) == 1


def test_a_full_team_takes_nobody_more(team_event, make_registration):
    meet = team_event.meet
    captain = make_registration(
        meet, [team_event], teams={team_event.id: TeamChoice("create", "A")}
    )
    code = captain.entries[0].team.join_code
    for _ in range(2):
        make_registration(meet, [team_event], teams={team_event.id: TeamChoice("join", code)})
    codes = _codes(
        make_registration, meet, [team_event], teams={team_event.id: TeamChoice("join", code)}
    )
    assert codes == {f"team_{team_event.id}": "team_full"}
    assert db.session.scalar(select(func.count()).select_from(Participant)) == 3


def test_team_choices_that_cannot_work_are_refused(team_event, create_event, make_registration):
    meet = team_event.meet
    other_event = create_event(meet, sport="tug_of_war", kind="team", rules={"pulls": 1})
    captain = make_registration(
        meet, [team_event], teams={team_event.id: TeamChoice("create", "A")}
    )
    team = captain.entries[0].team
    field = f"team_{team_event.id}"

    def refused(choice, **details):
        return _codes(
            make_registration, meet, [team_event], teams={team_event.id: choice}, **details
        )[field]

    assert refused(TeamChoice("pick", str(team.id)), station="北陵站") == "team_other_station"
    assert refused(TeamChoice("join", "ZZZZZZ")) == "team_code_unknown"
    assert refused(TeamChoice("join", "AB\x00CD")) == "team_code_unknown"
    assert refused(TeamChoice("pick", "99999999999")) == "team_choice_required"
    assert refused(TeamChoice("create", "A")) == "team_name_taken"
    assert refused(TeamChoice("create", "  ")) == "team_name_required"
    assert refused(TeamChoice("join", "")) == "team_code_required"
    assert refused(TeamChoice("create", "队😀")) == "symbols"
    other_team = (
        make_registration(meet, [other_event], teams={other_event.id: TeamChoice("create", "B")})
        .entries[0]
        .team
    )
    assert refused(TeamChoice("join", other_team.join_code)) == "team_code_unknown"
    assert refused(TeamChoice("pick", str(other_team.id))) == "team_unknown"
    assert _codes(make_registration, meet, [team_event])[field] == "team_choice_required"


def test_past_capacity_a_new_team_is_waitlisted_and_its_members_with_it(
    team_event, make_registration
):
    meet = team_event.meet
    for name in ("A", "B"):
        make_registration(meet, [team_event], teams={team_event.id: TeamChoice("create", name)})
    third = make_registration(meet, [team_event], teams={team_event.id: TeamChoice("create", "C")})
    assert (third.entries[0].status, third.entries[0].position) == ("waitlisted", 1)
    code = third.entries[0].team.join_code
    mate = make_registration(meet, [team_event], teams={team_event.id: TeamChoice("join", code)})
    assert (mate.entries[0].status, mate.entries[0].position) == ("waitlisted", 1)


def test_the_captain_leaving_hands_the_team_on_and_the_last_one_out_withdraws_it(
    team_event, make_registration
):
    meet = team_event.meet
    first = make_registration(meet, [team_event], teams={team_event.id: TeamChoice("create", "A")})
    make_registration(meet, [team_event], teams={team_event.id: TeamChoice("create", "B")})
    waiting = make_registration(
        meet, [team_event], teams={team_event.id: TeamChoice("create", "C")}
    )
    team = first.entries[0].team
    mate = make_registration(
        meet, [team_event], teams={team_event.id: TeamChoice("join", team.join_code)}
    )
    entry_id = first.entries[0].entry.id
    registration.withdraw_from_event(first.participant, entry_id)
    assert db.session.get(Team, team.id).captain_id == mate.participant.id
    assert registration.rider_entries(first.participant) == []
    registration.withdraw_from_event(mate.participant, entry_id)
    assert db.session.get(Entry, entry_id).status == "withdrawn"
    assert registration.rider_entries(waiting.participant)[0].status == "registered"


def test_a_rider_can_enter_an_individual_and_a_team_event_at_once(
    team_event, create_event, make_registration
):
    meet = team_event.meet
    plank = create_event(meet, position=-1)
    done = make_registration(
        meet, [team_event, plank], teams={team_event.id: TeamChoice("create", "A")}
    )
    assert [item.event.id for item in done.entries] == [plank.id, team_event.id]
    assert [item.event.id for item in registration.rider_entries(done.participant)] == [
        plank.id,
        team_event.id,
    ]


def test_a_withdrawal_changes_the_rankings_tag_so_screens_see_it(
    client, create_meet, create_event, make_registration
):
    meet = create_meet()
    event = create_event(meet, capacity=1)
    first, _second = (make_registration(meet, [event]) for _ in range(2))
    url = f"/api/v1/events/{event.id}/rankings"
    before = client.get(url).headers["ETag"]
    registration.withdraw_from_event(first.participant, first.entries[0].entry.id)
    after = client.get(url, headers={"If-None-Match": before})
    assert after.status_code == 200
    assert after.headers["ETag"] != before
