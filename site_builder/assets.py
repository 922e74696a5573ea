"""Static assets (CSS, JS) with a content hash in the file name, so they can be cached a year."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from .search_danish import browser_scripts
from .templating import template_dirs
from .writer import OutputWriter


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


def add_search_scripts(assets: Assets) -> None:
    """lunr.js 2.3.9 and its Danish support for the search page, taken at build time from
    the installed mkdocs package (never a copy in this repository)."""
    for name, path in browser_scripts().items():
        assets.add(name, path.read_bytes())
