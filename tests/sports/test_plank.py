"""Plank (平板支撑): the time held, in tenths of a second, longest first."""

from __future__ import annotations

import pytest

from meet.scoring.base import MarksError, RulesError
from meet.sports.registry import get_sport

plank = get_sport("plank")
RULES = plank.validate_rules({"max_seconds": 600})


def test_the_time_is_kept_in_tenths_cut_rather_than_rounded() -> None:
    assert plank.validate_marks({"seconds": 125.46}, RULES) == {"seconds": 125.4}
    assert plank.validate_marks({"seconds": 90}, RULES) == {"seconds": 90.0}


def test_the_longest_hold_ranks_first() -> None:
    assert plank.direction(RULES) == "higher"
    assert plank.value({"seconds": 125.4}, RULES) == 125.4


@pytest.mark.parametrize(
    ("seconds", "zh", "en"),
    [(125.4, "2分05.4秒", "2:05.4"), (45, "45.0秒", "0:45.0"), (600, "10分00.0秒", "10:00.0")],
)
def test_a_time_displays_in_minutes_seconds_and_tenths(seconds: float, zh: str, en: str) -> None:
    assert plank.display(seconds, RULES, "zh") == zh
    assert plank.display(seconds, RULES, "en") == en


@pytest.mark.parametrize(
    ("seconds", "code"),
    [
        (-0.1, "negative"),
        (600.1, "over_maximum"),
        ("90", "not_a_number"),
        (float("nan"), "not_a_number"),
    ],
)
def test_a_time_below_zero_or_above_the_maximum_is_rejected(seconds: object, code: str) -> None:
    with pytest.raises(MarksError) as error:
        plank.validate_marks({"seconds": seconds}, RULES)
    assert error.value.code == code


def test_the_maximum_time_must_be_a_positive_whole_number_of_seconds() -> None:
    with pytest.raises(RulesError) as error:
        plank.validate_rules({"max_seconds": 0})
    assert set(error.value.problems) == {"max_seconds"}
    with pytest.raises(RulesError):
        plank.validate_rules({"max_seconds": "long"})
