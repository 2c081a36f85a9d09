"""Event rankings and riders' places, read from the stored result versions."""

from __future__ import annotations

from sqlalchemy import select

from meet.extensions import db
from meet.models import Entry, Result
from meet.scoring.match_table import MatchResult, group_table
from meet.scoring.ranking import RankInput, rank_entries
from meet.services.rankings.events import (
    event_ranking,
    is_official,
    meet_is_official,
    rider_places,
)
from meet.services.rankings.standings import team_standings
from meet.sports.registry import get_sport


def _ranks(rows) -> list[tuple[str, int | None, str]]:
    return [(row.name, row.rank, row.status) for row in rows]


def test_each_demo_event_ranks_as_the_scoring_module_ranks_its_current_results(demo_meet):
    for event in demo_meet.events:
        sport = get_sport(event.sport)
        if not hasattr(sport, "value"):
            continue
        entries = db.session.scalars(
            select(Entry)
            .where(Entry.event_id == event.id, Entry.status == "registered")
            .order_by(Entry.id)
        ).all()
        inputs = []
        for entry in entries:
            current = next((r for r in entry.results if r.version == entry.result_version), None)
            if current is None:
                inputs.append(RankInput(entry.id, None, "registered"))
            else:
                keys = sport.tie_break_keys(current.marks, event.rules)
                inputs.append(RankInput(entry.id, current.value, current.status, keys))
        expected = rank_entries(inputs, sport.direction(event.rules)).rank_of()

        rows = event_ranking(event)

        assert {row.entry_id: row.rank for row in rows} == expected
        assert any(row.rank == 1 for row in rows) == any(r == 1 for r in expected.values())


def test_demo_match_events_rank_as_the_group_table_of_their_played_matches(demo_meet):
    for event in demo_meet.events:
        sport = get_sport(event.sport)
        if hasattr(sport, "value"):
            continue
        played = [m for m in event.matches if m.status == "finished"]
        teams = list(dict.fromkeys(side for m in played for side in (m.side_a_id, m.side_b_id)))
        scores = [sport.score(m.results[-1].marks, event.rules) for m in played]
        table = group_table(
            teams,
            [
                MatchResult(m.side_a_id, m.side_b_id, s.a, s.b)
                for m, s in zip(played, scores, strict=True)
            ],
        )

        rows = event_ranking(event)

        assert {row.entry_id: row.rank for row in rows if row.rank} == {
            row.team: row.rank for row in table
        }
        assert len(rows) == len(event.entries)


def test_a_correction_replaces_the_earlier_version_in_the_ranking(
    create_meet, create_event, create_rider, create_entry, record_result_row
):
    plank = create_event(create_meet(), sport="plank")
    first = create_entry(plank, create_rider(plank.meet, name="王伟"))
    second = create_entry(plank, create_rider(plank.meet, name="李娜"))
    record_result_row(plank, first, {"seconds": 100})
    record_result_row(plank, second, {"seconds": 90})
    record_result_row(plank, second, {"seconds": 120})

    rows = event_ranking(plank)

    assert _ranks(rows) == [("李娜", 1, "ok"), ("王伟", 2, "ok")]
    assert rows[0].value == 120
    assert rows[0].display == "2分00.0秒"
    assert event_ranking(plank, "en")[0].display == "2:00.0"


def test_waitlisted_and_withdrawn_entries_are_never_ranked(
    create_meet, create_event, create_rider, create_entry, record_result_row
):
    plank = create_event(create_meet(), sport="plank")
    riders = [create_rider(plank.meet) for _ in range(3)]
    entries = [
        create_entry(plank, riders[0]),
        create_entry(plank, riders[1], status="waitlisted"),
        create_entry(plank, riders[2], status="withdrawn"),
    ]
    for seconds, entry in zip((60, 90, 120), entries, strict=True):
        record_result_row(plank, entry, {"seconds": seconds})

    rows = event_ranking(plank)

    assert [row.entry_id for row in rows] == [entries[0].id]


