"""Benchmark: this project's cold build next to Hugo and Hugo + Pagefind on the same corpus.

    python benchmarks/compare_hugo.py [--sizes 300,2000,8000] [--rounds 3]
                                      [--workdir /tmp/compare-hugo] [--hugo PATH] [--pagefind PATH]

Not a test: it prints a table. For each size, the synthetic archive (benchmarks.synthetic)
is generated once and converted into a Hugo site with the same meetings, item texts and
tables in Hugo's own format: one page per meeting (its front matter as Hugo front matter,
its Markdown without the closed items, which this project does not publish either), a list
page per body and a home page, rendered by a minimal theme the script writes
(layouts/_default/baseof.html, single.html, list.html, index.html). Hugo renders pages only
(no RSS, sitemap or taxonomies); Pagefind then indexes Hugo's output (pages + search). This
project's build makes pages, search, feeds, calendars, open data and runs its guards.

Both the archive and the Hugo site live in the work folder and are reused between runs
(regenerated when the generator or this converter changes). Every round runs the three
builds cold, one after the other on the same corpus (paired; the order rotates from round
to round, so a load change on the shared machine does not always hit the same one):

- Hugo: `hugo --source SITE --destination OUT --cacheDir EMPTY`, the output folder removed
- Hugo + Pagefind: the same, then `pagefind --site OUT`; wall times add up, memory is the
  larger of the two (they run one after the other)
- this project: `python build.py --site ARCHIVE --out OUT --dato 2026-01-15 --uden-cache`

Wall time is measured around each subprocess. Peak memory is the whole process tree's: the
sum of PSS (proportional set size, so pages shared by forked workers count once) over the
process and all its descendants, sampled every 50 ms from /proc (benchmarks/run.py's
sampler). ru_maxrss from os.wait4 (the largest single process) is printed beside it. The
table gives the median of the rounds and the ratios of the medians.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import synthetic  # noqa: E402
from benchmarks.run import BUILD_DATE, Run, run_process  # noqa: E402

HUGO_MARKER = ".compare-hugo.json"
ITEM_HEADING = re.compile(r"^## (\d+)\. ", re.MULTILINE)
PAGEFIND_VERSION = "1.6.0"  # the version search_quality.py compares with

HUGO_CONFIG = """\
baseURL = "https://www.rammeaftaler.example/"
languageCode = "da"
defaultContentLanguage = "da"
title = "Sekretariat for rammeaftaler (syntetisk arkiv)"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]

[markup.goldmark.renderer]
unsafe = false
"""

LAYOUTS = {
    "_default/baseof.html": """\
<!DOCTYPE html>
<html lang="da">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} – {{ .Site.Title }}</title>
</head>
<body>
<header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a></header>
<main>
{{ block "main" . }}{{ end }}
</main>
</body>
</html>
""",
    "_default/single.html": """\
{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<p>{{ .Date.Format "2. January 2006" }}{{ with .Params.tid }}, kl. {{ . }}{{ end }}\
{{ with .Params.sted }} – {{ . }}{{ end }}</p>
{{ with .Params.deltagere }}<h2>Deltagere</h2>
<ul>{{ range . }}<li>{{ .navn }}{{ with .organisation }}, {{ . }}{{ end }}</li>{{ end }}</ul>
{{ end }}
{{ .Content }}
</article>
{{ end }}
""",
    "_default/list.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ with .Content }}{{ . }}{{ end }}
<ul>
{{ range .Pages.ByDate.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> \
({{ .Date.Format "2006-01-02" }})</li>
{{ end }}
</ul>
{{ end }}
""",
    "index.html": """\
{{ define "main" }}
<h1>{{ .Site.Title }}</h1>
<ul>
{{ range (where .Site.Sections "Section" "moeder") }}{{ range .Sections }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> ({{ len .Pages }} møder)</li>
{{ end }}{{ end }}
</ul>
{{ end }}
""",
}


# the corpus in each generator's format ------------------------------------------------------

def prepare_archive(workdir: Path, meetings: int) -> Path:
    archive = workdir / f"archive-{meetings}"
    wanted = {"generator": synthetic.generator_fingerprint(),
              "corpus": synthetic.read_corpus().fingerprint, "meetings": meetings, "seed": 1}
    marker = archive / synthetic.MARKER
    if marker.is_file() and json.loads(marker.read_text(encoding="utf-8")) == wanted:
        return archive
    started = time.perf_counter()
    summary = synthetic.generate(archive, meetings)
    print(summary.line(archive) + f" ({time.perf_counter() - started:.1f} s)", flush=True)
    return archive


def converter_fingerprint(archive: Path) -> str:
    digest = hashlib.sha256(Path(__file__).read_bytes())
    digest.update((archive / synthetic.MARKER).read_bytes())
    return digest.hexdigest()[:16]


