"""Tug-of-war at the desk: pulls per match; a match typed as the winner of each pull."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from meet.sports.desk import SIDE_SCHEMA, RuleField, SportDesk, list_as_text
from meet.sports.tug_of_war.rules import TugOfWar

DESK = SportDesk(
    sport=TugOfWar(),
    label=_l("Tug-of-war"),
    rule_fields=(RuleField("pulls", _l("Pulls per match (odd: best of)")),),
    marks_from_words=lambda words: {"pulls": [word.lower() for word in words]},
    marks_as_text=lambda marks: list_as_text(marks.get("pulls")),
    marks_hint=_l("Winner of each pull: a or b, e.g. a b a"),
    marks_schema={
        "required": ["pulls"],
        "properties": {"pulls": {"type": "array", "items": SIDE_SCHEMA}},
    },
    marks_messages={
        "bad_side": _l("A pull is won by side a or side b."),
        "pull_after_win": _l("The match was already won; no more pulls."),
        "no_winner": _l("A side needs %(count)s pulls to win the match."),
    },
    kinds=("team",),
    team_sizes=(8, 10),
)
