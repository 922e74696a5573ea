"""The editors' checks of one file's Markdown text (guards/editor_checks.py reports them):
what they find depends on nothing but the text, so it is found as the file is read
(content/documents.py) and kept with the file in the build cache; after an edit only the
changed file is looked at again.

- dates at the start of a line that CommonMark reads as the number of a list ("16. juni");
- table rows with more cells than the table's header, which GitHub's Markdown drops.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..content.markdown_html import escape_dates


@dataclass(frozen=True)
class TextFindings:
    # (line, the date as written, as it should be written: "16\\. juni")
    dates: tuple[tuple[int, str, str], ...] = ()
    # (line, the row's cells, the header's cells)
    wide_rows: tuple[tuple[int, int, int], ...] = ()


def text_findings(body: str, first_line: int) -> TextFindings:
    """What the checks find in a file's Markdown `body`, whose first line is `first_line`
    of the file."""
    return TextFindings(
        tuple((first_line + date.line - 1, date.date, date.escaped)
              for date in escape_dates(body)[1]),
        tuple((first_line + line, cells, header)
              for line, cells, header in _wide_rows(body.split("\n"))))


_DELIMITER_CELL = re.compile(r"^\s*:?-+:?\s*$")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")


def _wide_rows(lines: list[str]):
    """(index of the line, its cells, the header's cells) for each row wider than its
    table's header; a table is a header row followed by a delimiter row of as many cells,
    and ends at a blank line."""
    in_fence, table, delimiter_row = False, None, -1
    for index, line in enumerate(lines):
        if _FENCE.match(line):
            in_fence, table = not in_fence, None
        elif in_fence or not line.strip():
            table = None
        elif index == delimiter_row:
            continue
        elif table is not None:
            cells = len(table_cells(line))
            if cells > table:
                yield index, cells, table
        elif index + 1 < len(lines) and "|" in line and "-" in lines[index + 1]:
            header, delimiter = table_cells(line), table_cells(lines[index + 1])
            if len(header) == len(delimiter) and all(_DELIMITER_CELL.match(c)
                                                     for c in delimiter):
                table, delimiter_row = len(header), index + 1


def table_cells(line: str) -> list[str]:
    """The cells of a Markdown table row, as GitHub's Markdown splits it (an escaped \\| is
    no border)."""
    text = line.strip()
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|") and not text.endswith("\\|"):
        text = text[:-1]
    return re.split(r"(?<!\\)\|", text)
