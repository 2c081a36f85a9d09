"""Rope skipping (跳绳): skips counted in a fixed time, the most first, equal counts share."""

from __future__ import annotations

import pytest

from meet.scoring.base import MarksError, RulesError
from meet.scoring.ranking import RankInput, rank_entries
from meet.sports.registry import get_sport, sport_desk

rope = get_sport("rope_skipping")
RULES = rope.validate_rules({})


def test_a_minute_is_the_default_and_the_most_skips_rank_first() -> None:
    assert RULES == {"seconds": 60, "max_count": 400}
    assert rope.kind == "individual"
    assert rope.direction(RULES) == "higher"
    assert rope.value(rope.validate_marks({"count": 152}, RULES), RULES) == 152


def test_riders_level_on_skips_share_the_place() -> None:
    counts = {"a": 150, "b": 162, "c": 150, "d": 98}
    inputs = [
        RankInput(
            entry, rope.value({"count": count}, RULES), tie_break=rope.tie_break_keys({}, RULES)
        )
        for entry, count in counts.items()
    ]
    ranked = rank_entries(inputs, direction=rope.direction(RULES))
    assert [(row.entry, rank) for rank, row in ranked] == [("b", 1), ("a", 2), ("c", 2), ("d", 4)]


def test_a_count_typed_as_a_whole_float_is_kept_as_a_whole_number() -> None:
    assert rope.validate_marks({"count": 120.0}, RULES) == {"count": 120}


@pytest.mark.parametrize(
    ("count", "code"),
    [
        (-1, "negative"),
        (401, "over_maximum"),
        (12.5, "not_whole"),
        ("152", "not_whole"),
        (True, "not_whole"),
        (None, "not_whole"),
    ],
)
def test_a_count_that_cannot_be_true_is_refused(count: object, code: str) -> None:
    with pytest.raises(MarksError) as error:
        rope.validate_marks({"count": count}, RULES)
    assert error.value.code == code


def test_the_count_is_required() -> None:
    with pytest.raises(MarksError) as error:
        rope.validate_marks({}, RULES)
    assert error.value.code == "missing"


def test_the_highest_count_is_named_in_the_message_from_data() -> None:
    with pytest.raises(MarksError) as error:
        rope.validate_marks({"count": 900}, {"seconds": 30, "max_count": 250})
    assert error.value.params == {"count": 250}


@pytest.mark.parametrize(
    ("rules", "field"), [({"seconds": 5}, "seconds"), ({"max_count": 0}, "max_count")]
)
def test_the_time_and_the_highest_count_have_limits(rules: dict, field: str) -> None:
    with pytest.raises(RulesError) as error:
        rope.validate_rules(rules)
    assert set(error.value.problems) == {field}
    assert error.value.problems[field].params.keys() == {"low", "high"}


@pytest.mark.parametrize(
    ("value", "zh", "en"), [(152, "152次", "152 skips"), (0, "0次", "0 skips")]
)
def test_a_count_displays_as_skips(value: int, zh: str, en: str) -> None:
    assert rope.display(value, RULES, "zh") == zh
    assert rope.display(value, RULES, "en") == en


def test_the_desk_types_a_count_on_one_line_and_back() -> None:
    desk = sport_desk("rope_skipping")
    assert desk.marks_from_text(" 152 ", "ok") == {"count": 152}
    assert desk.marks_from_text("", "ok") == {"count": None}
    assert desk.text_of_marks({"count": 152}) == "152"
