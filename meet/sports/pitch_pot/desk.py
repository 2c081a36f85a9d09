"""Pitch-pot at the desk: rounds, arrows and points per outcome; arrows typed as 入 贯 未."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from meet.sports.desk import RuleField, SportDesk, list_as_text
from meet.sports.pitch_pot.rules import OUTCOMES, PitchPot

# What an organizer may type for an arrow, besides the stored words.
ARROW_WORDS = {"入壶": "pot", "入": "pot", "贯耳": "ear", "贯": "ear", "未中": "miss", "未": "miss"}
OUTCOME_SCHEMA = {"type": "array", "items": {"enum": list(OUTCOMES)}}


def marks_from_words(words: list[str]) -> dict[str, Any]:
    return {"arrows": [ARROW_WORDS.get(word, word.lower()) for word in words]}


DESK = SportDesk(
    sport=PitchPot(),
    label=_l("Pitch-pot"),
    rule_fields=(
        RuleField("rounds", _l("Rounds")),
        RuleField("arrows_per_round", _l("Arrows per round")),
        RuleField("points.pot", _l("Points for an arrow in the pot")),
        RuleField("points.ear", _l("Points for an arrow in an ear")),
        RuleField("points.miss", _l("Points for a miss")),
    ),
    marks_from_words=marks_from_words,
    marks_as_text=lambda marks: list_as_text(marks.get("arrows")),
    marks_hint=_l("Each arrow: 入 (pot), 贯 (ear) or 未 (miss), separated by spaces"),
    marks_schema={
        "required": ["arrows"],
        "properties": {"arrows": OUTCOME_SCHEMA, "shootoff": OUTCOME_SCHEMA},
    },
    marks_messages={
        "wrong_arrow_count": _l("This event needs exactly %(count)s arrows."),
        "unknown_outcome": _l("An arrow lands in the pot, in an ear, or misses."),
    },
)
