"""The build, stage by stage. Only this module knows the order:

    1. load and check everything (data/, content/) into the model; stop once on errors
    2. render every output into a staging folder beside the output folder
    3. swap the staging folder in as the new output, atomically
"""
from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import pages, urls
from .assets import collect_assets
from .attachments import attachment_urls, write_attachments
from .links import check_links
from .loader import load_site
from .model import Site
from .problems import Problem, Problems
from .publish import build_lock, discard, new_staging, swap_in
from .sitemap import render_sitemap
from .templating import PageEntry, make_environment, render_entry
from .writer import OutputWriter

# Every module that makes HTML pages offers `page_entries(site) -> list[PageEntry]`.
HTML_OUTPUTS = (pages,)


@dataclass(frozen=True)
class BuildOptions:
    site_root: Path
    output: Path
    build_date: dt.date


@dataclass
class BuildReport:
    pages: int = 0
    files: int = 0
    seconds: float = 0.0
    warnings: list[Problem] = field(default_factory=list)


def html_entries(site: Site) -> list[PageEntry]:
    return [entry for module in HTML_OUTPUTS for entry in module.page_entries(site)]


def load_and_check(options: BuildOptions) -> tuple[Site, list[Problem]]:
    """Stage 1: everything is read and checked before anything is rendered."""
    problems = Problems(options.site_root)
    site = load_site(options.site_root, options.build_date, problems)
    known = {entry.url for entry in html_entries(site)} | set(attachment_urls(site))
    anchors = {m.url: {i.anchor for i in m.items} for m in site.meetings}
    check_links(site, known, anchors, problems)
    problems.raise_if_errors()
    return site, problems.warnings


def build(options: BuildOptions) -> BuildReport:
    started = time.perf_counter()
    site, warnings = load_and_check(options)
    assets = collect_assets(options.site_root)
    env = make_environment(options.site_root, {
        "asset": assets.url, "urls": urls, "meeting_title": pages.meeting_title,
        "nav_items": pages.NAV_ITEMS, "footer_items": pages.FOOTER_ITEMS,
    })
    report = BuildReport(warnings=warnings)
    with build_lock(options.output):
        staging = new_staging(options.output)
        try:
            writer = OutputWriter(staging)
            entries = html_entries(site)
            for entry in entries:
                writer.write(urls.output_path(entry.url), render_entry(env, site, entry),
                             entry.template)
            report.pages = len(entries)
            write_attachments(site, writer)
            assets.write(writer)
            render_sitemap(site, writer)
            swap_in(staging, options.output)
        except BaseException:
            discard(staging)
            raise
    report.files = len(writer.written)
    report.seconds = time.perf_counter() - started
    return report
