"""The rules of the meet's sports, with no web framework and no database: each sport by its
CONTRACT key, plus ranking, match tables, brackets and team standings in the sibling modules."""

from meet.scoring.base import MarksError, RulesError, Sport
from meet.scoring.bowling import Bowling
from meet.scoring.custom import Custom
from meet.scoring.frisbee_football import FrisbeeFootball
from meet.scoring.pitch_pot import PitchPot
from meet.scoring.plank import Plank
from meet.scoring.tug_of_war import TugOfWar

SPORTS: dict[str, Sport] = {
    sport.key: sport
    for sport in (Plank(), PitchPot(), Bowling(), TugOfWar(), FrisbeeFootball(), Custom())
}


def get_sport(key: str) -> Sport:
    """The sport for an event's `sport` field; KeyError for a sport the meet does not know."""
    try:
        return SPORTS[key]
    except KeyError:
        raise KeyError(f"unknown sport {key!r}") from None


__all__ = ["SPORTS", "MarksError", "RulesError", "Sport", "get_sport"]
