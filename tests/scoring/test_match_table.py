"""Group tables: win 3, draw 1, loss 0; then difference, scores for, then head-to-head."""

from __future__ import annotations

import pytest

from meet.scoring.base import MatchPoints
from meet.scoring.match_table import WIN_3_DRAW_1, MatchResult, group_table


def table(teams: str, *results: tuple[str, str, int, int], points: MatchPoints = WIN_3_DRAW_1):
    rows = group_table(list(teams), [MatchResult(*r) for r in results], points)
    return [(row.rank, row.team, row.points) for row in rows]


def test_a_win_earns_three_a_draw_one_and_a_loss_nothing() -> None:
    rows = group_table(list("ABC"), [MatchResult("A", "B", 2, 0), MatchResult("B", "C", 1, 1)])
    by_team = {row.team: row for row in rows}
    assert [by_team[t].points for t in "ABC"] == [3, 1, 1]
    assert (by_team["B"].won, by_team["B"].drawn, by_team["B"].lost) == (0, 1, 1)
    assert (by_team["B"].scored, by_team["B"].conceded, by_team["B"].difference) == (1, 3, -2)
    assert by_team["A"].played == 1


def test_difference_then_scores_for_separate_teams_level_on_points() -> None:
    assert table(
        "ABCD",
        ("A", "D", 5, 0),  # A: +5
        ("B", "D", 4, 1),  # B: +3, 4 scored
        ("C", "D", 3, 0),  # C: +3, 3 scored
    ) == [(1, "A", 3), (2, "B", 3), (3, "C", 3), (4, "D", 0)]


def test_head_to_head_separates_teams_level_on_points_difference_and_scores() -> None:
    # A and B both end on 6 points, +2, 3 scored; B beat A when they met.
    assert table(
        "ABCD",
        ("A", "C", 2, 0),
        ("B", "D", 2, 0),
        ("B", "A", 1, 0),
        ("A", "D", 1, 0),
        ("C", "B", 1, 0),
    )[:2] == [(1, "B", 6), (2, "A", 6)]


def test_teams_level_on_everything_share_a_rank_in_the_order_given() -> None:
    assert table("ABC", ("A", "B", 1, 1)) == [(1, "A", 1), (1, "B", 1), (3, "C", 0)]


def test_tug_of_war_counts_pulls_as_scores() -> None:
    assert table("XYZ", ("X", "Y", 2, 1), ("Y", "Z", 2, 0), ("Z", "X", 2, 1)) == [
        (1, "Y", 3),
        (2, "X", 3),
        (3, "Z", 3),
    ]


def test_a_meet_can_change_the_points_for_a_win() -> None:
    assert table("AB", ("A", "B", 1, 0), points=MatchPoints(win=2)) == [(1, "A", 2), (2, "B", 0)]


@pytest.mark.parametrize("result", [("A", "Q", 1, 0), ("A", "A", 1, 0)])
def test_a_match_not_between_two_teams_of_the_group_is_refused(result: tuple) -> None:
    with pytest.raises(ValueError, match="not between two group teams"):
        table("AB", result)
