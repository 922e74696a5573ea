"""Benchmark: build the synthetic archive and print what issue 7 asks to measure.

    python benchmarks/run.py [--meetings 2000] [--seed 1] [--repeat N] [--profile]

Not a test: it passes or fails nothing, it prints a table (measure, value, target).
Builds run as `python build.py --site SITE --out OUT` subprocesses, as an editor or CI
runs them. Wall time is measured around the subprocess; CPU time and ru_maxrss come from
os.wait4, i.e. the same kernel accounting as resource.getrusage(RUSAGE_CHILDREN) but for
this one build (its forked workers included once they are reaped). Because forked workers
share pages, the process tree's peak memory is also sampled as the sum of PSS.

The archive (benchmarks.synthetic) is generated once per parameter set into the work
folder and reused; every run works on a fresh copy of it, with the engine's templates
copied into the copy's own templates/ folder so that a template can be edited there.
"""
from __future__ import annotations

import argparse
import functools
import gzip
import hashlib
import http.server
import json
import os
import pstats
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import synthetic
from site_builder.outputs.templating import ENGINE_TEMPLATES  # noqa: E402

BUILD_DATE = "2026-01-15"  # after the archive's last meeting: the output does not depend on today
EDIT_SENTENCE = "Sekretariatet har efterfølgende tilføjet en bemærkning til punktet."
EDIT_BODY = "fu"
EDIT_TEMPLATE = "meeting.html"
SEARCH_INPUTS = ('main input[type="search"]', 'main input[name="q"]',  # the page's own box
                 '[role="search"] input', 'input[type="search"]', 'input[name="q"]')
RESULT_TIMEOUT = 60  # seconds
TARGETS = {
    "cold": 6.0, "meeting": 0.3, "rss_mb": 700, "first_result_ms": 300, "fetched_kb": 500,
}


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
        for task in Path(f"/proc/{current}/task").glob("*/children"):
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


@dataclass
class SearchRun:
    first_result_ms: float
    fetched_gzip: int
    fetched_raw: int
    requests: list[str]
    href: str


# Installed before the page's own scripts run: no call into a busy page is needed later.
_WATCH_RESULTS = """
(() => {
  const bench = window.__bench = {keydown: null, result: null, href: null};
  // a form that submits to /soeg/?q=... without script: the new page shows the results
  if (new URLSearchParams(location.search).get('q')) bench.keydown = 0;
  for (const type of ['keydown', 'input']) {
    document.addEventListener(type, () => {
      if (bench.keydown === null) bench.keydown = performance.now();
    }, true);
  }
  document.addEventListener('DOMContentLoaded', () => {
    const root = document.querySelector('main') || document.body;
    const known = new Set(root.querySelectorAll('a[href]'));
    const check = () => {
      if (bench.result !== null || bench.keydown === null) return;
      for (const a of root.querySelectorAll('a[href]')) {
        const href = a.getAttribute('href');
        if (known.has(a) || !href || href.startsWith('#') || a.closest('nav, header, footer')
            || !a.getClientRects().length) continue;
        bench.result = performance.timeOrigin + performance.now();
        bench.resultLocal = performance.now();
        bench.href = href;
        observer.disconnect();
        return;
      }
    };
    const observer = new MutationObserver(check);
    observer.observe(root, {childList: true, subtree: true, attributes: true,
                            attributeFilter: ['hidden', 'class']});
  });
})();
"""

_FETCHED_BEFORE_RESULT = """
() => {
  const t = window.__bench.resultLocal;
  return [...performance.getEntriesByType('navigation'),
          ...performance.getEntriesByType('resource')]
    .filter(e => e.startTime <= t).map(e => e.name);
}
"""


