"""Placing an event's field from its current results: measured sports by value, match sports by
their group tables and, once there is a knockout, by its bracket; and what one match result
amounts to. Plain data in, places out: the services read the rows and show the places.

Words: an entry's *status* is its result's ("ok", "DNS", "DNF", "DQ") or "pending" while it has
none; an entry is *placed* with a rank, or with None while its place is not settled and for DNS,
DNF and DQ.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from meet.scoring import brackets
from meet.scoring.base import MatchScore, MatchSport, MeasuredSport, Rules, Side, Sport
from meet.scoring.match_table import MatchResult, group_table
from meet.scoring.ranking import OK, RankInput, rank_entries, shared_by_position

PENDING = "pending"


@dataclass(slots=True)
class Competitor:
    """An entry as the placing sees it. `marks` is its result's marks as JSON text, decoded only
    when a tie needs them (None when not read)."""

    entry_id: int
    status: str
    value: float | None = None
    marks: str | None = None


# The caller's own entries, which carry what it shows beside the place (Competitor subclasses).
C = TypeVar("C", bound=Competitor)


@dataclass(frozen=True, slots=True)
class Placed(Generic[C]):
    """An entry in finishing order: its rank, the value it ranks by (a match sport's group
    points) and its status ("ok" once placed, else its result's status or "pending")."""

    rank: int | None
    competitor: C
    value: float | None
    status: str


@dataclass(frozen=True, slots=True)
class GroupMatch:
    """A group match with its current result: sides are entry ids (None until drawn), `winner`
    the winning side, `result_status` and `marks` those of the current result (None without
    one)."""

    group: str
    a: int | None
    b: int | None
    finished: bool
    winner: Side | None
    result_status: str | None
    marks: dict[str, Any] | None


def breaks_ties_with_marks(sport: Sport) -> bool:
    """Whether the sport's tie-break keys read the marks: a sport that keeps the default has none,
    and marks are the bulk of what a ranking reads, so they are read only where they count."""
    return (
        isinstance(sport, MeasuredSport)
        and type(sport).tie_break_keys is not MeasuredSport.tie_break_keys
    )


def place_measured(sport: MeasuredSport, rules: Rules, field: Sequence[C]) -> list[Placed[C]]:
    """The field in finishing order by the sport's value, direction and tie-break keys; entries
    tied on everything keep the order of `field`."""
    # Tie-break keys only ever separate equal values, so only the marks of results that share
    # their value with another are read: decoding every result's marks would cost more than the
    # rest of the ranking.
    keys = sport.tie_break_keys if breaks_ties_with_marks(sport) else None
    shared = Counter(c.value for c in field if c.status == OK) if keys else Counter()

    def tie_break(c: C) -> tuple[Any, ...]:
        if keys is None or shared[c.value] < 2:
            return ()
        return keys(json.loads(c.marks) if c.marks else {}, rules)

    inputs = [
        RankInput(index, c.value, OK, tie_break(c))
        if c.status == OK
        else RankInput(index, None, "registered" if c.status == PENDING else c.status)
        for index, c in enumerate(field)
    ]
    placed = []
    for rank, item in rank_entries(inputs, sport.direction(rules)):
        c = field[item.entry]
        placed.append(Placed(rank, c, c.value if c.status == OK else None, c.status))
    return placed


def place_matches(
    sport: MatchSport,
    rules: Rules,
    field: Sequence[C],
    group_matches: Sequence[GroupMatch],
    bracket: Sequence[brackets.Match] = (),
) -> list[Placed[C]]:
    """The field of a match sport in finishing order. With a knockout, by its bracket, teams out
    in the groups following; without one, by the group table (several groups: the same place in
    each group is shared). Placed first; then the unsettled, more group points first, else in the
    order of `field`. Each entry's value is its group points."""
    group_place, points = group_places(sport, rules, group_matches)
    if bracket:
        ranks = brackets.bracket_places(bracket, group_place)
    elif len({m.group for m in group_matches}) > 1:
        ranks = shared_by_position(group_place)
    else:
        ranks = dict(group_place)
    order = {c.entry_id: index for index, c in enumerate(field)}
    placed = [
        Placed(
            ranks.get(c.entry_id),
            c,
            points.get(c.entry_id),
            OK if ranks.get(c.entry_id) is not None else PENDING,
        )
        for c in field
    ]
    placed.sort(
        key=lambda p: (
            p.rank is None,
            p.rank or 0,
            -(p.value if p.value is not None else -1),
            order[p.competitor.entry_id],
        )
    )
    return placed


def group_places(
    sport: MatchSport, rules: Rules, matches: Sequence[GroupMatch]
) -> tuple[dict[int, int], dict[int, float]]:
    """Each team's place in its group and its group points, among the teams that have played."""
    groups: dict[str, list[int]] = {}
    results: dict[str, list[MatchResult]] = {}
    for m in matches:
        if m.a is None or m.b is None or not m.finished or m.result_status is None:
            continue
        if m.result_status == OK:
            score = sport.score(m.marks or {}, rules)
            score_a, score_b = score.a, score.b
        elif m.winner in ("a", "b"):
            # DNS, DNF or DQ of one side: a walkover, won by the smallest margin.
            score_a, score_b = (1, 0) if m.winner == "a" else (0, 1)
        else:
            continue
        # Only teams that have played are placed: a team yet to play has no place to share.
        teams = groups.setdefault(m.group, [])
        teams.extend(side for side in (m.a, m.b) if side not in teams)
        results.setdefault(m.group, []).append(MatchResult(m.a, m.b, score_a, score_b))
    places: dict[int, int] = {}
    points: dict[int, float] = {}
    for group, teams in groups.items():
        for row in group_table(teams, results[group], sport.points):
            places[row.team] = row.rank
            points[row.team] = float(row.points)
    return places, points


def match_outcome(
    sport: MatchSport, rules: Rules, marks: dict[str, Any], status: str
) -> MatchScore:
    """The score and winner a match result amounts to; a DNS, DNF or DQ result names the side
    (marks["side"]) that lost, with no score."""
    if status != OK:
        return MatchScore(0, 0, "b" if marks["side"] == "a" else "a")
    return sport.score(marks, rules)
