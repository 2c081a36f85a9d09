"""Bowling: ten-pin scoring, the referee's running score sheet, and impossible games."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from meet.scoring import get_sport
from meet.scoring.base import MarksError, RulesError
from meet.scoring.bowling import frame_scores, game_score

bowling = get_sport("bowling")


def score(rolls: list[int], frames: int = 10) -> int:
    rules = bowling.validate_rules({"frames": frames})
    return bowling.value(bowling.validate_marks({"rolls": rolls}, rules), rules)


def rejection(rolls: list[int], frames: int = 10) -> str:
    with pytest.raises(MarksError) as error:
        game_score(rolls, frames)
    return error.value.code


@st.composite
def games(draw: st.DrawFn) -> list[tuple[int, ...]]:
    """A possible finished game of 1 to 10 frames, frame by frame."""
    frames = draw(st.integers(1, 10))
    game: list[tuple[int, ...]] = []
    for number in range(1, frames + 1):
        first = draw(st.integers(0, 10))
        if number < frames:
            game.append((10,) if first == 10 else (first, draw(st.integers(0, 10 - first))))
        elif first == 10:
            second = draw(st.integers(0, 10))
            game.append((10, second, draw(st.integers(0, 10 if second == 10 else 10 - second))))
        else:
            second = draw(st.integers(0, 10 - first))
            bonus = (draw(st.integers(0, 10)),) if first + second == 10 else ()
            game.append((first, second, *bonus))
    return game


def rolls_of(game: list[tuple[int, ...]]) -> list[int]:
    return [roll for frame in game for roll in frame]


def reference_score(rolls: list[int], frames: int) -> int:
    """The textbook algorithm, written independently of the module under test."""
    total, i = 0, 0
    for _ in range(frames):
        if rolls[i] == 10:
            total += 10 + rolls[i + 1] + rolls[i + 2]
            i += 1
        elif rolls[i] + rolls[i + 1] == 10:
            total += 10 + rolls[i + 2]
            i += 2
        else:
            total += rolls[i] + rolls[i + 1]
            i += 2
    return total


def test_perfect_bowling_game_scores_300() -> None:
    assert score([10] * 12) == 300


def test_all_nine_spares_with_a_nine_bonus_score_190() -> None:
    assert score([9, 1] * 10 + [9]) == 190


def test_all_gutters_score_0() -> None:
    assert score([0] * 20) == 0


def test_a_strike_in_frame_ten_earns_two_bonus_balls() -> None:
    assert score([0] * 18 + [10, 7, 2]) == 19
    assert score([0] * 18 + [10, 10, 10]) == 30
    assert rejection([0] * 18 + [10, 7]) == "incomplete_game"


def test_a_spare_in_frame_ten_earns_one_bonus_ball() -> None:
    assert score([0] * 18 + [6, 4, 10]) == 20
    assert rejection([0] * 18 + [6, 4]) == "incomplete_game"


def test_an_open_tenth_frame_earns_no_bonus_ball() -> None:
    assert rejection([0] * 18 + [3, 4, 5]) == "extra_rolls"


def test_a_frame_of_more_than_ten_pins_is_rejected() -> None:
    assert rejection([7, 4] + [0] * 18) == "frame_over_ten"
    assert rejection([0] * 18 + [6, 5]) == "frame_over_ten"


def test_bonus_balls_after_a_tenth_frame_strike_face_the_pins_left_standing() -> None:
    assert rejection([0] * 18 + [10, 7, 4]) == "frame_over_ten"
    assert score([0] * 18 + [10, 7, 3]) == 20


def test_rolls_after_the_game_is_over_are_rejected() -> None:
    assert rejection([10] * 13) == "extra_rolls"


@pytest.mark.parametrize("roll", [-1, 11, 2.5, True, "7"])
def test_a_roll_is_a_whole_number_of_pins_from_0_to_10(roll: object) -> None:
    assert rejection([roll] + [0] * 19) == "bad_roll"  # type: ignore[list-item]


def test_the_score_sheet_keeps_a_total_open_until_its_bonus_balls_are_bowled() -> None:
    sheet = frame_scores([10, 7, 3, 9])
    assert [frame.rolls for frame in sheet] == [(10,), (7, 3), (9,)]
    assert [frame.total for frame in sheet] == [20, 39, None]
    assert [frame.total for frame in frame_scores([10, 10])] == [None, None]


def test_a_short_game_plays_its_last_frame_like_the_tenth() -> None:
    assert score([10] * 5, frames=3) == 90
    assert score([3, 4, 5, 5, 2], frames=2) == 19


def test_the_rules_allow_one_to_ten_frames() -> None:
    assert bowling.validate_rules({}) == {"frames": 10}
    with pytest.raises(RulesError) as error:
        bowling.validate_rules({"frames": 12})
    assert error.value.problems["frames"].code == "out_of_range"


def test_a_game_score_displays_as_points() -> None:
    assert bowling.display(245, {"frames": 10}, "zh") == "245分"
    assert bowling.display(245, {"frames": 10}, "en") == "245"


@settings(max_examples=300, deadline=None)
@given(games())
def test_every_possible_game_scores_as_the_textbook_says_and_never_over_300(
    game: list[tuple[int, ...]],
) -> None:
    total = game_score(rolls_of(game), len(game))
    assert total == reference_score(rolls_of(game), len(game))
    assert 0 <= total <= 30 * len(game) <= 300


@settings(max_examples=200, deadline=None)
@given(games(), st.data())
def test_an_impossible_frame_anywhere_in_a_game_is_rejected(
    game: list[tuple[int, ...]], data: st.DataObject
) -> None:
    number = data.draw(st.integers(0, len(game) - 1))
    first = data.draw(st.integers(1, 9))
    game[number] = (first, data.draw(st.integers(11 - first, 10)))
    with pytest.raises(MarksError) as error:
        game_score(rolls_of(game), len(game))
    assert error.value.code == "frame_over_ten"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, 10), max_size=24))
def test_any_list_of_rolls_is_either_rejected_or_scores_at_most_300(rolls: list[int]) -> None:
    try:
        sheet = frame_scores(rolls)
    except MarksError:
        return
    assert all(frame.total is None or 0 <= frame.total <= 300 for frame in sheet)
    assert all(len(frame.rolls) <= 3 for frame in sheet)
