"""Frisbee football (飞盘足球): goals per side, draws allowed, a decider only for a level score."""

from __future__ import annotations

import pytest

from meet.scoring.base import MarksError, MatchScore
from meet.sports.registry import get_sport

frisbee = get_sport("frisbee_football")
RULES = frisbee.validate_rules({})


def test_the_side_with_more_goals_wins() -> None:
    assert frisbee.score(frisbee.validate_marks({"goals": [3, 2]}, RULES), RULES) == MatchScore(
        3, 2, "a"
    )


def test_a_level_score_is_a_draw_unless_a_decider_was_played() -> None:
    assert frisbee.score({"goals": [1, 1]}, RULES).winner is None
    marks = frisbee.validate_marks({"goals": [1, 1], "decider": "b"}, RULES)
    assert frisbee.score(marks, RULES) == MatchScore(1, 1, "b")


@pytest.mark.parametrize(
    ("marks", "code"),
    [
        ({"goals": [3]}, "wrong_side_count"),
        ({"goals": [3, -1]}, "bad_goals"),
        ({"goals": [1.5, 0]}, "bad_goals"),
        ({"goals": [2, 1], "decider": "a"}, "decider_without_draw"),
        ({"goals": [1, 1], "decider": "c"}, "bad_side"),
    ],
)
def test_impossible_scores_are_rejected(marks: dict, code: str) -> None:
    with pytest.raises(MarksError) as error:
        frisbee.validate_marks(marks, RULES)
    assert error.value.code == code


def test_default_rules_are_twenty_minutes_five_a_side() -> None:
    assert RULES == {"minutes": 20, "team_size": 5}
    assert frisbee.points.win == 3 and frisbee.points.draw == 1 and frisbee.points.loss == 0