def prepare_hugo_site(workdir: Path, archive: Path, meetings: int) -> tuple[Path, int]:
    """The archive as a Hugo site; returns the site and the number of meeting pages."""
    site = workdir / f"hugo-{meetings}"
    marker = site / HUGO_MARKER
    wanted = converter_fingerprint(archive)
    if marker.is_file():
        stored = json.loads(marker.read_text(encoding="utf-8"))
        if stored.get("fingerprint") == wanted:
            return site, stored["meetings"]
    if site.exists():
        shutil.rmtree(site)
    started = time.perf_counter()
    (site / "content" / "moeder").mkdir(parents=True)
    (site / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    for relative, text in LAYOUTS.items():
        path = site / "layouts" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    _write_page(site / "content" / "moeder" / "_index.md", {"title": "Møder"}, "")
    bodies = yaml.safe_load((archive / "data" / "organer.yaml").read_text(encoding="utf-8"))
    for body in bodies:
        _write_page(site / "content" / "moeder" / body["slug"] / "_index.md",
                    {"title": body["navn"]}, body.get("beskrivelse", "") + "\n")
    count = 0
    for path in sorted((archive / "content" / "moeder").glob("*/*.md")):
        front, markdown = convert_meeting(path.read_text(encoding="utf-8"))
        _write_page(site / "content" / "moeder" / path.parent.name / path.name, front, markdown)
        count += 1
    marker.write_text(json.dumps({"fingerprint": wanted, "meetings": count}), encoding="utf-8")
    print(f"Hugo site: {count} meetings in {site} ({time.perf_counter() - started:.1f} s)",
          flush=True)
    return site, count


def convert_meeting(text: str) -> tuple[dict, str]:
    """One meeting file -> Hugo front matter and Markdown (closed items left out)."""
    _, front_text, markdown = text.split("---\n", 2)
    source = yaml.safe_load(front_text)
    items = source.get("punkter") or {}
    closed = {int(number) for number, item in items.items() if (item or {}).get("lukket")}
    front = {"title": source["titel"], "date": str(source["dato"]),
             "organ": source["organ"], "status": source.get("status")}
    for key in ("tid", "sted", "deltagere"):
        if source.get(key):
            front[key] = source[key]
    return front, _without_items(markdown, closed)


def _without_items(markdown: str, closed: set[int]) -> str:
    if not closed:
        return markdown
    starts = [(m.start(), int(m.group(1))) for m in ITEM_HEADING.finditer(markdown)]
    keep, position = [], 0
    for index, (start, number) in enumerate(starts):
        end = starts[index + 1][0] if index + 1 < len(starts) else len(markdown)
        if number in closed:
            keep.append(markdown[position:start])
            keep.append(f"## {number}. Lukket punkt\n\n")
            position = end
    keep.append(markdown[position:])
    return "".join(keep)


def _write_page(path: Path, front: dict, markdown: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    header = yaml.safe_dump(front, allow_unicode=True, sort_keys=False)
    path.write_text(f"---\n{header}---\n{markdown}", encoding="utf-8")


# the rounds ---------------------------------------------------------------------------------

@dataclass
class Measure:
    wall: float
    tree_mb: float  # sampled peak of the process tree's summed PSS
    maxrss_mb: float  # the largest single process (os.wait4)


def _measured(args: list[str]) -> tuple[Measure, Run]:
    run = run_process(args)
    if run.returncode != 0:
        sys.stderr.write(run.stdout[-3000:] + run.stderr[-3000:])
        raise SystemExit(f"failed (exit code {run.returncode}): {' '.join(args)}")
    return Measure(run.wall, run.tree_peak_mb or run.maxrss_mb, run.maxrss_mb), run


def _fresh(folder: Path) -> None:
    if folder.exists():
        shutil.rmtree(folder)


def run_hugo(hugo: str, site: Path, out: Path) -> tuple[Measure, Run]:
    _fresh(out)
    with tempfile.TemporaryDirectory(prefix="hugo-cache-") as cache:
        return _measured([hugo, "--source", str(site), "--destination", str(out),
                          "--cacheDir", cache, "--quiet"])


def run_hugo_pagefind(hugo: str, pagefind: str, site: Path, out: Path) -> tuple[Measure, Run]:
    first, _ = run_hugo(hugo, site, out)
    second, run = _measured([pagefind, "--site", str(out)])
    return Measure(first.wall + second.wall, max(first.tree_mb, second.tree_mb),
                   max(first.maxrss_mb, second.maxrss_mb)), run


def run_project(archive: Path, out: Path) -> tuple[Measure, Run]:
    _fresh(out)
    for stray in out.parent.glob(f".{out.name}.*"):
        shutil.rmtree(stray, ignore_errors=True)
    return _measured([sys.executable, str(ROOT / "build.py"), "--site", str(archive),
                      "--out", str(out), "--dato", BUILD_DATE, "--uden-cache"])


KINDS = ("hugo", "hugo+pagefind", "project")


def measure_size(meetings: int, rounds: int, workdir: Path, hugo: str,
                 pagefind: str) -> dict[str, list[Measure]]:
    archive = prepare_archive(workdir, meetings)
    site, count = prepare_hugo_site(workdir, archive, meetings)
    outs = {kind: workdir / f"out-{kind.replace('+', '-')}-{meetings}" for kind in KINDS}
    runners = {
        "hugo": lambda: run_hugo(hugo, site, outs["hugo"]),
        "hugo+pagefind": lambda: run_hugo_pagefind(hugo, pagefind, site, outs["hugo+pagefind"]),
        "project": lambda: run_project(archive, outs["project"]),
    }
    results: dict[str, list[Measure]] = {kind: [] for kind in KINDS}
    for number in range(rounds):
        order = KINDS[number % 3:] + KINDS[:number % 3]
        line = []
        for kind in order:
            measure, run = runners[kind]()
            results[kind].append(measure)
            line.append(f"{kind} {measure.wall:.2f} s {measure.tree_mb:.0f} MB")
            if number == 0 and kind == "hugo+pagefind":
                indexed = re.search(r"Indexed (\d+) pages?", run.stdout)
                line[-1] += f" ({indexed.group(1) if indexed else '?'} pages indexed)"
        print(f"  {meetings} meetings, round {number + 1}: " + "; ".join(line), flush=True)
    html = sum(1 for _ in outs["hugo"].rglob("*.html"))
    print(f"  Hugo wrote {html} HTML files for {count} meetings", flush=True)
    return results


def _median(values: list[float]) -> float:
    return statistics.median(values)


def print_table(table: dict[int, dict[str, list[Measure]]]) -> None:
    print()
    print("median of the rounds; memory = peak of the process tree's summed PSS "
          "(largest single process, ru_maxrss, in brackets)")
    header = (f"{'meetings':>8} | {'Hugo':>16} | {'Hugo + Pagefind':>16} | {'this project':>16}"
              f" | {'time ÷ Hugo':>11} | {'÷ Hugo+PF':>9} | {'memory ÷ Hugo':>13}")
    print(header)
    print("-" * len(header))
    for meetings, results in table.items():
        wall = {kind: _median([m.wall for m in results[kind]]) for kind in KINDS}
        tree = {kind: _median([m.tree_mb for m in results[kind]]) for kind in KINDS}
        rss = {kind: _median([m.maxrss_mb for m in results[kind]]) for kind in KINDS}
        cells = [f"{wall[k]:6.2f} s {tree[k]:5.0f} MB" for k in KINDS]
        print(f"{meetings:>8} | " + " | ".join(cells)
              + f" | {wall['project'] / wall['hugo']:10.2f}×"
              + f" | {wall['project'] / wall['hugo+pagefind']:8.2f}×"
              + f" | {tree['project'] / tree['hugo']:12.2f}×")
        print(f"{'':>8} | " + " | ".join(f"{'(' + format(rss[k], '.0f') + ' MB)':>16}"
                                         for k in KINDS))
    print()
    print("targets (issue 14): at 2,000 meetings this project ≤ 1.00× Hugo + Pagefind; "
          "at 8,000 ≤ 5× Hugo; memory ≤ 1.00× Hugo at every size")


def find_pagefind(given: str | None, workdir: Path) -> str:
    """--pagefind, else one on PATH, else npm's pagefind installed into the work folder."""
    for candidate in (given, shutil.which("pagefind")):
        if candidate and Path(candidate).exists():
            return str(candidate)
    prefix = workdir / f"pagefind-{PAGEFIND_VERSION}"
    binary = prefix / "node_modules" / ".bin" / "pagefind"
    if not binary.exists() and shutil.which("npm"):
        print(f"installing pagefind@{PAGEFIND_VERSION} into {prefix}", flush=True)
        subprocess.run(["npm", "install", "--prefix", str(prefix), "--no-audit", "--no-fund",
                        f"pagefind@{PAGEFIND_VERSION}"], capture_output=True, text=True)
    if binary.exists():
        return str(binary)
    raise SystemExit(f"Pagefind not found: npm install --prefix {prefix} "
                     f"pagefind@{PAGEFIND_VERSION}, or pass --pagefind PATH")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="300,2000,8000",
                        help="meetings per archive, comma-separated (default 300,2000,8000)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/compare-hugo"))
    parser.add_argument("--hugo", default=shutil.which("hugo"))
    parser.add_argument("--pagefind")
    args = parser.parse_args(argv)
    if not args.hugo:
        raise SystemExit("Hugo not found: apt-get install hugo (or pass --hugo PATH)")
    args.workdir.mkdir(parents=True, exist_ok=True)
    pagefind = find_pagefind(args.pagefind, args.workdir)
    versions = [subprocess.run([tool, "version" if tool == args.hugo else "--version"],
                               capture_output=True, text=True).stdout.strip()
                for tool in (args.hugo, pagefind)]
    print(f"{versions[0]}; {versions[1]}; Python {sys.version.split()[0]}; "
          f"{os.cpu_count()} cores; load {os.getloadavg()[0]:.2f}", flush=True)
    table = {}
    for meetings in (int(size) for size in args.sizes.split(",")):
        table[meetings] = measure_size(meetings, args.rounds, args.workdir, args.hugo, pagefind)
    print_table(table)
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
