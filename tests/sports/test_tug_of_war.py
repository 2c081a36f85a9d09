"""Tug-of-war (拔河): best of an odd number of pulls, no draws. The known matches are in
cases/tug_of_war.json, which the pad's script is tested against too."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from meet.scoring.base import MarksError, MatchScore, RulesError
from meet.sports.registry import get_sport

tug_of_war = get_sport("tug_of_war")
BEST_OF_3 = tug_of_war.validate_rules({"pulls": 3})
CASES = json.loads((Path(__file__).parent / "cases" / "tug_of_war.json").read_text("utf-8"))


@pytest.mark.parametrize("match", CASES["matches"], ids=lambda match: match["name"])
def test_the_first_side_to_win_most_pulls_wins_the_match(match: dict[str, Any]) -> None:
    rules = tug_of_war.validate_rules(match["rules"])
    marks = tug_of_war.validate_marks({"pulls": match["pulls"]}, rules)
    assert tug_of_war.score(marks, rules) == MatchScore(*match["score"], match["winner"])


@pytest.mark.parametrize("match", CASES["refused"], ids=lambda match: match["name"])
def test_pulls_that_do_not_make_a_finished_match_are_rejected(match: dict[str, Any]) -> None:
    rules = tug_of_war.validate_rules(match["rules"])
    with pytest.raises(MarksError) as error:
        tug_of_war.validate_marks({"pulls": match["pulls"]}, rules)
    assert error.value.code == match["code"]


def test_an_even_number_of_pulls_is_refused_because_a_match_could_draw() -> None:
    with pytest.raises(RulesError) as error:
        tug_of_war.validate_rules({"pulls": 4})
    assert error.value.problems["pulls"].code == "not_odd"


def test_a_group_table_position_displays_its_match_points() -> None:
    assert tug_of_war.kind == "match"
    assert tug_of_war.display(6, BEST_OF_3, "zh") == "6分"
    assert tug_of_war.display(6, BEST_OF_3, "en") == "6 pts"
