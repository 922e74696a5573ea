"""The seed documents (../shared/seeds/, Word minutes saved as text) made into Word and PDF
files again, for the importer's round trip (tests/test_importer.py and
benchmarks/import_report.py). Their headings, numbered items, bold and italic, tab tables,
group tables and participant blocks are kept as Word has them."""
from __future__ import annotations

import re
from pathlib import Path

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
if not SEEDS.is_dir():
    SEEDS = Path("/work/shared/seeds")
# seed number -> (organ, date, the hand-made content file, hard-wrapped lines)
ROOT = Path(__file__).resolve().parents[1]
MEETINGS = {
    "000": ("socialdirektoerkredsen", "2011-08-11",
            ROOT / "content/moeder/socialdirektoerkredsen/2011-08-11.md", False),
    "001": ("socialdirektoerforum", "2011-08-16",
            ROOT / "examples/syddanmark/content/moeder/socialdirektoerforum/2011-08-16.md",
            False),
    "002": ("socialdirektoerkredsen", "2011-10-06",
            ROOT / "content/moeder/socialdirektoerkredsen/2011-10-06.md", True),
    "003": ("das", "2020-05-25", ROOT / "content/moeder/das/2020-05-25.md", False),
}
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
FONT_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"


def seed_text(number: str) -> str:
    return next(SEEDS.glob(f"{number}_*.txt")).read_text(encoding="utf-8")


def paragraphs(text: str, wrapped: bool) -> list[tuple[str, str]]:
    """(kind, text): the document's paragraphs as Word holds them. Hard-wrapped lines (a
    long line followed by more of the sentence) are one paragraph again."""
    out: list[tuple[str, str]] = []
    previous_long = False
    for raw in text.replace("\u00a0", " ").split("\n"):
        line = raw.rstrip()
        stripped = line.strip()
        if not stripped or re.fullmatch(r"-{3,}\s*-*", stripped):
            previous_long = False
            continue
        kind, body = _kind(line)
        if wrapped and previous_long and kind == "text" and out and out[-1][0] in (
                "text", "bullet", "bullet2"):
            out[-1] = (out[-1][0], out[-1][1] + " " + body)
        elif kind == "tab" and out and out[-1][0] == "table":
            out[-1] = ("table", out[-1][1] + "\n" + body)
        elif kind == "tab" and "\t" in body and _table_follows(text, line):
            out.append(("table", body))
        else:
            out.append((kind, body))
        previous_long = wrapped and len(line) >= 90
    return out


def _table_follows(text: str, line: str) -> bool:
    lines = [item for item in text.split("\n") if item.strip()]
    index = lines.index(line)
    return any("\t" in other and "<b>" not in other and not other.startswith(
        ("Møde\t", "Tid\t", "Sted\t", "Deltagere\t", "Afbud\t"))
        for other in lines[index:index + 2]) and not line.startswith(
        ("Møde\t", "Tid\t", "Sted\t", "Deltagere\t", "Afbud\t", "<b>"))


def _kind(line: str) -> tuple[str, str]:
    stripped = line.strip()
    heading = re.match(r"^(#{1,6})\s+(.*)$", stripped)
    if heading:
        return f"h{len(heading.group(1))}", heading.group(2).strip()
    if "<ol" in stripped:
        return "groups", stripped
    if "\t" in stripped:
        return "tab", line.rstrip().lstrip(" ")  # an empty first cell stays
    bullet = re.match(r"^(\s*)(?:[-\uf0b7•])\s+(.*)$", line)
    if bullet:
        return ("bullet2" if len(bullet.group(1)) >= 1 and line.startswith(" -") else
                "bullet"), bullet.group(2).strip()
    return "text", stripped


def _runs(paragraph, text: str) -> None:
    """**bold**, *italic*, <b>bold</b> and [link](url) as Word runs."""
    text = re.sub(r"<b>(.*?)</b>", r"**\1**", text)
    text = re.sub(r"\*\*\s*$", "", text) if text.count("**") % 2 else text
    pattern = re.compile(r"\*\*(.+?)\*\*|\*(.+?)\*|\[([^\]]+)\]\(([^)]*)\)")
    position = 0
    for match in pattern.finditer(text):
        if match.start() > position:
            paragraph.add_run(text[position:match.start()])
        if match.group(1) is not None:
            paragraph.add_run(match.group(1).replace("*", "")).bold = True
        elif match.group(2) is not None:
            paragraph.add_run(match.group(2)).italic = True
        else:
            _hyperlink(paragraph, match.group(3), match.group(4))
        position = match.end()
    if position < len(text):
        paragraph.add_run(text[position:])


