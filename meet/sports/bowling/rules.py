"""Bowling (保龄球): ten-pin scoring from the pins of each roll, for the standard ten frames or a
shorter game whose last frame plays like the tenth (bonus balls after a strike or a spare)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from meet.scoring.base import (
    Marks,
    MarksError,
    MeasuredSport,
    Rules,
    RulesReader,
    is_chinese,
    read_list,
)

PINS = 10


@dataclass(frozen=True, slots=True)
class FrameScore:
    """One frame of a score sheet: its rolls so far and the running total once it is known
    (None while the frame or its strike or spare bonus is still being bowled)."""

    number: int
    rolls: tuple[int, ...]
    total: int | None


def frame_scores(rolls: Sequence[int], frames: int = 10) -> list[FrameScore]:
    """The score sheet of a game in progress or finished: one FrameScore per frame started.

    Raises MarksError for a roll that is not 0-10 pins, a frame of more than 10 pins, or rolls
    after the game is over.
    """
    for roll in rolls:
        if isinstance(roll, bool) or not isinstance(roll, int) or not 0 <= roll <= PINS:
            raise MarksError("bad_roll", f"A roll is 0 to 10 pins, not {roll!r}.")
    sheet: list[FrameScore] = []
    total: int | None = 0
    start = 0
    for number in range(1, frames + 1):
        if start >= len(rolls):
            break
        if number == frames:
            frame = _last_frame(rolls[start:], number)
            # The last frame's bonus balls belong to it, so its score is just its pins.
            frame_total = sum(frame) if len(frame) == _last_frame_length(frame) else None
        else:
            frame = _frame(rolls[start:], number)
            frame_total = _open_frame_total(rolls, start, frame)
        total = total + frame_total if total is not None and frame_total is not None else None
        sheet.append(FrameScore(number, tuple(frame), total))
        start += len(frame)
    if start < len(rolls):
        raise MarksError("extra_rolls", "There are rolls after the last frame is complete.")
    return sheet


def game_score(rolls: Sequence[int], frames: int = 10) -> int:
    """The score of a finished game; MarksError if the rolls are impossible or the game is not
    finished."""
    sheet = frame_scores(rolls, frames)
    total = sheet[-1].total if len(sheet) == frames else None
    if total is None:
        raise MarksError("incomplete_game", "The game is not finished.")
    return total


def _frame(rolls: Sequence[int], number: int) -> list[int]:
    """The rolls of an ordinary frame: a strike alone, or up to two balls."""
    if rolls[0] == PINS:
        return [PINS]
    frame = list(rolls[:2])
    if sum(frame) > PINS:
        raise MarksError("frame_over_ten", f"Frame {number} knocks down more than 10 pins.")
    return frame


def _last_frame(rolls: Sequence[int], number: int) -> list[int]:
    """The rolls of the last frame: two balls, and a third after a strike or a spare."""
    frame = list(rolls[:3])
    first = frame[0]
    second = frame[1] if len(frame) > 1 else 0
    if first < PINS and first + second > PINS:
        raise MarksError("frame_over_ten", f"Frame {number} knocks down more than 10 pins.")
    if len(frame) == 3:
        if first + second < PINS:
            raise MarksError("extra_rolls", f"Frame {number} earns no bonus ball.")
        # After a strike the second ball faces a full rack only if it was a strike too.
        if first == PINS and second < PINS and second + frame[2] > PINS:
            raise MarksError("frame_over_ten", f"Frame {number} knocks down more than 10 pins.")
    return frame


def _last_frame_length(frame: Sequence[int]) -> int:
    return 3 if len(frame) >= 2 and frame[0] + frame[1] >= PINS else 2


def _open_frame_total(rolls: Sequence[int], start: int, frame: Sequence[int]) -> int | None:
    """An ordinary frame's score with its strike or spare bonus, or None until it is known."""
    if len(frame) == 1 and frame[0] < PINS:
        return None
    bonus_balls = 2 if frame[0] == PINS else 1 if sum(frame) == PINS else 0
    following = rolls[start + len(frame) : start + len(frame) + bonus_balls]
    if len(following) < bonus_balls:
        return None
    return sum(frame) + sum(following)


class Bowling(MeasuredSport):
    key = "bowling"
    kind = "individual"

    def default_rules(self) -> Rules:
        return {"frames": 10}

    def validate_rules(self, rules: Mapping[str, Any]) -> Rules:
        reader = RulesReader(rules, self.default_rules())
        return reader.result(frames=reader.integer("frames", 1, 10))

    def validate_marks(self, marks: Mapping[str, Any], rules: Rules) -> Marks:
        rolls = read_list(marks, "rolls")
        game_score(rolls, rules["frames"])
        return {"rolls": rolls}

    def value(self, marks: Marks, rules: Rules) -> int:
        return game_score(marks["rolls"], rules["frames"])

    def display(self, value: float, rules: Rules, locale: str) -> str:
        return f"{value:g}分" if is_chinese(locale) else f"{value:g}"
