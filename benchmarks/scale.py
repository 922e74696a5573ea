"""Benchmark: how the build grows with the archive (issue 14, target 6).

    python benchmarks/scale.py [--sizes 300,2000,8000,20000] [--estimate 20000]
                               [--reuse] [--workdir DIR] [--markdown benchmarks/SCALE.md]

Not a test: it prints a table and writes it as Markdown. For each size: a cold build (no
output folder, no cache), a rebuild with nothing changed and a rebuild after one edited
meeting, each as `python build.py --site SITE --out OUT` subprocesses (benchmarks/harness.py
measures wall time, CPU and the peak memory of the whole process tree, the sum of PSS), and
the search payload: the first file the search page fetches (/soeg/indeks.json) and all of
the index's files. Each figure is printed with the machine's load when it was taken.

Up to 8,000 meetings the archive is one synthetic archive (benchmarks.synthetic; one region,
eight bodies, 15 years). Above that one region's bodies run out of meeting days, so the
archive is five regions' archives together: five synthetic archives of a fifth of the
meetings each (seeds 1-5), the bodies of regions 2-5 renamed (das -> das-r2, ...), one
site. Archives are generated once into the work folder and reused.

The Markdown file gets the machine, the table, the growth per step and what the growth
says about 100,000 meetings. Each size's figures are also kept in the work folder
(results-N.json): --reuse takes them from there instead of building again, so the sizes can
be measured one at a time. A size named in --estimate is not built: its figures continue the
growth of the last measured step (value ~ meetings^k) and are marked as estimates.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import synthetic  # noqa: E402
from benchmarks.harness import (Bench, Run, edit_meeting, gzip_size, load,  # noqa: E402
                                prepare_archive, search_payload, working_copy)

ONE_REGION_LIMIT = 8000  # the most meetings one synthetic region has days for (about 8,500)
REGIONS = 5
MERGED_MARKER = ".regions.json"


@dataclass
class Figure:
    value: float | None
    load: str


@dataclass
class SizeResult:
    meetings: int
    archive: str
    figures: dict[str, Figure]
    estimated: bool = False

    def to_json(self) -> dict:
        return {"meetings": self.meetings, "archive": self.archive, "estimated": self.estimated,
                "figures": {k: [f.value, f.load] for k, f in self.figures.items()}}

    @classmethod
    def from_json(cls, data: dict) -> SizeResult:
        return cls(data["meetings"], data["archive"],
                   {k: Figure(*v) for k, v in data["figures"].items()}, data["estimated"])


def estimate(results: list[SizeResult], meetings: int) -> SizeResult:
    """Figures at `meetings`, continuing the growth of the last two measured sizes."""
    measured = [r for r in results if not r.estimated]
    figures = {key: Figure(projection(measured, key, meetings), "not measured")
               for key, _label, _unit in MEASURES}
    return SizeResult(meetings, f"estimate from {measured[-2].meetings:,} → "
                      f"{measured[-1].meetings:,}", figures, estimated=True)


MEASURES = (  # key, label, unit
    ("cold", "cold build", "s"),
    ("cold_cpu", "cold build, CPU (user+sys)", "s"),
    ("one", "one meeting edited", "s"),
    ("one_cpu", "one meeting edited, CPU", "s"),
    ("none", "nothing changed", "s"),
    ("peak", "peak memory, process tree", "MB"),
    ("first", "search: first file", "kB"),
    ("first_gz", "search: first file, gzip", "kB"),
    ("index", "search: all index files", "MB"),
    ("files", "output files", ""),
)


# five regions in one archive -------------------------------------------------------------

def regions_archive(workdir: Path, meetings: int, seeds: Path | None) -> Path:
    """Five regions' synthetic archives as one site; regenerated when a part changed."""
    share = meetings // REGIONS
    parts = [prepare_archive(workdir, share, seed, seeds) for seed in range(1, REGIONS + 1)]
    merged = workdir / f"archive-{meetings}-{REGIONS}regions"
    wanted = {"parts": [json.loads((p / synthetic.MARKER).read_text("utf-8")) for p in parts]}
    marker = merged / MERGED_MARKER
    if marker.is_file() and json.loads(marker.read_text("utf-8")) == wanted:
        print(f"reusing the {REGIONS}-region archive in {merged}")
        return merged
    if merged.exists():
        shutil.rmtree(merged)
    shutil.copytree(parts[0], merged, ignore=shutil.ignore_patterns(".cache"))
    bodies = yaml.safe_load((merged / "data" / "organer.yaml").read_text("utf-8"))
    for region, part in enumerate(parts[1:], start=2):
        bodies += _renamed_region(part, merged, region)
    (merged / "data" / "organer.yaml").write_text(
        yaml.safe_dump(bodies, allow_unicode=True, sort_keys=False, width=100), "utf-8")
    marker.write_text(json.dumps(wanted), "utf-8")
    return merged


