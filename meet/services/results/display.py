"""How a recorded result reads: the text people see, and the JSON the API shows (with a match's
score and winner)."""

from __future__ import annotations

from typing import Any

from flask_babel import get_locale

from meet.models import Event, Result
from meet.scoring.base import MatchSport
from meet.scoring.placing import match_outcome
from meet.scoring.ranking import OK
from meet.sports.registry import get_sport


def locale_name() -> str:
    """The reader's language, as the sports format values for it."""
    return str(get_locale() or "zh_Hans_CN")


def display_result(event: Event, result: Result | None, locale: str | None = None) -> str:
    """A result as people read it: the sport's format, a match score, or the status."""
    if result is None:
        return ""
    if result.status != OK:
        return result.status
    sport = get_sport(event.sport)
    rules = sport.validate_rules(event.rules)
    if isinstance(sport, MatchSport):
        outcome = sport.score(result.marks, rules)
        return f"{outcome.a} : {outcome.b}"
    if result.value is None:
        return ""
    return sport.display(result.value, rules, locale or locale_name())


def result_json(event: Event, result: Result) -> dict[str, Any]:
    """A result as the API shows it."""
    body: dict[str, Any] = {
        "id": result.id,
        "event": event.id,
        "entry": result.entry_id,
        "match": result.match_id,
        "version": result.version,
        "status": result.status,
        "marks": result.marks,
        "value": result.value,
        "display": display_result(event, result),
        "reason": result.reason,
        "official": event.status == "official",
        "recorded_at": result.created_at.isoformat() + "Z" if result.created_at else None,
    }
    if result.match_id is not None:
        sport = get_sport(event.sport)
        outcome = match_outcome(
            sport, sport.validate_rules(event.rules), result.marks, result.status
        )
        body["score"] = [outcome.a, outcome.b]
        body["winner"] = outcome.winner
    return body
