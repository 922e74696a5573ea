"""Benchmark: how long an editor waits after saving one meeting (issue 14, targets 1 and 2).

    python benchmarks/rebuild.py [--meetings 2000] [--runs 3] [--edits 5] [--skip-cli]
                                 [--skip-preview] [--workdir DIR]

Not a test: it prints figures and asserts nothing.

- Command line: a cold build with the cache, then `--runs` rebuilds without a change and
  `--runs` rebuilds after one edited meeting, each as `python build.py` in a subprocess
  (wall time around it; CPU time of the build and its workers from os.wait4).
- Preview: `python build.py serve` on the same archive, the meeting's page open in headless
  Chromium (Playwright, /usr/bin/chromium); `--edits` times: save the meeting file and
  measure from just before the write to the reloaded page's load event (the browser's own
  clock, performance.timeOrigin + the navigation's loadEventStart, against time.time() on
  the same machine). Before each edit the preview is idle (its last build finished).

Medians are printed with the machine's load (os.getloadavg) before and after: other work
on a 2-core machine makes every figure here slower.
"""
from __future__ import annotations

import argparse
import os
import queue
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.run import BUILD_DATE, prepare_archive, run_process  # noqa: E402

TARGETS = {"preview_ms": 300, "edit_s": 1.0, "unchanged_s": 0.5}
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update"]
SERVE_URL = re.compile(r"Forhåndsvisning: (http://127\.0\.0\.1:\d+/)")
BUILT = re.compile(r"^Bygget på (\d+(?:,\d+)?) s")


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load {one:.2f} (5 min: {five:.2f})"