def _renamed_region(part: Path, merged: Path, region: int) -> list[dict]:
    """Copy one region's meetings into `merged` under renamed bodies; its bodies."""
    bodies = yaml.safe_load((part / "data" / "organer.yaml").read_text("utf-8"))
    slugs = {body["slug"]: f"{body['slug']}-r{region}" for body in bodies}
    for body in bodies:
        body["slug"] = slugs[body["slug"]]
        body["navn"] = f"{body['navn']} (region {region})"
        if body.get("overordnet"):
            body["overordnet"] = slugs[body["overordnet"]]
        if body.get("forkortelse"):
            body["forkortelse"] = f"{body['forkortelse']}{region}"
    pattern = re.compile(r"(^organ: |møde: |/organer/)(%s)\b" % "|".join(
        re.escape(slug) for slug in sorted(slugs, key=len, reverse=True)), re.MULTILINE)
    for old, new in slugs.items():
        source = part / "content" / "moeder" / old
        if not source.is_dir():
            continue
        shutil.copytree(source, merged / "content" / "moeder" / new)
        for path in (merged / "content" / "moeder" / new).glob("*.md"):
            info = path.stat()
            text = pattern.sub(lambda m: m.group(1) + slugs[m.group(2)], path.read_text("utf-8"))
            path.write_text(text, "utf-8")
            os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    return bodies


def archive_for(workdir: Path, meetings: int, seeds: Path | None) -> tuple[Path, str]:
    if meetings <= ONE_REGION_LIMIT:
        return prepare_archive(workdir, meetings, 1, seeds), "one region"
    return regions_archive(workdir, meetings, seeds), \
        f"{REGIONS} regions of {meetings // REGIONS:,}"


# measuring ---------------------------------------------------------------------------------

def measure(workdir: Path, meetings: int, seeds: Path | None) -> SizeResult:
    archive, kind = archive_for(workdir, meetings, seeds)
    site = working_copy(archive, workdir / f"run-{meetings}")
    out = workdir / f"public-{meetings}"
    bench = Bench(site, out, [])
    figures: dict[str, Figure] = {}

    def take(key: str, run: Run) -> Run:
        figures[key] = Figure(run.wall, load())
        figures[f"{key}_cpu"] = Figure(run.cpu, figures[key].load)
        peak = figures.get("peak")
        if run.tree_peak_mb is not None and (peak is None or run.tree_peak_mb > peak.value):
            figures["peak"] = Figure(run.tree_peak_mb, figures[key].load)
        print(f"  {meetings:>6} meetings, {key}: {run.wall:.2f} s (CPU {run.cpu:.2f} s), "
              f"tree peak {run.tree_peak_mb or 0:.0f} MB ({figures[key].load})", flush=True)
        return run

    print(f"{meetings} meetings ({kind}): cold build ...", flush=True)
    cold = take("cold", bench.cold())
    take("none", bench.build())
    edit_meeting(site, 0)
    take("one", bench.build())
    first = out / "soeg" / "indeks.json"
    first_bytes = first.read_bytes() if first.is_file() else None
    figures["first"] = Figure(len(first_bytes) / 1000 if first_bytes else None, load())
    figures["first_gz"] = Figure(gzip_size(first_bytes) / 1000 if first_bytes else None,
                                 load())
    payload = search_payload(out)
    figures["index"] = Figure(payload[0] / 1e6 if payload else None, load())
    figures["files"] = Figure(float(sum(len(files) for _, _, files in os.walk(out))), load())
    print(f"  {cold.stdout.strip().splitlines()[-1] if cold.stdout.strip() else ''}")
    shutil.rmtree(out, ignore_errors=True)  # the next size needs the room
    shutil.rmtree(site, ignore_errors=True)
    return SizeResult(meetings, kind, figures)


