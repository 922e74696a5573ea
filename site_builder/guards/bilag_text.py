"""The text of a published bilag as a reader would see it: for the publishing gate that
scans every published byte for CPR numbers, and later for full-text search.

`extract_text` never raises on a damaged or hostile file: it returns an `Extracted` whose
`error` says in Danish what went wrong. Pages, sheets and slides are separated by "\\n\\f\\n".
This module dispatches by type, reads PDF, text and binary files itself and keeps the
extracted texts (`TextCache`); the other readers are in office_text.py (OOXML and ODF, with
excel_numbers.py for a cell as Excel shows it) and rtf_text.py, and what they all share is
in bilag_reading.py.

- PDF: pypdfium2, every character of every page (also text placed outside the page).
- DOCX, PPTX, ODT, ODS, ODP: the zip's XML parts read with the stdlib's expat, as a
  stream: the body, headers, footers, footnotes, comments, text boxes, notes. (python-docx
  reads no footnotes or comments and needs lxml.) A table row is one line, its cells
  separated by a tab. A part with a DOCTYPE is refused (OOXML and ODF never have one, and
  entity expansion needs one), and a file whose XML unpacks to more than XML_LIMIT is
  refused before anything is unpacked (zipfile never unpacks more than the size it states).
- XLSX: openpyxl (read-only, cached values; with defusedxml it parses safely), every sheet,
  one line per row, each cell as Excel shows it in Danish (number formats such as
  000000-0000 applied, 1.234,5), then comments and text boxes.
- RTF: our own small decoder (the striprtf package drops headers, footers and footnotes).
- TXT, CSV: `cpr.decode` (UTF-8, or UTF-16/32 with or without a BOM); not tidied, so
  the lines are the file's lines.
- DOC, XLS, PPT (binary Office) and unknown types: the printable runs of UTF-16LE and
  cp1252 text, best effort (the numbers in an XLS are binary and are not found).
- PNG, JPG, GIF and ZIP: no text; `note` says that their content was not searched.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path

import pypdfium2

from . import bilag_reading, excel_numbers, office_text, rtf_text
from .bilag_reading import PAGE_BREAK, _Refused, _tidy
from .cpr import decode
from .excel_numbers import _number_text  # noqa: F401 (the tests read it here)
from .office_text import _ZIP_PARTS, _zip_text
from .rtf_text import _rtf

EXTRACTOR_VERSION = "1"
PDF_PAGE_LIMIT = 10_000
# the modules whose code shapes the extracted text: a change in any of them is a new version
_SOURCES = (__file__, bilag_reading.__file__, rtf_text.__file__, office_text.__file__,
            excel_numbers.__file__)
_LABELS = {"pdf": "PDF", "docx": "Word", "doc": "Word", "xlsx": "Excel", "xls": "Excel",
           "pptx": "PowerPoint", "ppt": "PowerPoint", "odt": "ODT", "ods": "ODS",
           "odp": "ODP", "rtf": "RTF", "txt": "Tekst", "csv": "CSV"}
_NO_TEXT = {"png": "Billeder", "jpg": "Billeder", "gif": "Billeder", "zip": "ZIP-filer"}


@dataclass(frozen=True)
class Extracted:
    text: str            # may be "" ; pages/sheets separated by "\n\f\n"
    kind: str            # "pdf", "docx", ...
    error: str | None    # Danish, when extraction failed
    note: str | None = None  # Danish, when the file has text that was not read (images, zip)


def extract_text(path: Path) -> Extracted:
    kind = path.suffix.lower().lstrip(".").replace("jpeg", "jpg")
    if kind in _NO_TEXT:
        return Extracted("", kind, None, f"{_NO_TEXT[kind]} har ingen tekst, der kan læses: "
                                         "indholdet er ikke gennemsøgt")
    label = f"{_LABELS[kind]}-filen" if kind in _LABELS else "Filen"
    try:
        return Extracted(_READERS.get(kind, _strings)(path), kind, None,
                         None if kind in _READERS else "ukendt filtype: kun tekststumper "
                                                       "i filen er læst")
    except _Refused as exc:
        error = f"{label} kunne ikke læses: {exc}"
    except OSError as exc:
        error = f"Filen kunne ikke åbnes: {exc.strerror or 'den findes ikke eller er ikke en fil'}"
    except Exception as exc:  # any damaged file is reported, never raised
        error = f"{label} kunne ikke læses: uventet fejl ({type(exc).__name__}: {exc})"
    return Extracted("", kind, error[:500])


# PDF ------------------------------------------------------------------------------------

def _pdf(path: Path) -> str:
    try:
        pdf = pypdfium2.PdfDocument(path)
    except pypdfium2.PdfiumError as exc:
        if exc.err_code == pypdfium2.raw.FPDF_ERR_PASSWORD:
            raise _Refused("den er beskyttet med en adgangskode; gem den igen uden") from None
        raise _Refused(f"filen er beskadiget eller ikke en PDF-fil ({exc})") from None
    try:
        if len(pdf) > PDF_PAGE_LIMIT:
            raise _Refused(f"den har {len(pdf)} sider, mere end {PDF_PAGE_LIMIT}")
        pages = []
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            # pdfium marks a word hyphenated at the end of a line with U+FFFE
            pages.append(textpage.get_text_range().replace("\ufffe", "-\n"))
            textpage.close()
            page.close()
        return PAGE_BREAK.join(_tidy(page) for page in pages)
    finally:
        pdf.close()


# Plain text and binary files ----------------------------------------------------------------

def _plain(path: Path) -> str:
    return decode(path.read_bytes()).replace("\r\n", "\n")


_RUN = re.compile(rb"(?:[\t\n\r\x20-\x7e\xa0-\xff]\x00){4,}"  # UTF-16LE
                  rb"|[\t\n\r\x20-\x7e\x91-\x97\xa0-\xff]{4,}")  # cp1252, with its dashes


def _strings(path: Path) -> str:
    """The printable runs of UTF-16LE and cp1252 text in a binary file, in file order."""
    runs = (run.decode("utf-16-le" if run[1:2] == b"\x00" else "cp1252", "replace")
            for run in _RUN.findall(path.read_bytes()))
    return _tidy("\n".join(runs))


_READERS = {"pdf": _pdf, "rtf": _rtf, "txt": _plain, "csv": _plain,
            "doc": _strings, "xls": _strings, "ppt": _strings,
            **{kind: (lambda path, kind=kind: _zip_text(path, kind)) for kind in _ZIP_PARTS}}


# The cache --------------------------------------------------------------------------------

def _version() -> str:
    """The readers' source and the libraries that read the files: when in doubt, miss."""
    digest = hashlib.sha256(EXTRACTOR_VERSION.encode())
    for source in _SOURCES:
        digest.update(Path(source).read_bytes())
    for name in ("pypdfium2", "openpyxl", "defusedxml"):
        try:
            digest.update(f"{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=-".encode())
    return digest.hexdigest()


@dataclass
class TextCache:
    """Extracted texts kept in `folder` by the file's content (sha256 of its bytes and
    type) and the extractor's version. Without a folder, every `get` extracts."""
    folder: Path | None
    version: str = field(default_factory=_version)

    def get(self, path: Path) -> Extracted:
        if self.folder is None:
            return extract_text(path)
        digest = hashlib.sha256(f"{self.version}\0{path.suffix.lower()}\0".encode())
        try:
            with path.open("rb") as stream:
                while chunk := stream.read(1 << 20):
                    digest.update(chunk)
        except OSError:
            return extract_text(path)  # which says why the file cannot be read
        stored = self.folder / f"{digest.hexdigest()}.json"
        try:
            return Extracted(**json.loads(stored.read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError):
            pass  # not there yet, or damaged: extract again
        result = extract_text(path)
        temporary = None
        try:  # written whole or not at all; a cache that cannot be written is only slower
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(asdict(result), out, ensure_ascii=False)
            os.replace(temporary, stored)
        except (OSError, ValueError):
            if temporary:
                Path(temporary).unlink(missing_ok=True)
        return result
