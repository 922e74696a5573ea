"""`python build.py serve`: a local preview that rebuilds on every change and reloads the page.

    build into <site>/.preview/public  ->  serve it on 127.0.0.1  ->  watch content/, data/
    and templates/  ->  on a change: build again, then tell the open pages to reload

The server only ever serves a complete build: `pipeline.build` builds beside the preview
folder and swaps the result in at once. When the content has errors, the last good
build stays in the folder, and every page the editor opens shows the errors instead (in
Danish, with file and line), until a build succeeds again.

Drafts (`kladde: ja`) and documents under embargo (`offentlig_fra:` after the build date)
are shown in the preview, each with a banner that says it is not published: the preview's
build options say `preview=True` (with their own output folder and cache), so the loader
reads them and names them in the build report, and the banner goes in as the page is
served. The public build never does either.

Placeholders from `python build.py new` stop the public build, but not the preview's: there
they are warnings that name their page (`Problem.page`), and that page gets a banner that
lists them, with file and line, until they are replaced.

Every HTML page gets one extra `<script src="/__preview.js">`, served from here (never
written into the output). It listens on `/__reload` (Server-Sent Events) and reloads the
page when a build has finished. The server sends the headers of netlify.toml, so the
preview is held to the same Content-Security-Policy as the published site.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import errno
import html
import os
import re
import signal
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import NamedTuple, Sequence
from urllib.parse import parse_qs, urlsplit

import watchfiles

from .. import danish, pipeline
from ..build.cache import BuildCache
from ..content import markdown_html
from ..outputs import netlify
from ..outputs.templating import template_dirs
from ..problems import OutputError, Problem, Problems, SiteError
from . import handbook, message_kinds

PREVIEW_FOLDER = ".preview"
ASSETS = Path(__file__).resolve().parent / "preview"
DEBOUNCE_MS = 300  # changes closer together than this make one rebuild
PING_SECONDS = 15
DRAFT_BANNER = "Kladde – offentliggøres ikke"
PROBLEM_BANNER = "Kan ikke offentliggøres endnu"
HANDBOOK = "/__haandbog/"  # the handbook's pages, e.g. /__haandbog/fejlbeskeder.md


class ServeError(Exception):
    """The preview cannot start (e.g. the port is taken); the message is Danish."""


def preview_output(site_root: Path) -> Path:
    return site_root / PREVIEW_FOLDER / "public"


def watched_folders(site_root: Path) -> list[Path]:
    folders = [site_root / "content", site_root / "data", *template_dirs(site_root)]
    return [f for f in folders if f.is_dir()]


class Notice(NamedTuple):
    """A banner at the top of a page in the preview."""

    title: str
    detail: str
    anchor: str = "forhaandsvisning-kladde"  # the banner's id
    items: tuple[str, ...] = ()  # shown as a list under the detail


class BuildState:
    """The outcome of the latest build, shared by the builder and the request threads."""

    def __init__(self) -> None:
        self.generation = 0  # counts finished builds; pages know the one they were made in
        self.errors: list[Problem] = []
        # URL -> its banners: what the public site leaves out (drafts, embargo) or would
        # not build with (placeholders), but the preview shows
        self.unpublished: dict[str, list[Notice]] = {}
        self.closed = False
        self._changed = threading.Condition()

    def finish(self, errors: list[Problem],
               unpublished: dict[str, list[Notice]] | None = None) -> None:
        with self._changed:
            self.errors = list(errors)
            if unpublished is not None:
                self.unpublished = dict(unpublished)
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


def serve(options: pipeline.BuildOptions, port: int = 8000) -> int:
    """Build, serve and rebuild until Ctrl-C; returns the exit code."""
    state = BuildState()
    site_root = options.site_root
    server = _start_server(port, state, options.output)  # a taken port stops us at once
    say(f"Bygger forhåndsvisningen af {site_root} …")
    # one cache for every build of the preview: what one build read stays in memory
    cache = pipeline.open_cache(options) if options.cache_dir else None
    try:
        rebuild(options, state, cache)
    except BaseException:
        server.server_close()
        raise
    thread = threading.Thread(target=server.serve_forever, name="preview-server", daemon=True)
    thread.start()
    # Ctrl-C and `kill` stop the preview the same clean way (also when started in the
    # background, where a shell may have set Ctrl-C to be ignored).
    handlers = {sig: signal.signal(sig, _interrupt) for sig in (signal.SIGINT, signal.SIGTERM)}
    say(f"Forhåndsvisning: http://127.0.0.1:{server.server_address[1]}/  "
        "(siden opdateres selv, når du gemmer; stop med Ctrl-C)")
    try:
        for changes in watchfiles.watch(*watched_folders(site_root), debounce=DEBOUNCE_MS,
                                        step=50, raise_interrupt=True):
            names = sorted({Problems(site_root).relative(path) for change, path in changes
                            if Path(path).exists() or Path(path).suffix})
            say("Ændret: " + ", ".join(names[:3]) + (" …" if len(names) > 3 else ""))
            rebuild(options, state, cache)
    except KeyboardInterrupt:
        pass
    finally:
        state.close()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
    say("Forhåndsvisningen er stoppet.")
    return 0


def rebuild(options: pipeline.BuildOptions, state: BuildState,
            cache: BuildCache | None = None) -> None:
    """One build; its outcome goes to the state (and so to the open pages) either way."""
    try:
        report = pipeline.build(options, cache=cache)
    except SiteError as exc:
        for problem in exc.problems:
            print(problem.format(), file=sys.stderr, flush=True)
        say(f"{len(exc.problems)} fejl i indholdet: de vises i browseren, indtil de er rettet.")
        message_kinds.collect()  # read once, so the error page links its messages at once
        state.finish(exc.problems)
        return
    except OutputError as exc:
        say(f"fejl: {exc}")
        state.finish([Problem("", None, None, str(exc))])
        return
    except Exception as exc:  # a bug in the engine: keep serving, show it, let it be fixed
        if os.environ.get("SITE_DEBUG"):
            raise
        message = f"intern fejl i byggeværktøjet ({type(exc).__name__}: {exc}); meld fejlen"
        say(message)
        state.finish([Problem("", None, None, message)])
        return
    for problem in report.warnings:
        print(problem.format(), file=sys.stderr, flush=True)
    seconds = f"{report.seconds:.1f}".replace(".", ",")
    say(f"Bygget på {seconds} s: {report.pages} sider ({report.rendered} nye), "
        f"{len(report.warnings)} advarsl{'e' if len(report.warnings) == 1 else 'er'}.")
    unpublished = notices(report.withheld, options.site_root)
    if unpublished:
        say(f"Forhåndsvisningen viser {len(unpublished)} "
            f"{'side' if len(unpublished) == 1 else 'sider'}, der ikke offentliggøres "
            "(kladder og embargo), med et banner øverst.")
    unfinished = problem_notices(report.warnings)
    if unfinished:
        say(f"{len(unfinished)} {'side' if len(unfinished) == 1 else 'sider'} har "
            "pladsholdere, som python build.py stopper på; de vises med et banner øverst.")
    banners: dict[str, list[Notice]] = {}
    for found in (unpublished, unfinished):
        for url, notice in found.items():
            banners.setdefault(url, []).append(notice)
    state.finish([], banners)


def notices(withheld: dict[str, tuple[str, Path]], site_root: Path) -> dict[str, Notice]:
    """URL -> banner for each page the public site leaves out (a draft, or a document under
    embargo: `BuildReport.withheld`)."""
    found: dict[str, Notice] = {}
    for url, (reason, path) in sorted(withheld.items()):
        shown = Problems(site_root).relative(path)
        if reason == "kladde":
            found[url] = Notice(DRAFT_BANNER, "Siden vises kun i forhåndsvisningen, fordi der "
                                f"står kladde: ja i {shown}.")
        else:
            start = dt.date.fromisoformat(reason)
            found[url] = Notice(f"Offentliggøres først den {danish.long_date(start)}",
                                "Siden vises kun i forhåndsvisningen, fordi der står "
                                f"offentlig_fra: {reason} i {shown}.")
    return found


def problem_notices(warnings: Sequence[Problem]) -> dict[str, Notice]:
    """URL -> banner for each page with problems that stop the public build but not the
    preview's (`Problem.page`: placeholders from `python build.py new`)."""
    by_page: dict[str, list[str]] = {}
    for problem in warnings:
        if problem.page:
            where = f"{problem.path}:{problem.line}" if problem.line else problem.path
            what = f"{problem.field}: {problem.message}" if problem.field else problem.message
            by_page.setdefault(problem.page, []).append(f"{where}: {what}")
    return {url: Notice(PROBLEM_BANNER, "Forhåndsvisningen viser siden, men python build.py "
                        "og check stopper, indtil dette er rettet:",
                        "forhaandsvisning-pladsholdere", tuple(items))
            for url, items in sorted(by_page.items())}


