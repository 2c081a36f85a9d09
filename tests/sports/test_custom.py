"""Custom events: a time, count, points or distance, best of or sum of N attempts."""

from __future__ import annotations

from typing import Any

import pytest

from meet.scoring.base import MarksError, RulesError
from meet.scoring.ranking import RankInput, rank_entries
from meet.sports.registry import get_sport

custom = get_sport("custom")


def rules(**fields: Any) -> dict[str, Any]:
    return custom.validate_rules(fields)


def value(attempts: list[float], event_rules: dict[str, Any]) -> float:
    return custom.value(custom.validate_marks({"attempts": attempts}, event_rules), event_rules)


def test_a_best_of_event_ranks_by_the_best_attempt_in_its_direction() -> None:
    higher = rules(measure="distance", attempts=3)
    lower = rules(measure="distance", attempts=3, direction="lower")
    assert value([12.3, 11.8, 12.55], higher) == 12.55
    assert value([12.3, 11.8, 12.55], lower) == 11.8


def test_a_sum_event_adds_the_attempts_exactly_to_the_measures_precision() -> None:
    assert value([12.3, 11.8], rules(measure="distance", attempts=2, aggregate="sum")) == 24.1
    count = value([3, 4, 5], rules(measure="count", attempts=3, aggregate="sum"))
    assert count == 12 and isinstance(count, int)


def test_a_time_event_ranks_the_shortest_time_first_unless_told_otherwise() -> None:
    assert custom.direction(rules(measure="time")) == "lower"
    assert custom.direction(rules(measure="time", direction="higher")) == "higher"
    assert custom.direction(rules(measure="count")) == "higher"


def test_the_next_best_attempt_breaks_a_tie_on_the_best() -> None:
    event_rules = rules(measure="distance", attempts=3)
    riders = {"steady": [10.0, 9.5, 9.0], "one good throw": [10.0, 8.0], "close": [10.0, 9.5, 8.0]}
    inputs = []
    for rider, attempts in riders.items():
        marks = custom.validate_marks({"attempts": attempts}, event_rules)
        inputs.append(
            RankInput(
                rider,
                custom.value(marks, event_rules),
                tie_break=custom.tie_break_keys(marks, event_rules),
            )
        )
    ranks = rank_entries(inputs, custom.direction(event_rules)).rank_of()
    assert ranks == {"steady": 1, "close": 2, "one good throw": 3}


def test_an_attempt_not_taken_counts_as_the_worst_in_a_lower_is_better_event() -> None:
    event_rules = rules(measure="time", attempts=2)
    one = custom.tie_break_keys({"attempts": [9.5]}, event_rules)
    two = custom.tie_break_keys({"attempts": [9.5, 12.0]}, event_rules)
    assert two < one  # lower is better: the rider with a second time ranks ahead


@pytest.mark.parametrize(
    ("attempts", "code"),
    [([], "wrong_attempt_count"), ([1, 2, 3], "wrong_attempt_count"), ([2.5], "not_whole")],
)
def test_attempts_that_do_not_fit_the_rules_are_rejected(attempts: list, code: str) -> None:
    with pytest.raises(MarksError) as error:
        custom.validate_marks({"attempts": attempts}, rules(measure="count", attempts=2))
    assert error.value.code == code


def test_times_and_distances_are_kept_to_hundredths() -> None:
    marks = custom.validate_marks({"attempts": [12.3456, 9]}, rules(measure="time", attempts=2))
    assert marks == {"attempts": [12.35, 9]}


def test_unknown_choices_in_the_rules_are_reported_by_field() -> None:
    with pytest.raises(RulesError) as error:
        custom.validate_rules({"measure": "speed", "aggregate": "average", "unit": 5})
    assert set(error.value.problems) == {"measure", "aggregate", "unit"}


def test_a_value_displays_with_the_events_unit() -> None:
    event_rules = rules(measure="distance", unit="米")
    assert custom.display(12.5, event_rules, "zh") == "12.50米"
    assert custom.display(12.5, rules(measure="distance"), "en") == "12.50 m"
    assert custom.display(7, rules(measure="count"), "en") == "7"
