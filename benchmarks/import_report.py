"""What the importer recovers from each seed document (../shared/seeds/), made into Word
and PDF again (tests/seed_documents.py), against the hand-made meeting file of the same
meeting: items, sections, people, tables, words, and what it flagged. Seed 004 (an OCR'd
PDF notat, not a meeting) is imported as a PDF to show what it flags.

    python benchmarks/import_report.py
"""
from __future__ import annotations

import datetime as dt
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from seed_documents import MEETINGS, build_docx, build_pdf, seed_text  # noqa: E402
from test_importer import people, read_meeting, recall  # noqa: E402

from site_builder.importer import command as importer


def report(number: str, kind: str, work: Path) -> None:
    organ, date, content, _wrapped = MEETINGS[number]
    site_root = content.parents[3]
    site = work / f"{number}-{kind}"
    shutil.copytree(site_root / "data", site / "data")
    (site / "content").mkdir(parents=True)
    source = (build_docx if kind == "docx" else build_pdf)(number, work / f"{number}.{kind}")
    started = time.perf_counter()
    result = importer.import_document(source, site)
    seconds = time.perf_counter() - started
    if result.target is None or not result.target.exists():
        print(f"{number} {kind}: {result.status}: {result.message}")
        return
    got, want = read_meeting(result.target), read_meeting(content)
    items = sum(1 for n, item in want["items"].items()
                if got["items"].get(n, {}).get("title") == item["title"])
    sections = sum(len(item["sections"]) for item in want["items"].values())
    sections_ok = sum(len(item["sections"]) for n, item in want["items"].items()
                      if got["items"].get(n, {}).get("sections") == item["sections"])
    persons = [p for key in ("deltagere", "afbud") for p in people(want["front"], key)]
    found = [p for key in ("deltagere", "afbud") for p in people(got["front"], key)]
    persons_ok = sum(1 for person in persons if person in found)
    print(f"{number} {kind:4}: items {items}/{len(want['items'])}, sections "
          f"{sections_ok}/{sections}, people {persons_ok}/{len(persons)}, tables "
          f"{got['tables']}/{want['tables']}, words {recall(want['words'], got['words']):.1%}"
          f", {seconds:.2f} s ({result.status})")
    for flag in result.flags:
        print(f"      flag: {flag[:150]}")
    if result.unplaced:
        print(f"      unplaced paragraphs: {len(result.unplaced)}")


def ocr_seed(work: Path) -> None:
    from fpdf import FPDF
    from seed_documents import FONT

    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", "", FONT)
    pdf.set_font("DejaVu", "", 10)
    pdf.add_page()
    for line in seed_text("004").split("\n"):
        pdf.multi_cell(0, 5, line or " ", new_x="LMARGIN", new_y="NEXT")
    path = work / "004.pdf"
    pdf.output(str(path))
    site = work / "004"
    shutil.copytree(ROOT / "examples" / "midtjylland" / "data", site / "data")
    (site / "content").mkdir(parents=True)
    result = importer.import_document(path, site, organ="dassos", date=dt.date(2011, 6, 1))
    print(f"004 pdf : {result.status}: {result.message or result.target}")
    for flag in result.flags:
        print(f"      flag: {flag[:150]}")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        for number in sorted(MEETINGS):
            for kind in ("docx", "pdf"):
                report(number, kind, work)
        ocr_seed(work)


if __name__ == "__main__":
    main()
