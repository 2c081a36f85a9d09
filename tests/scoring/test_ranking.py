"""Standard competition ranking (1, 2, 2, 4), unranked statuses, its properties, and places shared
across groups."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from meet.scoring.ranking import RankInput, rank_entries, shared_by_position

STATUSES = ["ok", "ok", "ok", "registered", "DNS", "DNF", "DQ", "waitlisted", "withdrawn"]


def entry(name: str, value: float | None, status: str = "ok", tie_break: tuple = ()) -> RankInput:
    return RankInput(entry=name, value=value, status=status, tie_break=tie_break)


def listing(entries: list[RankInput], direction: str = "higher") -> list[tuple]:
    return [(rank, e.entry) for rank, e in rank_entries(entries, direction)]  # type: ignore[arg-type]


def test_equal_values_share_a_rank_and_the_next_rank_skips() -> None:
    entries = [entry("c", 9), entry("a", 10), entry("b", 9), entry("d", 8)]
    assert listing(entries) == [(1, "a"), (2, "c"), (2, "b"), (4, "d")]


def test_lower_is_better_ranks_the_smallest_value_first() -> None:
    entries = [entry("slow", 12.5), entry("fast", 11.2), entry("fast too", 11.2)]
    assert listing(entries, "lower") == [(1, "fast"), (1, "fast too"), (3, "slow")]


def test_tie_break_keys_separate_equal_values_in_the_same_direction() -> None:
    entries = [entry("a", 10, tie_break=(1,)), entry("b", 10, tie_break=(3,)), entry("c", 11)]
    assert listing(entries) == [(1, "c"), (2, "b"), (3, "a")]
    assert listing(entries, "lower") == [(1, "a"), (2, "b"), (3, "c")]


def test_dnf_dq_and_dns_follow_every_ranked_entry_without_a_rank() -> None:
    entries = [
        entry("never started", None, "DNS"),
        entry("disqualified", 99, "DQ"),
        entry("winner", 5),
        entry("gave up", None, "DNF"),
        entry("yet to go", None),
        entry("runner-up", 4),
    ]
    assert listing(entries) == [
        (1, "winner"),
        (2, "runner-up"),
        (None, "yet to go"),
        (None, "gave up"),
        (None, "disqualified"),
        (None, "never started"),
    ]


def test_waitlisted_and_withdrawn_entries_are_never_listed() -> None:
    entries = [entry("in", 3), entry("waiting", 9, "waitlisted"), entry("out", 7, "withdrawn")]
    assert listing(entries) == [(1, "in")]


def test_an_unknown_status_is_an_error_not_a_silent_rank() -> None:
    with pytest.raises(ValueError, match="lost"):
        rank_entries([entry("x", None, "lost")], "higher")


def test_ranking_nothing_gives_an_empty_ranking() -> None:
    ranking = rank_entries([], "higher")
    assert len(ranking) == 0 and list(ranking) == []


entries_strategy = st.lists(
    st.builds(
        RankInput,
        entry=st.integers(),
        value=st.one_of(st.none(), st.integers(0, 6), st.sampled_from([0.5, 1.5, 2.0])),
        status=st.sampled_from(STATUSES),
        tie_break=st.one_of(st.just(()), st.tuples(st.integers(0, 2))),
    ),
    max_size=40,
    unique_by=lambda e: e.entry,
)
directions = st.sampled_from(["higher", "lower"])
PROPERTY = settings(max_examples=200, deadline=None)


@PROPERTY
@given(entries_strategy, directions, st.randoms(use_true_random=False))
def test_ranking_does_not_depend_on_input_order(entries, direction, random) -> None:
    shuffled = list(entries)
    random.shuffle(shuffled)
    first, second = rank_entries(entries, direction), rank_entries(shuffled, direction)
    assert first.rank_of() == second.rank_of()
    assert [rank for rank, _ in first] == [rank for rank, _ in second]


@PROPERTY
@given(entries_strategy, directions)
def test_every_rank_is_one_more_than_the_entries_strictly_ahead(entries, direction) -> None:
    ranked = [e for e in entries if e.status == "ok" and e.value is not None]
    sign = 1 if direction == "higher" else -1

    def ahead(a: RankInput, b: RankInput) -> bool:
        # Tie-breaks only matter between equal values; () < (0,) as with the sort itself.
        return (a.value, a.tie_break) != (b.value, b.tie_break) and (
            sign * a.value > sign * b.value
            or (a.value == b.value and (a.tie_break > b.tie_break) == (sign == 1))
        )

    ranks = rank_entries(entries, direction).rank_of()
    for e in ranked:
        assert ranks[e.entry] == 1 + sum(ahead(other, e) for other in ranked)
    for e in entries:
        if e not in ranked and e.status not in ("waitlisted", "withdrawn"):
            assert ranks[e.entry] is None


@PROPERTY
@given(entries_strategy, directions)
def test_every_listed_entry_appears_exactly_once(entries, direction) -> None:
    listed = [e for e in entries if e.status not in ("waitlisted", "withdrawn")]
    ranking = rank_entries(entries, direction)
    assert sorted(e.entry for e in ranking.entries) == sorted(e.entry for e in listed)
    ranks = [rank for rank, _ in ranking]
    assert ranks == sorted(ranks, key=lambda r: (r is None, r or 0))


def test_the_same_place_in_different_groups_is_shared_and_the_next_place_skips() -> None:
    group_places = {"A1": 1, "B1": 1, "C1": 1, "A2": 2, "B2": 2, "C3": 3}

    assert shared_by_position(group_places) == {
        "A1": 1, "B1": 1, "C1": 1, "A2": 4, "B2": 4, "C3": 6,
    }  # fmt: skip
    assert shared_by_position({}) == {}
