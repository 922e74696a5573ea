"""The one place Jinja is set up: strict (a typo in a template fails the build), escaping."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from .. import danish
from ..build.inputs import ENGINE_TEMPLATES, template_dirs  # noqa: F401 (used from here)


def make_environment(site_root: Path, globals_: dict) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in template_dirs(site_root)]),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        dato=danish.long_date,
        ugedag_dato=danish.weekday_date,
        kort_dato=danish.short_date,
        maaned=danish.month_year,
        tidsrum=lambda t: danish.time_range(t.start, t.end) if t else "",
        klokken=danish.clock,
        filstoerrelse=danish.file_size,
    )
    env.globals.update(globals_)
    return env


@dataclass(frozen=True)
class PageEntry:
    """One HTML page to render: its URL, template, title, breadcrumbs and view data."""

    url: str
    template: str
    title: str
    context: dict = field(default_factory=dict)
    crumbs: tuple[tuple[str, str], ...] = ()


def render_entry(env: jinja2.Environment, site, entry: PageEntry) -> str:
    return env.get_template(entry.template).render(site=site, entry=entry, **entry.context)
