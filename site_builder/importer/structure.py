"""The Danish agenda structure of an imported document: front matter, groups, items and
their sections, read from a list of `Block`s (importer/docx_blocks.py and importer/pdf_lines.py make them).

    Møde / Tid / Sted / Deltagere / Afbud / Sagsnr./Dok.nr.   -> front matter
    a table of groups with numbered lists                     -> the agenda groups
    1. Titel                                                  -> agenda item 1
    Resumé, Baggrund, Sagsfremstilling, Indstilling, ...      -> the item's sections
    "Referat:" followed by item 1 again                       -> the minutes of each item

Nothing is dropped: what cannot be placed is returned in `Draft.unplaced`.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .people import people

SECTIONS = {"resumé": "Resumé", "resume": "Resumé", "baggrund": "Baggrund",
            "sagsfremstilling": "Sagsfremstilling", "indstilling": "Indstilling",
            "beslutning": "Beslutning", "referat": "Referat", "bilag": "Bilag",
            "økonomi": "Økonomi", "orientering": "Orientering"}
FRONT_KEYS = {"møde": "titel", "tid": "tid", "sted": "sted", "deltagere": "deltagere",
              "afbud": "afbud", "sagsnr./dok.nr.": "sagsnr", "sagsnr.": "sagsnr",
              "sagsnr": "sagsnr", "referent": "referent", "dato": "dokumentdato"}
MONTHS = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august",
          "september", "oktober", "november", "december")
_ITEM = re.compile(r"^(\d{1,3})\.\s*([A-ZÆØÅ\"”“(].*)$")
_DATE = re.compile(r"(\d{1,2})\.\s*(" + "|".join(MONTHS) + r")\s+(\d{4})", re.IGNORECASE)
_TIME = re.compile(r"kl\.?\s*(\d{1,2}[.:]\d{2}(?:\s*[-–]\s*\d{1,2}[.:]\d{2})?)")
_CASE = re.compile(r"(\d{4}-\d+)\s*(?:/\s*(\d{4}-\d+))?")
_PAGE_REF = re.compile(r"\s*\(side \d+\)\s*$")
_MAX_TITLE = 300


@dataclass
class Block:
    """One paragraph, heading, list entry or table of the document, as Markdown inline."""

    kind: str  # text | heading | bullet | table
    text: str = ""
    level: int = 0  # heading level; list depth for bullets
    rows: list[list[str]] = field(default_factory=list)
    emphasised: bool = False  # the whole paragraph is bold or italic

    @property
    def plain(self) -> str:
        return re.sub(r"(\*\*|(?<![\\*])\*(?!\*))", "", self.text).strip()


@dataclass
class Item:
    number: int
    title: str
    group: str | None = None
    sections: list[tuple[str | None, list[str]]] = field(default_factory=list)

    def add(self, line: str, section: str | None = None, new: bool = False) -> None:
        if new or not self.sections or (section is not None
                                         and self.sections[-1][0] != section):
            self.sections.append((section, []))
        self.sections[-1][1].append(line)


@dataclass
class Draft:
    front: dict = field(default_factory=dict)
    items: list[Item] = field(default_factory=list)
    unplaced: list[str] = field(default_factory=list)
    groups: dict[int, str] = field(default_factory=dict)


def section_name(text: str) -> str | None:
    return SECTIONS.get(text.strip().rstrip(":").strip().lower())


def find_date(text: str) -> dt.date | None:
    match = _DATE.search(text)
    if not match:
        match = re.search(r"den\s+(\d{1,2})\.\s*(\w+)\s+(\d{4})", text)
        if not match or match.group(2).lower() not in MONTHS:
            return None
    try:
        return dt.date(int(match.group(3)), MONTHS.index(match.group(2).lower()) + 1,
                       int(match.group(1)))
    except ValueError:
        return None


def blocks_from_lines(lines: list[str]) -> list[Block]:
    """Text lines (from a PDF) as blocks: wrapped lines joined into paragraphs, bullets
    and tab-separated rows recognised. Paragraphs are separated by an empty line."""
    blocks: list[Block] = []
    previous_full = False
    for raw in lines:
        line = raw.rstrip()
        if not line.strip():
            previous_full = False
            continue
        bullet = re.match(r"^(\s*)([-•\uf0b7▪●¢]|[oe](?=\s+[A-ZÆØÅa-zæøå]))\s+(.*)$", line)
        if "\t" in line.strip(" "):
            blocks.append(Block("text", line.strip(" ")))
        elif bullet:
            depth = 1 if len(bullet.group(1)) >= 2 else 0
            blocks.append(Block("bullet", bullet.group(3).strip(), level=depth))
        elif previous_full and blocks and blocks[-1].kind in ("text", "bullet") \
                and "\t" not in blocks[-1].text:
            blocks[-1].text = _join(blocks[-1].text, line.strip())
        else:
            blocks.append(Block("text", line.strip()))
        previous_full = True  # the reader marks paragraphs with an empty line
    return blocks


def _join(first: str, second: str) -> str:
    if first.endswith("-") and not first.endswith(" -") and second[:1].islower():
        return first[:-1] + second
    return first + " " + second


def parse(blocks: list[Block]) -> Draft:
    draft = Draft()
    blocks = _merge_tab_rows(blocks)
    start = _front_matter(blocks, draft)
    listing, body_start = _agenda_listing(blocks, start, draft)
    marker = _minutes_marker(blocks, body_start, listing)
    items: dict[int, Item] = {}
    current: Item | None = None
    section: str | None = None
    in_minutes = marker is None
    expected = 1
    index = body_start
    while index < len(blocks):
        block = blocks[index]
        index += 1
        plain = block.plain
        if marker is not None and index - 1 == marker:
            in_minutes, current, expected = True, None, 1
            continue
        match = _ITEM.match(plain) if block.kind != "table" else None
        number = int(match.group(1)) if match else None
        if match and len(plain) <= _MAX_TITLE and (
                number == expected or (number in listing and number >= expected)
                or (in_minutes and marker is not None and number in items
                    and number >= expected)):
            title = match.group(2).strip()
            while title.count("(") > title.count(")") and index < len(blocks) \
                    and len(blocks[index].plain) < 80 and blocks[index].kind == "text":
                title = f"{title} {blocks[index].plain}"
                index += 1
            current = items.get(number)
            if current is None:
                current = Item(number, listing.get(number, title), draft.groups.get(number))
                items[number] = current
            section = "Referat" if marker is not None and in_minutes else None
            expected = number + 1
            continue
        name = section_name(plain) if block.kind != "table" and len(plain) < 40 else None
        if name and current is not None and (marker is None or in_minutes):
            section = name
            current.sections.append((name, []))
            continue
        markdown = render_block(block, in_section=current is not None)
        if current is None:
            draft.unplaced.append(markdown)
        else:
            current.add(markdown, section)
    draft.items = [items[number] for number in sorted(items)]
    for number, title in listing.items():
        if number not in items:
            draft.items.append(Item(number, title, draft.groups.get(number)))
    draft.items.sort(key=lambda item: item.number)
    return draft


def _merge_tab_rows(blocks: list[Block]) -> list[Block]:
    """Consecutive tab-separated paragraphs as one table (a front-matter line stays)."""
    merged: list[Block] = []
    for position, block in enumerate(blocks):
        if block.kind == "text" and "\t" in block.text.strip(" ") and not any(
                0 <= other < len(blocks) and "\t" in blocks[other].text.strip(" ")
                for other in (position - 1, position + 1)) and \
                not _split_key(block.plain.replace("\t", " ")):
            block.text = re.sub(r"\s*\t\s*", " ", block.text).strip()  # justified text
        if block.kind == "text" and block.text.startswith("\t") and merged and \
                merged[-1].kind == "text" and _split_key(merged[-1].plain):
            merged[-1].text += " " + block.text.strip()  # a front-matter value, wrapped
            continue
        if block.kind == "text" and "\t" in block.text.strip(" "):
            cells = [cell.strip() for cell in block.text.strip(" ").split("\t")]
            if cells[0].replace("*", "").strip().lower() in FRONT_KEYS:
                merged.append(block)
                continue
            if merged and merged[-1].kind == "table" and merged[-1].level == -1:
                merged[-1].rows.append(cells)
                continue
            merged.append(Block("table", rows=[cells], level=-1))
        else:
            merged.append(block)
    return merged


def _front_matter(blocks: list[Block], draft: Draft) -> int:
    """Reads the key/value lines at the top; returns where the rest begins."""
    front = draft.front
    index = 0
    for index, block in enumerate(blocks):
        if _ITEM.match(block.plain) or block.kind == "bullet":
            return index
        pairs = block.rows if block.kind == "table" else [_split_key(block.plain)]
        if block.kind == "table" and not all(len(row) >= 2 and row[0].lower().strip(": ")
                                             in FRONT_KEYS for row in pairs):
            if _is_group_table(block):
                return index
            draft.unplaced.append(render_block(block))
            continue
        used = False
        for pair in pairs:
            if not pair or len(pair) < 2:
                continue
            key = FRONT_KEYS.get(pair[0].lower().strip(": "))
            value = " ".join(part for part in pair[1:] if part).strip()
            if key and value and key not in front:
                front[key] = value
                used = True
        if not used:
            text = block.plain
            if "titel" not in front and re.match(r"^(Referat|Dagsorden)\b.{0,120}\bmødet?\b",
                                                 text, re.IGNORECASE):
                front["titel"] = text
            draft.unplaced.append(render_block(block))
    return len(blocks)


def _split_key(text: str) -> list[str]:
    text = text.strip()
    for key in sorted(FRONT_KEYS, key=len, reverse=True):
        if text.lower().startswith(key):
            rest = text[len(key):]
            if rest[:1] in ("\t", ":", " ") and (rest.strip(": \t") or rest[:1] == ":"):
                return [key, rest.strip(": \t")]
    return []


def _is_group_table(block: Block) -> bool:
    return bool(block.rows) and all(len(row) >= 2 and _ITEM.match(row[1].split("\n")[0])
                                    for row in block.rows)


def _agenda_listing(blocks: list[Block], start: int, draft: Draft
                    ) -> tuple[dict[int, str], int]:
    """The agenda as listed before the items themselves: groups from a table of group
    names and numbered lists (titles come from the body), or a list of numbered titles
    followed by the minutes (titles come from the list)."""
    listing: dict[int, str] = {}
    index = start
    while index < len(blocks) and blocks[index].kind == "table" \
            and _is_group_table(blocks[index]):
        group = ""
        for row in blocks[index].rows:
            group = row[0].strip() or group
            for line in row[1].split("\n"):
                match = _ITEM.match(line.strip())
                if match and group:
                    draft.groups[int(match.group(1))] = group
        index += 1
    return listing, index


def _minutes_marker(blocks: list[Block], start: int, listing: dict[int, str]) -> int | None:
    """The "Referat:" heading after which the items come again, with their minutes; the
    items before it are the agenda, and their titles the ones used."""
    for index in range(start, len(blocks) - 1):
        if blocks[index].kind in ("heading", "text") and \
                section_name(blocks[index].plain) == "Referat":
            following = _ITEM.match(blocks[index + 1].plain)
            if following and int(following.group(1)) == 1:
                for block in blocks[start:index]:
                    match = _ITEM.match(block.plain)
                    if match and block.kind in ("bullet", "heading", "text"):
                        listing.setdefault(int(match.group(1)),
                                           match.group(2).strip().rstrip("*").strip())
                return index
    return None


def render_block(block: Block, in_section: bool = False) -> str:
    if block.kind == "table":
        return render_table(block.rows)
    if block.kind == "bullet":
        return ("    " * block.level) + "- " + block.text
    if block.kind == "heading" or (block.emphasised and in_section and len(block.plain) < 80):
        return "#### " + block.plain
    text = block.text
    if re.match(r"^(#{1,6}\s|[-+*]\s|>\s|\d{1,3}[.)]\s)", text) and block.kind == "text" \
            and not re.match(r"^\d{1,3}[.)]\s", text):
        text = "\\" + text
    return text


def render_table(rows: list[list[str]]) -> str:
    width = max(len(row) for row in rows)

    def cell(text: str) -> str:
        text = " ".join(text.split())
        return re.sub(r"(?<!\\)([|*_])", r"\\\1", text)

    lines = []
    for number, row in enumerate(rows):
        cells = [cell(text) for text in row] + [""] * (width - len(row))
        lines.append("| " + " | ".join(cells) + " |")
        if number == 0:
            lines.append("|" + "---|" * width)
    return "\n".join(lines)


def meeting_facts(draft: Draft) -> dict:
    """The front matter the meeting file gets, in the project's keys."""
    raw = draft.front
    facts: dict = {}
    if raw.get("titel"):
        facts["titel"] = raw["titel"].strip()
    when = raw.get("tid", "")
    time = _TIME.search(when)
    if time:
        facts["tid"] = re.sub(r"\s+", "", time.group(1)).replace(":", ".").replace("–", "-")
    date = find_date(when) or find_date(raw.get("titel", ""))
    if date:
        facts["dato"] = date
    if raw.get("sted"):
        facts["sted"] = raw["sted"]
    for key in ("deltagere", "afbud"):
        if raw.get(key) and not re.fullmatch(r"ingen( afbud)?\.?", raw[key].strip(),
                                             re.IGNORECASE):
            facts[key] = people(raw[key])
    case = _CASE.search(raw.get("sagsnr", ""))
    if case:
        facts["sagsnr"] = case.group(1)
        if case.group(2):
            facts["doknr"] = case.group(2)
    writers = [person["navn"] for person in facts.get("deltagere", [])
               if isinstance(person, dict) and person.get("rolle") == "referent"]
    if raw.get("referent"):
        writers = [raw["referent"]]
    if writers:
        facts["referent"] = writers
    return facts


def strip_page_reference(title: str) -> str:
    return _PAGE_REF.sub("", title)
