"""Splitting a meeting file's body into groups, agenda items and sections.

    Tekst                         -> the meeting's introduction (before any heading)
    # Gruppe                      -> a group of items (optional)
    Tekst                         -> the group's introduction (before its first item)
    ## 7. Titel                   -> agenda item 7
    ### Referat                   -> a section of the item
    #### Underoverskrift          -> a heading inside the section (plain Markdown)

Typos that would otherwise be taken silently as something else are errors at their own
line: a heading without a space after its #'s (`##3. Budget`, `#Sager til behandling`,
`###Resumé`), an item written with one or three #'s (`### 3. Budget`) and a section name
written as a group heading (`# Resumé`). They are still read as what they most likely
are, so one typo gives one error and no knock-on errors.

No text is dropped: every line is part of the introduction, a group's introduction or an
item's section, or is a heading the split reads; a line it cannot place is an error.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

# The text's closing "##" is cut off with string methods: a regular expression for it can
# take minutes on a hostile line ("## x", thousands of spaces, "#x").
_HEADING = re.compile(r"^(#{1,3})(?:[ \t]+(.*))?$")
_ITEM = re.compile(r"^(\d{1,3})\.?\s+(\S.*)$")
_FENCE = re.compile(r"^\s*(```|~~~)")
# "#Gruppe", "##3. Titel", "###Resumé": a heading written without the space after its #'s
_UNSPACED = re.compile(r"^(#{1,3})(\w.*)$")
_ITEM_LIKE = re.compile(r"^(\d{1,3})(?:\.[ \t]*|[ \t]+)(\S.*)$")
# A heading's character references, read as CommonMark reads them ("Caf&eacute;en",
# "Økonomi &amp; jura"): the page shows a heading as text, so it would show them as typed.
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# Section names that are never a group: "# Resumé" is a section typed with one #.
SECTION_NAMES = frozenset({"resumé", "resume", "indstilling", "referat", "beslutning",
                           "sagsfremstilling", "baggrund", "bilag", "økonomi"})


@dataclass
class RawSection:
    heading: str | None
    line: int  # the heading's line, or the first text line for an untitled section
    lines: list[str] = field(default_factory=list)

    @property
    def markdown(self) -> str:
        return "\n".join(self.lines).strip("\n")

    @property
    def first_text_line(self) -> int:
        return self.line + (1 if self.heading is not None else 0)


@dataclass
class RawItem:
    number: int
    title: str
    group: str | None
    line: int
    sections: list[RawSection] = field(default_factory=list)


@dataclass
class RawAgenda:
    intro: RawSection
    items: list[RawItem]
    # every '# Gruppe' heading in file order: heading = the group, line = the heading's
    # line, lines = the text under it before the group's first item
    groups: list[RawSection]


@dataclass(frozen=True)
class AgendaProblem:
    line: int
    message: str


def split_agenda(body: str, first_line: int) -> tuple[RawAgenda, list[AgendaProblem]]:
    problems: list[AgendaProblem] = []
    intro = RawSection(None, first_line)
    items: list[RawItem] = []
    groups: list[RawSection] = []
    group: str | None = None
    current = intro
    in_fence = False
    group_line = 0
    for offset, line in enumerate(body.split("\n")):
        number = first_line + offset
        if _FENCE.match(line):
            in_fence = not in_fence
        heading = None if in_fence else _heading(line)
        if heading is None:
            current.lines.append(line)
            continue
        level, text, typo = heading
        if not text:
            problems.append(AgendaProblem(number, "overskriften er tom"))
            continue
        in_group_intro = any(current is g for g in groups)
        in_item = bool(items) and current is not intro and not in_group_intro
        item_like = _ITEM_LIKE.match(text)
        forced_item = None
        if item_like and (typo or level == 3):  # "##3. Titel", "### 3. Titel", "#3. Titel"
            fix = f"## {item_like.group(1)}. {item_like.group(2)}"
            how = "med mellemrum" if level == 2 else "med to # og mellemrum" if typo \
                else "med to #"
            problems.append(AgendaProblem(
                number, f"'{line.strip()}' ligner et dagsordenspunkt; skriv '{fix}' {how}"))
            level, forced_item = 2, item_like
        elif level == 1 and text.lower() in SECTION_NAMES:
            problems.append(AgendaProblem(
                number, f"'{line.strip()}' er en gruppeoverskrift (ét #); er det et afsnit i "
                f"punktet, så skriv '### {text}'"))
            if in_item:  # read on as the section it most likely is
                current = RawSection(text, number)
                items[-1].sections.append(current)
                continue
        elif typo:
            what = {1: "en gruppeoverskrift", 2: "et dagsordenspunkt",
                    3: "en afsnitsoverskrift"}[level]
            fix = f"{'#' * level} {text}" if level != 2 else f"## <nummer>. {text}"
            problems.append(AgendaProblem(
                number, f"'{line.strip()}' ligner {what}; skriv '{fix}' med mellemrum efter "
                f"{'#' * level} (skal der stå et #, så skriv \\#)"))
            if level == 2:
                current.lines.append(line)
                continue
        if level == 1:
            group = text
            group_line = number
            current = RawSection(text, number)
            groups.append(current)
        elif level == 2:
            item_match = forced_item or _ITEM.match(text)
            if not item_match:
                problems.append(AgendaProblem(
                    number, f"'## {text}' er ikke et dagsordenspunkt; skriv '## <nummer>. "
                    "<titel>', fx '## 3. Godkendelse af referat' (brug #### til "
                    "overskrifter inde i et punkt)"))
                current.lines.append(line)
                continue
            item = RawItem(int(item_match.group(1)), item_match.group(2).strip(), group, number)
            current = RawSection(None, number + 1)
            item.sections.append(current)
            items.append(item)
        else:
            if not items or (current is intro) or in_group_intro:
                after = (f" (den står efter gruppeoverskriften '# {group}' i linje "
                         f"{group_line})") if in_group_intro else ""
                problems.append(AgendaProblem(
                    number, f"afsnittet '### {text}' står uden for et dagsordenspunkt{after}; "
                    "skriv det under et '## <nummer>. <titel>'"))
                current.lines.append(line)
                continue
            current = RawSection(text, number)
            items[-1].sections.append(current)
    problems.extend(_check_numbers(items))
    for item in items:
        item.sections = [s for s in item.sections if s.heading is not None or s.markdown]
    return RawAgenda(intro, items, groups), problems


def _heading(line: str) -> tuple[int, str, bool] | None:
    """(level, text, written without the space after the #'s) of a heading line, or None."""
    match = _HEADING.match(line)
    if match:
        return len(match.group(1)), heading_text(match.group(2) or ""), False
    match = _UNSPACED.match(line)
    if match:
        return len(match.group(1)), heading_text(match.group(2)), True
    return None


def heading_text(text: str) -> str:
    """A heading as the page shows it: no closing "##", entities decoded as CommonMark
    decodes them ("Caf&eacute;en" reads "Caféen")."""
    text = text.rstrip(" \t").rstrip("#").strip()
    if "&" not in text:
        return text
    return _ENTITY.sub(lambda m: html.unescape(m.group()), text).strip()


def _check_numbers(items: list[RawItem]) -> list[AgendaProblem]:
    problems = []
    seen: dict[int, int] = {}
    previous = 0
    for item in items:
        if item.number in seen:
            problems.append(AgendaProblem(
                item.line, f"punkt {item.number} findes to gange (også i linje "
                f"{seen[item.number]})"))
        elif item.number < previous:
            problems.append(AgendaProblem(
                item.line, f"punkt {item.number} står efter punkt {previous}; punkterne skal "
                "stå i nummerorden"))
        seen.setdefault(item.number, item.line)
        previous = max(previous, item.number)
    return problems
