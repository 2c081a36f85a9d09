"""Rope skipping at the desk: the time and the highest plausible count; a result typed as the
number of skips."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from meet.sports.desk import COUNT_SCHEMA, RuleField, SportDesk, number_or_word
from meet.sports.rope_skipping.rules import RopeSkipping

DESK = SportDesk(
    sport=RopeSkipping(),
    label=_l("Rope skipping"),
    rule_fields=(
        RuleField("seconds", _l("Time to skip (seconds)")),
        RuleField("max_count", _l("Highest plausible count")),
    ),
    marks_from_words=lambda words: {"count": number_or_word(words[0]) if words else None},
    marks_as_text=lambda marks: f"{marks.get('count', '')}",
    marks_hint=_l("Skips counted in the time, e.g. 152"),
    marks_schema={"required": ["count"], "properties": {"count": COUNT_SCHEMA}},
    marks_messages={
        "not_whole": _l("The count is a whole number of skips."),
        "over_maximum": _l("The count cannot be more than %(count)s."),
    },
)
