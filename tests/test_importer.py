"""The importer's round trip on the real documents: the seeds made into Word (python-docx)
and PDF (fpdf2) files, imported into a copy of a site, compared with the hand-made meeting
files of the same meetings, and the copy checked with `python build.py check`."""
from __future__ import annotations

import collections
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from seed_documents import MEETINGS, ROOT, build_docx, build_pdf

from site_builder.importer import command as importer


def read_meeting(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    _, head, body = text.split("---\n", 2)
    front = yaml.safe_load(head)
    items, current = {}, None
    tables = 0
    in_table = False
    for line in body.split("\n"):
        match = re.match(r"^## (\d+)\. (.*)$", line)
        if match:
            current = items.setdefault(int(match.group(1)), {"title": match.group(2),
                                                              "sections": []})
            continue
        section = re.match(r"^### (.*)$", line)
        if section and current is not None:
            current["sections"].append(section.group(1).strip())
        starts = line.startswith("|")
        tables += starts and not in_table
        in_table = starts
    words = collections.Counter(re.findall(r"\w+", _plain(body).lower()))
    return {"front": front, "items": items, "tables": tables, "words": words}


def _plain(text: str) -> str:
    return re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)


def people(front: dict, key: str) -> list:
    return [person if isinstance(person, str) else
            {k: person[k] for k in ("navn", "organisation", "rolle", "stedfortræder")
             if k in person} for person in front.get(key) or []]


def recall(expected: collections.Counter, found: collections.Counter) -> float:
    return sum(min(count, found[word]) for word, count in expected.items()) / \
        sum(expected.values())


def site_copy(tmp_path: Path, number: str) -> Path:
    organ, _date, content, _wrapped = MEETINGS[number]
    site_root = content.parents[3]
    copy = tmp_path / "site"
    shutil.copytree(site_root / "data", copy / "data")
    shutil.copytree(site_root / "content", copy / "content")
    (copy / content.relative_to(site_root)).unlink()
    return copy


def run_check(site: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), "check", "--site", str(site),
                           "--uden-cache", "--jobs", "1"], capture_output=True, text=True,
                          cwd=ROOT, timeout=600)


@pytest.mark.parametrize("kind", ["docx", "pdf"])
@pytest.mark.parametrize("number", sorted(MEETINGS))
def test_seed_round_trip(tmp_path, number, kind):
    organ, date, content, _wrapped = MEETINGS[number]
    site = site_copy(tmp_path, number)
    source = (build_docx if kind == "docx" else build_pdf)(number, tmp_path / f"{number}.{kind}")
    result = importer.import_document(source, site)
    assert result.status in ("importeret", "skal gennemses"), result.message
    assert result.target == site / "content" / "moeder" / organ / f"{date}.md"
    imported, expected = read_meeting(result.target), read_meeting(content)

    assert list(imported["items"]) == list(expected["items"])
    for number_, item in expected["items"].items():
        got = imported["items"][number_]
        assert got["title"] == item["title"], number_
        assert got["sections"] == item["sections"], number_
    for key in ("deltagere", "afbud", "referent"):
        assert people(imported["front"], key) == people(expected["front"], key), key
    for key in ("organ", "titel", "sted", "sagsnr", "doknr"):
        assert str(imported["front"].get(key)) == str(expected["front"].get(key)), key
    assert str(imported["front"]["dato"]) == date
    assert imported["front"]["kladde"] == "ja"
    assert imported["tables"] == expected["tables"]
    assert recall(expected["words"], imported["words"]) >= 0.98

    checked = run_check(site)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "ingen fejl" in checked.stdout + checked.stderr


def test_never_overwrites_and_flags(tmp_path):
    organ, date, content, _wrapped = MEETINGS["000"]
    site = site_copy(tmp_path, "000")
    source = build_docx("000", tmp_path / "000.docx")
    first = importer.import_document(source, site)
    text = first.target.read_text(encoding="utf-8")
    # item 2 names a person on sick leave: closed and listed
    assert yaml.safe_load(text.split("---\n")[1])["punkter"][2]["lukket"] == "ja"
    assert any("punkt 2" in flag and "helbred" in flag for flag in first.flags)
    again = importer.import_document(source, site)
    assert again.status == "afvist" and "overskrives ikke" in again.message
    assert first.target.read_text(encoding="utf-8") == text


def test_ocr_damage_cpr_and_unplaced_text_are_flagged(tmp_path):
    site = site_copy(tmp_path, "000")
    import docx

    document = docx.Document()
    for line in ("Møde\tMøde i Socialdirektørkredsen", "Tid\t3. marts 2012, kl. 10.00",
                 "Indledende tekst, der ikke hører til et punkt.",
                 "1. Orientering om mgdet", "Referat",
                 "Brugeren skal tiimelde sig pa hjemmesiden. Sagen om 010203-1234 er sendt.",
                 "2. Personsag (lukket punkt)", "Referat", "Drøftet."):
        document.add_paragraph(line)
    source = tmp_path / "ocr.docx"
    document.save(str(source))
    result = importer.import_document(source, site)
    assert result.status == "skal gennemses"
    text = result.target.read_text(encoding="utf-8")
    assert "010203-1234" not in text and "ddmmåå-xxxx" in text
    assert "Indledende tekst" in text.split(importer.UNPLACED_HEADING)[1].split("## 1.")[0]
    flags = "\n".join(result.flags)
    assert "tiimelde" in flags and "CPR" in flags and "punkt 2" in flags
    assert run_check(site).returncode == 0


def test_scanned_pdf_is_refused_and_folder_summary(tmp_path, capsys):
    pypdfium2 = pytest.importorskip("pypdfium2")
    site = site_copy(tmp_path, "000")
    folder = tmp_path / "arkiv"
    folder.mkdir()
    pdf = pypdfium2.PdfDocument.new()
    pdf.new_page(595, 842)
    pdf.save(str(folder / "scannet.pdf"))
    build_docx("000", folder / "referat.docx")
    (folder / "noter.txt").write_text("ikke et dokument", encoding="utf-8")
    code = importer.run(folder, site, None, None)
    out = capsys.readouterr().out
    assert code == 1
    assert re.search(r"scannet\.pdf: afvist: PDF'en har ingen tekst", out)
    assert re.search(r"referat\.docx: skal gennemses -> content/moeder/socialdirektoerkredsen/"
                     r"2011-08-11\.md", out)
    assert "2 dokument(er): 0 importeret, 1 skal gennemses, 1 afvist" in out
    assert "noter.txt" not in out


def test_embedded_documents_are_copied_beside_the_meeting(tmp_path):
    """A Word file's embedded Excel sheet or PDF becomes a file the editor can attach; an
    old OLE object is flagged instead."""
    import zipfile

    site = site_copy(tmp_path, "000")
    source = build_docx("000", tmp_path / "000.docx")
    with zipfile.ZipFile(source, "a") as archive:
        archive.writestr("word/embeddings/Microsoft_Excel_Worksheet.xlsx", b"PK-indhold")
        archive.writestr("word/embeddings/oleObject1.bin", b"\xd0\xcf\x11\xe0")
    result = importer.import_document(source, site)
    copied = result.target.parent / result.target.stem / "Microsoft_Excel_Worksheet.xlsx"
    assert copied.read_bytes() == b"PK-indhold"
    assert not (copied.parent / "oleObject1.bin").exists()
    flags = "\n".join(result.flags)
    assert "Microsoft_Excel_Worksheet.xlsx er kopieret" in flags
    assert "indlejret objekt (oleObject1.bin)" in flags
