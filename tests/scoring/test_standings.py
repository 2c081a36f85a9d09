"""Team standings (团体总分): points per place, team events doubled, shared places, medals."""

from __future__ import annotations

import pytest

from meet.scoring.base import RulesError
from meet.scoring.standings import (
    EventPlacings,
    Placing,
    place_points,
    team_standings,
    validate_points_table,
)


def event(*placings: tuple[str, int | None], team_event: bool = False, multiplier=None):
    return EventPlacings(
        [Placing(team, rank) for team, rank in placings],
        team_event=team_event,
        multiplier=multiplier,
    )


def points_of(events, **options) -> dict[str, float]:
    return {row.team: row.points for row in team_standings(events, **options)}


def test_places_earn_seven_five_four_three_two_one_by_default() -> None:
    placings = [(team, rank) for rank, team in enumerate("ABCDEFG", 1)]
    assert points_of([event(*placings)]) == {
        "A": 7, "B": 5, "C": 4, "D": 3, "E": 2, "F": 1, "G": 0,
    }  # fmt: skip


def test_team_events_count_double_unless_the_event_says_otherwise() -> None:
    assert points_of([event(("A", 1), ("B", 2), team_event=True)]) == {"A": 14, "B": 10}
    assert points_of([event(("A", 1), team_event=True, multiplier=3)]) == {"A": 21}
    assert points_of([event(("A", 1), multiplier=1.5)]) == {"A": 10.5}
    assert points_of([event(("A", 1), team_event=True)], team_multiplier=1) == {"A": 7}


def test_tied_places_share_the_points_of_the_places_they_cover() -> None:
    # Two tied second share (5 + 4) / 2; the next entry is fourth.
    assert points_of([event(("A", 1), ("B", 2), ("C", 2), ("D", 4))]) == {
        "A": 7, "B": 4.5, "C": 4.5, "D": 3,
    }  # fmt: skip
    # Three tied fifth cover places 5, 6 and 7: (2 + 1 + 0) / 3 each.
    assert place_points(5, 3, (7, 5, 4, 3, 2, 1)) == 1


def test_every_rider_of_a_team_who_places_earns_points_and_medals() -> None:
    [row] = team_standings([event(("A", 1), ("A", 2), ("A", 3), ("A", None))])
    assert (row.points, row.gold, row.silver, row.bronze) == (16, 1, 1, 1)


def test_medals_follow_ranks_including_shared_ones() -> None:
    rows = {row.team: row for row in team_standings([event(("A", 1), ("B", 1), ("C", 3))])}
    assert (rows["A"].gold, rows["B"].gold, rows["C"].bronze, rows["C"].silver) == (1, 1, 1, 0)


def test_teams_level_on_points_are_separated_by_more_firsts_then_more_seconds() -> None:
    events = [
        event(("firsts", 1), ("seconds", 2)),  # 7 and 5
        event(("seconds", 2), ("firsts", 4)),  # 5 and 3: both on 10
        event(("third", 3), ("other", 5)),
        event(("third", 3), ("other", 6)),
        event(("third", 5)),  # third: 4 + 4 + 2 = 10, no first or second place
    ]
    rows = team_standings(events)
    assert [(row.rank, row.team, row.points) for row in rows][:3] == [
        (1, "firsts", 10),
        (2, "seconds", 10),
        (3, "third", 10),
    ]
    assert rows[0].places[:4] == (1, 0, 0, 1)


def test_teams_level_on_everything_share_a_rank_and_the_next_rank_skips() -> None:
    rows = team_standings([event(("A", 1), ("B", 1), ("C", 3))], teams=["C", "B", "A", "D"])
    assert [(row.rank, row.team) for row in rows] == [(1, "B"), (1, "A"), (3, "C"), (4, "D")]
    assert rows[-1].points == 0


def test_a_meets_points_table_is_whole_numbers_that_never_rise() -> None:
    assert validate_points_table([9, 7, 6, 5, 4, 3, 2, 1]) == (9, 7, 6, 5, 4, 3, 2, 1)
    for bad, code in (([], "bad_points"), ([5, -1], "bad_points"), ([3, 5], "rising_points")):
        with pytest.raises(RulesError) as error:
            validate_points_table(bad)
        assert error.value.problems["points_table"].code == code
