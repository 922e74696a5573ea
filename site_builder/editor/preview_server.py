"""The preview's HTTP server (`python build.py serve`, see serve.py): it serves the latest
good build from the preview's output folder with the headers of netlify.toml, the preview's
own assets (site_builder/editor/preview/), the handbook's pages, and `/__reload`, the
Server-Sent Events that tell an open page to reload.

serve.py builds and writes the outcome into the shared `BuildState`; the request threads
here read it, and show the error page or a page with its banners (preview_pages.py) instead
of the built file when the state says so.
"""
from __future__ import annotations

import errno
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from ..outputs import netlify
from ..problems import Problem
from .preview_pages import (HANDBOOK, Notice, add_banner, error_page, handbook_page,
                            inject_preview_script)

ASSETS = Path(__file__).resolve().parent / "preview"
PING_SECONDS = 15


class ServeError(Exception):
    """The preview cannot start (e.g. the port is taken); the message is Danish."""


class BuildState:
    """The outcome of the latest build, shared by the builder and the request threads."""

    def __init__(self) -> None:
        self.generation = 0  # counts finished builds; pages know the one they were made in
        self.errors: list[Problem] = []
        # URL -> its banners: what the public site leaves out (drafts, embargo) or would
        # not build with (placeholders), but the preview shows
        self.unpublished: dict[str, list[Notice]] = {}
        # URL -> (number of the quick update, its HTML): pages of edited meetings made
        # before the full build that follows (quick_update.py), served instead of the file
        self.quick: dict[str, tuple[int, str]] = {}
        self.quick_updates = 0  # counts them
        self.closed = False
        self._changed = threading.Condition()

    def finish(self, errors: list[Problem],
               unpublished: dict[str, list[Notice]] | None = None,
               seen_quick: int | None = None) -> None:
        """A build has finished; `seen_quick`: the quick updates it includes (those made
        before it started; None: all)."""
        with self._changed:
            self.errors = list(errors)
            if unpublished is not None:
                self.unpublished = dict(unpublished)
            self.quick = {url: made for url, made in self.quick.items()
                          if seen_quick is not None and made[0] > seen_quick}
            self.generation += 1
            self._changed.notify_all()

    def show_quick(self, pages: dict[str, str]) -> None:
        """Pages made again from the kept model: served, and the open pages reload."""
        with self._changed:
            self.quick_updates += 1
            for url, html in pages.items():
                self.quick[url] = (self.quick_updates, html)
            self.generation += 1
            self._changed.notify_all()

    def close(self) -> None:
        with self._changed:
            self.closed = True
            self._changed.notify_all()

    def wait_for_change(self, seen: int, timeout: float) -> int | None:
        """The generation once it differs from `seen` (or after `timeout`); None: closing."""
        with self._changed:
            self._changed.wait_for(lambda: self.closed or self.generation != seen, timeout)
            return None if self.closed else self.generation


def say(text: str) -> None:
    print(text, flush=True)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        error = sys.exc_info()[1]
        if not isinstance(error, (ConnectionError, TimeoutError)):
            print(f"forhåndsvisning: fejl ved en forespørgsel ({type(error).__name__}: "
                  f"{error})", file=sys.stderr, flush=True)


def _start_server(port: int, state: BuildState, output: Path) -> _Server:
    try:
        config = netlify.load_config()
    except (OSError, ValueError) as exc:
        say(f"advarsel: netlify.toml kan ikke læses ({exc}); forhåndsvisningen sender ingen "
            "sikkerhedsheadere")
        config = {}
    handler = type("PreviewHandler", (_Handler,),
                   {"state": state, "output": output, "config": config})
    try:
        return _Server(("127.0.0.1", port), handler)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise ServeError(f"port {port} er optaget (kører forhåndsvisningen allerede?); "
                             "vælg en anden med --port, fx --port 8001") from None
        raise ServeError(f"kan ikke lytte på 127.0.0.1:{port} ({exc.strerror})") from None


class _Handler(SimpleHTTPRequestHandler):
    state: BuildState
    output: Path
    config: dict

    def __init__(self, *args, **kwargs):
        super().__init__(*args, directory=str(self.output), **kwargs)

    def log_message(self, format, *args):  # noqa: A002 (http.server's name)
        pass  # the terminal shows builds, not requests

    def end_headers(self):
        for name, value in netlify.headers_for(self.config, urlsplit(self.path).path).items():
            if name.lower() != "cache-control":
                self.send_header(name, value)
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def do_GET(self):  # noqa: N802 (http.server's name)
        path = urlsplit(self.path).path
        if path == "/__reload":
            return self._events()
        if path in ("/__preview.js", "/__preview.css", "/__preview-banner.css"):
            return self._send_asset(path)
        if path.startswith(HANDBOOK):
            page = handbook_page(path.removeprefix(HANDBOOK))
            if page is None:
                return self._send_html(404, "<h1>Siden findes ikke i håndbogen</h1>",
                                       self.state.generation)
            return self._send_html(200, page, self.state.generation)
        redirect = netlify.redirects_in(self.output).get(path.rstrip("/") or "/")
        if redirect:
            self.send_response(redirect[1])
            self.send_header("Location", redirect[0])
            self.end_headers()
            return None
        if _is_page(path):
            generation, errors = self.state.generation, self.state.errors
            if errors:
                return self._send_html(500, error_page(errors), generation)
            quick = self.state.quick.get(_page_url(path))
            if quick is not None:
                banners = self.state.unpublished.get(_page_url(path))
                return self._send_html(200, add_banner(quick[1], banners) if banners
                                       else quick[1], generation)
            target = Path(self.translate_path(path))
            if target.is_dir() and path.endswith("/"):
                target = target / "index.html"
            if target.suffix == ".html" and target.is_file():
                page = _read(target)
                banners = self.state.unpublished.get(_page_url(path))
                return self._send_html(200, add_banner(page, banners) if banners else page,
                                       generation)
            if not target.exists():
                not_found = self.output / "404.html"
                text = _read(not_found) if not_found.is_file() else "<h1>Siden findes ikke</h1>"
                banners = self.state.unpublished.get(_page_url(path))
                return self._send_html(404, add_banner(text, banners) if banners else text,
                                       generation)
        return super().do_GET()

    def _send_html(self, status: int, text: str, generation: int) -> None:
        body = inject_preview_script(text, generation).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _send_asset(self, path: str) -> None:
        name = path.removeprefix("/__")
        body = (ASSETS / name).read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "text/javascript; charset=utf-8"
                         if name.endswith(".js") else "text/css; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _events(self) -> None:
        """Server-Sent Events: one `reload` event when the next build has finished."""
        query = parse_qs(urlsplit(self.path).query).get("v", [""])[0]
        seen = int(query) if query.isdigit() else self.state.generation
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        try:
            self.wfile.write(b"retry: 1000\n\n")
            self.wfile.flush()
            while True:
                current = self.state.wait_for_change(seen, PING_SECONDS)
                if current is None:
                    return
                if current != seen:
                    self.wfile.write(f"event: reload\ndata: {current}\n\n".encode())
                    self.wfile.flush()
                    return
                self.wfile.write(b": venter\n\n")
                self.wfile.flush()
        except (ConnectionError, TimeoutError):
            return


def _is_page(path: str) -> bool:
    last = path.rsplit("/", 1)[-1]
    return path.endswith("/") or last.endswith(".html") or "." not in last


def _page_url(path: str) -> str:
    """/organer/das/2020-05-25/index.html and /organer/das/2020-05-25 -> .../2020-05-25/"""
    path = path.removesuffix("index.html")
    return path if path.endswith("/") else path + "/"


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")
