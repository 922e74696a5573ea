"""Fuzz benchmark: feed many random and mutated meeting files to the loader.

    python benchmarks/fuzz.py [--cases 10000] [--seed 1] [--keep DIR]

Every case must end in a valid model or the project's own SiteError (problems, each with the
file and a message); anything else is a crash. The cases come from tests/fuzzing.py, the
generator the test suite's hypothesis test (tests/test_fuzz.py) drives with fewer cases.
Prints the number of cases and the outcome counts; exit code 1 if any case crashed. The
crashing cases are written to --keep (default: a temporary folder that is printed).
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from fuzzing import FuzzSite, make_case, summary  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="folder for the cases that crashed")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    outcomes: Counter = Counter()
    by_kind: Counter = Counter()
    crashes: list[tuple[int, str]] = []
    slowest = (0.0, -1)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="fuzz-") as work:
        site = FuzzSite.create(Path(work) / "site")
        keep = args.keep or Path(tempfile.mkdtemp(prefix="fuzz-crashes-"))
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
            slowest = max(slowest, (seconds, number))
            outcomes[outcome] += 1
            by_kind[(kind, outcome)] += 1
            if (number + 1) % 1000 == 0:
                print(f"  {number + 1} tilfælde: {summary(outcomes)}", file=sys.stderr,
                      flush=True)
    elapsed = time.perf_counter() - started
    print(f"Fuzz: {args.cases} tilfælde (seed {args.seed}) på {elapsed:.0f} s")
    print(f"Udfald: {summary(outcomes)}")
    for (kind, outcome), count in sorted(by_kind.items()):
        print(f"  {kind:10} {outcome:10} {count}")
    print(f"Langsomste tilfælde: nr. {slowest[1]}, {slowest[0]:.2f} s")
    if crashes:
        print(f"\n{len(crashes)} tilfælde endte med en anden undtagelse; gemt i {keep}:")
        for number, text in crashes[:5]:
            print(f"--- tilfælde {number}\n{text}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
