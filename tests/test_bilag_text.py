"""The text of a bilag as a reader sees it (site_builder/guards/bilag_text.py), from real files
made here: a CPR number split over runs, cells, text objects and escapes must come out
whole and in reading order, and a damaged or hostile file gives an error, never a
traceback, in bounded time."""
from __future__ import annotations

import datetime as dt
import io
import re
import time
import zipfile
from pathlib import Path

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.comments import Comment

from site_builder.guards import bilag_text, privacy
from site_builder.guards.bilag_text import PAGE_BREAK, TextCache, extract_text

SPLIT_CPR = re.compile(r"010203-[ \t]?1234")

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
A = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
P = 'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"'
ODF = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
       'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
       'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
       'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"')


def _has_cpr(text: str) -> bool:
    """What the publishing gate will ask of the text."""
    return bool(privacy.cpr_spans(privacy.cpr_text(text)))


def _zip(path: Path, parts: dict[str, str | bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return path


def _pdf_bytes(pages: list[bytes], encrypt: bool = False) -> bytes:
    """A minimal valid PDF: one content stream per page, Helvetica as F1."""
    count = len(pages)
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(count))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               f"<< /Type /Pages /Kids [{kids}] /Count {count} >>".encode(),
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    for i, content in enumerate(pages):
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources "
                       f"<< /Font << /F1 3 0 R >> >> /Contents {5 + 2 * i} 0 R >>".encode())
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content
                       + b"\nendstream")
    trailer = f"/Size {len(objects) + 1 + encrypt} /Root 1 0 R".encode()
    if encrypt:  # the standard handler with a user password that is not empty
        objects.append(b"<< /Filter /Standard /V 1 /R 2 /P -4 /O <" + b"11" * 32
                       + b"> /U <" + b"22" * 32 + b"> >>")
        trailer += b" /Encrypt %d 0 R /ID [<%s> <%s>]" % (len(objects), b"ab" * 16, b"ab" * 16)
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< " + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


PDF_PAGES = [b"BT /F1 12 Tf 72 700 Td (Bilag til punkt 3, CPR 010203-) Tj ET\n"
             b"BT /F1 12 Tf 320 700 Td (1234) Tj ET",
             b"BT /F1 12 Tf 72 700 Td (Side to: 111111-) Tj 0 -14 Td (1118 med bindes-) Tj "
             b"0 -14 Td (streg) Tj ET"]


def _docx_xml(body: str) -> str:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<w:document {W}><w:body>{body}</w:body></w:document>')


DOCX_BODY = (
    '<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>'
    '<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">CPR </w:t></w:r>'
    '<w:r><w:t>010203-</w:t></w:r><w:r><w:t>1234</w:t></w:r></w:p>'
    '<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Navn</w:t></w:r></w:p><w:p><w:r><w:t>Hansen</w:t></w:r>'
    '</w:p></w:tc><w:tc><w:p><w:r><w:t>Beløb</w:t></w:r><w:r><w:tab/><w:t>12</w:t></w:r>'
    '</w:p></w:tc></w:tr></w:tbl>'
    '<w:p><w:r><mc:AlternateContent '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
    '<mc:Choice Requires="wps"><w:t>Tekstboks</w:t></mc:Choice>'
    '<mc:Fallback><w:t>Tekstboks</w:t></mc:Fallback></mc:AlternateContent></w:r></w:p>')


def _docx(path: Path, body: str = DOCX_BODY, **extra: str | bytes) -> Path:
    return _zip(path, {"[Content_Types].xml": "<Types/>", "word/document.xml": _docx_xml(body),
                       **extra})


# Each format: the split number comes out whole, in reading order ---------------------------

def test_pdf_text_objects_and_pages(tmp_path):
    path = tmp_path / "bilag.pdf"
    path.write_bytes(_pdf_bytes(PDF_PAGES))
    result = extract_text(path)
    assert result.error is None and result.kind == "pdf"
    first, second = result.text.split(PAGE_BREAK)
    assert SPLIT_CPR.search(first) and "Bilag til punkt 3" in first
    assert second == "Side to: 111111-\n1118 med bindes-\nstreg"  # as the reader sees it
    assert _has_cpr(result.text)


