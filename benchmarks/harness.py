"""What the benchmarks share: running a build as a subprocess and measuring it (wall, CPU,
peak memory of the process tree), the synthetic archive and its working copy, the edits a
rebuild is timed after, the output's size and search payload, and the table they print.

Wall time is measured around the subprocess; CPU time and ru_maxrss come from os.wait4,
i.e. the same kernel accounting as resource.getrusage(RUSAGE_CHILDREN) but for this one
build (its forked workers included once they are reaped). Because forked workers share
pages, the process tree's peak memory is also sampled as the sum of PSS.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import synthetic  # noqa: E402
from site_builder.outputs.templating import ENGINE_TEMPLATES  # noqa: E402

BUILD_DATE = "2026-01-15"  # after the archive's last meeting: the output does not depend on today
EDIT_SENTENCE = "Sekretariatet har efterfølgende tilføjet en bemærkning til punktet."
EDIT_BODY = "fu"
EDIT_TEMPLATE = "meeting.html"


# running one build ---------------------------------------------------------------------------

@dataclass
class Run:
    wall: float
    cpu: float  # user + system, the build and its reaped workers
    maxrss_mb: float  # the largest single process (ru_maxrss)
    tree_peak_mb: float | None  # sampled sum of PSS over the process tree
    returncode: int
    stdout: str
    stderr: str

    @property
    def own_seconds(self) -> float | None:
        """The build's own report ('på 12,3 s'): the time without interpreter start-up."""
        match = re.search(r" på (\d+(?:,\d+)?) s", self.stdout)
        return float(match.group(1).replace(",", ".")) if match else None

    @property
    def pages(self) -> int | None:
        match = re.search(r"Bygget: (\d+) sid", self.stdout)
        return int(match.group(1)) if match else None

    @property
    def rendered(self) -> int | None:
        match = re.search(r"\((\d+) nye\)", self.stdout)
        return int(match.group(1)) if match else None


def run_process(args: list[str], sample_memory: bool = True) -> Run:
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(args, cwd=ROOT, stdout=out, stderr=err)
        sampler = _TreeSampler(process.pid) if sample_memory else None
        _pid, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        peak = sampler.stop() if sampler else None
        out.seek(0)
        err.seek(0)
        return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, peak,
                   process.returncode, out.read().decode("utf-8", "replace"),
                   err.read().decode("utf-8", "replace"))


class _TreeSampler:
    """Samples the summed PSS (or RSS) of a process and all its descendants."""

    INTERVAL = 0.05

    def __init__(self, pid: int):
        self.pid = pid
        self.peak_kb = 0
        self.samples = 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        while not self._done.is_set():
            total = sum(_memory_kb(pid) for pid in _descendants(self.pid))
            if total:
                self.samples += 1
                self.peak_kb = max(self.peak_kb, total)
            self._done.wait(self.INTERVAL)

    def stop(self) -> float | None:
        self._done.set()
        self._thread.join()
        return self.peak_kb / 1024 if self.samples else None


def _descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            tasks = list(Path(f"/proc/{current}/task").glob("*/children"))
        except OSError:  # the process ended while it was looked at (its memory counts 0)
            continue
        for task in tasks:
            try:
                todo += [int(child) for child in task.read_text().split()]
            except OSError:
                pass
    return found


def _memory_kb(pid: int) -> int:
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
        match = re.search(r"^Pss:\s+(\d+) kB", text, re.MULTILINE)
        if match:
            return int(match.group(1))
    except OSError:
        pass
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


@dataclass
class Bench:
    site: Path
    out: Path
    build_args: list[str]
    results: list[tuple[str, str, str]] = field(default_factory=list)

    def command(self, *extra: str) -> list[str]:
        return [sys.executable, str(ROOT / "build.py"), "--site", str(self.site), "--out",
                str(self.out), "--dato", BUILD_DATE, *self.build_args, *extra]

    def build(self) -> Run:
        run = run_process(self.command())
        if run.returncode != 0:
            sys.stderr.write(run.stdout + run.stderr)
            raise SystemExit(f"the build failed (exit code {run.returncode}); see above")
        return run

    def cold(self) -> Run:
        clean(self.site, self.out)
        return self.build()


def clean(site: Path, out: Path) -> None:
    """Cold: no output folder and no build cache (wherever the engine keeps it)."""
    for folder in (out, site / ".cache"):
        if folder.exists():
            shutil.rmtree(folder)
    for stray in out.parent.glob(f".{out.name}.*"):  # staging folders of an aborted build
        if stray.is_dir():
            shutil.rmtree(stray)


# the archive and its working copy ----------------------------------------------------------

def prepare_archive(workdir: Path, meetings: int, seed: int, seeds: Path | None) -> Path:
    """The pristine generated archive; regenerated only when its parameters changed."""
    archive = workdir / f"archive-{meetings}-s{seed}"
    corpus = synthetic.read_corpus(seeds)
    wanted = {"generator": synthetic.generator_fingerprint(), "corpus": corpus.fingerprint,
              "meetings": meetings, "seed": seed}
    marker = archive / synthetic.MARKER
    if marker.is_file() and json.loads(marker.read_text(encoding="utf-8")) == wanted:
        print(f"reusing the synthetic archive in {archive}")
        return archive
    started = time.perf_counter()
    summary = synthetic.generate(archive, meetings, seed, seeds)
    print(summary.line(archive) + f" ({time.perf_counter() - started:.1f} s)")
    return archive


