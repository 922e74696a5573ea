"""Rendered pages kept in the cache folder, by fingerprint, for builds without a trusted
output folder.

build/cache.py takes an unchanged page over from the last output only in the very folder
that build swapped in. A deploy starts in a fresh checkout with no output folder, only the
cache folder restored (netlify/plugins/build-cache, actions/cache), so without this store
it renders every page again. Here each page of the last build is kept as
`<cache>/sider/<fingerprint>` (a hard link to the published file: no extra room on the
build's own disk), with the SHA-256 of its bytes. A page is taken from the store only if
its fingerprint (templates, view data, site-wide data: everything it is rendered from) is
the one wanted and its bytes still have the digest kept with it; the store holds only the
pages of the last build.
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from .writer import link_or_copy

_INDEX = "sider.json"


class PageStore:
    def __init__(self, cache_folder: Path):
        self.folder = cache_folder / "sider"
        self._digests: dict[str, str] | None = None

    def _kept(self) -> dict[str, str]:
        """fingerprint -> SHA-256 of the kept page."""
        if self._digests is None:
            try:
                data = json.loads((self.folder / _INDEX).read_text(encoding="utf-8"))
                self._digests = {k: v for k, v in data.items()
                                 if isinstance(k, str) and isinstance(v, str)}
            except (OSError, ValueError, AttributeError):
                self._digests = {}
        return self._digests

    def take(self, fingerprint: str, target: Path) -> bool:
        """Put the page rendered with `fingerprint` at `target`; False if none is kept (or
        its bytes are not the ones kept)."""
        digest = self._kept().get(fingerprint)
        if digest is None:
            return False
        path = self.folder / fingerprint
        try:
            data = path.read_bytes()
        except OSError:
            return False
        return hashlib.sha256(data).hexdigest() == digest and link_or_copy(path, target)

    def keep(self, output: Path, fingerprints: dict[str, str]) -> None:
        """After a build: keep its pages (`fingerprints`: output path -> fingerprint), and
        only them."""
        old = self._kept()
        kept: dict[str, str] = {}
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            for relative, fingerprint in fingerprints.items():
                if not relative.endswith(".html"):
                    continue
                path = self.folder / fingerprint
                if fingerprint in old and path.is_file():
                    kept[fingerprint] = old[fingerprint]
                    continue
                source = output / relative
                try:
                    data = source.read_bytes()
                except OSError:
                    continue
                if path.exists():
                    path.unlink()
                if link_or_copy(source, path):
                    kept[fingerprint] = hashlib.sha256(data).hexdigest()
            for name in os.listdir(self.folder):
                if name not in kept and name != _INDEX:
                    os.unlink(self.folder / name)
            temporary = self.folder / (_INDEX + ".ny")
            temporary.write_text(json.dumps(kept, sort_keys=True), encoding="utf-8")
            os.replace(temporary, self.folder / _INDEX)
        except OSError:
            pass  # a store that could not be kept only makes the next deploy slower
        self._digests = kept
