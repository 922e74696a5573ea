"""The text of a published bilag as a reader would see it: for the publishing gate that
scans every published byte for CPR numbers, and later for full-text search.

`extract_text` never raises on a damaged or hostile file: it returns an `Extracted` whose
`error` says in Danish what went wrong. Pages, sheets and slides are separated by "\\n\\f\\n".

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
- TXT, CSV: `privacy.decode` (UTF-8, or UTF-16/32 with or without a BOM); not tidied, so
  the lines are the file's lines.
- DOC, XLS, PPT (binary Office) and unknown types: the printable runs of UTF-16LE and
  cp1252 text, best effort (the numbers in an XLS are binary and are not found).
- PNG, JPG, GIF and ZIP: no text; `note` says that their content was not searched.
"""
from __future__ import annotations

import codecs
import datetime as dt
import functools
import hashlib
import json
import math
import os
import re
import tempfile
import warnings
import xml.parsers.expat
import zipfile
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path

import openpyxl
import pypdfium2
from openpyxl.cell.read_only import EMPTY_CELL

from .privacy import decode

EXTRACTOR_VERSION = "1"
XML_LIMIT = 50 * 1024 * 1024  # unpacked XML bytes read from one file
PDF_PAGE_LIMIT = 10_000
CELL_LIMIT = 25_000_000  # cells (also empty ones left of a filled one) in one workbook
PAGE_BREAK = "\n\f\n"
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


class _Refused(Exception):
    """Why a file cannot be read, in Danish, for the editor."""


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


def _tidy(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    text = re.sub(r"[ \t]+(?=[\n\f]|$)", "", re.sub(r" +\t", "\t", text))
    text = re.sub(r"\n{3,}", "\n\n", re.sub(r"\n*\f\n*", PAGE_BREAK, text))
    return text.strip("\n\f")  # not spaces and tabs: a row may begin with empty cells


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


# XML in a zip (OOXML, ODF) -----------------------------------------------------------------

@dataclass(frozen=True)
class _Markup:
    """What elements (by local name) mean to a reader."""
    text: frozenset       # their character data is text
    starts: dict          # stand for a character where they begin (tab, line break)
    ends: dict            # end a paragraph, a cell, a row, a sheet
    skipped: frozenset = frozenset({"pPr", "rPr", "Fallback"})  # no text, or a duplicate
    cells: frozenset = frozenset({"tc"})  # inside them, every line break is a space


_OOXML = _Markup(frozenset({"t", "delText", "text"}),
                 {"tab": "\t", "br": "\n", "cr": "\n", "noBreakHyphen": "-"},
                 {"p": "\n", "tc": "\t", "tr": "\n", "text": "\n", "comment": "\n"})
_ODF = _Markup(frozenset({"p", "h"}), {"tab": "\t", "line-break": "\n", "s": " "},
               {"p": "\n", "h": "\n", "table-cell": "\t", "covered-table-cell": "\t",
                "table-row": "\n", "table": "\n", "page": PAGE_BREAK},
               cells=frozenset({"table-cell", "covered-table-cell"}))
_ODS = _Markup(_ODF.text, _ODF.starts, {**_ODF.ends, "table": PAGE_BREAK}, cells=_ODF.cells)
_ODF_PARTS = (r"content\.xml", r"styles\.xml")
# kind: (markup, part that must be there, parts in reading order)
_ZIP_PARTS = {
    "docx": (_OOXML, "word/document.xml", (
        r"word/document\.xml", r"word/header\d*\.xml", r"word/footer\d*\.xml",
        r"word/footnotes\.xml", r"word/endnotes\.xml", r"word/comments\.xml")),
    "pptx": (_OOXML, "ppt/presentation.xml", (
        r"ppt/slides/slide\d+\.xml", r"ppt/notesSlides/notesSlide\d+\.xml",
        r"ppt/comments/\w+\.xml", r"ppt/diagrams/data\d+\.xml")),
    "xlsx": (_OOXML, "xl/workbook.xml", (
        r"xl/comments\d*\.xml", r"xl/comments/comment\d+\.xml",
        r"xl/threadedComments/\w+\.xml", r"xl/drawings/drawing\d+\.xml")),
    "odt": (_ODF, "content.xml", _ODF_PARTS),
    "ods": (_ODS, "content.xml", _ODF_PARTS),
    "odp": (_ODF, "content.xml", _ODF_PARTS),
}


def _natural(name: str) -> list:
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name)]


