"""Benchmark: search quality on the judged query set, this project beside Pagefind.

    python benchmarks/search_quality.py [--meetings 2000] [--workdir DIR] [--no-bytes]

Not a test: it prints figures and asserts nothing.

1. Quality. The judged queries of tests/search_judgements.yaml (issue 13) on the bundled
   site and the 40-meeting synthetic archive, built as tests/search_quality_harness.py
   builds them. This project: each query typed into /soeg/ in headless Chromium (the site
   served with the strict CSP), the result links read in order. Pagefind (npm `pagefind`,
   PAGEFIND_VERSION, installed with `npm install --prefix` into the work folder, not into
   package.json): `pagefind --site` over a copy of the same built pages, queried with its
   own pagefind.js in Chromium; its filters are not set up, so filter queries run without
   their filters. A Pagefind result is a page; it shows the page's link and, as its UI does
   with showSubResults, up to 3 sub-results (the headings with the most matched words): an
   item (#punkt-7, Pagefind's #punkt-7-titel) counts at the rank of the page that shows it.
   Printed per engine and site: queries whose judgement holds, recall@3 (the share of
   judged results among the first 3) and MRR (1 / rank of the first right result among
   the first 20), and the queries that fail.

2. Bytes. At --meetings meetings (the synthetic archive of benchmarks/run.py, generated once
   into the work folder and reused): the bytes fetched until the first 20 results are shown,
   for a few queries, raw and as sent (gzip for text; Pagefind's files are compressed
   already). This project: the first file, term shards and document shards (its scripts
   are listed apart); Pagefind: its entry, metadata, index chunks and fragments (pagefind.js
   and its WebAssembly apart), through pagefind.js's search() and data() of 20 results.
   And the requests for search data before anyone searches: this project's front page
   (header box) and /soeg/; Pagefind's default UI.
"""
from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.server
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import search_quality_harness as harness  # noqa: E402 (tests/ is put on the path above)

PAGEFIND_VERSION = "1.6.0"
BYTE_QUERIES = ("socialaftale", "krisecenter", "Halfway House", "takst")
SYNTHETIC_BUILD_DATE = "2026-01-15"


# Serving and recording ------------------------------------------------------------------------