# the table ---------------------------------------------------------------------------------

def _number(value: float | None, unit: str, estimated: bool = False) -> str:
    if value is None or value != value:  # NaN
        return "n/a"
    if unit == "":
        text = f"{value:,.0f}"
    else:
        text = f"{value:,.2f} {unit}" if value < 10 else f"{value:,.0f} {unit}" \
            if value >= 100 else f"{value:,.1f} {unit}"
    return f"≈{text} (est.)" if estimated else text


def growth_rows(results: list[SizeResult]) -> list[list[str]]:
    """One row per measure: the value at each size, then the growth per step as a factor
    and as the exponent k in value ~ meetings^k (1: linear)."""
    rows = []
    for key, label, unit in MEASURES:
        row = [label]
        row += [_number(r.figures[key].value if key in r.figures else None, unit, r.estimated)
                for r in results]
        for before, after in zip(results, results[1:]):
            a, b = before.figures.get(key), after.figures.get(key)
            if a and b and a.value and b.value:
                k = math.log(b.value / a.value) / math.log(after.meetings / before.meetings)
                row.append(f"×{b.value / a.value:.1f} (k={k:.2f})"
                           + (" (est.)" if after.estimated else ""))
            else:
                row.append("n/a")
        rows.append(row)
    return rows


def header(results: list[SizeResult]) -> list[str]:
    sizes = [f"{r.meetings:,}" for r in results]
    steps = [f"{a} → {b}" for a, b in zip(sizes, sizes[1:])]
    return ["", *[f"{s} (estimate)" if r.estimated else s for s, r in zip(sizes, results)],
            *steps]


def markdown_table(head: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def print_table(head: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(row[i]) for row in [head, *rows]) for i in range(len(head))]
    for row in [head, *rows]:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths)))


def projection(results: list[SizeResult], key: str, meetings: int = 100_000) -> float | None:
    """The value at `meetings`, continuing the growth of the last step (value ~ N^k)."""
    measured = [r for r in results if not r.estimated]
    if len(measured) < 2:
        return None
    a, b = measured[-2], measured[-1]
    va, vb = a.figures.get(key), b.figures.get(key)
    if not (va and vb and va.value and vb.value):
        return None
    k = math.log(vb.value / va.value) / math.log(b.meetings / a.meetings)
    return vb.value * (meetings / b.meetings) ** k


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor() or "?")
    memory = next((int(line.split()[1]) for line in Path("/proc/meminfo").read_text()
                   .splitlines() if line.startswith("MemTotal")), 0) / 1024 ** 2
    engine = subprocess.run(["git", "log", "-1", "--format=%h %s"], cwd=ROOT, text=True,
                            capture_output=True).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "--", "site_builder", "templates"],
                           cwd=ROOT, text=True, capture_output=True).stdout.count("\n")
    return (f"{os.cpu_count()} CPUs ({cpu}), {memory:.0f} GB RAM, Linux "
            f"{platform.release()}, Python {platform.python_version()}; engine at {engine}"
            + (f" with {dirty} changed files in site_builder/ and templates/" if dirty else ""))


def write_markdown(path: Path, results: list[SizeResult], started: str) -> None:
    head, rows = header(results), growth_rows(results)
    loads = "\n".join(f"- {r.meetings:,} meetings ({r.archive}): " + ("not built; every "
        "figure is an estimate (marked ≈ … est.)" if r.estimated else "; ".join(
            f"{label} at {r.figures[key].load}" for key, label, _ in MEASURES[:5:2]
            if key in r.figures)) for r in results)
    text = [
        "# How the build grows with the archive",
        "",
        "Written by `python benchmarks/scale.py` (issue 14, target 6); not a test. Each build",
        "runs as `python build.py` in a subprocess; memory is the peak of the whole process",
        "tree (sum of PSS, sampled every 50 ms). *k* is the exponent of the growth per step",
        "(value ∝ meetings^k; 1 is linear). When the machine is shared with other work, wall",
        "times are inflated by waiting for a CPU, so the CPU time (user + system, the build and",
        "its workers) is the steadier measure of work; the load of each build is listed below.",
        "",
        f"Machine: {machine()}. Started at {started}. The machine is shared with other work;",
        "the load when each build ran:",
        "",
        loads,
        "",
        markdown_table(head, rows),
        "",
        "## At 100,000 meetings",
        "",
    ]
    if len(results) >= 2:
        text.append(hundred_thousand(results))
    path.write_text("\n".join(text) + "\n", encoding="utf-8")


