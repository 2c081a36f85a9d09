"""Pitch-pot (投壶): every arrow lands in the pot (入壶), in an ear (贯耳) or misses; the total of
the event's points per outcome ranks, then more pots, then the shoot-off.

Marks: {"arrows": [...], "shootoff": [...]}. `arrows` holds exactly rounds x arrows_per_round
outcomes in the order thrown. `shootoff` (optional, empty by default) holds the extra arrows thrown
after the regular rounds to separate riders still tied on total and pots: one arrow each per
sudden-death turn, in order. Shoot-off arrows never count towards the total; they are compared
arrow by arrow by their points, and the first difference decides.
"""

from __future__ import annotations

from collections.abc import Mapping
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

OUTCOMES = ("pot", "ear", "miss")


class PitchPot(MeasuredSport):
    key = "pitch_pot"
    kind = "individual"

    def default_rules(self) -> Rules:
        return {"rounds": 2, "arrows_per_round": 4, "points": {"pot": 2, "ear": 1, "miss": 0}}

    def validate_rules(self, rules: Mapping[str, Any]) -> Rules:
        reader = RulesReader(rules, self.default_rules())
        return reader.result(
            rounds=reader.integer("rounds", 1, 20),
            arrows_per_round=reader.integer("arrows_per_round", 1, 20),
            points={outcome: reader.integer(f"points.{outcome}", 0, 100) for outcome in OUTCOMES},
        )

    def validate_marks(self, marks: Mapping[str, Any], rules: Rules) -> Marks:
        arrows = read_list(marks, "arrows")
        expected = rules["rounds"] * rules["arrows_per_round"]
        if len(arrows) != expected:
            raise MarksError(
                "wrong_arrow_count",
                f"Expected {expected} arrows, got {len(arrows)}.",
                count=expected,
            )
        shootoff = read_list(marks, "shootoff") if "shootoff" in marks else []
        for arrow in arrows + shootoff:
            if arrow not in OUTCOMES:
                raise MarksError(
                    "unknown_outcome", f"An arrow is {', '.join(OUTCOMES)}, not {arrow!r}."
                )
        return {"arrows": arrows, "shootoff": shootoff}

    def value(self, marks: Marks, rules: Rules) -> int:
        points = rules["points"]
        return sum(points[arrow] for arrow in marks["arrows"])

    def tie_break_keys(self, marks: Marks, rules: Rules) -> tuple[Any, ...]:
        points = rules["points"]
        shootoff = tuple(points[arrow] for arrow in marks["shootoff"])
        return (marks["arrows"].count("pot"), shootoff)

    def display(self, value: float, rules: Rules, locale: str) -> str:
        return f"{value:g}分" if is_chinese(locale) else f"{value:g} pts"
