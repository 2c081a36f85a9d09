"""Rope skipping (跳绳): the skips a rider counts in a fixed time (one minute by default); the most
skips rank first, and riders level on skips share the place.

Marks: {"count": 152}, a whole number of skips, at most the event's `max_count` (a count no one
reaches in the time: it catches a mistyped extra digit).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from meet.scoring.base import Marks, MarksError, MeasuredSport, Rules, RulesReader, is_chinese


class RopeSkipping(MeasuredSport):
    key = "rope_skipping"
    kind = "individual"

    def default_rules(self) -> Rules:
        return {"seconds": 60, "max_count": 400}

    def validate_rules(self, rules: Mapping[str, Any]) -> Rules:
        reader = RulesReader(rules, self.default_rules())
        return reader.result(
            seconds=reader.integer("seconds", 10, 600),
            max_count=reader.integer("max_count", 1, 5_000),
        )

    def validate_marks(self, marks: Mapping[str, Any], rules: Rules) -> Marks:
        if not isinstance(marks, Mapping) or "count" not in marks:
            raise MarksError("missing", "Marks need 'count'.")
        count = marks["count"]
        if isinstance(count, float) and count.is_integer():
            count = int(count)
        if isinstance(count, bool) or not isinstance(count, int):
            raise MarksError("not_whole", "The count must be a whole number.")
        if count < 0:
            raise MarksError("negative", "The count cannot be negative.")
        if count > rules["max_count"]:
            raise MarksError(
                "over_maximum",
                f"The count cannot be more than {rules['max_count']}.",
                count=rules["max_count"],
            )
        return {"count": count}

    def value(self, marks: Marks, rules: Rules) -> int:
        return marks["count"]

    def display(self, value: float, rules: Rules, locale: str) -> str:
        return f"{value:g}次" if is_chinese(locale) else f"{value:g} skips"
