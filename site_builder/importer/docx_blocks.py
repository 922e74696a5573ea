"""Word (.docx) documents as `Block`s, with python-docx: paragraphs in order with their
heading level, list entries, bold and italic runs as Markdown, hyperlinks, and tables
(every cell's paragraphs, one per line)."""
from __future__ import annotations

import re
from pathlib import Path

import docx
from docx.document import Document
from docx.table import Table
from docx.text.hyperlink import Hyperlink
from docx.text.paragraph import Paragraph

from .structure import Block


class DocxError(Exception):
    pass


def read_blocks(path: Path) -> tuple[list[Block], list[str]]:
    """The document's blocks, and the link targets it holds (for bilag)."""
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises many kinds for a damaged file
        raise DocxError(f"filen kan ikke læses som et Word-dokument ({type(exc).__name__})"
                        ) from exc
    links: list[str] = []
    blocks: list[Block] = []
    for element in _body(document):
        if isinstance(element, Table):
            rows = [["\n".join(_inline(p, links)[0] for p in cell.paragraphs).strip()
                     for cell in _unique_cells(row)] for row in element.rows]
            if any(any(cell for cell in row) for row in rows):
                blocks.append(Block("table", rows=rows))
            continue
        text, emphasised = _inline(element, links)
        if not text.strip():
            continue
        style = (element.style.name if element.style is not None else "") or ""
        level = _heading_level(style)
        if level:
            blocks.append(Block("heading", text.strip(), level=level))
        elif _is_list(element, style):
            depth = 1 if re.search(r"\b[2-9]$", style) or _indent_level(element) > 0 else 0
            blocks.append(Block("bullet", text.strip(), level=depth))
        else:
            blocks.append(Block("text", text.strip(), emphasised=emphasised))
    return blocks, links


def _body(document: Document):
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            yield Paragraph(child, document)
        elif tag == "tbl":
            yield Table(child, document)


def _unique_cells(row):
    seen, cells = set(), []
    for cell in row.cells:  # a merged cell is returned once for each grid column
        if id(cell._tc) not in seen:
            seen.add(id(cell._tc))
            cells.append(cell)
    return cells


def _heading_level(style: str) -> int:
    match = re.match(r"^(?:Heading|Overskrift)\s*(\d)$", style.strip(), re.IGNORECASE)
    if match:
        return int(match.group(1))
    return 1 if style.strip().lower() in ("title", "titel") else 0


def _is_list(paragraph: Paragraph, style: str) -> bool:
    if re.match(r"^(List Bullet|Opstilling med punkttegn)", style, re.IGNORECASE):
        return True
    properties = paragraph._p.pPr
    return properties is not None and properties.numPr is not None \
        and not style.lower().startswith("list number")


def _indent_level(paragraph: Paragraph) -> int:
    properties = paragraph._p.pPr
    if properties is None or properties.numPr is None or properties.numPr.ilvl is None:
        return 0
    return int(properties.numPr.ilvl.val or 0)


def _inline(paragraph: Paragraph, links: list[str]) -> tuple[str, bool]:
    """The paragraph as Markdown inline text; and whether all of it is bold or italic."""
    parts: list[str] = []
    styled, total = 0, 0
    for content in paragraph.iter_inner_content():
        if isinstance(content, Hyperlink):
            text = content.text
            address = content.address or ""
            if address and not address.startswith("#"):
                links.append(address)
                parts.append(f"[{text}]({address})")
            else:
                parts.append(text)
            total += len(text.strip())
            continue
        text = content.text
        if not text:
            continue
        bold, italic = bool(content.bold), bool(content.italic)
        total += len(text.strip())
        if (bold or italic) and text.strip():
            styled += len(text.strip())
            mark = "**" if bold else "*"
            lead, core, tail = re.match(r"^(\s*)(.*?)(\s*)$", text, re.DOTALL).groups()
            parts.append(f"{lead}{mark}{core}{mark}{tail}")
        else:
            parts.append(text)
    text = "".join(parts).replace("****", "").replace("**", "\x00")
    text = text.replace("\x00", "**")
    text = re.sub(r"\*\*(\s*)\*\*", r"\1", text)
    return text, total > 0 and styled == total
