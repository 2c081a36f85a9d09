"""Bowling at the desk: the number of frames; a game typed as the pins of each roll."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from meet.sports.bowling.rules import PINS, Bowling
from meet.sports.desk import COUNT_SCHEMA, RuleField, SportDesk, list_as_text, number_or_word

DESK = SportDesk(
    sport=Bowling(),
    label=_l("Bowling"),
    rule_fields=(RuleField("frames", _l("Frames (10 is a standard game)")),),
    marks_from_words=lambda words: {"rolls": [number_or_word(word) for word in words]},
    marks_as_text=lambda marks: list_as_text(marks.get("rolls")),
    marks_hint=_l("Pins of each roll, e.g. 10 7 3 9 0"),
    marks_schema={
        "required": ["rolls"],
        "properties": {"rolls": {"type": "array", "items": {**COUNT_SCHEMA, "maximum": PINS}}},
    },
    marks_messages={
        "bad_roll": _l("A roll knocks down 0 to 10 pins."),
        "frame_over_ten": _l("A frame cannot knock down more than 10 pins."),
        "extra_rolls": _l("There are more rolls than the game allows."),
        "incomplete_game": _l("The game is not finished yet."),
    },
)
