"""Small counts of people in a table: a WARNING, as 1-4 people can point at someone.

A table is about people when its header, the line before it (its caption) or a row's
first cell says so (`_PEOPLE`). A cell of 1-4 (SMALL_COUNTS; 0 is nobody) in such a row is
warned about, once for each table, unless the table holds rates, amounts or percentages,
the row is never published (a closed item's text), or the file says 'små antal' under
`gennemset:`. privacy.py runs it on content files, not on data/.
"""
from __future__ import annotations

import re

from ..problems import Problems
from .source_lines import ACK_KEY, ACK_SMALL_COUNTS, _Context, _Source
from .text_checks import table_cells

SMALL_COUNTS = range(1, 5)  # under 5; 0 does not count
_PEOPLE = re.compile(
    r"\b(?:borger|person|kvind|mænd|mand\b|børn|barn\b|barnet|unge\b|voksn|bruger|beboer|"
    r"elev|anbragt|klient|patient|medarbejder|ansatte|indbygger|famili|forældre|pige|"
    r"drenge?\b)", re.IGNORECASE)
# A table's rule line under its header: |---|---| (at least one pipe). No part of a line can
# be matched two ways, so a hostile line cannot make the search slow.
_CELL = r"[ \t]*:?-+:?[ \t]*"
_TABLE_RULE_LINE = re.compile(
    rf"^(?:[ \t]*\|{_CELL}(?:\|{_CELL})*|{_CELL}(?:\|{_CELL})+)(?:\|[ \t]*)?$", re.MULTILINE)
_DECIMAL = re.compile(r"^[*_]*-?\d+,\d+[*_]*\s*%?$|.*%")
_SMALL_CELL = re.compile(r"^[*_]{0,2}([0-9])[*_]{0,2}$")


def _small_counts(source: _Source, context: _Context, problems: Problems) -> None:
    if "|" not in source.text or "-" not in source.text:
        return
    lines = source.lines
    after = -1
    for rule in _TABLE_RULE_LINE.finditer(source.text):
        index = source.line_of(rule.start()) - 1
        if index < 1 or index <= after or "|" not in lines[index - 1]:
            continue
        header = lines[index - 1]
        caption = _caption_before(lines, index - 1)
        about_people = bool(_PEOPLE.search(header) or _PEOPLE.search(caption))
        rows: list[tuple[int, list[str]]] = []
        after = index + 1
        while after < len(lines) and "|" in lines[after] and lines[after].strip():
            rows.append((after + 1, _cells(lines[after])))
            after += 1
        if any(_DECIMAL.match(cell) for _, cells in rows for cell in cells[1:]):
            continue  # rates, amounts or percentages: not counts of people
        small = [line for line, cells in rows
                 if cells and (about_people or _PEOPLE.search(cells[0]))
                 and any(_is_small(c) for c in cells[1:]) and not context.place(line).quiet]
        if small and not context.acknowledged.intersection(ACK_SMALL_COUNTS):
            problems.warning(
                source.path, small[0], context.place(small[0]).where,
                "små antal: tabellen viser 1-4 personer i en celle, og så små tal kan pege på "
                "enkeltpersoner. Slå rækker sammen eller skriv fx 'under 5'; er tabellen "
                f"gennemset og i orden, så skriv 'små antal' under {ACK_KEY}: i filens "
                "front matter")


def _caption_before(lines: list[str], header: int) -> str:
    """The paragraph line just before a table (its caption, or the sentence that leads in)."""
    for index in range(header - 1, max(header - 3, -1), -1):
        if lines[index].strip():
            return lines[index]
    return ""


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in table_cells(line)]


def _is_small(cell: str) -> bool:
    match = _SMALL_CELL.match(cell)
    return bool(match) and int(match.group(1)) in SMALL_COUNTS
