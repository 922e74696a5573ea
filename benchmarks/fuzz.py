"""Fuzz benchmark: feed many random and mutated meeting files to the loader, and build the
site from every one that loads.

    python benchmarks/fuzz.py [--cases 10000] [--seed 1] [--keep DIR] [--slowest 10]

Every case must end in a built site (every page, feed, calendar and index rendered) or the
project's own SiteError (problems, each with the file and a message) or OutputError;
anything else is a crash. The cases come from tests/fuzzing.py, the generator the test
suite's hypothesis test (tests/test_fuzz.py) drives with fewer cases. Each case is timed.
Prints the number of cases, the outcome counts, the time per case (median, p95, max; in
all and by outcome) and the slowest cases; exit code 1 if any case crashed. The crashing
and the slowest cases are written to --keep (default: a temporary folder that is printed).
"""
from __future__ import annotations

import argparse
import heapq
import math
import random
import statistics
import sys
import tempfile
import time
import traceback
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from fuzzing import FuzzSite, make_case, summary  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="folder for the crashing and slowest cases")
    parser.add_argument("--slowest", type=int, default=10, help="how many slowest cases to show")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    outcomes: Counter = Counter()
    by_kind: Counter = Counter()
    crashes: list[tuple[int, str]] = []
    timings: list[Timing] = []
    slowest: list[tuple[float, int, bytes]] = []  # a heap of the slowest cases' files
    started = time.perf_counter()
    keep = args.keep or Path(tempfile.mkdtemp(prefix="fuzz-cases-"))
    with tempfile.TemporaryDirectory(prefix="fuzz-") as work:
        site = FuzzSite.create(Path(work) / "site")
        for number in range(args.cases):
            kind, data = make_case(rng)
            case_started = time.perf_counter()
            try:
                outcome = site.run(data)
            except Exception:  # noqa: BLE001 - counting crashes is the point
                outcome = "crash"
                keep.mkdir(parents=True, exist_ok=True)
                (keep / f"case-{number}.md").write_bytes(data)
                crashes.append((number, traceback.format_exc(limit=6)))
            seconds = time.perf_counter() - case_started
            timings.append(Timing(seconds, number, kind, outcome, len(data)))
            if args.slowest > 0:
                (heapq.heappush if len(slowest) < args.slowest else heapq.heappushpop)(
                    slowest, (seconds, number, data))
            outcomes[outcome] += 1
            by_kind[(kind, outcome)] += 1
            if (number + 1) % 1000 == 0:
                print(f"  {number + 1} tilfælde: {summary(outcomes)}", file=sys.stderr,
                      flush=True)
    elapsed = time.perf_counter() - started
    print(f"Fuzz: {args.cases} tilfælde (seed {args.seed}) på {elapsed:.0f} s")
    print(f"Udfald: {summary(outcomes)}")
    for (kind, outcome), count in sorted(by_kind.items()):
        print(f"  {kind:10} {outcome:11} {count}")
    print_timings(timings, args.slowest)
    if slowest:
        keep.mkdir(parents=True, exist_ok=True)
        for _seconds, number, data in slowest:
            (keep / f"slow-{number}.md").write_bytes(data)
        print(f"De {len(slowest)} langsomste tilfælde er gemt i {keep} (slow-NR.md)")
    if crashes:
        print(f"\n{len(crashes)} tilfælde endte med en anden undtagelse; gemt i {keep}:")
        for number, text in crashes[:5]:
            print(f"--- tilfælde {number}\n{text}")
        return 1
    return 0


@dataclass(frozen=True)
class Timing:
    seconds: float
    number: int
    kind: str
    outcome: str
    size: int  # bytes of the meeting file


def print_timings(timings: list[Timing], slowest: int) -> None:
    """The time per case, in all and by outcome, and the slowest cases."""
    if not timings:
        return
    print("Tid pr. tilfælde:")
    groups = {"alle": timings}
    for timing in timings:
        groups.setdefault(timing.outcome, []).append(timing)
    for name, group in groups.items():
        print(f"  {name:11} {distribution([t.seconds for t in group])} ({len(group)} tilfælde)")
    if slowest > 0:
        print(f"Langsomste {min(slowest, len(timings))} tilfælde:")
        for t in sorted(timings, key=lambda t: (-t.seconds, t.number))[:slowest]:
            size = f"{t.size:,}".replace(",", ".")
            print(f"  nr. {t.number:<6} {_seconds(t.seconds):>9}  {t.kind:10} {t.outcome:11} "
                  f"{size:>9} byte")


def distribution(seconds: list[float]) -> str:
    ordered = sorted(seconds)
    return f"median {_seconds(statistics.median(ordered))}, " \
           f"p95 {_seconds(_percentile(ordered, 0.95))}, maks {_seconds(ordered[-1])}"


def _percentile(ordered: list[float], fraction: float) -> float:
    """The nearest-rank percentile of sorted values."""
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def _seconds(value: float) -> str:
    return f"{value:.3f} s".replace(".", ",")


if __name__ == "__main__":
    sys.exit(main())
