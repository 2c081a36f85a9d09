"""An event the organizers make up: a time, count, points or distance per attempt, higher or
lower better, ranked by the best attempt or by the sum of the attempts."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from meet.scoring.base import (
    Direction,
    Marks,
    MarksError,
    MeasuredSport,
    Rules,
    RulesReader,
    is_chinese,
    read_list,
    read_number,
)

MEASURES = ("time", "count", "points", "distance")
DIRECTIONS = ("higher", "lower")
AGGREGATES = ("best", "sum")
# Shown beside the number; counts and points are whole numbers, times and distances to 0.01.
DEFAULT_UNITS = {"time": "s", "count": "", "points": "", "distance": "m"}
DECIMALS = {"time": 2, "count": 0, "points": 0, "distance": 2}


class Custom(MeasuredSport):
    key = "custom"
    kind = "individual"

    def default_rules(self) -> Rules:
        return {
            "measure": "count",
            "unit": "",
            "direction": "higher",
            "attempts": 1,
            "aggregate": "best",
        }

    def validate_rules(self, rules: Mapping[str, Any]) -> Rules:
        reader = RulesReader(rules, self.default_rules())
        measure = reader.choice("measure", MEASURES)
        # A race against the clock is won by the shortest time unless the organizer says otherwise.
        direction = "lower" if measure == "time" else "higher"
        return reader.result(
            measure=measure,
            unit=reader.text("unit", 12, default=DEFAULT_UNITS[measure]),
            direction=reader.choice("direction", DIRECTIONS, default=direction),
            attempts=reader.integer("attempts", 1, 10),
            aggregate=reader.choice("aggregate", AGGREGATES),
        )

    def validate_marks(self, marks: Mapping[str, Any], rules: Rules) -> Marks:
        """Between one and `attempts` attempts (a rider may forgo some), each rounded to the
        measure's precision."""
        attempts = read_list(marks, "attempts")
        if not 1 <= len(attempts) <= rules["attempts"]:
            raise MarksError(
                "wrong_attempt_count",
                f"Expected 1 to {rules['attempts']} attempts.",
                count=rules["attempts"],
            )
        decimals = DECIMALS[rules["measure"]]
        normalised = []
        for attempt in attempts:
            number = read_number(attempt, "An attempt")
            if decimals == 0 and number != int(number):
                raise MarksError("not_whole", "An attempt must be a whole number.")
            normalised.append(round(number, decimals) if decimals else int(number))
        return {"attempts": normalised}

    def direction(self, rules: Rules) -> Direction:
        return rules["direction"]

    def value(self, marks: Marks, rules: Rules) -> float:
        attempts = marks["attempts"]
        if rules["aggregate"] == "sum":
            decimals = DECIMALS[rules["measure"]]
            # Whole numbers add exactly; decimals are added with fsum and brought back to the
            # measure's precision, so that 12.3 + 11.8 ranks level with a single 24.1.
            return round(math.fsum(attempts), decimals) if decimals else sum(attempts)
        return max(attempts) if rules["direction"] == "higher" else min(attempts)

    def tie_break_keys(self, marks: Marks, rules: Rules) -> tuple[Any, ...]:
        """For best-of events the next best attempts decide, as in the field events of athletics;
        an attempt not taken counts as the worst possible one."""
        if rules["aggregate"] == "sum":
            return ()
        higher = rules["direction"] == "higher"
        ordered = sorted(marks["attempts"], reverse=higher)[1:]
        missing = rules["attempts"] - 1 - len(ordered)
        return tuple(ordered) + (-math.inf if higher else math.inf,) * missing

    def display(self, value: float, rules: Rules, locale: str) -> str:
        number = f"{value:.{DECIMALS[rules['measure']]}f}"
        unit = rules["unit"]
        if not unit:
            return number
        return f"{number}{unit}" if is_chinese(locale) else f"{number} {unit}"