def test_riders_without_a_place_follow_in_order_pending_dnf_dq_dns(
    create_meet, create_event, create_rider, create_entry, record_result_row
):
    plank = create_event(create_meet(), sport="plank")
    names = ["未出发", "犯规", "未完成", "待赛", "完成"]
    entries = {name: create_entry(plank, create_rider(plank.meet, name=name)) for name in names}
    record_result_row(plank, entries["未出发"], status="DNS")
    record_result_row(plank, entries["犯规"], {"seconds": 300}, status="DQ")
    record_result_row(plank, entries["未完成"], status="DNF")
    record_result_row(plank, entries["完成"], {"seconds": 30})

    rows = event_ranking(plank)

    assert _ranks(rows) == [
        ("完成", 1, "ok"),
        ("待赛", None, "pending"),
        ("未完成", None, "DNF"),
        ("犯规", None, "DQ"),
        ("未出发", None, "DNS"),
    ]
    assert [row.display for row in rows[1:]] == ["", "", "", ""]


def test_equal_results_share_a_place_and_list_by_bib(
    create_meet, create_event, create_rider, create_entry, record_result_row
):
    plank = create_event(create_meet(), sport="plank")
    late = create_entry(plank, create_rider(plank.meet, bib=9, name="九号"))
    early = create_entry(plank, create_rider(plank.meet, bib=2, name="二号"))
    last = create_entry(plank, create_rider(plank.meet, bib=5, name="五号"))
    record_result_row(plank, late, {"seconds": 80})
    record_result_row(plank, early, {"seconds": 80})
    record_result_row(plank, last, {"seconds": 70})

    assert _ranks(event_ranking(plank)) == [
        ("二号", 1, "ok"),
        ("九号", 1, "ok"),
        ("五号", 3, "ok"),
    ]


def test_pitch_pot_ties_are_broken_by_more_pots(
    create_meet, create_event, create_rider, create_entry, record_result_row
):
    event = create_event(
        create_meet(),
        sport="pitch_pot",
        name="投壶",
        rules={"rounds": 1, "arrows_per_round": 4, "points": {"pot": 2, "ear": 1, "miss": 0}},
    )
    ears = create_entry(event, create_rider(event.meet, name="贯耳"))
    pots = create_entry(event, create_rider(event.meet, name="入壶"))
    record_result_row(event, ears, {"arrows": ["ear", "ear", "pot", "miss"]})
    record_result_row(event, pots, {"arrows": ["pot", "pot", "miss", "miss"]})

    assert _ranks(event_ranking(event)) == [("入壶", 1, "ok"), ("贯耳", 2, "ok")]


def test_a_custom_timed_event_ranks_the_shortest_time_first(
    create_meet, create_event, create_rider, create_entry, record_result_row
):
    event = create_event(
        create_meet(),
        sport="custom",
        name="送餐接力",
        rules={"measure": "time", "unit": "秒", "attempts": 2},
    )
    slow = create_entry(event, create_rider(event.meet, name="慢"))
    fast = create_entry(event, create_rider(event.meet, name="快"))
    record_result_row(event, slow, {"attempts": [14.2, 13.9]})
    record_result_row(event, fast, {"attempts": [12.5]})

    rows = event_ranking(event)

    assert _ranks(rows) == [("快", 1, "ok"), ("慢", 2, "ok")]
    assert rows[0].display == "12.50秒"


def test_equal_best_attempts_are_separated_by_the_next_best(
    create_meet, create_event, create_rider, create_entry, record_result_row
):
    event = create_event(
        create_meet(),
        sport="custom",
        name="实心球",
        rules={"measure": "distance", "unit": "米", "attempts": 3},
    )
    for name, attempts in (
        ("甲", [8.1, 7.0]),
        ("乙", [8.1, 7.5, 6.0]),
        ("丙", [9.0]),
        ("丁", [8.1]),
    ):
        entry = create_entry(event, create_rider(event.meet, name=name))
        record_result_row(event, entry, {"attempts": attempts})

    assert _ranks(event_ranking(event)) == [
        ("丙", 1, "ok"),
        ("乙", 2, "ok"),
        ("甲", 3, "ok"),
        ("丁", 4, "ok"),
    ]