def say(text: str) -> None:
    print(text, flush=True)


def _interrupt(signum, frame):
    raise KeyboardInterrupt


# The server ------------------------------------------------------------------------------

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


def add_banner(page: str, banners: Sequence[Notice]) -> str:
    """The preview's banners at the top of a page that the public site leaves out, or that
    the public build would stop on."""
    banner = "".join(
        f'<div class="preview-banner" role="note" id="{notice.anchor}">'
        f"<strong>{html.escape(notice.title)}.</strong> {html.escape(notice.detail)}"
        + ("<ul>" + "".join(f"<li>{html.escape(item)}</li>" for item in notice.items)
           + "</ul>" if notice.items else "")
        + "</div>\n" for notice in banners)
    head = page.find("</head>")
    if head >= 0:
        page = page[:head] + '<link rel="stylesheet" href="/__preview-banner.css">\n' + page[head:]
    body = page.find("<body")
    start = page.find(">", body) + 1 if body >= 0 else 0
    return page[:start] + "\n" + banner + page[start:]


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")


def inject_preview_script(page: str, generation: int) -> str:
    tag = f'<script src="/__preview.js?v={generation}" defer></script>\n'
    index = page.find("</head>")
    return page[:index] + tag + page[index:] if index >= 0 else page + tag


def error_page(errors: list[Problem]) -> str:
    """The page shown instead of every page while the content has errors. Each message
    links to its entry in the handbook's "Fejlbeskeder" (message_kinds.handbook_anchor)."""
    count = len(errors)
    items = "\n".join(
        "<li><span class=\"where\">"
        + html.escape(f"{p.path}:{p.line}" if p.line else p.path or "byggeværktøjet")
        + "</span>" + (f"<strong>{html.escape(p.field)}:</strong> " if p.field else "")
        + html.escape(p.message) + _help_link(p.message) + "</li>"
        for p in errors)
    title = f"{count} fejl i indholdet"
    return f"""<!doctype html>
<html lang="da">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} – forhåndsvisning</title>
<link rel="stylesheet" href="/__preview.css">
</head>
<body>
<main class="preview-errors" id="forhaandsvisning-fejl">
<h1>Sitet kan ikke bygges: {title}</h1>
<p>Ret {"fejlen" if count == 1 else "fejlene"} herunder, og gem filen. Siden opdaterer sig
selv, så snart indholdet kan bygges igen.</p>
<ol>
{items}
</ol>
<p class="note">Hvad beskederne betyder, og hvad du gør ved dem, står i håndbogen under
<a href="{HANDBOOK}fejlbeskeder.md">»Fejlbeskeder«</a> (docs/fejlbeskeder.md). Det
offentlige site er ikke ændret.</p>
</main>
</body>
</html>
"""


