"""Pitch-pot (投壶): totals from the event's points per outcome, then pots, then the shoot-off.
The known totals are in cases/pitch_pot.json, which the pad's script is tested against too."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from meet.scoring.base import MarksError, RulesError
from meet.scoring.ranking import RankInput, rank_entries
from meet.sports.registry import get_sport

pitch_pot = get_sport("pitch_pot")
THROWS = ["pot", "pot", "ear", "miss", "pot", "ear", "ear", "miss"]  # 3 pots, 3 ears, 2 misses
CASES = json.loads((Path(__file__).parent / "cases" / "pitch_pot.json").read_text("utf-8"))


def rules(**overrides: Any) -> dict[str, Any]:
    return pitch_pot.validate_rules({"rounds": 2, "arrows_per_round": 4, **overrides})


def rank(marks_by_rider: dict[str, dict[str, Any]], event_rules: dict[str, Any]) -> dict:
    inputs = []
    for rider, raw in marks_by_rider.items():
        marks = pitch_pot.validate_marks(raw, event_rules)
        inputs.append(
            RankInput(
                entry=rider,
                value=pitch_pot.value(marks, event_rules),
                tie_break=pitch_pot.tie_break_keys(marks, event_rules),
            )
        )
    return rank_entries(inputs, pitch_pot.direction(event_rules)).rank_of()


@pytest.mark.parametrize("case", CASES["totals"], ids=lambda case: case["name"])
def test_the_total_follows_the_events_points_table(case: dict[str, Any]) -> None:
    event_rules = pitch_pot.validate_rules(case["rules"])
    marks = pitch_pot.validate_marks(case["marks"], event_rules)
    assert pitch_pot.value(marks, event_rules) == case["total"]


def test_the_default_table_scores_a_pot_2_an_ear_1_and_a_miss_nothing() -> None:
    assert pitch_pot.validate_rules({})["points"] == {"pot": 2, "ear": 1, "miss": 0}


def test_more_pots_break_a_tie_on_total() -> None:
    event_rules = rules(points={"pot": 2, "ear": 1, "miss": 0})
    ranks = rank(
        {
            "four ears": {"arrows": ["ear"] * 4 + ["miss"] * 4},  # 4 points, no pots
            "two pots": {"arrows": ["pot"] * 2 + ["miss"] * 6},  # 4 points, 2 pots
        },
        event_rules,
    )
    assert ranks == {"two pots": 1, "four ears": 2}


def test_the_shoot_off_decides_when_total_and_pots_are_level() -> None:
    event_rules = rules()
    level = ["pot"] * 2 + ["miss"] * 6
    ranks = rank(
        {
            "out first": {"arrows": level, "shootoff": ["pot", "miss"]},
            "winner": {"arrows": level, "shootoff": ["pot", "pot"]},
            "out in round one": {"arrows": level, "shootoff": ["ear"]},
        },
        event_rules,
    )
    assert ranks == {"winner": 1, "out first": 2, "out in round one": 3}


def test_riders_level_on_total_pots_and_shoot_off_share_the_place() -> None:
    event_rules = rules()
    ranks = rank({"a": {"arrows": THROWS}, "b": {"arrows": THROWS}}, event_rules)
    assert ranks == {"a": 1, "b": 1}


def test_marks_without_a_shoot_off_are_stored_with_an_empty_one() -> None:
    assert pitch_pot.validate_marks({"arrows": THROWS}, rules()) == {
        "arrows": THROWS,
        "shootoff": [],
    }


@pytest.mark.parametrize(
    ("marks", "code"),
    [
        ({"arrows": THROWS[:-1]}, "wrong_arrow_count"),
        ({"arrows": [*THROWS, "pot"]}, "wrong_arrow_count"),
        ({"arrows": [*THROWS[:-1], "hit"]}, "unknown_outcome"),
        ({"arrows": THROWS, "shootoff": ["bullseye"]}, "unknown_outcome"),
        ({"arrows": "pot"}, "not_a_list"),
        ({}, "missing"),
    ],
)
def test_marks_that_do_not_fit_the_rules_are_rejected(marks: dict[str, Any], code: str) -> None:
    with pytest.raises(MarksError) as error:
        pitch_pot.validate_marks(marks, rules())
    assert error.value.code == code


def test_every_bad_rule_is_reported_against_its_own_field() -> None:
    with pytest.raises(RulesError) as error:
        pitch_pot.validate_rules({"rounds": 0, "points": {"pot": -1, "ear": "x"}})
    codes = {field: problem.code for field, problem in error.value.problems.items()}
    assert codes == {
        "rounds": "out_of_range",
        "points.pot": "out_of_range",
        "points.ear": "not_an_integer",
    }
    assert error.value.messages["rounds"] == "Must be between 1 and 20."


def test_points_that_are_not_an_object_are_reported_once() -> None:
    with pytest.raises(RulesError) as error:
        pitch_pot.validate_rules({"points": 5})
    assert {f: p.code for f, p in error.value.problems.items()} == {"points": "not_an_object"}


def test_points_left_out_of_the_rules_keep_their_defaults() -> None:
    assert rules(points={"pot": 3})["points"] == {"pot": 3, "ear": 1, "miss": 0}


def test_a_total_displays_as_points() -> None:
    assert pitch_pot.display(18, rules(), "zh_Hans_CN") == "18分"
    assert pitch_pot.display(18, rules(), "en") == "18 pts"
