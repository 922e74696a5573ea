"""Shared by the browser tests of issue 6: serve a built site on 127.0.0.1 and name one
page of each kind that the build made. Page kinds are found in the built folder (the
template named on each page's <body>), so the kinds that other outputs add are checked too."""
from __future__ import annotations

import contextlib
import functools
import http.server
import re
import sys
import threading
from pathlib import Path

from site_builder import urls

# A strict policy like netlify.toml's (no 'unsafe-inline'): the site's scripts must work.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; "
       "img-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; "
       "object-src 'none'")

DAS_MEETING = "/organer/das/2020-05-25/"
SEARCH_QUERY = "krisecenter"  # found in item 7 of the DAS meeting
# The page that stands for its kind where there is a choice.
PREFERRED = {"meeting": DAS_MEETING, "body": "/organer/das/"}
_KIND = re.compile(r'<body[^>]*\bdata-page-kind="([^"]+)"')


class Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the built files with the strict CSP, quietly."""

    def end_headers(self):
        self.send_header("Content-Security-Policy", CSP)
        super().end_headers()

    def log_message(self, *args):
        pass


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # The browser may drop a request when a test moves on to the next page.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serve(folder: Path, handler: type[http.server.BaseHTTPRequestHandler] = Handler):
    """The built site over HTTP on 127.0.0.1; yields its base URL."""
    server = _Server(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def page_url(folder: Path, html_file: Path) -> str:
    relative = html_file.relative_to(folder).as_posix()
    if relative == "index.html":
        return "/"
    if relative.endswith("/index.html"):
        return "/" + relative[: -len("index.html")]
    return "/" + relative


def html_pages(folder: Path) -> list[str]:
    """Every HTML page of the built site, by URL."""
    return sorted(page_url(folder, p) for p in folder.rglob("*.html"))


def kind_of(folder: Path, url: str) -> str:
    """The template that made the page (base.html names it on <body>); for a page made
    otherwise, its first URL segment."""
    html = (folder / urls.output_path(url)).read_text(encoding="utf-8")
    match = _KIND.search(html)
    return match.group(1) if match else "uden skabelon: /" + url.strip("/").split("/")[0]


def page_kinds(folder: Path) -> dict[str, str]:
    """One URL per page kind; the search page is opened with a query that has results."""
    kinds: dict[str, str] = {}
    for url in html_pages(folder):
        kinds.setdefault(kind_of(folder, url), url)
    for kind, url in PREFERRED.items():
        if kind in kinds and (folder / urls.output_path(url)).is_file():
            kinds[kind] = url
    for kind, url in kinds.items():
        if url == urls.search():
            kinds[kind] = f"{url}?q={SEARCH_QUERY}"
    return kinds


def settle(page) -> None:
    """Wait until a page is ready to be judged: loaded, and a search page has its results."""
    page.wait_for_load_state("load")
    if page.locator("[data-search-page]").count():
        page.wait_for_function(
            "() => document.querySelectorAll('[data-search-results] > li').length > 0"
            " || /Ingen resultater/.test(document.body.textContent)")


DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}


@contextlib.contextmanager
def page_opener(browser, base: str, console_errors: bool = False):
    """open_(url, viewport, **context options) -> a loaded page, each in a context of its
    own; script errors (and, with `console_errors`, console errors) fail the test at the
    end."""
    contexts, problems = [], []

    def open_(url: str, viewport: dict = DESKTOP, **options):
        context = browser.new_context(viewport=viewport, **options)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15000)
        page.on("pageerror", lambda error: problems.append(str(error)))
        if console_errors:
            page.on("console",
                    lambda m: problems.append(m.text) if m.type == "error" else None)
        page.goto(base + url)
        page.wait_for_load_state("load")
        return page

    yield open_
    for context in contexts:
        context.close()
    assert not problems, problems