def test_docx_runs_tables_headers_footnotes(tmp_path):
    header = (f'<w:hdr {W}><w:p><w:r><w:t>Sidehoved 0102</w:t></w:r>'
              '<w:r><w:t>03-4321</w:t></w:r></w:p></w:hdr>')
    notes = (f'<w:footnotes {W}><w:footnote><w:p><w:r><w:t>Fodnote</w:t></w:r></w:p>'
             '</w:footnote></w:footnotes>')
    comments = (f'<w:comments {W}><w:comment><w:p><w:r><w:t>Kommentar</w:t></w:r></w:p>'
                '</w:comment></w:comments>')
    deleted = '<w:p><w:del><w:r><w:delText>Slettet tekst</w:delText></w:r></w:del></w:p>'
    path = _docx(tmp_path / "bilag.docx", DOCX_BODY + deleted, **{
        "word/header1.xml": header, "word/footnotes.xml": notes,
        "word/comments.xml": comments})
    result = extract_text(path)
    assert result.error is None
    lines = result.text.split("\n")
    assert lines[0] == "CPR 010203-1234"  # no tab from the tab stop in the paragraph's properties
    assert lines[1] == "Navn Hansen\tBeløb\t12"  # one row a line, cells separated by a tab
    assert lines.count("Tekstboks") == 1  # the fallback copy is not read twice
    assert "Slettet tekst" in result.text
    for later in ("Sidehoved 010203-4321", "Fodnote", "Kommentar"):
        assert later in result.text.split(PAGE_BREAK, 1)[1]


