"""The build, stage by stage. Only this module knows the order:

    1. load and check everything (data/, content/) into the model; stop once on errors
    2. render every output into a staging folder beside the output folder
    3. the publishing gate: read every staged file as a reader would, and stop on a CPR
       number that the checks of the sources could not see (publish_gate.py)
    4. swap the staging folder in as the new output, atomically

Both cores are used for reading content files and rendering pages (`parallel.py`); with a
cache folder, unchanged files are not read again and unchanged pages not rendered again
(`build/cache.py`). Neither changes a byte of the output.
"""
from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import gc
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Sequence

from .build import bilag_texts, memory
from .build.cache import BuildCache, Memo, engine_digest
from .build.page_plan import plan_pages
from .build.page_store import PageStore
from .build.inputs import inputs_digest
from .build.parallel import MIN_PARALLEL, beside, default_jobs, in_background, map_ordered
from .build.publish import (build_lock, discard, earlier_outputs_removed, new_staging,
                            set_aside, swap_in)
from .build.writer import OutputWriter, write_to
from .problems import Problem, Problems

if TYPE_CHECKING:
    from .content.documents import FileResult, LoadContext
    from .content.loader import Task
    from .content.model import Site
    from .outputs.templating import PageEntry

# The modules that read, check and render are imported by the functions that use them: a
# build whose inputs did not change (stage 0) needs none of them, and the command line
# starts that much sooner.


def html_outputs() -> tuple:
    """Every module that makes HTML pages offers `page_entries(site) -> list[PageEntry]`."""
    from .outputs import (calendar, cases, glossary, open_data, pages, politicians,
                          subscriptions, tariff_pages, written_procedure_pages)
    from .search import index as search_index
    return (pages, search_index, cases, politicians, calendar, subscriptions, glossary,
            open_data, tariff_pages, written_procedure_pages)


@dataclass(frozen=True)
class BuildOptions:
    site_root: Path
    output: Path
    build_date: dt.date
    jobs: int = field(default_factory=default_jobs)
    cache_dir: Path | None = None  # None: no cache, everything is read and rendered
    noindex: bool = False  # not the production site: ask search engines to stay away
    preview: bool = False  # serve.py's build: drafts and embargoed documents are shown


# progress(stage, done, total): told during a build how far it has come (the CLI shows it)
Progress = Callable[[str, int, int], None]


def _no_progress(stage: str, done: int, total: int) -> None:
    pass


