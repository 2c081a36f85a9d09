"""Frisbee football (飞盘足球): goals per side; in a group a draw stands (win 3, draw 1, loss 0),
while a knockout match level on goals is settled by a recorded decider.

Marks: {"goals": [a, b]} and, only when the goals are level, an optional {"decider": "a" | "b"}
naming the side that won the sudden-death throw-off; the group table ignores it and counts a draw.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from meet.scoring.base import (
    Marks,
    MarksError,
    MatchScore,
    MatchSport,
    Rules,
    RulesReader,
    read_list,
)


class FrisbeeFootball(MatchSport):
    key = "frisbee_football"

    def default_rules(self) -> Rules:
        return {"minutes": 20, "team_size": 5}

    def validate_rules(self, rules: Mapping[str, Any]) -> Rules:
        reader = RulesReader(rules, self.default_rules())
        return reader.result(
            minutes=reader.integer("minutes", 1, 120),
            team_size=reader.integer("team_size", 2, 20),
        )

    def validate_marks(self, marks: Mapping[str, Any], rules: Rules) -> Marks:
        goals = read_list(marks, "goals")
        if len(goals) != 2:
            raise MarksError("wrong_side_count", "Goals are two numbers: side a, side b.")
        for count in goals:
            if isinstance(count, bool) or not isinstance(count, int) or not 0 <= count <= 99:
                raise MarksError("bad_goals", f"Goals are a whole number 0-99, not {count!r}.")
        decider = marks.get("decider")
        if decider is None:
            return {"goals": goals}
        if goals[0] != goals[1]:
            raise MarksError("decider_without_draw", "A decider is only for a level score.")
        if decider not in ("a", "b"):
            raise MarksError("bad_side", f"The decider is won by 'a' or 'b', not {decider!r}.")
        return {"goals": goals, "decider": decider}

    def score(self, marks: Marks, rules: Rules) -> MatchScore:
        a, b = marks["goals"]
        if a == b:
            return MatchScore(a, b, marks.get("decider"))
        return MatchScore(a, b, "a" if a > b else "b")
