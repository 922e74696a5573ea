"""Static assets (CSS, JS) with a content hash in the file name, so they can be cached a year."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from ..build.writer import OutputWriter
from ..content.loader import OUTSIDE_FILE, OUTSIDE_FOLDER
from ..problems import Problems
from ..search.analysis import browser_scripts
from .templating import ENGINE_TEMPLATES, template_dirs


@dataclass
class Assets:
    """Maps an asset's plain name (site.css) to its fingerprinted URL."""

    files: dict[str, bytes] = field(default_factory=dict)
    urls: dict[str, str] = field(default_factory=dict)

    def add(self, name: str, data: bytes) -> str:
        digest = hashlib.sha256(data).hexdigest()[:10]
        stem, _, ext = name.rpartition(".")
        url = f"/assets/{stem}.{digest}.{ext}"
        self.files[url] = data
        self.urls[name] = url
        return url

    def url(self, name: str) -> str:
        return self.urls[name]

    def write(self, writer: OutputWriter) -> None:
        for url, data in sorted(self.files.items()):
            writer.write(url.lstrip("/"), data, "assets")


def collect_assets(site_root: Path) -> Assets:
    """The theme's own assets: templates/assets/* (a site's own templates/ may override).

    The style sheet is one file, site.css, joined from templates/assets/css/*.css in name
    order, so that each part of the site keeps its rules in a file of its own.
    """
    assets = Assets()
    seen: set[str] = set()
    css_parts: dict[str, bytes] = {}
    _refuse_links_out(site_root)
    for folder in template_dirs(site_root):
        for path in sorted((folder / "assets").glob("*")):
            if path.is_file() and path.name not in seen:
                seen.add(path.name)
                assets.add(path.name, path.read_bytes())
        for path in sorted((folder / "assets" / "css").glob("*.css")):
            css_parts.setdefault(path.name, path.read_bytes())
    assets.add("site.css", b"\n".join(css_parts[name] for name in sorted(css_parts)))
    add_search_scripts(assets)
    return assets


def _refuse_links_out(site_root: Path) -> None:
    """A file in a template folder that is a symlink out of its site (templates/assets/x.txt
    -> /proc/self/environ) would be published or rendered: stop the build instead, before
    anything is written."""
    problems = Problems(site_root)
    for folder in template_dirs(site_root):
        own = folder.resolve() != ENGINE_TEMPLATES.resolve()
        base = site_root.resolve() if own else ENGINE_TEMPLATES.resolve()
        if not folder.resolve().is_relative_to(base):
            problems.error(folder, None, None, OUTSIDE_FOLDER)
            continue
        outside: list[Path] = []
        for path in sorted(folder.rglob("*")):
            if any(path.is_relative_to(o) for o in outside):
                continue  # inside a folder reported already
            if not path.resolve().is_relative_to(base):
                outside.append(path)
                problems.error(path, None, None,
                               OUTSIDE_FOLDER if path.is_dir() else OUTSIDE_FILE)
    problems.raise_if_errors()


def add_search_scripts(assets: Assets) -> None:
    """lunr.js 2.3.9 and its Danish support for the search page, taken at build time from
    the npm packages in node_modules/ (never a copy in this repository)."""
    for name, path in browser_scripts().items():
        assets.add(name, path.read_bytes())
