"""An organizer's own event at the desk: what is measured, its unit, direction, attempts and
how they count; individual or team."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from meet.sports.custom.rules import Custom
from meet.sports.desk import RuleField, SportDesk, list_as_text, number_or_word

MEASURES = (
    ("time", _l("Time")),
    ("count", _l("Count")),
    ("points", _l("Points")),
    ("distance", _l("Distance")),
)
DIRECTIONS = (("higher", _l("Higher is better")), ("lower", _l("Lower is better")))
AGGREGATES = (("best", _l("Best attempt")), ("sum", _l("Sum of the attempts")))

DESK = SportDesk(
    sport=Custom(),
    label=_l("Custom event"),
    rule_fields=(
        RuleField("measure", _l("What is measured"), choices=MEASURES),
        RuleField("unit", _l("Unit shown after the number"), text=True),
        RuleField("direction", _l("Ranking"), choices=DIRECTIONS),
        RuleField("attempts", _l("Attempts per rider")),
        RuleField("aggregate", _l("Counts"), choices=AGGREGATES),
    ),
    marks_from_words=lambda words: {"attempts": [number_or_word(word) for word in words]},
    marks_as_text=lambda marks: list_as_text(marks.get("attempts")),
    marks_hint=_l("The attempts, e.g. 12.3 11.8"),
    marks_schema={
        "required": ["attempts"],
        "properties": {"attempts": {"type": "array", "items": {"type": "number"}}},
    },
    marks_messages={
        "wrong_attempt_count": _l("Enter 1 to %(count)s attempts."),
        "not_whole": _l("An attempt must be a whole number."),
    },
    kinds=("individual", "team"),
    team_sizes=(2, 6),
)
