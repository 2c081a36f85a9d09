"""Plank at the desk: its rules' input, a time typed as seconds or minutes:seconds."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from meet.sports.desk import RuleField, SportDesk, number_or_word
from meet.sports.plank.rules import Plank


def marks_from_words(words: list[str]) -> dict[str, Any]:
    return {"seconds": seconds(words[0]) if words else None}


def seconds(word: str) -> Any:
    """125.4 or 2:05.4 (a Chinese colon too) as seconds; anything else as typed."""
    minutes, colon, rest = word.replace("：", ":").rpartition(":")
    if not colon:
        return number_or_word(word)
    whole, part = number_or_word(minutes), number_or_word(rest)
    if isinstance(whole, int) and isinstance(part, int | float):
        return round(whole * 60 + part, 2)
    return word


DESK = SportDesk(
    sport=Plank(),
    label=_l("Plank"),
    rule_fields=(RuleField("max_seconds", _l("Longest plausible time (seconds)")),),
    marks_from_words=marks_from_words,
    marks_as_text=lambda marks: f"{marks.get('seconds', '')}",
    marks_hint=_l("Seconds, e.g. 125.4 or 2:05.4"),
    marks_schema={"required": ["seconds"], "properties": {"seconds": {"type": "number"}}},
    marks_messages={
        "over_maximum": _l("The time cannot be more than %(seconds)s seconds."),
    },
)