def _hyperlink(paragraph, text: str, url: str) -> None:
    if url.startswith("#") or not url:
        paragraph.add_run(text)
        return
    rel = paragraph.part.relate_to(
        url, "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink",
        is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel)
    run = OxmlElement("w:r")
    text_element = OxmlElement("w:t")
    text_element.text = text
    run.append(text_element)
    link.append(run)
    paragraph._p.append(link)


def build_docx(number: str, path: Path) -> Path:
    organ, date, _content, wrapped = MEETINGS.get(number, (None, None, None, False))
    document = docx.Document()
    for kind, text in paragraphs(seed_text(number), wrapped):
        if kind.startswith("h"):
            level = min(int(kind[1]), 4)
            heading = document.add_paragraph(style=f"Heading {level}")
            _runs(heading, text.replace("**", ""))
        elif kind in ("bullet", "bullet2"):
            _runs(document.add_paragraph(
                style="List Bullet" if kind == "bullet" else "List Bullet 2"), text)
        elif kind == "groups":
            group, rest = text.split("\t", 1)
            table = document.add_table(rows=1, cols=2)
            table.cell(0, 0).text = group.strip()
            cell = table.cell(0, 1)
            entries = _numbered(re.sub(r"<[^>]+>", "", rest))
            cell.text = entries[0]
            for entry in entries[1:]:
                cell.add_paragraph(entry)
        elif kind == "table":
            rows = [row.split("\t") for row in text.split("\n")]
            width = max(len(row) for row in rows)
            table = document.add_table(rows=len(rows), cols=width)
            for r, row in enumerate(rows):
                for c, value in enumerate(row):
                    table.cell(r, c).text = value
        else:
            _runs(document.add_paragraph(), text)
    document.save(str(path))
    return path


def _numbered(text: str) -> list[str]:
    """"1. A (side 2)2. B" -> ["1. A (side 2)", "2. B"]: each number follows the last."""
    first = re.match(r"\s*(\d+)\.", text)
    number = int(first.group(1))
    entries, start = [], 0
    while True:
        following = text.find(f"{number + 1}. ", start + 1)
        if following < 0:
            entries.append(text[start:].strip())
            return entries
        entries.append(text[start:following].strip())
        start, number = following, number + 1


def build_pdf(number: str, path: Path) -> Path:
    """The same paragraphs as a text PDF (fpdf2): headings bold, tables in columns."""
    from fpdf import FPDF

    organ, date, _content, wrapped = MEETINGS.get(number, (None, None, None, False))
    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", "", FONT)
    pdf.add_font("DejaVu", "B", FONT_BOLD)
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin

    def clean(text: str) -> str:
        text = re.sub(r"<[^>]+>", "", text).replace("**", "")
        text = re.sub(r"(?<!\w)\*(.+?)\*(?!\w)", r"\1", text)
        return re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text).replace("\uf0b7", "")

    for kind, text in paragraphs(seed_text(number), wrapped):
        if kind.startswith("h"):
            pdf.set_font("DejaVu", "B", 12)
            pdf.multi_cell(width, 7, clean(text), new_x="LMARGIN", new_y="NEXT")
        elif kind == "tab":
            key, value = clean(text).split("\t", 1)
            pdf.set_font("DejaVu", "", 10)
            pdf.cell(width * 0.25, 5, key)
            pdf.multi_cell(width * 0.75, 5, value, new_x="LMARGIN", new_y="NEXT")
        elif kind in ("table", "groups"):
            pdf.set_font("DejaVu", "", 8)
            if kind == "groups":
                group, rest = text.split("\t", 1)
                entries = _numbered(re.sub(r"<[^>]+>", "", rest))
                rows = [[group, entries[0]]] + [["", entry] for entry in entries[1:]]
            else:
                rows = [row.split("\t") for row in text.split("\n")]
            columns = max(len(row) for row in rows)
            first = width * (0.4 if columns > 2 else 0.25)
            rest_width = (width - first) / max(columns - 1, 1)
            for row in rows:
                for c, value in enumerate(row):
                    cell_width = first if c == 0 else rest_width
                    value = clean(value)
                    while value and pdf.get_string_width(value) > cell_width - 6:
                        value = value[:-1]
                    pdf.cell(cell_width, 5, value)
                pdf.ln(5)
        else:
            pdf.set_font("DejaVu", "", 10)
            prefix = "• " if kind == "bullet" else ("    • " if kind == "bullet2" else "")
            pdf.multi_cell(width, 5, prefix + clean(text), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    pdf.output(str(path))
    return path
