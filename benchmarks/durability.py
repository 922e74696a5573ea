"""Benchmark: where a rebuild's wall time goes, with and without another program writing to
the same disk, and what each way of flushing the new output costs (issue 14, target 4).

    python benchmarks/durability.py [--meetings 2000] [--runs 3] [--writer-mb 3000]

Not a test: it prints a table. The synthetic archive is built once (cold, with the cache);
then each round runs one rebuild per flush method after one edited meeting (a rebuild with
nothing changed returns before it writes anything, pipeline.py's stage 0, so it has no
swap to flush; its time is printed too), each in a fresh process
(`python benchmarks/durability.py --one-build ...`, which runs `pipeline.build` with timers
around the stages and around publish.py's flush, swap and removal of the old output):

- `auto`: what publish.py does (flush_tree): one syncfs() where there is one, else `fsync`
  (it once chose `fsync` when other programs had unwritten data; this benchmark showed
  that slower in every condition, see the closing note of issue 14)
- `fsync`: fsync of each folder and each file the build wrote, 32 at a time
- `syncfs`: one syncfs() of the whole file system, always
- `none`: no flush at all, the lower bound (not durable)

first on a quiet disk, then with a writer beside it: `dd` writing --writer-mb MB over and
over into one file on the same file system (so the page cache always holds dirty data of
another program, as on a machine busy with other writers). The rounds interleave the
methods. The table gives medians: the rebuild's wall and CPU time, the flush, the removal
of the old output, the rest, and how much dirty data the system had when the flush began.
(The old output is set aside and removed by the next build's worker while it loads,
publish.earlier_outputs_removed: a removal in the build itself, timed here, happens only
where it cannot be set aside.)
A second table times the flush alone of a freshly copied output, i.e. what a cold build
writes, every file new.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.harness import (BUILD_DATE, Bench, edit_meeting, load, median,  # noqa: E402
                                prepare_archive, working_copy)

METHODS = ("auto", "fsync", "syncfs", "none")


def dirty_mb() -> float:
    """Dirty and under-writeback page cache of the whole system, in MB."""
    fields = dict(line.split(":", 1) for line in Path("/proc/meminfo").read_text().splitlines())
    return sum(int(fields[name].split()[0]) for name in ("Dirty", "Writeback")) / 1024


def _cpu() -> float:
    own, children = (resource.getrusage(who) for who in (resource.RUSAGE_SELF,
                                                         resource.RUSAGE_CHILDREN))
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def use_method(method: str) -> None:
    """Make publish.flush_tree flush the way `method` says."""
    from site_builder.build import publish

    publish.flush_tree = flush_function(method)


def flush_function(method: str):
    """flush_tree(folder, published) as `method` does it."""
    from site_builder.build import publish

    return {
        "auto": publish.flush_tree,
        "fsync": lambda folder, published=None: publish.fsync_paths(
            publish.written_paths(folder, published)),
        "syncfs": lambda folder, published=None: publish.flush_file_system(folder),
        "none": lambda folder, published=None: None,
    }[method]


def one_build(site: Path, out: Path, method: str) -> dict:
    """One build with the cache, in this process, timed stage by stage."""
    from site_builder import pipeline
    from site_builder.build import publish

    use_method(method)
    times: dict[str, float] = {}

    def timed(name: str, function):
        def wrapper(*args, **kwargs):
            started = time.perf_counter()
            if name == "flush":
                times["dirty_mb"] = dirty_mb()
            try:
                return function(*args, **kwargs)
            finally:
                times[name] = times.get(name, 0.0) + time.perf_counter() - started
        return wrapper

    flush = timed("flush", publish.flush_tree)

    def counted(folder: Path, published: Path | None = None) -> None:
        paths = publish.written_paths(folder, published)  # (not timed)
        times["folders"] = sum(1 for _path, size in paths if size is None)
        times["written"] = len(paths) - times["folders"]
        times["written_mb"] = sum(size or 0 for _path, size in paths) / 2 ** 20
        flush(folder, published)
    publish.flush_tree = counted
    publish.remove_tree = timed("remove", publish.remove_tree)
    pipeline.swap_in = timed("swap", publish.swap_in)
    options = pipeline.BuildOptions(site, out, dt.date.fromisoformat(BUILD_DATE),
                                    cache_dir=site / ".cache" / "build")
    cpu, started = _cpu(), time.perf_counter()
    report = pipeline.build(options)
    times["wall"] = time.perf_counter() - started
    times["cpu"] = _cpu() - cpu
    times["rendered"] = report.rendered
    return times


class DiskWriter:
    """`dd` writing the same file over and over, in its own process group."""

    def __init__(self, folder: Path, megabytes: int):
        self.file = folder / "disk-writer.bin"
        script = (f"while true; do dd if=/dev/zero of='{self.file}' bs=1M count={megabytes} "
                  "conv=notrunc status=none; done")
        self.process = subprocess.Popen(["bash", "-c", script], start_new_session=True)
        deadline = time.time() + 10
        while dirty_mb() < min(megabytes / 2, 500) and time.time() < deadline:
            time.sleep(0.2)

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait()
        self.file.unlink(missing_ok=True)


def run_child(site: Path, out: Path, method: str, edit: int | None = None) -> dict:
    """One rebuild in a fresh process, after one edited meeting unless `edit` is None."""
    if edit is not None:
        edit_meeting(site, edit)
    command = [sys.executable, str(Path(__file__).resolve()), "--one-build", "--flush", method,
               "--site", str(site), "--out", str(out)]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"the build failed (exit code {done.returncode})")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["load"] = load()
    return result


def flush_copy(out: Path, scratch: Path, method: str) -> tuple[float, float]:
    """Copy the output (every file new, as after a cold build), then time its flush."""
    copy = scratch / "copy"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(out, copy)
    before = dirty_mb()
    started = time.perf_counter()
    flush_function(method)(copy)
    seconds = time.perf_counter() - started
    shutil.rmtree(copy, ignore_errors=True)
    return seconds, before


def row(cells: list[str], widths: list[int]) -> str:
    return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths)) + " |"


def print_table(head: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    print(row(head, widths))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for cells in rows:
        print(row(cells, widths))


def summarise(condition: str, method: str, results: list[dict]) -> list[str]:
    def m(key: str) -> float:
        return median([r.get(key, 0.0) for r in results])
    rest = m("wall") - m("swap")
    return [condition, method, f"{m('wall'):.2f} s", f"{m('cpu'):.2f} s",
            f"{m('swap'):.3f} s", f"{m('flush'):.3f} s", f"{m('remove'):.3f} s",
            f"{rest:.2f} s",
            f"{m('dirty_mb'):.0f} MB", ", ".join(f"{r['wall']:.2f}" for r in results)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python benchmarks/durability.py", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--meetings", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3, help="rounds per condition")
    parser.add_argument("--writer-mb", type=int, default=3000,
                        help="what the disk writer writes per pass (MB)")
    parser.add_argument("--workdir", type=Path,
                        default=Path(tempfile.gettempdir()) / "site-builder-durability")
    parser.add_argument("--one-build", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--flush", default="fsync", help=argparse.SUPPRESS)
    parser.add_argument("--site", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one_build:
        print(json.dumps(one_build(args.site, args.out, args.flush)))
        return 0
    workdir = args.workdir.resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    site = working_copy(prepare_archive(workdir, args.meetings, 1, None), workdir)
    out = workdir / "public"
    print(f"cold build of {args.meetings} meetings ({load()}) ...", flush=True)
    Bench(site, out, []).cold()
    rebuilds, copies, unchanged = [], [], []
    edits = 0
    for condition in ("quiet", "disk writer"):
        writer = DiskWriter(workdir, args.writer_mb) if condition != "quiet" else None
        try:
            results: dict[str, list[dict]] = {method: [] for method in METHODS}
            for round_number in range(args.runs):
                order = METHODS[round_number % len(METHODS):] + METHODS[:round_number %
                                                                        len(METHODS)]
                for method in order:
                    edits += 1
                    results[method].append(run_child(site, out, method, edits))
                    print(f"  {condition}, {method}: {results[method][-1]['wall']:.2f} s "
                          f"({results[method][-1]['load']})", flush=True)
            rebuilds += [summarise(condition, method, results[method]) for method in METHODS]
            nothing = run_child(site, out, "auto")  # stage 0: nothing to write or flush
            unchanged.append(f"{condition}: {nothing['wall']:.2f} s ({nothing['load']})")
            for method in METHODS[:3]:
                seconds, before = flush_copy(out, workdir, method)
                copies.append([condition, method, f"{seconds:.3f} s", f"{before:.0f} MB",
                               load()])
        finally:
            if writer:
                writer.stop()
    last = results["fsync"][-1]
    print(f"\nrebuild of {args.meetings} meetings after one edited meeting ({last['rendered']} "
          f"pages rendered; the new output has {last['folders']:,.0f} folders and "
          f"{last['written']:,.0f} files written by the build, the rest hard links to the "
          f"published files); medians of {args.runs} rounds")
    print_table(["disk", "flush", "wall", "CPU", "swap", "of it: flush", "remove old",
                 "rest of build", "dirty at flush", "all runs (wall)"], rebuilds)
    print("\nrebuild with nothing changed (returns before the swap): " + "; ".join(unchanged))
    print("\nflush alone of a fresh copy of the output (every file new, as after a cold build)")
    print_table(["disk", "flush", "time", "dirty before", "load"], copies)
    return 0


if __name__ == "__main__":
    sys.exit(main())
