"""Where a build keeps the texts it extracts from bilag (guards/bilag_text.TextCache): the
search index (search/bilag_search.py) and the publishing gate read every bilag through the
same folder, so a build extracts each bilag once. With a cache folder they are kept there
for the next build; without one, in a folder of the build's own, removed after it."""
from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path
from typing import Callable, Iterator


def kept_folder(cache_dir: Path | None) -> Path | None:
    """The folder in the cache folder that keeps the extracted texts between builds."""
    return cache_dir / "bilag-tekst" if cache_dir else None


@contextlib.contextmanager
def build_folder(output: Path) -> Iterator[Path | None]:
    """A folder for one build's texts, removed after it: beside the output (on the disk the
    build writes to anyway), else in the system's folder for temporary files; None where
    neither can be made (each reader then extracts the texts itself: slower, not wrong)."""
    for place in ({"prefix": f".{output.name}.bilag-tekst-", "dir": output.parent},
                  {"prefix": "bilag-tekst-"}):
        try:
            folder = tempfile.TemporaryDirectory(ignore_cleanup_errors=True, **place)
        except OSError:
            continue
        with folder as name:
            yield Path(name)
        return
    yield None


def reader(folder: Path | None) -> Callable[[Path], tuple[str, str | None]]:
    """A bilag's text (and why not all of it could be read), kept in `folder`. An image has
    no text but may carry some in its bytes (a comment): those are read; a ZIP file cannot
    be read here, which is said (a warning)."""
    texts = []  # made when the first bilag is read

    def read(path: Path) -> tuple[str, str | None]:
        if not texts:
            from ..guards.bilag_text import TextCache
            texts.append(TextCache(folder))
        extracted = texts[0].get(path)
        if extracted.note and extracted.kind in ("png", "jpg", "gif"):
            return path.read_bytes().decode("latin-1"), None
        return extracted.text, extracted.error or extracted.note
    return read
