"""Plank (平板支撑): the time a rider holds the position, in tenths of a second, longest first."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_DOWN, Decimal
from typing import Any

from meet.scoring.base import (
    Marks,
    MarksError,
    MeasuredSport,
    Rules,
    RulesReader,
    is_chinese,
    read_number,
)


class Plank(MeasuredSport):
    key = "plank"
    kind = "individual"

    def default_rules(self) -> Rules:
        return {"max_seconds": 1800}

    def validate_rules(self, rules: Mapping[str, Any]) -> Rules:
        reader = RulesReader(rules, self.default_rules())
        return reader.result(max_seconds=reader.integer("max_seconds", 1, 86_400))

    def validate_marks(self, marks: Mapping[str, Any], rules: Rules) -> Marks:
        if not isinstance(marks, Mapping) or "seconds" not in marks:
            raise MarksError("missing", "Marks need 'seconds'.")
        seconds = read_number(marks["seconds"], "The time")
        if seconds > rules["max_seconds"]:
            raise MarksError(
                "over_maximum",
                f"The time cannot be more than {rules['max_seconds']} seconds.",
                seconds=rules["max_seconds"],
            )
        # Stopwatches on tablets report hundredths; the plank is timed in tenths, and cutting
        # (not rounding) never credits a rider with time not held.
        tenths = Decimal(str(seconds)).quantize(Decimal("0.1"), rounding=ROUND_DOWN)
        return {"seconds": float(tenths)}

    def value(self, marks: Marks, rules: Rules) -> float:
        return marks["seconds"]

    def display(self, value: float, rules: Rules, locale: str) -> str:
        minutes, tenths = divmod(round(value * 10), 600)
        whole, tenth = divmod(tenths, 10)
        if is_chinese(locale):
            return f"{minutes}分{whole:02d}.{tenth}秒" if minutes else f"{whole}.{tenth}秒"
        return f"{minutes}:{whole:02d}.{tenth}"
