"""Tug-of-war (拔河): a match of best of N pulls (N odd, so never a draw); each pull is won by side
a or side b, and the match ends as soon as one side has won most of the N."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from meet.scoring.base import (
    Marks,
    MarksError,
    MatchScore,
    MatchSport,
    Problem,
    Rules,
    RulesReader,
    read_list,
)


class TugOfWar(MatchSport):
    key = "tug_of_war"

    def default_rules(self) -> Rules:
        return {"pulls": 3}

    def validate_rules(self, rules: Mapping[str, Any]) -> Rules:
        reader = RulesReader(rules, self.default_rules())
        pulls = reader.integer("pulls", 1, 9)
        if pulls % 2 == 0:
            reader.add_problem("pulls", Problem("not_odd", "Must be odd, so a match cannot draw."))
        return reader.result(pulls=pulls)

    def validate_marks(self, marks: Mapping[str, Any], rules: Rules) -> Marks:
        pulls = read_list(marks, "pulls")
        majority = rules["pulls"] // 2 + 1
        won = {"a": 0, "b": 0}
        for number, side in enumerate(pulls, 1):
            if side not in won:
                raise MarksError("bad_side", f"A pull is won by 'a' or 'b', not {side!r}.")
            if max(won.values()) == majority:
                raise MarksError(
                    "pull_after_win", f"Pull {number} comes after the match was already won."
                )
            won[side] += 1
        if max(won.values()) < majority:
            raise MarksError(
                "no_winner", f"A side needs {majority} pulls to win the match.", count=majority
            )
        return {"pulls": pulls}

    def score(self, marks: Marks, rules: Rules) -> MatchScore:
        a, b = marks["pulls"].count("a"), marks["pulls"].count("b")
        return MatchScore(a, b, "a" if a > b else "b")