def test_a_round_robin_ranks_by_the_group_table_among_teams_that_played(
    create_meet, create_event, create_team_entry, create_match, record_result_row
):
    event = create_event(
        create_meet(), sport="frisbee_football", name="飞盘足球", kind="team", rules={}
    )
    a, b, c, d = (create_team_entry(event, name, station=f"{name}站") for name in "甲乙丙丁")
    first = create_match(event, a, b)
    create_match(event, c, d)
    record_result_row(event, match=first, marks={"goals": [1, 3]})

    rows = event_ranking(event)

    assert _ranks(rows) == [
        ("乙", 1, "ok"),
        ("甲", 2, "ok"),
        ("丁", None, "pending"),
        ("丙", None, "pending"),
    ]
    assert [row.display for row in rows] == ["3分", "0分", "", ""]
    assert rows[0].team == "乙站" and rows[0].bib is None


def test_a_draw_shares_the_place_in_the_group(
    create_meet, create_event, create_team_entry, create_match, record_result_row
):
    event = create_event(
        create_meet(), sport="frisbee_football", name="飞盘足球", kind="team", rules={}
    )
    a, b = create_team_entry(event, "甲"), create_team_entry(event, "乙")
    record_result_row(event, match=create_match(event, a, b), marks={"goals": [2, 2]})

    assert [row.rank for row in event_ranking(event)] == [1, 1]


def test_a_side_that_does_not_start_loses_its_group_match(
    create_meet, create_event, create_team_entry, create_match, record_result_row
):
    event = create_event(create_meet(), sport="tug_of_war", name="拔河", kind="team", rules={})
    absent, present = create_team_entry(event, "缺席队"), create_team_entry(event, "到场队")
    match = create_match(event, absent, present)
    record_result_row(event, match=match, status="DNS", winner="b")

    assert _ranks(event_ranking(event)) == [("到场队", 1, "ok"), ("缺席队", 2, "ok")]


def _knockout_of_eight(event, create_team_entry, create_match, third_place: bool):
    teams = [create_team_entry(event, f"队{n}") for n in range(1, 9)]
    quarters = [
        create_match(event, teams[i], teams[7 - i], stage="knockout", round=1, position=i)
        for i in range(4)
    ]
    semis = [
        create_match(event, teams[0], teams[3], stage="knockout", round=2),
        create_match(event, teams[1], teams[2], stage="knockout", round=2, position=1),
    ]
    final = create_match(event, teams[0], teams[1], stage="final", round=3)
    third = (
        create_match(event, teams[3], teams[2], stage="third_place", round=3, position=1)
        if third_place
        else None
    )
    return quarters, semis, final, third


def test_a_knockout_places_the_final_the_third_place_match_and_earlier_losers(
    create_meet, create_event, create_team_entry, create_match, record_result_row
):
    event = create_event(create_meet(), sport="tug_of_war", name="拔河", kind="team", rules={})
    quarters, semis, final, third = _knockout_of_eight(
        event, create_team_entry, create_match, third_place=True
    )
    for match in quarters + semis:
        record_result_row(event, match=match, marks={"pulls": ["a", "a"]})

    before_final = {row.name: row.rank for row in event_ranking(event)}
    record_result_row(event, match=final, marks={"pulls": ["b", "a", "b"]})
    record_result_row(event, match=third, marks={"pulls": ["a", "b", "a"]})
    after = {row.name: row.rank for row in event_ranking(event)}

    assert before_final == {
        "队1": None, "队2": None, "队3": None, "队4": None,
        "队5": 5, "队6": 5, "队7": 5, "队8": 5,
    }  # fmt: skip
    assert after == {
        "队2": 1, "队1": 2, "队4": 3, "队3": 4,
        "队5": 5, "队6": 5, "队7": 5, "队8": 5,
    }  # fmt: skip


