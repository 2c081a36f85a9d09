"""Team standings (团体总分) of a meet: shared places share their points, team events count
double, riders without a station count for nobody, stations still to compete are listed."""

from __future__ import annotations

from meet.services.rankings.standings import team_standings


def test_tied_places_share_their_points_and_level_teams_share_a_rank(
    create_meet, create_event, create_rider, create_entry, record_result_row
):
    meet = create_meet(points_table=[7, 5, 4, 3, 2, 1])
    plank = create_event(meet, sport="plank")
    rider_x = create_rider(meet, station="东站")
    rider_y = create_rider(meet, station="西站")
    rider_z = create_rider(meet, station="南站")
    for rider, seconds in ((rider_x, 100), (rider_y, 100), (rider_z, 50)):
        record_result_row(plank, create_entry(plank, rider), {"seconds": seconds})

    standings = team_standings(meet)

    assert [(s.rank, s.team, s.points, s.gold, s.silver, s.bronze) for s in standings] == [
        (1, "东站", 6.0, 1, 0, 0),
        (1, "西站", 6.0, 1, 0, 0),
        (3, "南站", 4.0, 0, 0, 1),
    ]


def test_team_events_count_double_unless_the_event_says_otherwise(
    create_meet, create_event, create_rider, create_entry, create_team_entry, create_match,
    record_result_row,
):  # fmt: skip
    meet = create_meet(points_table=[10, 6], team_event_multiplier=2)
    tug = create_event(meet, sport="tug_of_war", name="拔河", kind="team", rules={})
    plank = create_event(meet, sport="plank", points_multiplier=3)
    east = create_team_entry(tug, "东站队", station="东站")
    nameless = create_team_entry(tug, "无名队")
    record_result_row(tug, match=create_match(tug, east, nameless), marks={"pulls": ["a", "a"]})
    record_result_row(
        plank, create_entry(plank, create_rider(meet, station="西站")), {"seconds": 9}
    )

    points = {s.team: s.points for s in team_standings(meet)}

    assert points == {"西站": 30.0, "东站": 20.0, "无名队": 12.0}


def test_riders_without_a_station_count_for_no_team_but_still_share_their_place(
    create_meet, create_event, create_rider, create_entry, record_result_row
):
    plank = create_event(create_meet(), sport="plank")
    meet = plank.meet
    loner = create_entry(plank, create_rider(meet, station=""))
    member = create_entry(plank, create_rider(meet, station="东站"))
    record_result_row(plank, loner, {"seconds": 100})
    record_result_row(plank, member, {"seconds": 100})

    standings = team_standings(meet)

    assert [(s.rank, s.team, s.points) for s in standings] == [(1, "东站", 6.0)]


def test_stations_still_to_compete_are_listed_with_no_points(
    create_meet, create_event, create_rider, create_entry, record_result_row
):
    plank = create_event(create_meet(), sport="plank")
    record_result_row(
        plank, create_entry(plank, create_rider(plank.meet, station="东站")), {"seconds": 5}
    )
    create_entry(plank, create_rider(plank.meet, station="西站"))

    standings = team_standings(plank.meet)

    assert [(s.rank, s.team, s.points) for s in standings] == [(1, "东站", 7.0), (2, "西站", 0.0)]