def working_copy(archive: Path, workdir: Path) -> Path:
    site = workdir / "site"
    if site.exists():
        shutil.rmtree(site)
    shutil.copytree(archive, site)
    shutil.copytree(ENGINE_TEMPLATES, site / "templates")
    return site


def archive_stats(site: Path) -> tuple[int, int, int]:
    files = sorted((site / "content" / "moeder").glob("*/*.md"))
    characters = items = 0
    for path in files:
        text = path.read_text(encoding="utf-8")
        characters += len(text)
        items += len(re.findall(r"^## \d+\. ", text, re.MULTILINE))
    return len(files), items, characters


# the edits -----------------------------------------------------------------------------------

def edit_meeting(site: Path, count: int) -> Path:
    files = sorted((site / "content" / "moeder").glob("*/*.md"))
    path = files[len(files) // 2]
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(f"\n{EDIT_SENTENCE} ({count})\n")
    return path


def edit_body(site: Path, count: int) -> Path:
    path = site / "data" / "organer.yaml"
    text = path.read_text(encoding="utf-8")
    block = re.search(rf"^- slug: {EDIT_BODY}\n(?:  .*\n)*?  beskrivelse: (.*)$", text,
                      re.MULTILINE)
    if block is None:
        raise SystemExit(f"no description for '{EDIT_BODY}' in {path}")
    value = block.group(1)
    addition = f" Beskrivelsen er opdateret ({count})."
    edited = value[:-1] + addition + '"' if value.startswith('"') else value + addition
    path.write_text(text[:block.start(1)] + edited + text[block.end(1):], encoding="utf-8")
    return path


def edit_template(site: Path, count: int) -> Path:
    path = site / "templates" / EDIT_TEMPLATE
    text = path.read_text(encoding="utf-8")
    mark = "{% block content %}"
    comment = f"<!-- redigeret {count} -->"
    if mark in text:
        text = text.replace(mark, f"{mark}\n{comment}", 1)
    else:
        text += f"{{# redigeret {count} #}}\n"
    path.write_text(text, encoding="utf-8")
    return path


# output and search ---------------------------------------------------------------------------

def folder_size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def search_payload(out: Path) -> tuple[int, int, int] | None:
    """Raw and gzip bytes of the search data under /soeg/ (everything but its HTML)."""
    folder = out / "soeg"
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix != ".html") \
        if folder.is_dir() else []
    if not files:
        return None
    data = [p.read_bytes() for p in files]
    return sum(len(d) for d in data), sum(gzip_size(d) for d in data), len(files)


def static_first_fetch(out: Path) -> int | None:
    """Without a browser: /soeg/'s HTML, its CSS and JS, and all its data, gzipped."""
    page = out / "soeg" / "index.html"
    if not page.is_file():
        return None
    html = page.read_text(encoding="utf-8")
    total = gzip_size(page.read_bytes())
    for ref in sorted(set(re.findall(r'(?:href|src)="(/[^"]+\.(?:css|js))"', html))):
        target = out / ref.lstrip("/")
        if target.is_file():
            total += gzip_size(target.read_bytes())
    payload = search_payload(out)
    return total + (payload[1] if payload else 0)


def seconds(value: float) -> str:
    return f"{value:.2f} s"


def megabytes(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0f} MB"


def build_detail(run: Run) -> str:
    parts = []
    if run.own_seconds is not None:
        parts.append(f"build's own {run.own_seconds:.1f} s")
    if run.rendered is not None:
        parts.append(f"{run.rendered} pages rendered")
    return f" ({', '.join(parts)})" if parts else ""


def median_run(runs: list[Run]) -> Run:
    return sorted(runs, key=lambda r: r.wall)[len(runs) // 2]


def engine_state() -> str:
    """A digest of the engine's code and templates, to notice edits during a run."""
    digest = hashlib.sha256()
    for path in sorted([ROOT / "build.py", *(ROOT / "site_builder").rglob("*.py"),
                        *ENGINE_TEMPLATES.rglob("*")]):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(ROOT).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()


def print_table(rows: list[tuple[str, str, str]]) -> None:
    widths = [max(len(row[i]) for row in rows + [("measure", "value", "target")])
              for i in range(3)]
    line = "| " + " | ".join("{:<%d}" % w for w in widths) + " |"
    print(line.format("measure", "value", "target"))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        print(line.format(*row))



def load() -> str:
    """The machine's load as `uptime` shows it, to print beside a figure."""
    one, five, fifteen = os.getloadavg()
    return f"load {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} CPUs"


def median(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[len(ordered) // 2] if len(ordered) % 2 else \
        (ordered[len(ordered) // 2 - 1] + ordered[len(ordered) // 2]) / 2
