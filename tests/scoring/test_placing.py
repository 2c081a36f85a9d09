"""Placing an event's field: measured values with ties and tie-breaks, entries without a place,
group tables with walkovers, several groups, a knockout after the groups, and match outcomes."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import pytest

from meet.scoring.base import MatchScore, MatchSport, MeasuredSport
from meet.scoring.brackets import Match, record_winner, single_elimination
from meet.scoring.placing import (
    PENDING,
    Competitor,
    GroupMatch,
    breaks_ties_with_marks,
    group_places,
    match_outcome,
    place_matches,
    place_measured,
)


class Throws(MeasuredSport):
    """The best throw counts, the next best breaks a tie; shorter wins when rules say so."""

    key = "throws"
    kind = "individual"

    def default_rules(self) -> dict[str, Any]:
        return {"shortest": False}

    def validate_rules(self, rules: Mapping[str, Any]) -> dict[str, Any]:
        return {**self.default_rules(), **rules}

    def validate_marks(self, marks: Mapping[str, Any], rules: dict[str, Any]) -> dict[str, Any]:
        return dict(marks)

    def direction(self, rules: dict[str, Any]) -> str:
        return "lower" if rules["shortest"] else "higher"

    def value(self, marks: dict[str, Any], rules: dict[str, Any]) -> float:
        return max(marks["throws"])

    def tie_break_keys(self, marks: dict[str, Any], rules: dict[str, Any]) -> tuple[Any, ...]:
        return tuple(sorted(marks["throws"], reverse=True)[1:2])

    def display(self, value: float, rules: dict[str, Any], locale: str) -> str:
        return f"{value:g}"


class Plain(Throws):
    """The same without tie-break keys."""

    tie_break_keys = MeasuredSport.tie_break_keys


class Goals(MatchSport):
    key = "goals"

    def default_rules(self) -> dict[str, Any]:
        return {}

    def validate_rules(self, rules: Mapping[str, Any]) -> dict[str, Any]:
        return dict(rules)

    def validate_marks(self, marks: Mapping[str, Any], rules: dict[str, Any]) -> dict[str, Any]:
        return dict(marks)

    def score(self, marks: dict[str, Any], rules: dict[str, Any]) -> MatchScore:
        a, b = marks["goals"]
        return MatchScore(a, b, None if a == b else ("a" if a > b else "b"))


HIGHER: dict[str, Any] = {"shortest": False}


def thrower(entry_id: int, *throws: float, status: str = "ok") -> Competitor:
    if not throws:
        return Competitor(entry_id, status)
    return Competitor(entry_id, status, max(throws), json.dumps({"throws": list(throws)}))


def played(a: int, b: int, goals_a: int, goals_b: int, group: str = "") -> GroupMatch:
    winner = None if goals_a == goals_b else ("a" if goals_a > goals_b else "b")
    return GroupMatch(group, a, b, True, winner, "ok", {"goals": [goals_a, goals_b]})


def ranks(placed) -> list[tuple[int, int | None, str]]:
    return [(p.competitor.entry_id, p.rank, p.status) for p in placed]


def test_equal_values_share_a_place_in_field_order_and_the_next_place_skips() -> None:
    field = [thrower(1, 70), thrower(2, 80), thrower(3, 80)]

    assert ranks(place_measured(Plain(), HIGHER, field)) == [
        (2, 1, "ok"),
        (3, 1, "ok"),
        (1, 3, "ok"),
    ]
    shortest = place_measured(Plain(), {"shortest": True}, field)
    assert ranks(shortest) == [(1, 1, "ok"), (2, 2, "ok"), (3, 2, "ok")]


def test_the_tie_break_keys_separate_equal_values_and_read_only_the_marks_of_ties() -> None:
    unread = Competitor(4, "ok", 9.0, "not JSON: decoding it would fail")
    field = [thrower(1, 8.1, 7.0), thrower(2, 8.1, 7.5, 6.0), unread, thrower(3, 8.1)]

    placed = place_measured(Throws(), HIGHER, field)

    assert ranks(placed) == [(4, 1, "ok"), (2, 2, "ok"), (1, 3, "ok"), (3, 4, "ok")]
    assert [p.value for p in placed] == [9.0, 8.1, 8.1, 8.1]


def test_entries_without_a_place_follow_pending_then_dnf_dq_dns_with_no_value() -> None:
    field = [
        thrower(1, status="DNS"),
        Competitor(2, "DQ", 300.0),
        thrower(3, status="DNF"),
        thrower(4, status=PENDING),
        thrower(5, 30),
    ]

    placed = place_measured(Plain(), HIGHER, field)

    assert ranks(placed) == [
        (5, 1, "ok"),
        (4, None, PENDING),
        (3, None, "DNF"),
        (2, None, "DQ"),
        (1, None, "DNS"),
    ]
    assert [p.value for p in placed] == [30, None, None, None, None]


def test_only_a_sport_with_its_own_tie_break_keys_reads_marks() -> None:
    assert breaks_ties_with_marks(Throws())
    assert not breaks_ties_with_marks(Plain())
    assert not breaks_ties_with_marks(Goals())


def test_a_group_places_the_teams_that_played_and_a_no_show_loses_by_the_smallest_margin() -> None:
    walkover = GroupMatch("", 3, 1, True, "b", "DNS", {"side": "a"})
    unplayed = GroupMatch("", 2, 4, False, None, None, None)
    matches = [played(1, 2, 1, 3), played(2, 3, 0, 0), walkover, unplayed]

    places, points = group_places(Goals(), {}, matches)

    # 2: win and draw (4 pts); 1: a loss and a walkover win (3); 3: a draw and a walkover loss (1).
    assert places == {2: 1, 1: 2, 3: 3}
    assert points == {2: 4.0, 1: 3.0, 3: 1.0}


def test_a_round_robin_places_by_its_table_and_lists_teams_yet_to_play_last() -> None:
    field = [Competitor(n, PENDING) for n in (1, 2, 3, 4)]

    placed = place_matches(Goals(), {}, field, [played(1, 2, 1, 3)])

    assert ranks(placed) == [(2, 1, "ok"), (1, 2, "ok"), (3, None, PENDING), (4, None, PENDING)]
    assert [p.value for p in placed] == [3.0, 0.0, None, None]


def test_the_same_place_in_several_groups_is_shared() -> None:
    field = [Competitor(n, PENDING) for n in (1, 2, 3, 4, 5)]
    matches = [played(1, 2, 2, 0, "A"), played(3, 4, 0, 1, "B"), played(3, 5, 1, 1, "B")]

    placed = place_matches(Goals(), {}, field, matches)

    # Group winners 1 and 4 share first; 2 and 5 (second in their groups) share third; 3 is 5th.
    assert {p.competitor.entry_id: p.rank for p in placed} == {1: 1, 4: 1, 2: 3, 5: 3, 3: 5}


def test_with_a_knockout_the_bracket_places_and_teams_out_in_the_groups_follow() -> None:
    field = [Competitor(n, PENDING) for n in (1, 2, 3, 4, 5, 6)]
    groups = [
        played(1, 2, 1, 0, "A"),
        played(1, 3, 1, 0, "A"),
        played(2, 3, 1, 0, "A"),
        played(4, 5, 1, 0, "B"),
        played(4, 6, 1, 0, "B"),
        played(5, 6, 1, 0, "B"),
    ]
    final = Match("F", 1, 1, 4, winner=4)
    third = Match("3P", 1, 2, 5, third_place=True)

    placed = place_matches(Goals(), {}, field, groups, [final, third])

    assert ranks(placed) == [
        (4, 1, "ok"),
        (1, 2, "ok"),
        (3, 5, "ok"),
        (6, 5, "ok"),
        (2, None, PENDING),
        (5, None, PENDING),
    ]
    assert [p.value for p in placed] == [6.0, 6.0, 0.0, 0.0, 3.0, 3.0]


def test_a_knockout_without_groups_places_by_the_bracket_alone() -> None:
    draw = single_elimination([1, 2, 3, 4])
    record_winner(draw, "R1-1", 1)
    record_winner(draw, "R1-2", 2)
    field = [Competitor(n, PENDING) for n in (1, 2, 3, 4)]

    placed = place_matches(Goals(), {}, field, [], draw)

    assert ranks(placed) == [(3, 3, "ok"), (4, 3, "ok"), (1, None, PENDING), (2, None, PENDING)]


@pytest.mark.parametrize(
    ("marks", "status", "outcome"),
    [
        ({"goals": [2, 1]}, "ok", MatchScore(2, 1, "a")),
        ({"goals": [1, 1]}, "ok", MatchScore(1, 1, None)),
        ({"side": "a"}, "DNS", MatchScore(0, 0, "b")),
        ({"side": "b"}, "DQ", MatchScore(0, 0, "a")),
    ],
)
def test_a_match_result_amounts_to_its_score_or_a_loss_for_the_side_with_a_status(
    marks: dict[str, Any], status: str, outcome: MatchScore
) -> None:
    assert match_outcome(Goals(), {}, marks, status) == outcome