def _zip_text(path: Path, kind: str) -> str:
    markup, required, patterns = _ZIP_PARTS[kind]
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise _Refused(f"filen er beskadiget, beskyttet med en adgangskode eller ikke en "
                       f"rigtig {kind}-fil") from None
    with archive:
        names = archive.namelist()
        if required not in names:
            raise _Refused(f"{required} mangler i filen; den er beskadiget eller ikke en "
                           f"rigtig {kind}-fil")
        xml_size = sum(info.file_size for info in archive.infolist()
                       if info.filename.endswith((".xml", ".rels")))
        if xml_size > XML_LIMIT:
            raise _Refused(f"den pakker sig ud til {xml_size // 2**20} MB XML, mere end "
                           f"{XML_LIMIT // 2**20} MB; den er beskadiget eller lavet til at "
                           "lægge maskinen ned (en »zip-bombe«)")
        parts = [name for pattern in patterns
                 for name in sorted((n for n in names if re.fullmatch(pattern, n)), key=_natural)]
        texts = [_xml_text(archive, name, markup) for name in parts]
    if kind == "xlsx":
        texts.insert(0, _sheets(path))
    return PAGE_BREAK.join(text for text in texts if text)


def _xml_text(archive: zipfile.ZipFile, name: str, markup: _Markup) -> str:
    out: list[str] = []
    depth = {"text": 0, "skip": 0, "cell": 0}

    def put(char: str) -> None:
        out.append(" " if depth["cell"] and char == "\n" else char)

    def start(tag: str, attrs: dict) -> None:
        local = tag.rpartition("}")[2]
        if depth["skip"] or local in markup.skipped:
            depth["skip"] += 1
            return
        depth["text"] += local in markup.text
        depth["cell"] += local in markup.cells
        if local in markup.starts:
            count = next((v for k, v in attrs.items() if k.rpartition("}")[2] == "c"), "1")
            put(markup.starts[local] * (min(int(count), 100) if count.isdigit() else 1))

    def end(tag: str) -> None:
        local = tag.rpartition("}")[2]
        if depth["skip"]:
            depth["skip"] -= 1
            return
        depth["text"] -= local in markup.text
        depth["cell"] -= local in markup.cells
        if local in markup.ends:
            put(markup.ends[local])

    def data(chars: str) -> None:
        if depth["text"] and not depth["skip"]:
            out.append(chars.replace("\n", " ").replace("\r", " "))

    def refuse(*_args) -> None:
        raise _Refused(f"{name} har en DOCTYPE-erklæring, som en Office-fil aldrig har "
                       "(den kan være lavet til at angribe XML-læseren)")

    parser = xml.parsers.expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    parser.StartElementHandler, parser.EndElementHandler = start, end
    parser.CharacterDataHandler = data
    parser.StartDoctypeDeclHandler = parser.EntityDeclHandler = refuse
    try:
        with archive.open(name) as stream:
            while chunk := stream.read(1 << 20):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except xml.parsers.expat.ExpatError as exc:
        raise _Refused(f"{name} er ikke gyldig XML (linje {exc.lineno}: "
                       f"{xml.parsers.expat.ErrorString(exc.code)})") from None
    return _tidy("".join(out))


# XLSX cells -------------------------------------------------------------------------------

def _sheets(path: Path) -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "extension is not supported" and the like
        try:
            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl wraps what went wrong in a ValueError
            raise _Refused(f"regnearket er beskadiget eller har ugyldig XML ({exc})") from None
    budget, sheets = CELL_LIMIT, []
    try:
        for sheet in book.worksheets:
            sheet.reset_dimensions()  # the stated size may be wrong: read every row there is
            rows = []
            for row in sheet.iter_rows():
                budget -= len(row)
                if budget < 0:
                    raise _Refused(f"regnearket har mere end {CELL_LIMIT // 10**6} mio. celler "
                                   "(også tomme celler før en udfyldt); gem det som PDF")
                rows.append("\t".join("" if cell is EMPTY_CELL else _cell_text(cell)
                                      for cell in row).rstrip("\t"))
            sheets.append(_tidy("\n".join(rows)))
    finally:
        book.close()
    return PAGE_BREAK.join(sheets)


