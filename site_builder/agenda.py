"""Splitting a meeting file's body into groups, agenda items and sections.

    # Gruppe                      -> a group of items (optional)
    ## 7. Titel                   -> agenda item 7
    ### Referat                   -> a section of the item
    #### Underoverskrift          -> a heading inside the section (plain Markdown)
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

# The text's closing "##" is cut off with string methods: a regular expression for it can
# take minutes on a hostile line ("## x", thousands of spaces, "#x").
_HEADING = re.compile(r"^(#{1,3})(?:[ \t]+(.*))?$")
_ITEM = re.compile(r"^(\d{1,3})\.?\s+(\S.*)$")
_FENCE = re.compile(r"^\s*(```|~~~)")


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
    group_intros: dict[str, RawSection]


@dataclass(frozen=True)
class AgendaProblem:
    line: int
    message: str


def split_agenda(body: str, first_line: int) -> tuple[RawAgenda, list[AgendaProblem]]:
    problems: list[AgendaProblem] = []
    intro = RawSection(None, first_line)
    items: list[RawItem] = []
    group_intros: dict[str, RawSection] = {}
    group: str | None = None
    current = intro
    in_fence = False
    for offset, line in enumerate(body.split("\n")):
        number = first_line + offset
        if _FENCE.match(line):
            in_fence = not in_fence
        match = None if in_fence else _HEADING.match(line)
        if not match:
            current.lines.append(line)
            continue
        level = len(match.group(1))
        text = (match.group(2) or "").rstrip(" \t").rstrip("#").strip()
        if not text:
            problems.append(AgendaProblem(number, "overskriften er tom"))
            continue
        if level == 1:
            group = text
            current = group_intros.setdefault(text, RawSection(None, number + 1))
        elif level == 2:
            item_match = _ITEM.match(text)
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
            if not items or (current is intro) or current in group_intros.values():
                problems.append(AgendaProblem(
                    number, f"afsnittet '### {text}' står uden for et dagsordenspunkt; "
                    "skriv det under et '## <nummer>. <titel>'"))
                current.lines.append(line)
                continue
            current = RawSection(text, number)
            items[-1].sections.append(current)
    problems.extend(_check_numbers(items))
    for item in items:
        item.sections = [s for s in item.sections if s.heading is not None or s.markdown]
    return RawAgenda(intro, items, group_intros), problems


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