def measure_search(out: Path, query: str, runs: int,
                   warm: bool) -> tuple[list[SearchRun], str | None]:
    """Time from the first keystroke to the first result on /soeg/, in headless Chromium.

    Each run is a fresh browser context (empty cache) on a local server without
    throttling. Cold (warm=False): the reader types as soon as the page is parsed
    (DOMContentLoaded), so whatever the page fetches eagerly counts. Warm: the reader
    types after the page and everything it fetches by itself have loaded (network idle),
    which leaves the query's own cost. The clock starts when the reader focuses the box;
    the query is entered in one step (as if pasted: typing speed is not measured), then
    Enter unless results are already shown (search as you type); a form that then loads
    /soeg/?q=... is followed. The first result is the first new visible link in <main>; what was
    fetched before it is every navigation and resource entry of the page showing it,
    started until then, counted as the gzip size of the served file.
    """
    page_file = out / "soeg" / "index.html"
    if not page_file.is_file():
        return [], "the site has no /soeg/ page yet"
    box = search_box(page_file)
    if box is None:
        return [], "/soeg/ has no search box yet"
    try:
        from playwright.sync_api import sync_playwright

        from tests.system_deps import CHROMIUM_ARGS, chromium
        executable = chromium()
    except Exception as exc:  # no browser here: the table says why
        return [], f"no headless Chromium ({type(exc).__name__}: {exc})"
    handler = functools.partial(_QuietHandler, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    results: list[SearchRun] = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            try:
                for _ in range(runs):
                    context = browser.new_context()
                    try:
                        result = _search_once(context, base, out, box, query, warm)
                    finally:
                        context.close()
                    if isinstance(result, str):
                        return results, result
                    results.append(result)
            finally:
                browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return results, None


def _search_once(context, base: str, out: Path, box: str, query: str,
                 warm: bool) -> SearchRun | str:
    context.add_init_script("performance.setResourceTimingBufferSize(100000);" + _WATCH_RESULTS)
    page = context.new_page()
    page.goto(f"{base}/soeg/", wait_until="networkidle" if warm else "domcontentloaded")
    # The reader starts now: a page still busy with its index answers the keys late,
    # so the clock is ours, not the page's.
    started = time.time() * 1000
    page.locator(box).first.focus()
    page.keyboard.insert_text(query)
    if not page.evaluate("window.__bench.result !== null"):  # not search-as-you-type
        page.keyboard.press("Enter")
    try:
        page.wait_for_function("window.__bench.result !== null", timeout=RESULT_TIMEOUT * 1000)
    except Exception:
        status = page.evaluate("(document.querySelector('[role=status]') || {}).textContent")
        return (f"'{query}': no result within {RESULT_TIMEOUT} s"
                + (f"; the page says: {' '.join(status.split())}" if status else ""))
    bench = page.evaluate("window.__bench")
    fetched = page.evaluate(_FETCHED_BEFORE_RESULT)
    raw = gz = 0
    for url in fetched:
        data = _served_file(out, url)
        if data is not None:
            raw += len(data)
            gz += gzip_size(data)
    return SearchRun(bench["result"] - started, gz, raw, fetched, bench["href"])


def search_box(page_file: Path) -> str | None:
    """The selector of the search page's own box, found in its HTML before loading it."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page_file.read_text(encoding="utf-8"), "html.parser")
    return next((s for s in SEARCH_INPUTS if soup.select_one(s) is not None), None)


def _served_file(out: Path, url: str) -> bytes | None:
    path = unquote(urlparse(url).path)
    if path.endswith("/"):
        path += "index.html"
    target = (out / path.lstrip("/")).resolve()
    if not target.is_relative_to(out.resolve()) or not target.is_file():
        return None
    return target.read_bytes()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 (the base class's name)
        pass


# the table -----------------------------------------------------------------------------------

def _search_times(runs: list[SearchRun]) -> str:
    times = [r.first_result_ms for r in runs]
    return (f"{statistics.median(times):.0f} ms (median of {len(times)}: "
            f"{', '.join(f'{t:.0f}' for t in times)})")


def seconds(value: float) -> str:
    return f"{value:.2f} s"


def megabytes(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0f} MB"


def verdict(value: float | None, limit: float, text: str) -> str:
    if value is None:
        return text
    return f"{text}: {'met' if value < limit else 'missed'}"


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


def benchmark(args: argparse.Namespace, site: Path, out: Path) -> None:
    bench = Bench(site, out, args.build_arg)
    engine_before = engine_state()
    load_before = os.getloadavg()[0]
    meetings, items, characters = archive_stats(site)
    rows = [("archive", f"{meetings} meetings, {items} items, {characters:,} characters",
             "2000 meetings, ~26M characters")]
    startup = min(run_process([sys.executable, str(ROOT / "build.py"), "--help"], False).wall
                  for _ in range(3))
    rows.append(("start-up (python build.py --help)", seconds(startup), ""))

    print(f"cold build{'s' if args.repeat > 1 else ''} ...", flush=True)
    colds = [bench.cold() for _ in range(args.repeat)]
    cold = median_run(colds)
    rows.append(("cold build, wall", seconds(cold.wall) + build_detail(cold),
                 verdict(cold.wall, TARGETS["cold"], "< 6 s")))
    rows.append(("cold build, CPU (user+sys)",
                 f"{cold.cpu:.2f} s ({cold.cpu / cold.wall:.2f} cores busy)", ""))
    rows.append(("peak RSS, largest process (ru_maxrss)", megabytes(cold.maxrss_mb),
                 verdict(cold.maxrss_mb, TARGETS["rss_mb"], "< 700 MB")))
    rows.append(("peak memory, process tree (sampled PSS sum)", megabytes(cold.tree_peak_mb),
                 verdict(cold.tree_peak_mb, TARGETS["rss_mb"], "< 700 MB")))
    pages = cold.pages or sum(1 for _ in out.rglob("*.html"))
    rows.append(("pages per second (cold)", f"{pages / cold.wall:.0f} ({pages} pages)", ""))
    if args.repeat > 1:
        rows.append(("cold build, all runs", ", ".join(seconds(r.wall) for r in colds), ""))

    edits = [("rebuild, nothing changed", None, None),
             ("rebuild, one meeting edited", edit_meeting, TARGETS["meeting"]),
             ("rebuild, body edited in data/organer.yaml", edit_body, None),
             (f"rebuild, template edited ({EDIT_TEMPLATE})", edit_template, None)]
    for label, edit, limit in edits:
        print(f"{label} ...", flush=True)
        runs = []
        for count in range(args.repeat):
            if edit is not None:
                edit(site, count)
            runs.append(bench.build())
        run = median_run(runs)
        target = verdict(run.wall, limit, f"< {limit} s") if limit else ""
        rows.append((label, seconds(run.wall) + build_detail(run), target))

    size, count = folder_size(out)
    rows.append(("output size", f"{size:,} bytes in {count:,} files", ""))
    payload = search_payload(out)
    rows.append(("search payload, raw", f"{payload[0]:,} bytes in {payload[2]} files"
                 if payload else "n/a", ""))
    rows.append(("search payload, gzip", f"{payload[1]:,} bytes" if payload else "n/a", ""))

    print("search in headless Chromium ...", flush=True)
    searches, problem = measure_search(out, args.query, args.search_runs, warm=False)
    warm_searches, warm_problem = measure_search(out, args.query, args.search_runs, warm=True) \
        if searches else ([], None)
    if searches:
        fetched = max(s.fetched_gzip for s in searches)
        rows.append(("fetched before the first result (gzip est.)",
                     f"{fetched / 1024:.0f} KB ({len(searches[0].requests)} requests, "
                     f"{max(s.fetched_raw for s in searches) / 1024:.0f} KB raw)",
                     verdict(fetched / 1024, TARGETS["fetched_kb"], "< 500 KB")))
        first = statistics.median(s.first_result_ms for s in searches)
        rows.append((f"first keystroke -> first result ('{args.query}')",
                     _search_times(searches),
                     verdict(first, TARGETS["first_result_ms"], "< 300 ms")))
        rows.append(("  same, page and its data already loaded",
                     _search_times(warm_searches) if warm_searches else "n/a", ""))
    else:
        static = static_first_fetch(out)
        rows.append(("fetched before the first result (gzip est.)",
                     f"{static / 1024:.0f} KB (static estimate: /soeg/ + its CSS/JS + data)"
                     if static is not None else "n/a", "< 500 KB"))
        rows.append((f"first keystroke -> first result ('{args.query}')", "n/a", "< 300 ms"))
    problem = problem or warm_problem
    print()
    print_table(rows)
    if problem:
        print(f"\nsearch: {problem}")
    if engine_state() != engine_before:
        print("\nwarning: the engine's code or templates changed during this run; the "
              "rebuild figures may include cache misses caused by that change.")
    print(f"\n{os.cpu_count()} CPUs; load average {load_before:.2f} at the start, "
          f"{os.getloadavg()[0]:.2f} at the end. Other work on the machine makes these "
          "figures noisy; use --repeat for medians.")


def profile(args: argparse.Namespace, site: Path, out: Path) -> None:
    clean(site, out)
    stats_file = out.parent / "build.prof"
    extra = [] if any(a.startswith("--jobs") for a in args.build_arg) else ["--jobs", "1"]
    command = [sys.executable, "-m", "cProfile", "-o", str(stats_file), str(ROOT / "build.py"),
               "--site", str(site), "--out", str(out), "--dato", BUILD_DATE,
               *args.build_arg, *extra]
    print(f"cold build under cProfile: python {' '.join(command[1:])}", flush=True)
    run = run_process(command)
    if run.returncode != 0:
        sys.stderr.write(run.stdout + run.stderr)
        raise SystemExit(f"the build failed (exit code {run.returncode})")
    print(run.stdout.strip())
    print(f"wall {run.wall:.1f} s under the profiler; only this process is profiled "
          f"({'--jobs 1 added, so all work is in it' if extra else 'workers are not'})\n")
    pstats.Stats(str(stats_file)).sort_stats("cumulative").print_stats(25)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python benchmarks/run.py", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--meetings", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--seeds", type=Path, default=None,
                        help="folder of seed texts (default: the generator's default)")
    parser.add_argument("--workdir", type=Path,
                        default=Path(tempfile.gettempdir()) / "site-builder-benchmark",
                        help="where the archive, its working copy and the output go")
    parser.add_argument("--repeat", type=int, default=1,
                        help="run each build N times and report the median")
    parser.add_argument("--query", default="socialaftale", help="what to type into search")
    parser.add_argument("--search-runs", type=int, default=3)
    parser.add_argument("--build-arg", action="append", default=[], metavar="ARG",
                        help="extra argument for build.py, e.g. --build-arg=--jobs=1")
    parser.add_argument("--profile", action="store_true",
                        help="instead: one cold build under cProfile, top 25 by cumulative time")
    args = parser.parse_args(argv)
    args.repeat = max(1, args.repeat)
    workdir = args.workdir.resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    archive = prepare_archive(workdir, args.meetings, args.seed, args.seeds)
    site = working_copy(archive, workdir)
    out = workdir / "public"
    if args.profile:
        profile(args, site, out)
    else:
        benchmark(args, site, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