def hundred_thousand(results: list[SizeResult]) -> str:
    """What the last step's growth says about 100,000 meetings (5x the largest size)."""
    last = [r for r in results if not r.estimated]

    def p(key: str) -> float:
        return projection(results, key) or float("nan")
    return (
        f"Continuing the growth of the last measured step ({last[-2].meetings:,} → "
        f"{last[-1].meetings:,}; an estimate, not a measurement): a cold build of about "
        f"{p('cold') / 60:.0f} minutes ({p('cold_cpu') / 60:.0f} CPU minutes), "
        f"{p('peak') / 1024:.1f} GB peak memory, a rebuild after one edit of "
        f"{p('one'):.0f} s and a no-change rebuild of {p('none'):.0f} s; the search index "
        f"grows to about {p('index') / 1000:.1f} GB in {p('files'):,.0f} output files, with a "
        f"first search file of {p('first_gz'):.0f} kB gzip. What that changes: (1) memory: "
        "the whole model and the search index are held at once, so peak memory grows with "
        "the archive and a cold build would exceed the memory of a hosted build machine "
        "(a few GB) well before 100,000 meetings; the model must be streamed per body or per "
        "year, and the search index built shard by shard on disk. (2) Rebuilds: everything "
        "that is read or checked for every file on every build (stat of each source, each "
        "page's fingerprint, the hard link of every unchanged output file into the staging "
        "folder and the removal of the old output) grows linearly, so a rebuild after one "
        "edit would no longer fit in a second; the swap would have to move only the "
        "folders that changed (or publish by content-addressed deploys, as Netlify's own "
        "file digests allow) instead of relinking the whole tree. (3) Search: the first "
        "file must stay small (its growth is what readers pay on every visit); all "
        "other shards are fetched on demand, so their total matters for the deploy's "
        "upload and the build cache, not for readers. (4) Deploys: Netlify uploads only "
        "changed files, but the build cache folder and the output grow to several GB, "
        "which is at or beyond what Netlify's build cache keeps comfortably; restoring it "
        "costs time of its own.")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python benchmarks/scale.py", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="300,2000,8000,20000")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/site-builder-scale"))
    parser.add_argument("--seeds", type=Path, default=None)
    parser.add_argument("--markdown", type=Path, default=ROOT / "benchmarks" / "SCALE.md")
    parser.add_argument("--estimate", default="",
                        help="sizes (of --sizes) not to build but to estimate, e.g. 20000")
    parser.add_argument("--reuse", action="store_true",
                        help="take a size's figures from the work folder when it has them")
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",")]
    estimated = {int(size) for size in args.estimate.split(",") if size}
    args.workdir.mkdir(parents=True, exist_ok=True)
    workdir = args.workdir.resolve()
    started = f"{time.strftime('%Y-%m-%d %H:%M')} ({load()})"
    results: list[SizeResult] = []
    for size in sizes:
        kept = workdir / f"results-{size}.json"
        if size in estimated:
            results.append(estimate(results, size))
        elif args.reuse and kept.is_file():
            results.append(SizeResult.from_json(json.loads(kept.read_text("utf-8"))))
            print(f"{size} meetings: figures of an earlier run ({kept})")
        else:
            results.append(measure(workdir, size, args.seeds))
            kept.write_text(json.dumps(results[-1].to_json()), "utf-8")
    head, rows = header(results), growth_rows(results)
    print()
    print_table(head, rows)
    write_markdown(args.markdown, results, started)
    print(f"\nwritten to {args.markdown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