def test_xlsx_cells_formats_sheets_comments(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Navn", "CPR", None])
    sheet.append(["Hansen", "010203-", "1234"])
    sheet["A3"] = 102031234
    sheet["A3"].number_format = "000000-0000"  # how CPR columns are typed into Excel
    sheet["B3"] = 1234.5
    sheet["B3"].number_format = "#,##0.00"
    sheet["C3"] = dt.date(2020, 5, 25)
    sheet["D3"] = 0.25
    sheet["D3"].number_format = "0%"
    sheet["E3"] = -7
    sheet["E3"].number_format = '0;"minus "0'
    sheet["B1"].comment = Comment("Se også 111111-1118", "Sekretariatet")
    second = book.create_sheet("Ark2")
    second["C4"] = "Nederst"
    path = tmp_path / "bilag.xlsx"
    book.save(path)
    result = extract_text(path)
    assert result.error is None
    first, ark2, comments = result.text.split(PAGE_BREAK)
    rows = first.split("\n")
    assert rows[1] == "Hansen\t010203-\t1234"
    assert rows[2] == "010203-1234\t1.234,50\t25-05-2020\t25%\tminus 7"
    assert ark2 == "\t\tNederst"
    assert "111111-1118" in comments
    assert _has_cpr(first)


def test_xlsx_with_a_wrong_stated_size_is_read_whole(tmp_path):
    book = openpyxl.Workbook()
    for row in range(1, 31):
        book.active.append([f"række {row}", "x"])
    book.active["C30"] = "010203-1234"
    book.save(tmp_path / "ok.xlsx")
    with zipfile.ZipFile(tmp_path / "ok.xlsx") as source, \
            zipfile.ZipFile(tmp_path / "bilag.xlsx", "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "xl/worksheets/sheet1.xml":
                # (openpyxl writes the element with or without a space, as lxml is there or not)
                assert re.search(rb'<dimension ref="A1:C30" ?/>', data)
                data = re.sub(rb'<dimension ref="A1:C30" ?/>', b'<dimension ref="A1:A2" />', data)
            target.writestr(name, data)
    text = extract_text(tmp_path / "bilag.xlsx").text
    assert text.split("\n")[-1] == "række 30\tx\t010203-1234"


def test_number_formats():
    assert bilag_text._number_text(1234567, "#,##0") == "1.234.567"
    assert bilag_text._number_text(0.5, "0.0#") == "0,5"
    assert bilag_text._number_text(12, "General") == "12"
    assert bilag_text._number_text(2.5, "General") == "2,5"
    assert bilag_text._number_text(-3, "0") == "-3"
    assert bilag_text._number_text(1102031234, "0000000000") == "1102031234"
    assert bilag_text._number_text(5, '"kr. "#,##0.00') == "kr. 5,00"


def test_odt_ods_odp(tmp_path):
    odt = _zip(tmp_path / "bilag.odt", {"content.xml": (
        f'<office:document-content {ODF}><office:body><office:text>'
        '<text:h>Overskrift</text:h><text:p>CPR <text:span>010203-</text:span>'
        '<text:span>1234</text:span><text:s text:c="3"/>slut</text:p>'
        '</office:text></office:body></office:document-content>'),
        "styles.xml": (f'<office:document-styles {ODF}><text:p>Sidefod</text:p>'
                       '</office:document-styles>')})
    result = extract_text(odt)
    assert result.error is None
    assert result.text.split("\n")[:2] == ["Overskrift", "CPR 010203-1234   slut"]
    assert result.text.endswith(PAGE_BREAK + "Sidefod")

    cell = '<table:table-cell><text:p>{}</text:p></table:table-cell>'
    ods = _zip(tmp_path / "bilag.ods", {"content.xml": (
        f'<office:document-content {ODF}><office:body><office:spreadsheet>'
        '<table:table><table:table-row>' + cell.format("010203-") + cell.format("1234")
        + '</table:table-row></table:table><table:table><table:table-row>'
        + cell.format("Ark 2") + '</table:table-row></table:table>'
        '</office:spreadsheet></office:body></office:document-content>')})
    assert extract_text(ods).text == "010203-\t1234" + PAGE_BREAK + "Ark 2"

    odp = _zip(tmp_path / "bilag.odp", {"content.xml": (
        f'<office:document-content {ODF}><office:body><office:presentation>'
        '<draw:page><text:p>Dias 1</text:p></draw:page><draw:page><text:p>Dias 2</text:p>'
        '</draw:page></office:presentation></office:body></office:document-content>')})
    assert extract_text(odp).text == "Dias 1" + PAGE_BREAK + "Dias 2"


def test_pptx_slides_in_order_with_notes(tmp_path):
    def slide(*paragraphs: str) -> str:
        body = "".join(f"<a:p>{p}</a:p>" for p in paragraphs)
        return (f"<p:sld {A} {P}><p:cSld><p:spTree><p:sp><p:txBody>{body}</p:txBody>"
                "</p:sp></p:spTree></p:cSld></p:sld>")
    path = _zip(tmp_path / "bilag.pptx", {
        "ppt/presentation.xml": f"<p:presentation {P}/>",
        "ppt/slides/slide10.xml": slide("<a:r><a:t>Tiende</a:t></a:r>"),
        "ppt/slides/slide2.xml": slide(
            "<a:r><a:t>CPR 010203-</a:t></a:r><a:r><a:t>1234</a:t></a:r>",
            "<a:r><a:t>linje</a:t></a:r><a:br/><a:r><a:t>to</a:t></a:r>"),
        "ppt/notesSlides/notesSlide1.xml": slide("<a:r><a:t>Noter</a:t></a:r>")})
    result = extract_text(path)
    assert result.error is None
    assert result.text.split(PAGE_BREAK) == ["CPR 010203-1234\nlinje\nto", "Tiende", "Noter"]


def test_rtf_escapes_headers_and_hidden_groups(tmp_path):
    rtf = (rb"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0 Arial 999999-9999;}}"
           rb"{\*\generator Writer 010101-0101;}{\header Sidehoved\par}"
           rb"\f0 CPR 0102\'30\'33-\'31234 og \'e6\'f8\'e5\par"
           rb"\uc1 \u8211\'96 pr\u230\'e6kken{\*\bkmkstart x}\tab slut\par"
           rb"{\pict\pngblip 89504e47}\trowd\cellx1000 010203-\cell 1234\cell\row}")
    path = tmp_path / "bilag.rtf"
    path.write_bytes(rtf)
    result = extract_text(path)
    assert result.error is None
    assert result.text.split("\n") == ["Sidehoved", "CPR 010203-1234 og æøå",
                                       "\u2013 prækken\tslut", "010203-\t1234"]
    assert "999999" not in result.text and "010101" not in result.text  # font table, \*


def test_text_files_and_old_binary_formats(tmp_path):
    csv = tmp_path / "liste.csv"
    csv.write_bytes("navn;cpr\r\nHansen;010203-1234\r\n".encode("utf-16"))
    assert extract_text(csv).text == "navn;cpr\nHansen;010203-1234\n"
    doc = tmp_path / "gammel.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0\x00\x01\x02" + "CPR 010203-1234 Århus".encode("utf-16-le")
                    + b"\x00\x00\xff\x03" + "Næstved 111111-1118".encode("cp1252") + b"\x01\x02")
    result = extract_text(doc)
    assert result.error is None and result.kind == "doc"
    assert "CPR 010203-1234 Århus" in result.text and "Næstved 111111-1118" in result.text


def test_images_and_zip_have_no_text_and_say_so(tmp_path):
    for name in ("foto.png", "foto.JPEG", "arkiv.zip"):
        path = tmp_path / name
        path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"010203-1234")
        result = extract_text(path)
        assert result.text == "" and result.error is None
        assert "ikke gennemsøgt" in result.note


