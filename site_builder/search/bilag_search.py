"""The text inside a bilag, for the search index: read at build time by the same reader the
publishing gate reads every published bilag with (guards/bilag_text.py: pypdfium2 for
PDF, the document formats' own XML), so the index holds what a reader finds in the file.

Only files of this site are read (a link to another site has no file here), and only the
formats whose text is the document's own words: PDF, Word, PowerPoint, OpenDocument text
and presentations, RTF and plain text (a spreadsheet's cells and the strings found in an
old binary Office file would fill the index with numbers and fragments). A file that
cannot be read gives no text here; the publishing gate warns about it (it cannot check
the file for CPR numbers either), and the build goes on. A text that holds a CPR number is
not indexed: the gate stops the build for the bilag itself, and names the bilag, not a
search file, as where the number is.

A meeting's search documents are made again when the meeting file or one of its bilag
changes (what they hold: the bilag are part of the meeting's digest, build/cache.py), and
the extractor's version is part of the key the build cache keeps them by (search/index.py).

During a build (`kept_in`), texts are read through the folder of extracted texts the
publishing gate reads them through too (bilag_text.TextCache, by the file's content and the
extractor's version: the same text; build/bilag_texts.py: the cache folder's, or one of the
build's own without a cache folder), so a build extracts each bilag once, not once for the
index and again for the gate.
"""
from __future__ import annotations

import contextlib
import functools
from pathlib import Path
from typing import Iterator

from ..content.model import Attachment
from ..guards import bilag_text, cpr

KINDS = frozenset({"pdf", "docx", "pptx", "odt", "odp", "rtf", "txt"})
LIMIT = 300_000  # characters of one bilag's text that are indexed
_kept: list[bilag_text.TextCache] = []  # the build's extracted texts, while `kept_in`


@contextlib.contextmanager
def kept_in(folder: Path | None) -> Iterator[None]:
    """Read bilag texts through the extracted texts kept in `folder` (None: extract each
    time) until the `with` ends; worker processes forked meanwhile do so too."""
    _kept[:] = [bilag_text.TextCache(folder)] if folder is not None else []
    try:
        yield
    finally:
        _kept.clear()


def text(attachment: Attachment) -> str:
    """The bilag's text (at most LIMIT characters), or "" when there is none to index."""
    source = attachment.source
    if source is None or source.suffix.lower().lstrip(".") not in KINDS:
        return ""
    extracted = _kept[0].get(source) if _kept else bilag_text.extract_text(source)
    if extracted.error or extracted.note or cpr.contains_cpr(extracted.text):
        return ""
    return extracted.text[:LIMIT]


@functools.cache
def version() -> str:
    """The extractor's version (its source and the libraries it reads files with)."""
    return bilag_text.TextCache(None).version
