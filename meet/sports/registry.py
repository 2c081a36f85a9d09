"""The one list of the meet's sports. A new sport is a folder beside this file and one line here
(docs/adding-a-sport.md); forms, pages, pads, sheets and the API description ask this list."""

from __future__ import annotations

from meet.scoring.base import Sport
from meet.sports.bowling.desk import DESK as BOWLING
from meet.sports.custom.desk import DESK as CUSTOM
from meet.sports.desk import SportDesk
from meet.sports.frisbee_football.desk import DESK as FRISBEE_FOOTBALL
from meet.sports.pitch_pot.desk import DESK as PITCH_POT
from meet.sports.plank.desk import DESK as PLANK
from meet.sports.rope_skipping.desk import DESK as ROPE_SKIPPING
from meet.sports.tug_of_war.desk import DESK as TUG_OF_WAR

# In the order the desk offers them; the last is the organizer's own event.
SPORTS: dict[str, SportDesk] = {
    desk.key: desk
    for desk in (FRISBEE_FOOTBALL, PLANK, TUG_OF_WAR, PITCH_POT, BOWLING, ROPE_SKIPPING, CUSTOM)
}


def sport_desk(key: str) -> SportDesk:
    """The sport for an event's `sport` field as pages and forms know it; KeyError if unknown."""
    try:
        return SPORTS[key]
    except KeyError:
        raise KeyError(f"unknown sport {key!r}") from None


def get_sport(key: str) -> Sport:
    """The pure rules of the sport for an event's `sport` field; KeyError if unknown."""
    return sport_desk(key).sport


def sport_choices() -> list[tuple[str, object]]:
    """(key, translated name) of every sport, in the desk's order: the sport chooser's options."""
    return [(key, desk.label) for key, desk in SPORTS.items()]
