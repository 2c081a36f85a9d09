"""Team standings (团体总分): each place in each event earns the team points from the meet's
points table (team events multiplied), tied places share the points of the places they cover,
and teams level on points are separated by more first places, then more second places, and so on.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import pairwise
from typing import Any

from meet.scoring.base import Problem, RulesError, Team
from meet.scoring.ranking import RankInput, rank_entries

DEFAULT_POINTS_TABLE = (7, 5, 4, 3, 2, 1)
DEFAULT_TEAM_MULTIPLIER = 2


@dataclass(frozen=True, slots=True)
class Placing:
    """The rank (from rank_entries; None when unranked) of one entry, and the team it counts for.
    In an individual event every rider of a team who places earns the team points."""

    team: Team
    rank: int | None


@dataclass(frozen=True, slots=True)
class EventPlacings:
    """One event's placings. Points are multiplied by `multiplier` when given, otherwise by the
    meet's team multiplier for a team event and by 1 for an individual one."""

    placings: Sequence[Placing]
    team_event: bool = False
    multiplier: float | None = None


@dataclass(frozen=True, slots=True)
class TeamStanding:
    rank: int
    team: Team
    points: float
    gold: int
    silver: int
    bronze: int
    # How many first, second, third... places the team took: the tie-break, most firsts first.
    places: tuple[int, ...]


def validate_points_table(raw: Any) -> tuple[int, ...]:
    """A meet's points table: 1 to 20 whole numbers from 0 to 100, never rising from one place to
    the next. Raises RulesError on the field "points_table"."""
    if (
        not isinstance(raw, list | tuple)
        or not 1 <= len(raw) <= 20
        or not all(isinstance(p, int) and not isinstance(p, bool) and 0 <= p <= 100 for p in raw)
    ):
        raise RulesError(
            {"points_table": Problem("bad_points", "Give 1 to 20 whole numbers from 0 to 100.")}
        )
    if any(later > earlier for earlier, later in pairwise(raw)):
        raise RulesError(
            {"points_table": Problem("rising_points", "A lower place cannot earn more points.")}
        )
    return tuple(raw)


def place_points(rank: int, tied: int, points_table: Sequence[int]) -> Fraction:
    """The points of each of `tied` entries sharing `rank`: the mean of the points of the places
    they cover, e.g. two tied second share (5 + 4) / 2 each. Places past the table earn 0."""
    covered = points_table[rank - 1 : rank - 1 + tied]
    return Fraction(sum(covered), tied)


def team_standings(
    events: Iterable[EventPlacings],
    points_table: Sequence[int] = DEFAULT_POINTS_TABLE,
    team_multiplier: float = DEFAULT_TEAM_MULTIPLIER,
    teams: Iterable[Team] = (),
) -> list[TeamStanding]:
    """The standings of every team in `teams` or placed in an event, best first; teams level on
    everything share a rank and are listed in the order first seen (`teams` first)."""
    points: dict[Team, Fraction] = dict.fromkeys(teams, Fraction(0))
    places: dict[Team, Counter[int]] = {team: Counter() for team in points}
    for event in events:
        if event.multiplier is not None:
            multiplier = event.multiplier
        else:
            multiplier = team_multiplier if event.team_event else 1
        # str() first, so a multiplier of 1.5 counts as exactly 3/2.
        factor = Fraction(str(multiplier))
        tied = Counter(p.rank for p in event.placings if p.rank is not None)
        for placing in event.placings:
            points.setdefault(placing.team, Fraction(0))
            places.setdefault(placing.team, Counter())
            if placing.rank is not None:
                share = place_points(placing.rank, tied[placing.rank], points_table)
                points[placing.team] += factor * share
                places[placing.team][placing.rank] += 1

    deepest = max((max(counts, default=0) for counts in places.values()), default=0)
    counts = {team: tuple(places[team][p] for p in range(1, deepest + 1)) for team in points}
    ranking = rank_entries(
        (RankInput(entry=team, value=points[team], tie_break=counts[team]) for team in points),
        "higher",
    )
    return [
        TeamStanding(
            rank=rank,
            team=entry.entry,
            points=float(points[entry.entry]),
            gold=places[entry.entry][1],
            silver=places[entry.entry][2],
            bronze=places[entry.entry][3],
            places=counts[entry.entry],
        )
        for rank, entry in ranking
        if rank is not None
    ]
