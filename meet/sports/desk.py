"""What every sport tells the people around its rules: its name, the inputs of its rules at the
desk, the event kinds it allows, how marks are typed as one line of text, its messages for bad
marks, the JSON schema of its marks, and where its pad, pad script and paper sheet are.

A sport folder (`meet/sports/<key>/`) holds `rules.py` (pure: no Flask, no database), `desk.py`
(one `DESK = SportDesk(...)`), `pad.html`, `pad.js` and `sheet.html`; `meet/sports/registry.py`
lists the sports. Nothing else in the app names a sport.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from flask_babel import lazy_gettext as _l

from meet.scoring.base import MatchSport, Sport

# Messages every sport may raise through the shared readers in meet/scoring/base.py.
COMMON_MARKS_MESSAGES: dict[str, Any] = {
    "missing": _l("Some marks are missing."),
    "not_a_list": _l("The marks are not in the right form."),
    "not_a_number": _l("Enter a number."),
    "negative": _l("A mark cannot be negative."),
}
SEND = _l("Send")
# Pieces of the marks' JSON schemas.
SIDE_SCHEMA = {"enum": ["a", "b"]}
COUNT_SCHEMA = {"type": "integer", "minimum": 0}


@dataclass(frozen=True, slots=True)
class RuleField:
    """One input of a sport's rules at the desk: the dotted path in the rules and how it is
    asked (a number unless it has choices or is text)."""

    path: str
    label: Any
    choices: tuple[tuple[str, Any], ...] = ()
    text: bool = False

    @property
    def name(self) -> str:
        return "rules_" + self.path.replace(".", "_")


@dataclass(frozen=True)
class SportDesk:
    """A sport as the pages, forms, API description and printed sheets know it."""

    sport: Sport
    label: Any
    rule_fields: tuple[RuleField, ...]
    # What the desk's one-line marks field takes, and the other way round.
    marks_from_words: Callable[[list[str]], dict[str, Any]]
    marks_as_text: Callable[[Mapping[str, Any]], str]
    marks_hint: Any
    marks_schema: Mapping[str, Any]
    # Translated messages per marks error code; %(name)s placeholders come from the error's params.
    marks_messages: Mapping[str, Any] = field(default_factory=dict)
    kinds: tuple[str, ...] = ("individual",)
    # The roster a new team event of this sport suggests (smallest, largest).
    team_sizes: tuple[int, int] | None = None
    send_label: Any = SEND

    @property
    def key(self) -> str:
        return self.sport.key

    @property
    def is_match(self) -> bool:
        return isinstance(self.sport, MatchSport)

    @property
    def schema_name(self) -> str:
        """The name of its marks' schema in the OpenAPI document, e.g. PitchPotMarks."""
        return "".join(part.title() for part in self.key.split("_")) + "Marks"

    @property
    def pad_template(self) -> str:
        return f"sports/{self.key}/pad.html"

    @property
    def sheet_template(self) -> str:
        return f"sports/{self.key}/sheet.html"

    def kind(self, requested: str = "individual") -> str:
        """The event kind for what the organizer asked: the request when the sport allows it,
        otherwise the sport's own."""
        return requested if requested in self.kinds else self.kinds[0]

    def marks_from_text(self, text: str, status: str) -> dict[str, Any]:
        """The marks typed in one line, for the sport's rules to check. For DNS, DNF or DQ in a
        match the line names the side that lost by it."""
        words = split_words(text)
        if status != "ok":
            return {"side": words[0].lower()} if words else {}
        return self.marks_from_words(words)

    def text_of_marks(self, marks: Mapping[str, Any]) -> str:
        """What is recorded, as the one line the desk would type, to start a correction from."""
        if "side" in marks:
            return str(marks["side"])
        return self.marks_as_text(marks)

    def marks_message(self, code: str, params: Mapping[str, Any]) -> str | None:
        """The reader's-language message for a marks error code, or None for an unknown code."""
        template = self.marks_messages.get(code, COMMON_MARKS_MESSAGES.get(code))
        if template is None:
            return None
        try:
            return str(template) % dict(params) if params else str(template)
        except (KeyError, TypeError, ValueError):
            return str(template)


def split_words(text: str) -> list[str]:
    """A typed line as words: spaces and the usual Chinese and Western separators."""
    return [word for word in re.split(r"[\s,，、;；]+", text.strip()) if word]


def number_or_word(word: str) -> Any:
    """A number when the word is one; otherwise the word, for the sport's rules to refuse."""
    try:
        number = float(word)
    except ValueError:
        return word
    return int(number) if number.is_integer() and "." not in word else number


def list_as_text(values: Any) -> str:
    return " ".join(str(value) for value in values or [])

