"""Group tables for match sports (frisbee football, tug-of-war round robins): match points, then
score difference, then scores for, then the matches among the teams still level (head-to-head).

A score is whatever the sport counts per side: goals in frisbee football, pulls in tug-of-war.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass

from meet.scoring.base import MatchPoints, Team
from meet.scoring.ranking import RankInput, rank_entries

WIN_3_DRAW_1 = MatchPoints()


@dataclass(frozen=True, slots=True)
class MatchResult:
    """A played match between teams a and b."""

    a: Team
    b: Team
    score_a: int
    score_b: int


@dataclass(frozen=True, slots=True)
class TableRow:
    rank: int
    team: Team
    played: int
    won: int
    drawn: int
    lost: int
    scored: int
    conceded: int
    points: int

    @property
    def difference(self) -> int:
        return self.scored - self.conceded


@dataclass(slots=True)
class _Tally:
    played: int = 0
    won: int = 0
    drawn: int = 0
    lost: int = 0
    scored: int = 0
    conceded: int = 0
    points: int = 0

    def key(self) -> tuple[int, int, int]:
        return (self.points, self.scored - self.conceded, self.scored)


def group_table(
    teams: Sequence[Team], results: Iterable[MatchResult], points: MatchPoints = WIN_3_DRAW_1
) -> list[TableRow]:
    """The table of one group, best first. Teams level on points, difference and scores are
    separated by a table of only their matches against each other; teams level on that too share
    a rank and are listed in the order of `teams`."""
    results = list(results)
    for result in results:
        if result.a == result.b or result.a not in teams or result.b not in teams:
            raise ValueError(f"match {result.a!r} v {result.b!r} is not between two group teams")
    tallies = _tally(teams, results, points)

    level: dict[tuple[int, int, int], list[Team]] = {}
    for team in teams:
        level.setdefault(tallies[team].key(), []).append(team)
    head_to_head: dict[Team, tuple[int, int, int]] = {}
    for tied in level.values():
        if len(tied) > 1:
            among = [r for r in results if r.a in tied and r.b in tied]
            head_to_head.update(
                (t, tally.key()) for t, tally in _tally(tied, among, points).items()
            )

    ranking = rank_entries(
        (
            RankInput(
                entry=team,
                value=tallies[team].points,
                tie_break=tallies[team].key()[1:] + head_to_head.get(team, (0, 0, 0)),
            )
            for team in teams
        ),
        "higher",
    )
    return [
        TableRow(rank, entry.entry, **asdict(tallies[entry.entry]))
        for rank, entry in ranking
        if rank is not None
    ]


def _tally(
    teams: Sequence[Team], results: Iterable[MatchResult], points: MatchPoints
) -> dict[Team, _Tally]:
    tallies = {team: _Tally() for team in teams}
    for result in results:
        for team, scored, conceded in (
            (result.a, result.score_a, result.score_b),
            (result.b, result.score_b, result.score_a),
        ):
            tally = tallies[team]
            tally.played += 1
            tally.scored += scored
            tally.conceded += conceded
            if scored > conceded:
                tally.won += 1
                tally.points += points.win
            elif scored == conceded:
                tally.drawn += 1
                tally.points += points.draw
            else:
                tally.lost += 1
                tally.points += points.loss
    return tallies
