"""The editor's safety net beyond what the loader checks: warnings about things that build
fine but are probably a mistake.

- a file beside the meeting files (a bilag) that no item names under `bilag:` - it is
  not published, and perhaps was meant to be;
- minutes that are not marked approved (`godkendt:`) although the minutes of the body's
  next meeting, where they would normally have been approved, are written;
- placeholder text from `python build.py new` that was never replaced;
- a value that YAML reads as empty because it begins with `#` (`sted: #3 sal`: the rest of
  the line is a comment), in front matter and in data/;
- `stedfortræder:` under `deltagere:`, where the meeting page does not show it (it is for
  `afbud:`).

Broken internal links and anchors are errors, reported by `links.py`.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

from . import danish
from .markdown_html import plain_text
from .model import Site
from .problems import Problems
from .scaffold import PLACEHOLDERS
from .source import lost_to_comments, lost_value_message


def check_site(site: Site, problems: Problems) -> None:
    unlinked_attachments(site, problems)
    unapproved_minutes(site, problems)
    leftover_placeholders(site, problems)
    values_lost_to_comments(site, problems)
    substitutes_among_participants(site, problems)


def unlinked_attachments(site: Site, problems: Problems) -> None:
    folder = site.root / "content" / "moeder"
    if not folder.is_dir():
        return
    named = site.named_files  # resolved paths: most files are named as they are found
    candidates = []
    for directory, folders, files in os.walk(folder):
        folders[:] = [name for name in folders if not name.startswith(".")]
        for name in files:
            if name.startswith(".") or name.lower().endswith(".md"):
                continue
            path = Path(directory, name)
            if path not in named and path.resolve() not in named:
                candidates.append(path)
    for path in sorted(candidates):
        problems.warning(path, None, "bilag",
                         "filen ligger blandt mødefilerne, men intet punkt nævner den "
                         "under bilag:, så den offentliggøres ikke; tilføj den til et "
                         "punkts bilag: i mødefilen, eller slet filen")


def unapproved_minutes(site: Site, problems: Problems) -> None:
    """Minutes are approved at the body's next meeting: once the minutes of that meeting
    are written (so it has been held), the earlier minutes should say they were approved."""
    for body in site.bodies:
        meetings = sorted(site.meetings_of(body.slug), key=lambda m: m.date)
        for earlier, later in zip(meetings, meetings[1:]):
            if earlier.status == "referat" and earlier.approved is None \
                    and later.status == "referat" and later.date <= site.build_date:
                problems.warning(
                    earlier.source, _line_of_key(earlier.source, "status"), "godkendt",
                    f"referatet er ikke markeret som godkendt, men der er referat af "
                    f"næste møde i {body.abbreviation or body.name} den "
                    f"{danish.long_date(later.date)}; når referatet er godkendt, så skriv "
                    f"godkendt: med dato: og møde: {later.key}")


def leftover_placeholders(site: Site, problems: Problems) -> None:
    def look(path: Path, line: int, text: str) -> None:
        for placeholder in PLACEHOLDERS:
            if placeholder in text:
                problems.warning(path, _line_of_text(path, placeholder, line), None,
                                 f"pladsholderen '{placeholder}' står der stadig; skriv "
                                 "den rigtige tekst i stedet")
    for meeting in site.meetings:
        for item in meeting.items:
            look(meeting.source, item.line, item.title)
            for section in item.sections:
                look(meeting.source, section.line, section.text)
    for agreement in site.agreements:
        look(agreement.source, 1, agreement.title)
        look(agreement.source, 1, plain_text(agreement.intro_html))
        for section in agreement.sections:
            look(agreement.source, section.line, section.text)
    for page in site.pages:
        look(page.source, 1, page.title)
        look(page.source, 1, plain_text(page.html))  # its introduction and its sections


# "sted: #3 sal": a key, a colon, spaces and a "#" - YAML reads the rest as a comment


def values_lost_to_comments(site: Site, problems: Problems) -> None:
    """In data/*.yaml (content files are checked as they are read: source.py)."""
    data = site.root / "data"
    for path in sorted(data.glob("*.yaml")) if data.is_dir() else []:
        for line, key, value in lost_to_comments(_front_matter_lines(path), 1):
            problems.warning(path, line, key, lost_value_message(key, value))


def substitutes_among_participants(site: Site, problems: Problems) -> None:
    for meeting in site.meetings:
        if not any(person.substitute for person in meeting.participants):
            continue
        block = None
        for number, line in enumerate(_front_matter_lines(meeting.source), start=1):
            top = re.match(r"^([^\s#][^:]*):", line)
            if top:
                block = top.group(1).strip()
            elif block == "deltagere" and re.match(r"^\s+(?:- )?stedfortræder:", line):
                problems.warning(
                    meeting.source, number, "deltagere.stedfortræder",
                    "vises ikke på mødesiden: stedfortræder: hører til under afbud:; flyt "
                    "personen til afbud: (med sin stedfortræder), eller slet linjen")


def _front_matter_lines(path: Path) -> list[str]:
    """A YAML file's lines, or a content file's lines up to the end of its front matter
    (read no further: the text below can be long)."""
    lines: list[str] = []
    try:
        with open(path, encoding="utf-8-sig") as handle:
            for number, line in enumerate(handle):
                line = line.rstrip("\r\n")
                if path.suffix == ".md" and number > 0 and line.rstrip() in ("---", "..."):
                    break
                lines.append(line)
    except (OSError, UnicodeDecodeError):
        return []
    return lines


def _lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return []


def _line_of_key(path: Path, key: str) -> int | None:
    for number, line in enumerate(_lines(path), start=1):
        if line.startswith(f"{key}:"):
            return number
    return None


def _line_of_text(path: Path, text: str, start: int) -> int:
    lines = _lines(path)
    for number in range(max(start, 1), len(lines) + 1):
        if text in lines[number - 1]:
            return number
    return start