@dataclass
class BuildReport:
    pages: int = 0
    rendered: int = 0  # pages rendered this time (the rest were unchanged)
    files: int = 0
    seconds: float = 0.0
    warnings: list[Problem] = field(default_factory=list)
    # the preview's build: URL -> (why the public site leaves it out, file), Site.withheld
    withheld: dict[str, tuple[str, Path]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    unchanged: bool = False  # nothing had changed: the last build's output was kept as it is
    # what the build made its pages from, for the preview's quick update of one page
    # (editor/quick_update.py); None when it was `unchanged`
    model: Rendered | None = field(default=None, repr=False, compare=False)


@dataclass(frozen=True)
class Rendered:
    """A finished build's model and what it rendered the pages with."""

    site: Site
    entries: dict[str, PageEntry]  # by URL
    env: object  # the Jinja environment
    abbreviate: Callable[[str], str]
    context: LoadContext | None  # what the content files were read with
    results: dict[Path, FileResult]  # each content file as it was read
    written: list[str]  # every file of the output, relative to it


def html_entries(site: Site) -> list[PageEntry]:
    return [entry for module in html_outputs() for entry in module.page_entries(site)]


def load_and_check(options: BuildOptions, cache: BuildCache | None = None,
                   progress: Progress = _no_progress) -> tuple[Site, list[Problem]]:
    """Stage 1: everything is read and checked before anything is rendered."""
    site, warnings, _entries = _load_and_check(options, cache, progress)
    return site, warnings


def _load_and_check(options: BuildOptions, cache: BuildCache | None, progress: Progress,
                    read: dict | None = None) -> tuple[Site, list[Problem], list[PageEntry]]:
    """load_and_check, with the pages it found (the link check needs their addresses).
    `read` is given the context and results of the content files read."""
    read = {} if read is None else read
    site, problems = _load(options, cache, progress, read)
    warnings, entries = _check(site, options, problems, read.get("results", {}))
    return site, warnings, entries


def _load(options: BuildOptions, cache: BuildCache | None, progress: Progress,
          read: dict | None = None, keep: bool = False) -> tuple[Site, Problems]:
    """`keep`: the model stays to the end of the build; the cyclic garbage collector is
    to leave it alone from now on (`build` lets it go)."""
    from .content.loader import load_site
    from .search.index_builder import collector_paused
    problems = Problems(options.site_root)
    # The model is millions of objects, made at once and kept: the cyclic garbage
    # collector would walk all of them again and again while they are made (and once
    # more at the first allocation after it is back on, unless they are frozen first:
    # 0.1 s at 2,000 meetings).
    with collector_paused():
        site = load_site(options.site_root, options.build_date, problems,
                         read_files=_file_reader(cache, options.jobs, progress, read),
                         show_unpublished=options.preview)
        if keep:
            gc.freeze()
    if any(p.path.startswith("data/") for p in problems.errors):
        problems.raise_if_errors()  # a broken data/ file: the pages' checks would only echo it
    return site, problems


def _check(site: Site, options: BuildOptions, problems: Problems,
           results: dict[Path, FileResult]) -> tuple[list[Problem], list[PageEntry]]:
    """The editors' checks and the link check; `results`: the content files as they were
    read (with what the editors' checks of each one's text found)."""
    from . import urls
    from .content import written_procedures
    from .guards import editor_checks
    from .guards.links import check_links
    from .outputs import tariff_pages
    from .outputs.attachments import attachment_urls
    # the editors' checks run in a worker while this process finds the pages and checks
    # the links (at 2,000 meetings each side takes about a second); problems are sorted
    # when they are read, so the order they are found in does not matter
    texts = {path: result.text for path, result in results.items()}
    with beside(options.jobs, len(site.meetings), lambda: editor_checks.site_problems(
            site, options.site_root, options.preview, texts)) as checked:
        entries = html_entries(site)
        known = {entry.url for entry in entries} | set(attachment_urls(site))
        known |= set(tariff_pages.download_urls(site))
        known |= set(written_procedures.bilag_urls(site))
        anchors = {m.url: {i.anchor for i in m.items} for m in site.meetings}
        anchors.update({a.url: set(a.part_anchors) | set(urls.AGREEMENT_PAGE_IDS)
                        for a in site.agreements})
        check_links(site, known, anchors, problems)
        problems.items += checked()
    problems.raise_if_errors()
    return problems.warnings, entries


def build(options: BuildOptions, progress: Progress = _no_progress,
          cache: BuildCache | None = None) -> BuildReport:
    """`cache`: one kept by a process that builds again and again (the preview), which then
    need not read it back from disk; by default the cache of `options.cache_dir`."""
    started = time.perf_counter()
    if cache is None and options.cache_dir:
        cache = open_cache(options)
    inputs = None
    if cache:  # stage 0: a build whose inputs did not change has nothing to do
        inputs = inputs_digest(options.site_root, _own_folders(options))
        with build_lock(options.output):
            last = cache.last_build(_build_key(options), inputs, options.output)
        if last is not None:
            return dataclasses.replace(last, rendered=0, unchanged=True,
                                       seconds=time.perf_counter() - started)
    memory.large_blocks_apart()
    try:
        with contextlib.ExitStack() as workers:  # a worker beside the build ends with it
            report = _build(options, progress, cache, workers)
    finally:
        gc.unfreeze()  # the model may go now (the preview builds again and again)
    if cache:
        cache.save_last_build(_build_key(options), inputs, options.output,
                              report.model.written, dataclasses.replace(report, model=None))
    report.seconds = time.perf_counter() - started
    return report


def _build(options: BuildOptions, progress: Progress, cache: BuildCache | None,
           workers: contextlib.ExitStack) -> BuildReport:
    from . import urls
    from .content import tariffs, written_procedures
    from .outputs import (calendar, feeds, glossary, netlify, open_data, pages, tariff_pages)
    from .outputs.assets import collect_assets
    from .outputs.attachments import write_attachments
    from .outputs.sitemap import render_sitemap
    from .outputs.templating import make_environment
    from .guards import publish_gate
    from .search import bilag_search
    from .search import index as search_index
    # the old outputs earlier builds set aside go while this one loads (on one core)
    workers.enter_context(earlier_outputs_removed(options.output, options.jobs))
    read: dict = {}
    site, problems = _load(options, cache, progress, read, keep=True)
    # With few parts of the search index to make (an edit), one worker makes the whole
    # index from here on, beside the checks and the other outputs; else the workers make
    # the parts below. The index reads bilag texts through the folder the gate reads them
    # through (without a cache folder, one of this build's own): each is extracted once.
    texts = bilag_texts.kept_folder(options.cache_dir) or workers.enter_context(
        bilag_texts.build_folder(options.output))
    workers.enter_context(bilag_search.kept_in(texts))
    search_memo = cache.memo("search") if cache else Memo(None)
    apart = search_index.parts_to_make(site, search_memo) < MIN_PARALLEL
    finished = workers.enter_context(beside(options.jobs if apart else 1, len(site.meetings),
                                            lambda: search_index.finished(site, search_memo)))
    warnings, entries = _check(site, options, problems, read.get("results", {}))
    assets = collect_assets(options.site_root)
    env = make_environment(options.site_root, {
        "asset": assets.url, "urls": urls, "meeting_title": pages.meeting_title,
        "nav_items": pages.NAV_ITEMS, "footer_items": pages.FOOTER_ITEMS,
        "tariff_changes_at": lambda meeting, number: tariffs.changes_decided_at(
            site, meeting, number),
        "tariff_kroner": tariff_pages.kroner,
        "hidden_sections": pages.hidden_sections(site),
    })
    report = BuildReport(warnings=warnings, withheld={
        url: (reason, path) for url, reason, path in site.withheld})
    with build_lock(options.output):
        staging = new_staging(options.output)
        try:
            previous = cache.previous_outputs(options.output) if cache else {}
            writer = OutputWriter(staging, options.output if cache else None, previous)
            abbreviate = glossary.abbreviator(site)
            memos = {name: cache.memo(name) if cache else Memo(None)
                     for name in ("calendar", "open_data")} | {"search": search_memo}
            store = PageStore(cache.folder) if cache else None
            reader = bilag_texts.reader(texts)
            gated = cache.gated_files() if cache else frozenset()
            fingerprints, todo = plan_pages(site, entries, writer, options.site_root,
                                            options.output, previous, store)
            report.pages, report.rendered = len(entries), len(todo)
            progress("skriver sider", 0, len(todo))
            # The workers make the meetings' parts of the search index (unless one worker
            # makes it all, above) and render the pages while this process writes the
            # outputs made in one piece, then puts the index together (one core: one after
            # the other).
            search = None if apart else search_index.plan(site, memos["search"])
            with in_background(options.jobs, {
                "search": (lambda index: search_index.meeting_part(site, index),
                           search.todo if search else []),
                "pages": (lambda task: write_to(task[1], render_page(env, site, task[0],
                                                                      abbreviate)), todo),
            }, {"pages": lambda done: progress("skriver sider", done, len(todo))}) as results:
                fingerprints.update(write_attachments(site, writer, previous))
                assets.write(writer)
                render_sitemap(site, writer)
                feeds.write_feeds(site, writer)
                calendar.write_calendars(site, writer, memos["calendar"])
                open_data.write_open_data(site, writer, memos["open_data"])
                tariff_pages.write_downloads(site, writer)
                written_procedures.write_bilag(site, writer)
                netlify.write_deploy_files(site, writer, noindex=options.noindex)
                early: dict = {}
                if search:
                    note = search_index.write_search_index(site, writer, search,
                                                           results("search"), memos["search"])
                else:  # a worker of the gate reads what is written while this process
                    # writes the index (made by its own worker meanwhile)
                    written = writer.written.keys() - writer.reserved
                    with beside(options.jobs, len(site.meetings), lambda: publish_gate.read_early(
                            staging, written, site, reader, gated)) as read_early:
                        note = search_index.write_finished(writer, finished(), memos["search"])
                        early = read_early()
                report.notes.append(note)
                results("pages")
            memory.give_back()  # what laying out the index took, before the gate forks
            progress("tjekker det færdige site", 0, len(writer.written))
            _gate(site, staging, writer, options, report, cache, reader, gated, early)
            if cache:  # a build killed between the swap and the new list must not leave
                cache.save_outputs(options.output, {})  # the old list to a newer output
            swap_in(staging, options.output,
                    remove_old=lambda old: set_aside(old, options.output))
        except BaseException:
            discard(staging)
            raise
        if cache:
            cache.save_outputs(options.output, fingerprints | writer.fingerprints)
            store.keep(options.output, fingerprints)
            for memo in memos.values():
                memo.save()
    report.files = len(writer.written)
    report.model = Rendered(site, {entry.url: entry for entry in entries}, env, abbreviate,
                            read.get("context"), read.get("results", {}), list(writer.written))
    return report


def _build_key(options: BuildOptions) -> tuple:
    """What of the options shapes the output (the number of processes does not)."""
    return (str(options.site_root), str(options.output), options.build_date.isoformat(),
            options.noindex, options.preview)


def _own_folders(options: BuildOptions) -> list[Path]:
    """The folders at the top of the site folder that builds write (the output and the
    cache), which are no inputs."""
    own = []
    for folder in (options.output, options.cache_dir):
        if folder is not None and folder.is_relative_to(options.site_root) \
                and folder != options.site_root:
            own.append(options.site_root / folder.relative_to(options.site_root).parts[0])
    return own


def _gate(site: Site, staging: Path, writer: OutputWriter, options: BuildOptions,
          report: BuildReport, cache: BuildCache | None, reader, gated: frozenset,
          early: dict) -> None:
    """Stage 3: nothing with a CPR number in it is published, however it got there. With
    a cache, the files taken over unchanged from the last (checked) output (`gated`) are
    not read again, nor those read `early` (publish_gate.read_early) and unchanged since."""
    from .guards import publish_gate
    problems = Problems(options.site_root)
    clean = publish_gate.check_published(
        staging, options.output, writer.written, site, problems, reader, options.jobs,
        gated, early)
    report.warnings.extend(problems.warnings)
    problems.raise_if_errors()
    if cache:
        cache.save_gated_files(clean)


def open_cache(options: BuildOptions) -> BuildCache:
    return BuildCache(options.cache_dir, engine_digest())


def render_page(env, site: Site, entry: PageEntry,
                abbreviate: Callable[[str], str] | None = None) -> str:
    """One page's final HTML; `abbreviate` marks the glossary's abbreviations (glossary.py)."""
    from .outputs.templating import render_entry
    html = render_entry(env, site, entry)
    return abbreviate(html) if abbreviate else html


def _file_reader(cache: BuildCache | None, jobs: int, progress: Progress = _no_progress,
                 seen: dict | None = None):
    """Read content files: from the cache where unchanged, the rest in parallel. `seen` is
    given the context and the results."""
    from .content.documents import read_document, with_current_time

    def read(tasks: Sequence[Task], ctx: LoadContext) -> list[FileResult]:
        results: list[FileResult | None] = [
            cache.get_document(kind, path, ctx, with_current_time) if cache else None
            for kind, path in tasks]
        missing = [i for i, result in enumerate(results) if result is None]
        progress("læser indhold", 0, len(missing))
        fresh = map_ordered(lambda task: read_document(task[0], task[1], ctx),
                            [tasks[i] for i in missing], jobs,
                            lambda done: progress("læser indhold", done, len(missing)))
        for index, result in zip(missing, fresh):
            kind, path = tasks[index]
            results[index] = cache.put_document(kind, path, ctx, result) if cache else result
        if cache:
            cache.hits += len(tasks) - len(missing)
            cache.misses += len(missing)
        if seen is not None:
            seen["context"] = ctx
            seen["results"] = {path: result for (_kind, path), result in zip(tasks, results)}
        return results
    return read
