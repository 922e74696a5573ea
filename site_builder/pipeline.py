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

from . import urls
from .assets import collect_assets
from .attachments import attachment_urls, write_attachments
from .links import check_links
from .loader import load_site
from .model import Site
from .pages import FOOTER_ITEMS, NAV_ITEMS, page_entries, render_pages
from .problems import Problem, Problems
from .publish import build_lock, discard, new_staging, swap_in
from .sitemap import render_sitemap
from .templating import make_environment
from .writer import OutputWriter


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


def load_and_check(options: BuildOptions) -> tuple[Site, list[Problem]]:
    """Stage 1: everything is read and checked before anything is rendered."""
    problems = Problems(options.site_root)
    site = load_site(options.site_root, options.build_date, problems)
    known = {entry.url for entry in page_entries(site)} | set(attachment_urls(site))
    anchors = {m.url: {i.anchor for i in m.items} for m in site.meetings}
    check_links(site, known, anchors, problems)
    problems.raise_if_errors()
    return site, problems.warnings


def build(options: BuildOptions) -> BuildReport:
    started = time.perf_counter()
    site, warnings = load_and_check(options)
    assets = collect_assets(options.site_root)
    env = make_environment(options.site_root, {
        "asset": assets.url, "urls": urls, "nav_items": NAV_ITEMS, "footer_items": FOOTER_ITEMS,
    })
    report = BuildReport(warnings=warnings)
    with build_lock(options.output):
        staging = new_staging(options.output)
        try:
            writer = OutputWriter(staging)
            report.pages = render_pages(site, env, writer)
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