# Damaged and hostile files ------------------------------------------------------------------

def _damaged(tmp_path: Path) -> dict[str, bytes]:
    good = _docx(tmp_path / "good.docx").read_bytes()
    bomb = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
            '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
            f'<w:document {W}><w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body>'
            '</w:document>')
    missing = io.BytesIO()
    with zipfile.ZipFile(missing, "w") as archive:
        archive.writestr("word/other.xml", "<x/>")
    return {
        "truncated.pdf": _pdf_bytes(PDF_PAGES)[:150],
        "encrypted.pdf": _pdf_bytes(PDF_PAGES, encrypt=True),
        "garbage.pdf": b"not a pdf at all",
        "truncated.docx": good[: len(good) // 2],
        "garbage.xlsx": b"PK\x03\x04 garbage",
        "missing.docx": missing.getvalue(),
        "laughs.docx": _docx(tmp_path / "l.docx", **{"word/document.xml": bomb}).read_bytes(),
        "broken.odt": _zip(tmp_path / "b.odt", {"content.xml": "<office:x><unclosed>"}).read_bytes(),
        "plain.rtf": b"this is not rtf",
    }


def test_damaged_files_give_an_error_not_an_exception(tmp_path):
    messages = {}
    for name, content in _damaged(tmp_path).items():
        path = tmp_path / name
        path.write_bytes(content)
        result = extract_text(path)
        assert result.error and result.text == "", name
        messages[name] = result.error
    assert messages["encrypted.pdf"].startswith("PDF-filen kunne ikke læses: den er beskyttet med en adgangskode")
    assert messages["truncated.pdf"].startswith("PDF-filen kunne ikke læses: filen er beskadiget")
    assert "DOCTYPE" in messages["laughs.docx"]
    assert messages["missing.docx"].startswith("Word-filen kunne ikke læses: word/document.xml mangler")
    assert "ikke gyldig XML" in messages["broken.odt"]
    result = extract_text(tmp_path / "findes-ikke.pdf")
    assert result.error.startswith("Filen kunne ikke åbnes")


def test_zip_bomb_docx_is_refused_quickly(tmp_path):
    path = tmp_path / "bombe.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("word/document.xml", "w") as stream:
            stream.write(f"<w:document {W}><w:body><w:p><w:r><w:t>".encode())
            for _ in range(60):
                stream.write(b"0" * 2**20)
            stream.write(b"</w:t></w:r></w:p></w:body></w:document>")
    assert path.stat().st_size < 2**20
    started = time.monotonic()
    result = extract_text(path)
    assert time.monotonic() - started < 1
    assert result.error.startswith("Word-filen kunne ikke læses: den pakker sig ud til 60 MB XML")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kind=st.sampled_from(["pdf", "docx", "odt", "rtf"]), data=st.data())