def _cell_text(cell) -> str:
    value = cell.value
    if value is None or isinstance(value, str):
        return value or ""
    if isinstance(value, bool):
        return "SAND" if value else "FALSK"
    if isinstance(value, dt.datetime):
        return value.strftime("%d-%m-%Y" if value.time() == dt.time() else "%d-%m-%Y %H:%M:%S")
    if isinstance(value, (dt.date, dt.time)):
        return value.strftime("%d-%m-%Y" if isinstance(value, dt.date) else "%H:%M:%S")
    if isinstance(value, int) or (isinstance(value, float) and math.isfinite(value)):
        return _number_text(value, cell.number_format or "General")
    return str(value)


_FORMAT_TOKEN = re.compile(
    r'"([^"]*)"|\\(.)|\[\$([^\]-]*)[^\]]*\]|\[[^\]]*\]|_.|\*.|(General)|([0#?])|(.)', re.S)


def _number_text(value: float, number_format: str) -> str:
    """`value` as Excel shows it with `number_format` (in Danish: 1.234,5), approximately:
    scientific and fraction formats are shown as General."""
    if number_format == "General":
        return _general(value)
    sections = _format_sections(number_format)
    negative = value < 0
    section = sections[0]
    if negative and len(sections) > 1:
        section, value, negative = sections[1], -value, False
    elif value == 0 and len(sections) > 2:
        section = sections[2]
    kinds = [kind for kind, _ in section]
    if "0" not in kinds or "e" in kinds or "/" in kinds:
        literal = "".join(_general(value) if k == "g" else t for k, t in section if k in "lg%")
        return literal if "0" not in kinds and literal else _general(value)
    if "%" in kinds:
        value *= 100
    point = kinds.index(".") if "." in kinds else len(section)
    decimals = sum(kind == "0" for kind in kinds[point + 1:])
    number = f"{abs(value):.{decimals}f}"
    whole, _, fraction = number.partition(".")
    if "," in kinds[:point]:
        whole = f"{int(whole):,}".replace(",", ".")
    text = _fill_whole(section[:point], whole)
    if point < len(section):
        text += "," + _fill_fraction(section[point + 1:], fraction)
    return ("-" if negative and float(number) else "") + text


@functools.lru_cache(maxsize=256)
def _format_sections(number_format: str) -> tuple[tuple[tuple[str, str], ...], ...]:
    """The sections (positive;negative;zero) of a number format, as tokens: a digit
    placeholder ("0", and which), a literal ("l"), General ("g"), or . , % e / @."""
    sections: list[list[tuple[str, str]]] = [[]]
    for match in _FORMAT_TOKEN.finditer(number_format):
        quoted, escaped, currency, general, digit, other = match.groups()
        if other == ";":
            sections.append([])
        elif general or digit or (other and other in ".,%eE/@"):
            sections[-1].append(("g" if general else "0" if digit else other.lower(),
                                 digit or other or ""))
        else:
            literal = next((g for g in (quoted, escaped, currency, other) if g is not None),
                           " " if match.group().startswith("_") else "")
            sections[-1].append(("l", literal))
    return tuple(tuple(section) for section in sections)


def _general(value: float) -> str:
    if isinstance(value, int) or (value.is_integer() and abs(value) < 1e15):
        return str(int(value))
    return f"{value:.10g}".replace(".", ",")


_EMPTY_DIGIT = {"0": "0", "#": "", "?": " "}


def _fill_whole(tokens: list[tuple[str, str]], digits: str) -> str:
    """Digits from the right into the placeholders; the leftmost one takes what is left."""
    slots = [index for index, (kind, _) in enumerate(tokens) if kind == "0"]
    if not slots:
        return "".join(t for k, t in tokens if k in "l%") + digits.lstrip("0")
    if digits == "0" and tokens[slots[-1]][1] != "0":
        digits = ""
    out = []
    for index in reversed(range(len(tokens))):
        kind, text = tokens[index]
        if kind != "0":
            out.append(text if kind in "l%" else "")
        elif index == slots[0]:
            out.append(digits or _EMPTY_DIGIT[text])
        else:
            out.append(digits[-1:] or _EMPTY_DIGIT[text])
            digits = digits[:-1]
    return "".join(reversed(out))


def _fill_fraction(tokens: list[tuple[str, str]], digits: str) -> str:
    marks = [text for kind, text in tokens if kind == "0"]
    chars = list(digits)
    for index in reversed(range(len(chars))):
        if chars[index] != "0" or marks[index] == "0":
            break
        chars[index] = _EMPTY_DIGIT[marks[index]]
    shown = iter(chars)
    return "".join(next(shown) if k == "0" else t if k in "l%" else "" for k, t in tokens)