class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 (the base class's name)
        pass


@contextlib.contextmanager
def served(folder: Path, strict: bool):
    """`folder` on 127.0.0.1: with the site's strict CSP (this project) or without (Pagefind
    needs WebAssembly, which that policy forbids)."""
    if strict:
        from browser_site import serve
        with serve(folder) as base:
            yield base
        return
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def served_file(folder: Path, url: str) -> bytes | None:
    path = unquote(urlparse(url).path)
    if path.endswith("/"):
        path += "index.html"
    target = (folder / path.lstrip("/")).resolve()
    return target.read_bytes() if target.is_relative_to(folder.resolve()) and \
        target.is_file() else None


def sent(data: bytes) -> int:
    """Bytes on the wire: gzip where it helps (text), as is where the file is compressed."""
    return min(len(data), len(gzip.compress(data, compresslevel=6, mtime=0)))


def kb(size: float) -> str:
    return f"{size / 1000:,.1f} kB"


# Pagefind ---------------------------------------------------------------------------------

def pagefind_binary(workdir: Path, version: str) -> Path | None:
    prefix = workdir / f"pagefind-{version}"
    binary = prefix / "node_modules" / ".bin" / "pagefind"
    if not binary.exists():
        npm = shutil.which("npm")
        if not npm:
            print("Pagefind: npm is missing, so Pagefind is left out")
            return None
        print(f"installing pagefind@{version} into {prefix} (npm install --prefix)", flush=True)
        done = subprocess.run([npm, "install", "--prefix", str(prefix), "--no-audit",
                               "--no-fund", f"pagefind@{version}"], capture_output=True,
                              text=True)
        if done.returncode != 0 or not binary.exists():
            print(f"Pagefind could not be installed: {done.stderr.strip()[-500:]}")
            return None
    return binary


def pagefind_copy(binary: Path, built: Path, target: Path) -> float:
    """A copy of a built site with Pagefind's index in /pagefind/; the seconds it took."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(built, target)
    started = time.perf_counter()
    done = subprocess.run([str(binary), "--site", str(target)], capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"pagefind --site {target} failed:\n{done.stdout}\n{done.stderr}")
    return time.perf_counter() - started


_PAGEFIND_SEARCH = """async ([query, count]) => {
  const pagefind = window.__pagefind || (window.__pagefind = await import('/pagefind/pagefind.js'));
  const found = await pagefind.search(query);
  const pages = await Promise.all(found.results.slice(0, count).map(r => r.data()));
  return pages.map(page => [page.url, page.sub_results.map(s => [s.url, s.locations.length])]);
}"""


def _pagefind_links(page_url: str, subs: list) -> tuple[str, ...]:
    shown = sorted(subs, key=lambda s: -s[1])[:3]  # stable: page order among equals
    links = [page_url] + [re.sub(r"-titel$", "", url) for url, _ in shown]
    return tuple(dict.fromkeys(links))


def pagefind_answers(browser, folder: Path, judged: list[harness.Judged]) -> list:
    with served(folder, strict=False) as base:
        context = browser.new_context()
        page = context.new_page()
        page.goto(base + "/404.html")
        answers = []
        for item in judged:
            pages = page.evaluate(_PAGEFIND_SEARCH, [item.q, 20])
            answers.append(harness.Answer([_pagefind_links(url, subs) for url, subs in pages]))
        context.close()
    return answers


def project_answers(browser, folder: Path, judged: list[harness.Judged]) -> list:
    with served(folder, strict=True) as base:
        search = harness.SearchPage(browser, base)
        try:
            return [search.search(item) for item in judged]
        finally:
            search.close()


# Quality ------------------------------------------------------------------------------------

def summary(judged: list[harness.Judged], answers: list[harness.Answer]) -> dict:
    recalls = [r for r in (harness.recall_at_3(j, a) for j, a in zip(judged, answers))
               if r is not None]
    ranks = [r for r in (harness.reciprocal_rank(j, a) for j, a in zip(judged, answers))
             if r is not None]
    failing = [(j, harness.problems(j, a), a) for j, a in zip(judged, answers)]
    failing = [(j, wrong, a) for j, wrong, a in failing if wrong]
    return {"queries": len(judged), "held": len(judged) - len(failing),
            "scored": (len(recalls), len(ranks)),
            "recall": statistics.fmean(recalls) if recalls else 0.0,
            "mrr": statistics.fmean(ranks) if ranks else 0.0, "failing": failing}


def quality(args, browser, binary: Path | None) -> None:
    judged = harness.load()
    folder = args.workdir / "judged"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    started = time.perf_counter()
    sites = harness.build_sites(folder)
    print(f"built the bundled site and the {harness.SYNTHETIC_MEETINGS}-meeting synthetic "
          f"archive in {time.perf_counter() - started:.1f} s\n")
    rows, failures = [], []
    for site, built in sites.items():
        mine = [j for j in judged if j.site == site]
        engines = [("this project", project_answers(browser, built, mine))]
        if binary:
            copy = folder / f"pagefind-{site}"
            pagefind_copy(binary, built, copy)
            engines.append((f"Pagefind {PAGEFIND_VERSION}", pagefind_answers(browser, copy, mine)))
        for engine, answers in engines:
            result = summary(mine, answers)
            rows.append((engine, site, result))
            failures.append((engine, site, result["failing"]))
    for engine in dict.fromkeys(engine for engine, _, _ in rows):
        per_site = [r for e, _, r in rows if e == engine]
        rows.append((engine, "both", {
            "queries": sum(r["queries"] for r in per_site),
            "held": sum(r["held"] for r in per_site),
            "scored": (sum(r["scored"][0] for r in per_site),
                       sum(r["scored"][1] for r in per_site)),
            "recall": _weighted(per_site, "recall", 0), "mrr": _weighted(per_site, "mrr", 1)}))
    print(f"{'engine':<16} {'site':<10} {'judgement holds':>16} {'recall@3':>9} {'MRR':>6}")
    for engine, site, r in sorted(rows, key=lambda row: (row[0], SITE_ORDER[row[1]])):
        held = f"{r['held']}/{r['queries']} ({100 * r['held'] / r['queries']:.0f} %)"
        print(f"{engine:<16} {site:<10} {held:>16} {r['recall']:>9.3f} {r['mrr']:>6.3f}")
    for engine, site, failing in failures:
        print(f"\n{engine}, {site}: {len(failing)} judgements do not hold")
        for item, wrong, answer in failing:
            found = ", ".join(result[0] for result in answer.results[:3]) or "nothing"
            print(f"  [{item.kind}] {item.id}: {'; '.join(wrong)} (first: {found})")


SITE_ORDER = {"bundled": 0, "synthetic": 1, "both": 2}


def _weighted(results: list[dict], key: str, scored: int) -> float:
    """The mean over both sites' scored queries (each site's mean weighted by how many of
    its queries it scored)."""
    counts = [r["scored"][scored] for r in results]
    return sum(r[key] * n for r, n in zip(results, counts)) / max(1, sum(counts))


# Bytes at archive scale ------------------------------------------------------------------------

def archive_outputs(args, binary: Path | None) -> tuple[Path, Path | None]:
    from benchmarks.run import prepare_archive

    archive = prepare_archive(args.workdir, args.meetings, 1, None)
    out = args.workdir / f"public-{args.meetings}"
    if out.exists():
        shutil.rmtree(out)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, str(ROOT / "build.py"), "--site", str(archive),
                           "--out", str(out), "--dato", SYNTHETIC_BUILD_DATE],
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"the build failed:\n{done.stdout}\n{done.stderr}")
    print(f"built {args.meetings} meetings in {time.perf_counter() - started:.1f} s: "
          + " ".join(line for line in done.stdout.splitlines() if "Søgeindeks" in line))
    if not binary:
        return out, None
    copy = args.workdir / f"pagefind-{args.meetings}"
    seconds = pagefind_copy(binary, out, copy)
    print(f"Pagefind indexed the same {args.meetings}-meeting pages in {seconds:.1f} s")
    return out, copy


def _item_case_number(archive: Path) -> str | None:
    for path in sorted((archive / "content" / "moeder").glob("*/*.md")):
        found = re.search(r"^ {4}sagsnr: (\S+)$", path.read_text(encoding="utf-8"), re.M)
        if found:
            return found.group(1)
    return None


class Recorder:
    """The URLs a page requests, in order."""

    def __init__(self, page):
        self.urls: list[str] = []
        page.on("request", lambda request: self.urls.append(request.url))

    def mark(self) -> int:
        return len(self.urls)


def _is_search_data(url: str) -> bool:
    path = urlparse(url).path
    return path.startswith("/soeg/") and path.endswith(".json")


def _is_search_code(url: str) -> bool:
    name = urlparse(url).path.rsplit("/", 1)[-1]
    return name.startswith(("lunr", "search-core", "search-page", "search-query"))


def _sizes(folder: Path, urls: list[str]) -> tuple[int, int, int]:
    files = [served_file(folder, url) for url in dict.fromkeys(urls)]
    files = [data for data in files if data is not None]
    return len(files), sum(map(len, files)), sum(map(sent, files))


def project_bytes(browser, out: Path, query: str) -> dict:
    with served(out, strict=True) as base:
        context = browser.new_context()
        page = context.new_page()
        record = Recorder(page)
        page.goto(base + "/", wait_until="networkidle")
        front = [u for u in record.urls if _is_search_data(u)]
        start = record.mark()
        page.goto(base + "/soeg/", wait_until="networkidle")
        before = [u for u in record.urls[start:] if _is_search_data(u)]
        searched = record.mark()
        box = page.locator("[data-search-form] input[name=q]")
        box.fill(query)
        box.press("Enter")
        page.wait_for_function(harness._DONE, timeout=60000)
        shown = page.locator("[data-search-results] > li").count()
        fetched = record.urls[searched:]
        context.close()
    data = [u for u in fetched if _is_search_data(u)]
    code = [u for u in fetched if _is_search_code(u)]
    return {"shown": shown, "front": len(front), "before": len(before),
            "data": _sizes(out, data), "code": _sizes(out, code)}


def pagefind_bytes(browser, copy: Path, query: str) -> dict:
    ui = copy / "pagefind-ui-bench"
    ui.mkdir(exist_ok=True)
    (ui / "index.html").write_text(
        '<!doctype html><html lang="da"><head><meta charset="utf-8">'
        '<link href="/pagefind/pagefind-ui.css" rel="stylesheet">'
        '<script src="/pagefind/pagefind-ui.js"></script><script src="start.js" defer></script>'
        '</head><body><div id="search"></div></body></html>', encoding="utf-8")
    (ui / "start.js").write_text(
        'new PagefindUI({element: "#search", showSubResults: true});\n', encoding="utf-8")
    with served(copy, strict=False) as base:
        context = browser.new_context()
        page = context.new_page()
        record = Recorder(page)
        page.goto(base + "/pagefind-ui-bench/", wait_until="networkidle")
        before = [u for u in record.urls if "/pagefind/" in u and
                  not re.search(r"/pagefind-ui\.(js|css)$", urlparse(u).path)]
        context.close()
        context = browser.new_context()
        page = context.new_page()
        record = Recorder(page)
        page.goto(base + "/404.html", wait_until="networkidle")
        start = record.mark()
        pages = page.evaluate(_PAGEFIND_SEARCH, [query, 20])
        fetched = [u for u in record.urls[start:] if "/pagefind/" in u]
        context.close()
    code = [u for u in fetched if re.search(r"/(pagefind\.js|wasm\.[^/]+)$", urlparse(u).path)]
    data = [u for u in fetched if u not in code]
    return {"shown": len(pages), "before": len(before), "data": _sizes(copy, data),
            "code": _sizes(copy, code)}


def byte_figures(args, browser, binary: Path | None) -> None:
    out, copy = archive_outputs(args, binary)
    from benchmarks.run import prepare_archive
    number = _item_case_number(prepare_archive(args.workdir, args.meetings, 1, None))
    queries = list(BYTE_QUERIES) + ([number] if number else [])
    first = (out / "soeg" / "indeks.json").read_bytes()
    print(f"\nThis project's first file /soeg/indeks.json: {kb(len(first))} raw, "
          f"{kb(sent(first))} gzip\n")
    print(f"Fetched until the first 20 results are shown, {args.meetings} meetings "
          "(files: raw / as sent):")
    print(f"{'query':<16} {'engine':<16} {'shown':>5} {'data files':>11} {'data raw':>11} "
          f"{'data sent':>10} {'code sent':>10} {'total sent':>11}")
    before_lines = []
    for query in queries:
        engines = [("this project", project_bytes(browser, out, query))]
        if copy:
            engines.append((f"Pagefind {PAGEFIND_VERSION}", pagefind_bytes(browser, copy, query)))
        for engine, figures in engines:
            files, raw, data_sent = figures["data"]
            code_sent = figures["code"][2]
            print(f"{query:<16} {engine:<16} {figures['shown']:>5} {files:>11} {kb(raw):>11} "
                  f"{kb(data_sent):>10} {kb(code_sent):>10} {kb(data_sent + code_sent):>11}")
        if query == queries[0]:
            mine = engines[0][1]
            before_lines.append(f"this project: {mine['front']} on the front page (header "
                                f"box), {mine['before']} on /soeg/ before the query")
            if copy:
                before_lines.append(f"Pagefind default UI: {engines[1][1]['before']} before "
                                    "the reader focuses the box")
    print("\nRequests for search data before anyone searches:")
    for line in before_lines:
        print("  " + line)
    print("(code sent: this project's lunr.js, lunr.da.js, search-*.js fetched after the page "
          "loaded - scripts the page loads up front are not counted; Pagefind's pagefind.js "
          "and its WebAssembly)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python benchmarks/search_quality.py",
                                     description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--meetings", type=int, default=2000)
    parser.add_argument("--workdir", type=Path,
                        default=Path(tempfile.gettempdir()) / "search-quality-benchmark")
    parser.add_argument("--no-bytes", action="store_true",
                        help="only the judged set's quality, not the bytes at archive scale")
    parser.add_argument("--no-pagefind", action="store_true")
    args = parser.parse_args(argv)
    args.workdir = args.workdir.resolve()
    args.workdir.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    from system_deps import CHROMIUM_ARGS, chromium
    binary = None if args.no_pagefind else pagefind_binary(args.workdir, PAGEFIND_VERSION)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        try:
            quality(args, browser, binary)
            if not args.no_bytes:
                print()
                byte_figures(args, browser, binary)
        finally:
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