def test_mutated_files_never_raise(tmp_path, kind, data):
    samples = {"pdf": _pdf_bytes(PDF_PAGES),
               "docx": _docx(tmp_path / "s.docx").read_bytes(),
               "odt": _zip(tmp_path / "s.odt", {"content.xml": f"<office:x {ODF}><text:p>a</text:p></office:x>"}).read_bytes(),
               "rtf": rb"{\rtf1\ansi{\fonttbl{\f0 A;}}\'e6\u8211? x\par}"}
    content = bytearray(samples[kind])
    for _ in range(data.draw(st.integers(1, 5))):
        position = data.draw(st.integers(0, len(content) - 1))
        content[position] = data.draw(st.integers(0, 255))
    content = content[: data.draw(st.integers(1, len(content)))]
    path = tmp_path / f"mutated.{kind}"
    path.write_bytes(bytes(content))
    result = extract_text(path)
    assert isinstance(result.text, str) and result.kind == kind


# The cache ----------------------------------------------------------------------------------

def test_cache_reuses_text_by_content(tmp_path, monkeypatch):
    calls = []
    real = bilag_text.extract_text
    monkeypatch.setattr(bilag_text, "extract_text", lambda path: calls.append(path) or real(path))
    path = tmp_path / "bilag.pdf"
    path.write_bytes(_pdf_bytes(PDF_PAGES))
    first = TextCache(tmp_path / "cache").get(path)
    again = TextCache(tmp_path / "cache").get(path)  # a new process: read from the folder
    assert again == first and SPLIT_CPR.search(again.text)
    assert len(calls) == 1
    copy = tmp_path / "kopi.pdf"
    copy.write_bytes(path.read_bytes())
    assert TextCache(tmp_path / "cache").get(copy) == first and len(calls) == 1
    path.write_bytes(_pdf_bytes([b"BT /F1 12 Tf 72 700 Td (Ny tekst) Tj ET"]))
    assert TextCache(tmp_path / "cache").get(path).text == "Ny tekst" and len(calls) == 2
    stored = list((tmp_path / "cache").glob("*.json"))
    assert len(stored) == 2
    for file in stored:
        file.write_text("{damaged", encoding="utf-8")
    assert TextCache(tmp_path / "cache").get(path).text == "Ny tekst" and len(calls) == 3
    assert TextCache(None).get(path).text == "Ny tekst" and len(calls) == 4


def test_a_cached_build_reads_each_bilag_once_for_the_index_and_the_gate(tmp_path, monkeypatch):
    """The search index and the publishing gate both read a bilag's text; with a cache
    folder the second reads what the first extracted. The index still finds the words."""
    import json

    from conftest import BUILD_DATE, make_site

    from site_builder.pipeline import BuildOptions, build
    calls = []
    real = bilag_text.extract_text
    monkeypatch.setattr(bilag_text, "extract_text", lambda path: calls.append(path) or real(path))
    site = make_site(tmp_path / "site", {
        "content/moeder/das/2020-05-25.md": (
            "---\norgan: das\ndato: 2020-05-25\nstatus: referat\npunkter:\n  1:\n"
            "    bilag:\n      - titel: Notat\n        fil: notat.pdf\n---\n\n"
            "## 1. Punkt\n\nTekst.\n"),
        "content/moeder/das/notat.pdf": _pdf_bytes(
            [b"BT /F1 12 Tf 72 700 Td (Kapacitetsanalysen for botilbud) Tj ET"])})
    out = tmp_path / "public"
    build(BuildOptions(site, out, BUILD_DATE, jobs=1, cache_dir=tmp_path / "cache"))
    assert [path.name for path in calls] == ["notat.pdf"]
    shards = [json.loads(p.read_text(encoding="utf-8")) for p in (out / "soeg").glob("*.json")]
    assert any(term[0].startswith("kapacitetsanalys") for shard in shards
               for term in shard.get("t", []))
