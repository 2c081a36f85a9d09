"""Time rank_entries on 100,000 results against Python's sorted() on the same values, in one run.

Run from the repository root: `python bench/ranking.py`. Target: ranking at most 3x sorted().
"""

from __future__ import annotations

import gc
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from meet.scoring.ranking import RankInput, rank_entries

RESULTS = 100_000
REPEATS = 11
TARGET = 3.0


def best_times(runs: dict[str, Callable[[], object]]) -> dict[str, float]:
    """The fastest of several runs of each, in milliseconds. The runs take turns, so a burst of
    load on the machine slows all of them alike; each starts with a clean heap."""
    timings: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(REPEATS):
        for name, run in runs.items():
            gc.collect()
            start = time.perf_counter()
            run()
            timings[name].append(time.perf_counter() - start)
    return {name: min(times) * 1000 for name, times in timings.items()}


def main() -> int:
    rng = random.Random(2024)
    # Plank-like times in tenths of a second up to 10 minutes: many ties, as at a real meet.
    values = [rng.randrange(6000) / 10 for _ in range(RESULTS)]
    entries = [RankInput(entry=number, value=value) for number, value in enumerate(values)]
    # Pitch-pot-like totals with tie-break keys (pots, shoot-off): the general, slower path.
    with_keys = [
        RankInput(entry=number, value=rng.randrange(40), tie_break=(rng.randrange(9), ()))
        for number in range(RESULTS)
    ]

    ms = best_times(
        {
            "sorted": lambda: sorted(values),
            "ranking": lambda: rank_entries(entries, "higher"),
            "tie_breaks": lambda: rank_entries(with_keys, "higher"),
        }
    )
    ratio = ms["ranking"] / ms["sorted"]
    print(f"results:                       {RESULTS:,}")
    print(f"sorted() on the values:        {ms['sorted']:7.1f} ms")
    print(f"rank_entries():                {ms['ranking']:7.1f} ms")
    print(
        f"rank_entries(), tie-breaks:    {ms['tie_breaks']:7.1f} ms "
        f"({ms['tie_breaks'] / ms['sorted']:.1f}x, two sorts; not held to the target)"
    )
    print(f"ratio: {ratio:.2f}x (target at most {TARGET:g}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