def _help_link(message: str) -> str:
    """A link to the handbook's entry for a message, or "" for a message of no known kind
    (the page's note links the whole "Fejlbeskeder")."""
    anchor = message_kinds.handbook_anchor(message)
    if anchor is None:
        return ""
    return (f' <a class="help" href="{HANDBOOK}{message_kinds.HANDBOOK_PAGE}#{anchor}">'
            "Hvad betyder beskeden?</a>")


# An entry's anchor in docs/fejlbeskeder.md (<a id="...">): the Markdown renderer removes
# raw HTML ids, so each is carried through it as text between two private-use characters.
_ENTRY_ANCHOR = re.compile(r'<a id="([a-z0-9-]+)"></a>')
_CARRIED_ANCHOR = re.compile("\ue000([a-z0-9-]+)\ue001")


def handbook_page(name: str) -> str | None:
    """A page of the editors' handbook (docs/), for the links from the error page: the
    preview shows it itself, so it needs neither MkDocs nor a built handbook."""
    if name == handbook.REFERENCE:
        text = handbook.key_reference()
    elif re.fullmatch(r"[a-z0-9-]+\.md", name) and (handbook.DOCS / name).is_file():
        text = (handbook.DOCS / name).read_text(encoding="utf-8")
    else:
        return None
    first, _, rest = text.partition("\n")
    title = first.removeprefix("# ").strip() if first.startswith("# ") else "Håndbogen"
    text = _ENTRY_ANCHOR.sub("\ue000\\1\ue001", rest if first.startswith("# ") else text)
    body = _CARRIED_ANCHOR.sub(r'<a id="\1"></a>',
                               markdown_html.render(text, parent_level=1))
    return f"""<!doctype html>
<html lang="da">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)} – redaktørhåndbogen</title>
<link rel="stylesheet" href="/__preview.css">
</head>
<body class="preview-handbook-page">
<main class="preview-handbook">
<p><a href="/">Tilbage til forhåndsvisningen</a> · <a href="index.md">Håndbogens forside</a></p>
<h1>{html.escape(title)}</h1>
{body}
</main>
</body>
</html>
"""


def preview_options(options: pipeline.BuildOptions,
                    output: Path | None = None) -> pipeline.BuildOptions:
    """The options for the preview: its own output folder and build cache."""
    output = output or preview_output(options.site_root)
    # its own cache: the preview's documents include drafts, the public build's never do
    return dataclasses.replace(
        options, output=output, preview=True,
        cache_dir=output.parent / "cache-med-kladder" if options.cache_dir else None)