def edited_meeting(site: Path) -> Path:
    files = sorted((site / "content" / "moeder").glob("*/*.md"))
    return files[len(files) // 2]


def edit(path: Path, count: int) -> str:
    """Appends a sentence to the meeting's last item; returns it (to look for on the page)."""
    sentence = f"Redaktøren har tilføjet sætning nummer {count} til punktet."
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(f"\n{sentence}\n")
    return sentence


def working_copy(archive: Path, workdir: Path, name: str) -> Path:
    site = workdir / name
    if site.exists():
        shutil.rmtree(site)
    shutil.copytree(archive, site)
    return site


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


# the command line --------------------------------------------------------------------------

def measure_cli(archive: Path, workdir: Path, runs: int) -> None:
    site = working_copy(archive, workdir, "site-cli")
    out = workdir / "public-cli"
    shutil.rmtree(out, ignore_errors=True)
    command = [sys.executable, str(ROOT / "build.py"), "--site", str(site), "--out", str(out),
               "--dato", BUILD_DATE]

    def build(label: str) -> tuple[float, float]:
        before = load()
        run = run_process(command, sample_memory=False)
        if run.returncode != 0:
            sys.stderr.write(run.stdout + run.stderr)
            raise SystemExit(f"the build failed (exit code {run.returncode})")
        summary = run.stdout.strip().splitlines()[-1] if run.stdout.strip() else ""
        print(f"  {label:<22} wall {run.wall:6.2f} s  cpu {run.cpu:6.2f} s  [{before}]  "
              f"{summary}", flush=True)
        return run.wall, run.cpu

    print("Command line (python build.py, with the build cache):", flush=True)
    build("cold")
    build("first rebuild")  # the cache's first use of an output it made
    unchanged = [build(f"no change {i + 1}") for i in range(runs)]
    meeting = edited_meeting(site)
    edited = []
    for i in range(runs):
        edit(meeting, 100 + i)
        edited.append(build(f"one meeting edited {i + 1}"))
    print(f"  no change:          median wall {median([w for w, _ in unchanged]):.2f} s, "
          f"cpu {median([c for _, c in unchanged]):.2f} s (target ≤ {TARGETS['unchanged_s']} s)")
    print(f"  one meeting edited: median wall {median([w for w, _ in edited]):.2f} s, "
          f"cpu {median([c for _, c in edited]):.2f} s (target ≤ {TARGETS['edit_s']} s)",
          flush=True)


# the preview -------------------------------------------------------------------------------

class Serve:
    """`python build.py serve` in a subprocess; its output is read line by line."""

    def __init__(self, site: Path):
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "build.py"), "serve", "--site", str(site),
             "--dato", BUILD_DATE, "--port", "0"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=site)
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def wait_for(self, pattern: re.Pattern, timeout: float) -> re.Match:
        deadline = time.monotonic() + timeout
        while True:
            line = self.lines.get(timeout=max(0.1, deadline - time.monotonic()))
            if line is None:
                raise SystemExit("serve stopped")
            match = pattern.search(line)
            if match:
                return match

    def drain(self) -> list[str]:
        lines = []
        while True:
            try:
                line = self.lines.get_nowait()
            except queue.Empty:
                return lines
            if line is not None:
                lines.append(line)

    def wait_idle(self, quiet: float = 1.5, timeout: float = 600) -> list[str]:
        """Lines until serve has printed nothing for `quiet` seconds after a full build."""
        seen, built = [], False
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=quiet)
            except queue.Empty:
                if built:
                    return seen
                continue
            if line is None:
                raise SystemExit("serve stopped")
            seen.append(line)
            built = built or bool(BUILT.search(line))
        raise SystemExit("serve did not finish its build in time")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def measure_preview(archive: Path, workdir: Path, edits: int) -> None:
    from playwright.sync_api import sync_playwright

    site = working_copy(archive, workdir, "site-preview")
    meeting = edited_meeting(site)
    url_path = f"organer/{meeting.parent.name}/{meeting.stem}/"
    print(f"Preview (python build.py serve), page /{url_path}:", flush=True)
    started = time.perf_counter()
    serve = Serve(site)
    try:
        base = serve.wait_for(SERVE_URL, timeout=1800).group(1)
        print(f"  first build and start: {time.perf_counter() - started:.1f} s", flush=True)
        serve.drain()
        latencies, full_builds = [], []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.set_default_timeout(600_000)
            page.goto(base + url_path)
            for count in range(edits):
                time.sleep(1.0)
                before = load()
                # let Playwright deliver the events it holds (the full build's reload):
                # otherwise expect_event takes that old load event for the new one
                page.evaluate("0")
                with page.expect_event("load"):
                    written = time.time()
                    sentence = edit(meeting, count + 1)
                loaded = page.evaluate(
                    "performance.timeOrigin + "
                    "performance.getEntriesByType('navigation')[0].loadEventStart")
                latency = loaded - written * 1000
                shown = sentence in page.content()
                lines = serve.wait_idle()
                built = next((BUILT.search(line).group(1) for line in reversed(lines)
                              if BUILT.search(line)), "?")
                latencies.append(latency)
                full_builds.append(built)
                print(f"  edit {count + 1}: write -> load event {latency:7.1f} ms  "
                      f"(new text on the page: {'yes' if shown else 'NO'}; full build "
                      f"{built} s) [{before}]", flush=True)
                if not shown:  # e.g. the first reload came before the full build
                    page.wait_for_function(f"document.body.innerText.includes({sentence!r})")
            browser.close()
        print(f"  write -> reloaded page's load event: median {median(latencies):.1f} ms, "
              f"min {min(latencies):.1f}, max {max(latencies):.1f} "
              f"(target ≤ {TARGETS['preview_ms']} ms)", flush=True)
    finally:
        serve.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--meetings", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--workdir", type=Path,
                        default=Path(tempfile.gettempdir()) / "site-bench-rebuild")
    parser.add_argument("--skip-cli", action="store_true")
    parser.add_argument("--skip-preview", action="store_true")
    args = parser.parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    archive = prepare_archive(args.workdir, args.meetings, args.seed, None)
    print(f"{args.meetings} meetings, 2 cores; {load()} at the start", flush=True)
    if not args.skip_cli:
        measure_cli(archive, args.workdir, args.runs)
    if not args.skip_preview:
        measure_preview(archive, args.workdir, args.edits)
    print(f"{load()} at the end", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
