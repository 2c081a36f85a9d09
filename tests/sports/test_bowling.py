"""Bowling: ten-pin scoring, the referee's running score sheet, and impossible games. The known
games are in cases/bowling.json, which the pad's script is tested against too (tests/js)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from meet.scoring.base import MarksError, RulesError
from meet.sports.bowling.rules import frame_scores, game_score
from meet.sports.registry import get_sport

bowling = get_sport("bowling")
CASES = json.loads((Path(__file__).parent / "cases" / "bowling.json").read_text("utf-8"))


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


@pytest.mark.parametrize("game", CASES["games"], ids=lambda game: game["name"])
def test_a_known_game_fills_the_score_sheet_frame_by_frame(game: dict[str, Any]) -> None:
    frames = game["rules"]["frames"]
    sheet = frame_scores(game["rolls"], frames)
    assert [list(frame.rolls) for frame in sheet] == game["sheet"]
    assert [frame.total for frame in sheet] == game["totals"]
    if game["score"] is None:
        assert rejection(game["rolls"], frames) == "incomplete_game"
    else:
        assert score(game["rolls"], frames) == game["score"]


@pytest.mark.parametrize("game", CASES["impossible"], ids=lambda game: game["name"])
def test_an_impossible_game_is_rejected(game: dict[str, Any]) -> None:
    assert rejection(game["rolls"], game["rules"]["frames"]) == game["code"]


@pytest.mark.parametrize("roll", [-1, 11, 2.5, True, "7"])
def test_a_roll_is_a_whole_number_of_pins_from_0_to_10(roll: object) -> None:
    assert rejection([roll] + [0] * 19) == "bad_roll"  # type: ignore[list-item]


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
