"""Teams at registration: a rider starts a team, or joins one by its code or by choosing it; full,
foreign and withdrawn teams are refused; the captain's place passes on when they leave."""

import pytest
from sqlalchemy import func, select

from meet.extensions import db
from meet.models import Entry, Participant, Team
from meet.services.registration.intake import RegistrationError, TeamChoice
from meet.services.registration.queries import rider_entries
from meet.services.registration.waitlist import withdraw_from_event


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
    with pytest.raises(RegistrationError) as caught:
        make_registration(meet, [team_event], teams={team_event.id: TeamChoice("join", code)})
    assert caught.value.codes == {f"team_{team_event.id}": "team_full"}
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
        teams = {team_event.id: choice} if choice is not None else {}
        with pytest.raises(RegistrationError) as caught:
            make_registration(meet, [team_event], teams=teams, **details)
        return caught.value.codes[field]

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
    assert refused(None) == "team_choice_required"


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
    withdraw_from_event(first.participant, entry_id)
    assert db.session.get(Team, team.id).captain_id == mate.participant.id
    assert rider_entries(first.participant) == []
    withdraw_from_event(mate.participant, entry_id)
    assert db.session.get(Entry, entry_id).status == "withdrawn"
    assert rider_entries(waiting.participant)[0].status == "registered"


def test_a_rider_can_enter_an_individual_and_a_team_event_at_once(
    team_event, create_event, make_registration
):
    meet = team_event.meet
    plank = create_event(meet, position=-1)
    done = make_registration(
        meet, [team_event, plank], teams={team_event.id: TeamChoice("create", "A")}
    )
    assert [item.event.id for item in done.entries] == [plank.id, team_event.id]
    assert [item.event.id for item in rider_entries(done.participant)] == [
        plank.id,
        team_event.id,
    ]
