"""Tug-of-war (拔河): best of an odd number of pulls, no draws."""

from __future__ import annotations

import pytest

from meet.scoring import get_sport
from meet.scoring.base import MarksError, MatchScore, RulesError

tug_of_war = get_sport("tug_of_war")
BEST_OF_3 = tug_of_war.validate_rules({"pulls": 3})


def test_the_first_side_to_win_most_pulls_wins_the_match() -> None:
    marks = tug_of_war.validate_marks({"pulls": ["a", "b", "a"]}, BEST_OF_3)
    assert tug_of_war.score(marks, BEST_OF_3) == MatchScore(2, 1, "a")
    marks = tug_of_war.validate_marks({"pulls": ["b", "b"]}, BEST_OF_3)
    assert tug_of_war.score(marks, BEST_OF_3) == MatchScore(0, 2, "b")


@pytest.mark.parametrize(
    ("pulls", "code"),
    [
        (["a", "a", "b"], "pull_after_win"),
        (["a", "b"], "no_winner"),
        ([], "no_winner"),
        (["a", "c", "a"], "bad_side"),
    ],
)
def test_pulls_that_do_not_make_a_finished_match_are_rejected(pulls: list[str], code: str) -> None:
    with pytest.raises(MarksError) as error:
        tug_of_war.validate_marks({"pulls": pulls}, BEST_OF_3)
    assert error.value.code == code


def test_an_even_number_of_pulls_is_refused_because_a_match_could_draw() -> None:
    with pytest.raises(RulesError) as error:
        tug_of_war.validate_rules({"pulls": 4})
    assert error.value.problems["pulls"].code == "not_odd"


def test_a_group_table_position_displays_its_match_points() -> None:
    assert tug_of_war.kind == "match"
    assert tug_of_war.display(6, BEST_OF_3, "zh") == "6分"
    assert tug_of_war.display(6, BEST_OF_3, "en") == "6 pts"
