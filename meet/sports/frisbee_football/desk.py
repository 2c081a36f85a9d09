"""Frisbee football at the desk: match length and players on the field; a match typed as the
goals of each side, and the decider's winner for a level knockout."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import lazy_gettext as _l

from meet.sports.desk import COUNT_SCHEMA, SIDE_SCHEMA, RuleField, SportDesk, number_or_word
from meet.sports.frisbee_football.rules import FrisbeeFootball


def marks_from_words(words: list[str]) -> dict[str, Any]:
    marks: dict[str, Any] = {"goals": [number_or_word(word) for word in words[:2]]}
    if len(words) > 2:
        marks["decider"] = words[2].lower()
    return marks


def marks_as_text(marks: Mapping[str, Any]) -> str:
    goals = " ".join(str(goal) for goal in marks.get("goals", []))
    return f"{goals} {marks['decider']}" if marks.get("decider") else goals


DESK = SportDesk(
    sport=FrisbeeFootball(),
    label=_l("Frisbee football"),
    rule_fields=(
        RuleField("minutes", _l("Match length (minutes)")),
        RuleField("team_size", _l("Players per side on the field")),
    ),
    marks_from_words=marks_from_words,
    marks_as_text=marks_as_text,
    marks_hint=_l(
        "Goals of side a and side b, e.g. 3 2; for a level knockout add the decider's winner, "
        "a or b"
    ),
    marks_schema={
        "required": ["goals"],
        "properties": {
            "goals": {"type": "array", "items": COUNT_SCHEMA, "minItems": 2, "maxItems": 2},
            "decider": SIDE_SCHEMA,
        },
    },
    marks_messages={
        "wrong_side_count": _l("Goals are two numbers: side a, side b."),
        "bad_goals": _l("Goals are a whole number from 0 to 99."),
        "decider_without_draw": _l("A decider is only for a level score."),
        "bad_side": _l("The decider is won by side a or side b."),
    },
    kinds=("team",),
    team_sizes=(5, 7),
    send_label=_l("Final whistle"),
)
