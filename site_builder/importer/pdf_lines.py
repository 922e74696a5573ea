"""Text PDFs as lines of text, with pypdfium2. Where the characters of a line stand far
apart (a table's columns), a tab is put between them. A PDF without text (a scan) is
refused: the importer cannot read what is only a picture."""
from __future__ import annotations

from pathlib import Path

import pypdfium2

from .structure import Block, blocks_from_lines

MIN_TEXT = 20  # characters in the whole document; below: a scan
COLUMN_GAP = 14.0  # points between two characters that start a new column
INDENTED_CELL = 40.0  # points right of the margin where a line starts in a second column


class PdfError(Exception):
    pass


def read_blocks(path: Path) -> list[Block]:
    return blocks_from_lines(read_lines(path))


def read_lines(path: Path) -> list[str]:
    try:
        pdf = pypdfium2.PdfDocument(path)
    except pypdfium2.PdfiumError as exc:
        if exc.err_code == pypdfium2.raw.FPDF_ERR_PASSWORD:
            raise PdfError("PDF'en er beskyttet med adgangskode") from exc
        raise PdfError("filen kan ikke læses som en PDF") from exc
    lines: list[str] = []
    try:
        for page in pdf:
            textpage = page.get_textpage()
            lines.extend(_page_lines(textpage))
            lines.append("")
            textpage.close()
            page.close()
    finally:
        pdf.close()
    if sum(len(line.strip()) for line in lines) < MIN_TEXT:
        raise PdfError("PDF'en har ingen tekst (den er vist skannet): kør tekstgenkendelse "
                       "(OCR) på den først, eller skriv mødet ind med python build.py new")
    return lines


def _page_lines(textpage) -> list[str]:
    count = textpage.count_chars()
    text = textpage.get_text_range()
    if len(text) != count:  # the characters do not match their boxes: no columns
        return text.replace("\r\n", "\n").replace("\ufffe", "-").split("\n")
    lines: list[tuple[float | None, list[str]]] = [(None, [])]
    heights: list[tuple[float, float]] = [(0.0, 0.0)]  # each line's bottom and top
    previous_right = None
    for index, char in enumerate(text):
        start, out = lines[-1]
        if char in "\r\n":
            if char == "\n":
                lines.append((None, []))
                heights.append((0.0, 0.0))
            previous_right = None
            continue
        left, _bottom, right, _top = textpage.get_charbox(index)
        if char == " " and right <= left:
            out.append(char)
            continue
        if start is None and char != " ":
            lines[-1] = (left, out)
        if char != " " and _top > _bottom:
            low, high = heights[-1]
            heights[-1] = (min(low, _bottom) if high else _bottom, max(high, _top))
        if previous_right is not None and char != " " and left - previous_right > COLUMN_GAP:
            while out and out[-1] == " ":
                out.pop()
            out.append("\t")
        out.append("-" if char == "\ufffe" else char)
        if char != " ":
            previous_right = right
    margin = min((start for start, out in lines if start is not None), default=0.0)
    sizes = sorted(high - low for low, high in heights if high > low)
    size = sizes[len(sizes) // 2] if sizes else 0.0
    result: list[str] = []
    previous_bottom = None
    for (start, out), (low, high) in zip(lines, heights):
        # more space above a line than between the lines of a paragraph: a new paragraph
        if previous_bottom is not None and high > low and previous_bottom - high > size * 0.8:
            result.append("")
        if high > low:
            previous_bottom = low
        # a line that begins far right of the margin begins in a table's second column
        result.append(("\t" if start is not None and start - margin > INDENTED_CELL else "")
                      + "".join(out))
    return result
