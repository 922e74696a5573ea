"""The text of Office and OpenDocument bilag (DOCX, PPTX, XLSX, ODT, ODS, ODP), for
bilag_text.py: the zip's XML parts read with the stdlib's expat, as a stream, and an XLSX
workbook's cells read with openpyxl (each shown as Excel shows it: excel_numbers.py). The
helpers every reader shares (`_Refused`, `_tidy`, PAGE_BREAK) are in bilag_reading.py.
"""
from __future__ import annotations

import re
import warnings
import xml.parsers.expat
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .bilag_reading import PAGE_BREAK, _Refused, _tidy
from .excel_numbers import _cell_text

XML_LIMIT = 50 * 1024 * 1024  # unpacked XML bytes read from one file
CELL_LIMIT = 25_000_000  # cells (also empty ones left of a filled one) in one workbook


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
    import openpyxl  # (0.15 s to import: only when a workbook is read)
    from openpyxl.cell.read_only import EMPTY_CELL
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
