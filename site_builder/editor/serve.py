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

Every HTML page gets one extra `<script src="/__preview.js">`, served by the preview (never
written into the output). It listens on `/__reload` (Server-Sent Events) and reloads the
page when a build has finished. The server sends the headers of netlify.toml, so the
preview is held to the same Content-Security-Policy as the published site.

This module keeps the entry points (`serve`, `rebuild`, `preview_options`) and the watching
and rebuilding; the HTTP server and its handler are in preview_server.py, and the pages the
preview makes itself (error page, handbook pages, banners, the reload script's tag) in
preview_pages.py.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import os
import signal
import sys
import threading
import time
from pathlib import Path
from typing import Sequence

import watchfiles

from .. import danish, pipeline
from ..build.cache import BuildCache
from ..outputs.templating import template_dirs
from ..problems import OutputError, Problem, Problems, SiteError
from . import PREVIEW_FOLDER, message_kinds
# cli.py and the tests also take ServeError, HANDBOOK, error_page and handbook_page from here
from .preview_pages import HANDBOOK, Notice, error_page, handbook_page  # noqa: F401
from .preview_server import BuildState, ServeError, _start_server, say  # noqa: F401

DEBOUNCE_MS = 300  # changes closer together than this make one rebuild
WATCH_STEP_MS = 30  # a change is handled once the files have been still this long
QUICK_GRACE = 0.4  # seconds between a quick update and the full build: the reload first
DRAFT_BANNER = "Kladde – offentliggøres ikke"
PROBLEM_BANNER = "Kan ikke offentliggøres endnu"


def preview_output(site_root: Path) -> Path:
    return site_root / PREVIEW_FOLDER / "public"


def watched_folders(site_root: Path) -> list[Path]:
    folders = [site_root / "content", site_root / "data", *template_dirs(site_root)]
    return [f for f in folders if f.is_dir()]


def serve(options: pipeline.BuildOptions, port: int = 8000) -> int:
    """Build, serve and rebuild until Ctrl-C; returns the exit code."""
    state = BuildState()
    site_root = options.site_root
    server = _start_server(port, state, options.output)  # a taken port stops us at once
    say(f"Bygger forhåndsvisningen af {site_root} …")
    # one cache for every build of the preview: what one build read stays in memory
    cache = pipeline.open_cache(options) if options.cache_dir else None
    kept = _Kept()
    try:
        kept.model = _model(rebuild(options, state, cache))
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
    watcher = threading.Thread(target=_watch, args=(site_root, state, kept),
                               name="preview-watcher", daemon=True)
    watcher.start()
    try:
        while True:  # the full builds, here: Ctrl-C stops one as it stops the preview
            seen_quick = kept.next_build()
            report = rebuild(options, state, cache, seen_quick)
            with kept.lock:
                kept.model = _model(report) or kept.model
    except KeyboardInterrupt:
        pass
    finally:
        kept.stop.set()
        state.close()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
        watcher.join(timeout=5)
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
    say("Forhåndsvisningen er stoppet.")
    return 0


class _Kept:
    """What the watcher and the builder share: the last build's model (with the quick
    updates since) and whether a full build is wanted, from when."""

    def __init__(self) -> None:
        self.model: pipeline.Rendered | None = None
        self.lock = threading.Lock()  # for `model`
        self.stop = threading.Event()
        self._wanted = threading.Condition()
        self._due: float | None = None  # monotonic time of the next full build
        self._quick = 0  # quick updates asked for so far

    def want_build(self, delay: float, quick: int) -> None:
        with self._wanted:
            due = time.monotonic() + delay  # the earliest asked for: none waits longer
            self._due = due if self._due is None else min(self._due, due)
            self._quick = max(self._quick, quick)
            self._wanted.notify_all()

    def next_build(self) -> int:
        """Wait until a full build is due; returns the quick updates it will include."""
        with self._wanted:
            while True:
                now = time.monotonic()
                if self._due is not None and self._due <= now:
                    self._due = None
                    return self._quick
                self._wanted.wait(0.5 if self._due is None else min(0.5, self._due - now))


def _model(report: pipeline.BuildReport | None) -> pipeline.Rendered | None:
    return report.model if report is not None else None


def _watch(site_root: Path, state: BuildState, kept: _Kept) -> None:
    """The watcher's thread: on a change, the quick update of edited meetings (shown at
    once) and then a full build (in the main thread)."""
    for changes in watchfiles.watch(*watched_folders(site_root), debounce=DEBOUNCE_MS,
                                    step=WATCH_STEP_MS, stop_event=kept.stop):
        paths = {Path(path) for _change, path in changes}
        quick = _quick_update(paths, state, kept)
        names = sorted({Problems(site_root).relative(path) for path in paths
                        if path.exists() or path.suffix})
        say("Ændret: " + ", ".join(names[:3]) + (" …" if len(names) > 3 else ""))
        # after a quick update the browser reloads first, then the full build runs
        kept.want_build(QUICK_GRACE if quick else 0.0, state.quick_updates)


def _quick_update(paths: set[Path], state: BuildState, kept: _Kept) -> bool:
    """quick_update.py's pages of the edited meetings, shown at once; False when the
    change needs the full build first."""
    from . import quick_update  # (the command line's other commands need none of it)
    started = time.perf_counter()
    with kept.lock:
        if kept.model is None or state.errors:
            return False
        try:
            found = quick_update.quick_pages(kept.model, paths)
        except Exception:  # a quick update is only a head start: the full build tells
            if os.environ.get("SITE_DEBUG"):
                raise
            return False
        if found is None:
            return False
        kept.model, pages = found
        state.show_quick(pages)
    milliseconds = round((time.perf_counter() - started) * 1000)
    say(f"Vist på {milliseconds} ms: " + ", ".join(sorted(pages)) + " (hele sitet bygges nu)")
    return True


def rebuild(options: pipeline.BuildOptions, state: BuildState,
            cache: BuildCache | None = None,
            seen_quick: int | None = None) -> pipeline.BuildReport | None:
    """One build; its outcome goes to the state (and so to the open pages) either way.
    Returns its report (None when it failed)."""
    try:
        report = pipeline.build(options, cache=cache)
    except SiteError as exc:
        for problem in exc.problems:
            print(problem.format(), file=sys.stderr, flush=True)
        say(f"{len(exc.problems)} fejl i indholdet: de vises i browseren, indtil de er rettet.")
        message_kinds.collect()  # read once, so the error page links its messages at once
        state.finish(exc.problems, seen_quick=seen_quick)
        return None
    except OutputError as exc:
        say(f"fejl: {exc}")
        state.finish([Problem("", None, None, str(exc))], seen_quick=seen_quick)
        return None
    except Exception as exc:  # a bug in the engine: keep serving, show it, let it be fixed
        if os.environ.get("SITE_DEBUG"):
            raise
        message = f"intern fejl i byggeværktøjet ({type(exc).__name__}: {exc}); meld fejlen"
        say(message)
        state.finish([Problem("", None, None, message)], seen_quick=seen_quick)
        return None
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
    state.finish([], banners, seen_quick)
    return report


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


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def preview_options(options: pipeline.BuildOptions,
                    output: Path | None = None) -> pipeline.BuildOptions:
    """The options for the preview: its own output folder and build cache."""
    output = output or preview_output(options.site_root)
    # its own cache: the preview's documents include drafts, the public build's never do
    return dataclasses.replace(
        options, output=output, preview=True,
        cache_dir=output.parent / "cache-med-kladder" if options.cache_dir else None)
