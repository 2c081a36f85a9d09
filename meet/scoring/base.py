"""The interface every sport implements, the errors it raises for bad rules or marks, and the
small readers that validate rules and marks the same way in every sport."""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

Marks = dict[str, Any]
Rules = dict[str, Any]
Direction = Literal["higher", "lower"]
Kind = Literal["individual", "team", "match"]
Side = Literal["a", "b"]
# A team or entry as the caller identifies it (usually a database id).
Team = Hashable


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a field: a stable code for programs, an English message for people
    (the web layer translates by code) and the limits it names as data (e.g. low and high), so
    a translation never has to read numbers back out of the English."""

    code: str
    message: str
    params: Mapping[str, Any] = field(default_factory=dict)


class RulesError(ValueError):
    """An event's rules are invalid; `problems` maps each bad field (dotted for nested ones,
    e.g. "points.pot") to what is wrong with it."""

    def __init__(self, problems: Mapping[str, Problem]) -> None:
        self.problems = dict(problems)
        super().__init__("; ".join(f"{field}: {p.message}" for field, p in self.problems.items()))

    @property
    def messages(self) -> dict[str, str]:
        return {field: problem.message for field, problem in self.problems.items()}


class MarksError(ValueError):
    """A result's marks cannot be accepted under the event's rules: a stable code, an English
    message, and the limits the message names as data (for the sport's translated message)."""

    def __init__(self, code: str, message: str, **params: Any) -> None:
        self.code = code
        self.message = message
        self.params = params
        super().__init__(message)


@dataclass(frozen=True, slots=True)
class MatchPoints:
    """Table points for one match result."""

    win: int = 3
    draw: int = 1
    loss: int = 0


@dataclass(frozen=True, slots=True)
class MatchScore:
    """What a match sport's marks amount to: each side's score and the winner (None for a draw)."""

    a: int
    b: int
    winner: Side | None


def is_chinese(locale: str) -> bool:
    # Babel hands over "zh_Hans_CN" and friends; every Chinese variant gets the Chinese format.
    return locale.lower().startswith("zh")


class Sport(ABC):
    """What every sport module provides. Rules passed to the other methods are the ones
    `validate_rules` returned."""

    key: ClassVar[str]
    kind: ClassVar[Kind]

    @abstractmethod
    def default_rules(self) -> Rules: ...

    @abstractmethod
    def validate_rules(self, rules: Mapping[str, Any]) -> Rules:
        """Return the rules with defaults filled in and values normalised; keys the sport does not
        know are kept as they are. Raise RulesError listing every bad field."""

    @abstractmethod
    def validate_marks(self, marks: Mapping[str, Any], rules: Rules) -> Marks:
        """Return the marks normalised for storage, or raise MarksError."""

    def direction(self, rules: Rules) -> Direction:
        """Whether a higher or a lower value ranks first."""
        return "higher"

    @abstractmethod
    def display(self, value: float, rules: Rules, locale: str) -> str:
        """Format a value this sport ranks by, in Chinese ("zh...") or English (anything else)."""


class MeasuredSport(Sport):
    """A sport whose entries each get a value from their own marks and are ranked by it."""

    @abstractmethod
    def value(self, marks: Marks, rules: Rules) -> float:
        """The number to rank by, from validated marks."""

    def tie_break_keys(self, marks: Marks, rules: Rules) -> tuple[Any, ...]:
        """Keys that separate equal values, compared in the sport's direction like the value."""
        return ()


class MatchSport(Sport):
    """A sport played by teams in matches between two sides (a and b); entries are ranked by a
    group table of match points (see match_table) or by the bracket, so `display` formats table
    points."""

    kind = "match"
    points: ClassVar[MatchPoints] = MatchPoints()

    @abstractmethod
    def score(self, marks: Marks, rules: Rules) -> MatchScore:
        """The score and winner of one match, from validated marks."""

    def display(self, value: float, rules: Rules, locale: str) -> str:
        return f"{value:g}分" if is_chinese(locale) else f"{value:g} pts"


class RulesReader:
    """Reads an event's rules field by field, falling back to the sport's defaults and collecting
    every problem, so the organizer sees all mistakes at once."""

    def __init__(self, rules: Mapping[str, Any], defaults: Rules) -> None:
        if not isinstance(rules, Mapping):
            raise RulesError({"rules": Problem("not_an_object", "Rules must be an object.")})
        self._rules = rules
        self._defaults = defaults
        self._problems: dict[str, Problem] = {}

    def _raw(self, path: str, default: Any) -> Any:
        """The value at a dotted path, or the default when it is missing."""
        fallback = default if default is not None else _lookup(self._defaults, path)
        source: Any = self._rules
        parts = path.split(".")
        for depth, part in enumerate(parts):
            if not isinstance(source, Mapping):
                self._problems[".".join(parts[:depth])] = Problem(
                    "not_an_object", "Must be an object."
                )
                return fallback
            if part not in source:
                return fallback
            source = source[part]
        return source

    def integer(self, path: str, low: int, high: int) -> int:
        raw = self._raw(path, None)
        if isinstance(raw, float) and raw.is_integer():
            raw = int(raw)
        if not isinstance(raw, int) or isinstance(raw, bool):
            self._problems[path] = Problem("not_an_integer", "Must be a whole number.")
            return _lookup(self._defaults, path)
        if not low <= raw <= high:
            self._problems[path] = Problem(
                "out_of_range", f"Must be between {low} and {high}.", {"low": low, "high": high}
            )
        return raw

    def choice(self, path: str, options: tuple[str, ...], default: str | None = None) -> str:
        raw = self._raw(path, default)
        if raw not in options:
            self._problems[path] = Problem("not_a_choice", f"Must be one of: {', '.join(options)}.")
            return default if default is not None else _lookup(self._defaults, path)
        return raw

    def text(self, path: str, max_length: int, default: str | None = None) -> str:
        raw = self._raw(path, default)
        if not isinstance(raw, str):
            self._problems[path] = Problem("not_text", "Must be text.")
            return ""
        if len(raw.strip()) > max_length:
            self._problems[path] = Problem(
                "too_long", f"Must be at most {max_length} characters.", {"high": max_length}
            )
        return raw.strip()

    def add_problem(self, path: str, problem: Problem) -> None:
        self._problems[path] = problem

    def result(self, **normalised: Any) -> Rules:
        """The rules with the normalised fields, or RulesError if any field was bad."""
        if self._problems:
            raise RulesError(self._problems)
        return {**self._rules, **normalised}


def _lookup(rules: Mapping[str, Any], path: str) -> Any:
    value: Any = rules
    for part in path.split("."):
        value = value[part]
    return value


def read_list(marks: Mapping[str, Any], field: str) -> list[Any]:
    """The list in `field` of the marks, or MarksError."""
    if not isinstance(marks, Mapping) or field not in marks:
        raise MarksError("missing", f"Marks need a {field!r} list.")
    raw = marks[field]
    if not isinstance(raw, list | tuple):
        raise MarksError("not_a_list", f"{field!r} must be a list.")
    return list(raw)


def read_number(raw: Any, what: str) -> float:
    """A finite, non-negative number (int or float, not bool), or MarksError."""
    if isinstance(raw, bool) or not isinstance(raw, int | float) or not math.isfinite(raw):
        raise MarksError("not_a_number", f"{what} must be a number.")
    if raw < 0:
        raise MarksError("negative", f"{what} cannot be negative.")
    return raw
