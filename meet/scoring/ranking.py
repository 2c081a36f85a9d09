"""Standard competition ranking (1, 2, 2, 4) of an event's entries, for any sport: it knows only a
direction, values and tie-break keys, never a sport by name."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from fractions import Fraction
from operator import attrgetter
from typing import Any

from meet.scoring.base import Direction

# Statuses are the CONTRACT's strings: a result's ("ok", "DNS", "DNF", "DQ") or an entry's.
OK = "ok"
# Entries without a rank follow the ranked ones in this order: still to compete, then those who
# started and did not finish or were disqualified, then those who never started.
UNRANKED_ORDER = {OK: 0, "registered": 0, "DNF": 1, "DQ": 2, "DNS": 3}
NEVER_LISTED = frozenset({"waitlisted", "withdrawn"})

_VALUE = attrgetter("value")
_TIE_BREAK = attrgetter("tie_break")
_NOTHING = object()


@dataclass(frozen=True, slots=True)
class RankInput:
    """One entry to rank. `value` is None while the entry has no result; `tie_break` holds the
    sport's tie-break keys, compared in the same direction as the value."""

    entry: Hashable
    value: float | Fraction | None
    status: str = OK
    tie_break: tuple[Any, ...] = ()


@dataclass(frozen=True, slots=True)
class Ranking:
    """Entries in finishing order, and beside each its rank (None for an entry without a result,
    DNF, DQ or DNS). Two lists rather than an object per entry, so that ranking 100,000 results
    costs not much more than sorting them."""

    entries: list[RankInput]
    ranks: list[int | None]

    def __iter__(self) -> Iterator[tuple[int | None, RankInput]]:
        return zip(self.ranks, self.entries, strict=True)

    def __len__(self) -> int:
        return len(self.entries)

    def rank_of(self) -> dict[Hashable, int | None]:
        return {entry.entry: rank for rank, entry in self}


def rank_entries(entries: Iterable[RankInput], direction: Direction) -> Ranking:
    """Rank entries: equal values with equal tie-break keys share a rank and the next rank skips
    (1, 2, 2, 4). Entries tied on everything keep their input order, so the caller decides how
    ties are listed (by bib, by name). Waitlisted and withdrawn entries are left out.

    Sorting, then one pass over the sorted keys. Tie-break keys, when any entry has them, are
    sorted first and the value second, both stably: two passes that each compare like with like
    run about twice as fast as one pass comparing (value, tie-break) tuples, and without
    tie-breaks the single sort on the value lets CPython compare floats directly.
    """
    entries = list(entries)
    ranked = [e for e in entries if e.value is not None and e.status == OK]
    unranked = _unranked(entries) if len(ranked) < len(entries) else []

    higher = direction == "higher"
    # Stable even with reverse=True, which keeps ties in input order.
    with_tie_breaks = any([e.tie_break for e in ranked])
    if with_tie_breaks:
        ranked.sort(key=_TIE_BREAK, reverse=higher)
    ranked.sort(key=_VALUE, reverse=higher)
    # Comprehensions rather than map(): attribute access in bytecode is about twice as fast.
    sorted_keys = (
        [(e.value, e.tie_break) for e in ranked] if with_tie_breaks else [e.value for e in ranked]
    )
    ranks = _competition_ranks(sorted_keys)
    ranks += [None] * len(unranked)
    ranked += unranked
    return Ranking(ranked, ranks)


def shared_by_position(places: Mapping[Hashable, int]) -> dict[Hashable, int]:
    """Places across several groups (or what is left of them): entries with the same place in
    their groups share it, and the next skips, e.g. two group winners 1 and 1, then 3."""
    ranking = rank_entries((RankInput(entry, place) for entry, place in places.items()), "lower")
    return {item.entry: rank for rank, item in ranking if rank is not None}


def _competition_ranks(sorted_keys: list[Any]) -> list[int | None]:
    """Each run of equal keys takes the position of its first key: 1, 2, 2, 4."""
    ranks: list[int | None] = []
    rank = 0
    previous: Any = _NOTHING
    for position, key in enumerate(sorted_keys, 1):
        if key != previous:
            rank, previous = position, key
        ranks.append(rank)
    return ranks


def _unranked(entries: list[RankInput]) -> list[RankInput]:
    """The entries listed without a rank, in the order they are listed."""
    unranked = []
    for entry in entries:
        if (entry.value is not None and entry.status == OK) or entry.status in NEVER_LISTED:
            continue
        if entry.status not in UNRANKED_ORDER:
            raise ValueError(f"unknown status {entry.status!r} for entry {entry.entry!r}")
        unranked.append(entry)
    return sorted(unranked, key=lambda e: UNRANKED_ORDER[e.status])
