"""Search in headless Chromium: the time from the first keystroke to the first result on
/soeg/ and what the page fetched before it (benchmarks/run.py prints it)."""
from __future__ import annotations

import functools
import http.server
import statistics
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

from benchmarks.harness import gzip_size

SEARCH_INPUTS = ('main input[type="search"]', 'main input[name="q"]',  # the page's own box
                 '[role="search"] input', 'input[type="search"]', 'input[name="q"]')
RESULT_TIMEOUT = 60  # seconds


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

def search_times(runs: list[SearchRun]) -> str:
    times = [r.first_result_ms for r in runs]
    return (f"{statistics.median(times):.0f} ms (median of {len(times)}: "
            f"{', '.join(f'{t:.0f}' for t in times)})")