# RTF --------------------------------------------------------------------------------------

_RTF_TOKEN = re.compile(rb"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?|\\'([0-9a-fA-F]{2})|\\(.)|([{}])"
                        rb"|[\r\n]+|[^\\{}\r\n]+", re.S)
# groups whose text a reader never sees (tables of fonts and styles, pictures, field codes)
_RTF_HIDDEN = frozenset(b"fonttbl colortbl stylesheet info pict object objdata themedata "
                        b"colorschememapping datastore latentstyles listtable "
                        b"listoverridetable rsidtbl generator xmlnstbl filetbl revtbl "
                        b"pgptbl protusertbl fldinst bkmkstart bkmkend sp nonshppict "
                        b"userprops docvar".split())
_RTF_STARRED_SHOWN = frozenset((b"annotation", b"shpinst"))
_RTF_WORDS = {b"par": "\n", b"line": "\n", b"sect": "\n", b"page": "\n", b"row": "\n",
              b"tab": "\t", b"cell": "\t", b"emdash": "\u2014", b"endash": "\u2013",
              b"lquote": "\u2018", b"rquote": "\u2019", b"ldblquote": "\u201c",
              b"rdblquote": "\u201d", b"bullet": "\u2022", b"emspace": " ", b"enspace": " "}
_RTF_SYMBOLS = {b"~": "\u00a0", b"_": "\u2011", b"-": "", b"\n": "\n", b"\r": "\n",
                b"{": "{", b"}": "}", b"\\": "\\", b"\t": "\t"}


def _rtf(path: Path) -> str:
    raw = path.read_bytes()
    if not raw.lstrip().startswith(b"{\\rtf"):
        raise _Refused("filen er ikke en RTF-fil (den begynder ikke med {\\rtf)")
    out: list[str] = []
    pending = bytearray()  # \'xx bytes and plain text, decoded in the document's code page
    codepage, hidden, uc, skip, starred, stack, position = "cp1252", False, 1, 0, False, [], 0

    def flush() -> None:
        out.append(pending.decode(codepage, "replace"))
        pending.clear()

    while position < len(raw):
        match = _RTF_TOKEN.match(raw, position)
        if match is None:  # a lone backslash at the end
            break
        position = match.end()
        word, arg, hex_byte, symbol, brace = match.groups()
        if word is None and brace is None and symbol is None and hex_byte is None:
            chunk = match.group()
            if chunk[:1] in b"\r\n":
                continue
            chunk, skip = chunk[skip:], max(0, skip - len(chunk))
            if not hidden:
                pending += chunk
            continue
        if hex_byte is not None:
            if skip:
                skip -= 1
            elif not hidden:
                pending.append(int(hex_byte, 16))
            continue
        flush()
        skip = 0
        if brace == b"{":
            if len(stack) > 10_000:
                raise _Refused("den har over 10.000 grupper inden i hinanden")
            stack.append((hidden, uc))
        elif brace == b"}":
            hidden, uc = stack.pop() if stack else (hidden, uc)
        elif symbol == b"*":
            starred = True
        elif symbol is not None:
            out.append("" if hidden else _RTF_SYMBOLS.get(symbol, ""))
        elif word == b"bin" and arg:
            position += max(0, int(arg))
        else:
            if word in _RTF_HIDDEN or (starred and word not in _RTF_STARRED_SHOWN):
                hidden = True
            elif word == b"ansicpg" and arg:
                codepage = _codepage(arg.decode())
            elif word == b"uc" and arg:
                uc = max(0, int(arg))
            elif word == b"u" and arg and not hidden:
                out.append(chr(int(arg) % 0x10000))
                skip = uc
            elif not hidden:
                out.append(_RTF_WORDS.get(word, ""))
        starred = starred and word is None and brace is None and symbol == b"*"
    flush()  # and \u escapes of surrogate pairs joined:
    text = "".join(out).encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return _tidy(text)


def _codepage(number: str) -> str:
    try:
        return codecs.lookup(f"cp{number}").name
    except LookupError:
        return "cp1252"


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
    """This module's source and the libraries that read the files: when in doubt, miss."""
    digest = hashlib.sha256(EXTRACTOR_VERSION.encode())
    digest.update(Path(__file__).read_bytes())
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