def test_without_a_third_place_match_both_semi_final_losers_share_third(
    create_meet, create_event, create_team_entry, create_match, record_result_row
):
    event = create_event(create_meet(), sport="tug_of_war", name="拔河", kind="team", rules={})
    quarters, semis, final, _ = _knockout_of_eight(
        event, create_team_entry, create_match, third_place=False
    )
    for match in quarters + semis + [final]:
        record_result_row(event, match=match, marks={"pulls": ["a", "a"]})

    rows = event_ranking(event)

    assert [(row.name, row.rank) for row in rows[:4]] == [
        ("队1", 1),
        ("队2", 2),
        ("队3", 3),
        ("队4", 3),
    ]


def test_teams_out_in_the_groups_follow_the_knockout_by_group_place(
    create_meet, create_event, create_team_entry, create_match, record_result_row
):
    event = create_event(create_meet(), sport="tug_of_war", name="拔河", kind="team", rules={})
    a1, a2, b1, b2 = (create_team_entry(event, name) for name in ("A1", "A2", "B1", "B2"))
    a3, b3 = create_team_entry(event, "A3"), create_team_entry(event, "B3")
    for group, (first, second, third) in (("A", (a1, a2, a3)), ("B", (b1, b2, b3))):
        for winner, loser in ((first, second), (first, third), (second, third)):
            match = create_match(event, winner, loser, group_label=group)
            record_result_row(event, match=match, marks={"pulls": ["a", "a"]})
    final = create_match(event, a1, b1, stage="final", round=2)
    create_match(event, a2, b2, stage="third_place", round=2)
    record_result_row(event, match=final, marks={"pulls": ["b", "b"]})

    ranks = {row.name: row.rank for row in event_ranking(event)}

    assert ranks == {"B1": 1, "A1": 2, "A2": None, "B2": None, "A3": 5, "B3": 5}


def test_a_rider_sees_their_places_alone_and_with_their_team(
    create_meet, create_event, create_rider, create_entry, create_team_entry, create_match,
    record_result_row,
):  # fmt: skip
    meet = create_meet()
    plank = create_event(meet, sport="plank", position=1)
    tug = create_event(meet, sport="tug_of_war", name="拔河", kind="team", rules={}, position=2)
    other_plank = create_event(meet, sport="plank", name="另一平板", position=3)
    rider, rival = create_rider(meet, name="王伟"), create_rider(meet)
    record_result_row(plank, create_entry(plank, rider), {"seconds": 60})
    record_result_row(plank, create_entry(plank, rival), {"seconds": 61})
    create_entry(other_plank, rider, status="withdrawn")
    ours = create_team_entry(tug, "我们队", riders=[rider])
    theirs = create_team_entry(tug, "他们队", riders=[rival])
    record_result_row(tug, match=create_match(tug, ours, theirs), marks={"pulls": ["a", "a"]})

    places = rider_places(rider)

    assert [(event.name, row.name, row.rank) for event, row in places] == [
        ("平板支撑", "王伟", 2),
        ("拔河", "我们队", 1),
    ]


def test_standings_are_official_only_when_every_event_is(create_meet, create_event):
    meet = create_meet()
    first, second = create_event(meet, status="official"), create_event(meet, status="finished")

    assert is_official(first) and not is_official(second)
    assert not meet_is_official(meet)
    second.status = "official"
    assert meet_is_official(meet)


def test_reading_rankings_writes_nothing(demo_meet):
    before = db.session.query(Result).count(), demo_meet.results_version
    for event in demo_meet.events:
        event_ranking(event)
    team_standings(demo_meet)
    for rider in demo_meet.participants[:5]:
        rider_places(rider)

    assert not db.session.dirty and not db.session.new
    assert (db.session.query(Result).count(), demo_meet.results_version) == before
