"""The meet's team standings (团体总分) from every event's places, by meet/scoring's rules.

A rider counts for their station (站点); a team entry for its team's station, or its name when the
team has none. Riders without a station count for nobody, but their places still take points from
the places they cover (a tie with them still shares).
"""

from __future__ import annotations

from dataclasses import dataclass

from meet.models import Meet
from meet.scoring.placing import Placed
from meet.scoring.standings import EventPlacings, Placing
from meet.scoring.standings import team_standings as score_team_standings
from meet.services.rankings.queries import EventEntry, placed_by_event


@dataclass(frozen=True, slots=True)
class StandingRow:
    rank: int
    team: str
    points: float
    gold: int
    silver: int
    bronze: int


def team_standings(meet: Meet) -> list[StandingRow]:
    """The meet's team standings, best first; teams level on points and on places share a rank."""
    return standings_from(meet, placed_by_event(meet.events))


_NOBODY = object()


def standings_from(meet: Meet, placed: dict[int, list[Placed[EventEntry]]]) -> list[StandingRow]:
    """The standings from each event's places (placed_by_event of the meet's events)."""
    placings = [
        EventPlacings(
            [Placing(p.competitor.counts_for or _NOBODY, p.rank) for p in placed[event.id]],
            team_event=event.kind == "team",
            multiplier=event.points_multiplier,
        )
        for event in meet.events
    ]
    standings = score_team_standings(
        placings,
        points_table=meet.points_table or (),
        team_multiplier=meet.team_event_multiplier,
    )
    # Dropping the riders without a station can leave a gap in the ranks: rank again.
    kept = [s for s in standings if s.team is not _NOBODY]
    rows: list[StandingRow] = []
    for position, standing in enumerate(kept, 1):
        previous = kept[position - 2] if position > 1 else None
        level = previous is not None and (previous.points, previous.places) == (
            standing.points,
            standing.places,
        )
        rank = rows[-1].rank if level else position
        rows.append(
            StandingRow(
                rank,
                str(standing.team),
                standing.points,
                standing.gold,
                standing.silver,
                standing.bronze,
            )
        )
    return rows
