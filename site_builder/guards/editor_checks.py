"""The editor's safety net beyond what the loader checks: mostly warnings about things that
build fine but are probably a mistake.

- placeholder text from `python build.py new` that was never replaced: an error, so it
  never reaches the public site; in the preview's build a warning, which the preview shows
  as a banner on the page (serve.py);
- a date at the start of a line ("16. juni: ...") that CommonMark reads as the number of a
  list: the site shows the date anyway (markdown_html.escape_dates), but GitHub's preview
  does not until the editor writes `16\\. juni`;
- a file beside the meeting files (a bilag) that no item names under `bilag:` - it is
  not published, and perhaps was meant to be;
- minutes that are not marked approved (`godkendt:`) although the minutes of the body's
  next meeting, where they would normally have been approved, are written;
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
from typing import Mapping

from .. import danish
from ..content.markdown_html import plain_text
from ..content.model import Site
from ..content.source import (SourceError, lost_to_comments, lost_value_message, read_text,
                              split_front_matter)
from ..editor.scaffold import PLACEHOLDERS
from ..problems import Problem, Problems
from . import decisions
from .text_checks import TextFindings, text_findings


_NO_FINDINGS: Mapping = {}  # (never changed: a default)


def check_site(site: Site, problems: Problems, preview: bool = False,
               known: Mapping[Path, TextFindings | None] = _NO_FINDINGS) -> None:
    """`preview`: the preview's build (serve.py), which shows placeholders instead of
    stopping on them. `known`: each content file's text_findings as it was read (the
    others are read here)."""
    unlinked_attachments(site, problems)
    unapproved_minutes(site, problems)
    leftover_placeholders(site, problems, preview)
    dates_read_as_list_numbers(site, problems, known)
    table_cells_beyond_the_header(site, problems, known)
    values_lost_to_comments(site, problems)
    substitutes_among_participants(site, problems)
    decisions.check_site(site, problems)


def site_problems(site: Site, root: Path, preview: bool = False,
                  known: Mapping[Path, TextFindings | None] = _NO_FINDINGS) -> list[Problem]:
    """`check_site`'s problems as a list, which a worker process can send back
    (pipeline.py)."""
    found = Problems(root)
    check_site(site, found, preview, known)
    return found.items


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
            if not path.is_file():  # a link in a loop or to nothing: loader.py reports it
                continue
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


def leftover_placeholders(site: Site, problems: Problems, preview: bool = False) -> None:
    """Text that `python build.py new` wrote for the editor to replace (scaffold.PLACEHOLDERS)
    must not be published: an error, or in the preview a warning shown on the page."""
    report = problems.warning if preview else problems.error

    def look(document, line: int, text: str, field: str) -> None:
        for placeholder in PLACEHOLDERS:
            if placeholder in text:
                report(document.source, _line_of_text(document.source, placeholder, line),
                       field, placeholder_message(placeholder), page=document.url)
    for meeting in site.meetings:
        look(meeting, 1, plain_text(meeting.intro_html), "tekst")
        for item in meeting.items:
            where = f"punkt {item.number}"
            look(meeting, item.line, item.title, f"{where}, titel")
            for section in item.sections:
                look(meeting, section.line, section.text,
                     f"{where}, {section.heading}" if section.heading else where)
    for agreement in site.agreements:
        look(agreement, 1, agreement.title, "titel")
        look(agreement, 1, plain_text(agreement.intro_html), "tekst")
        for section in agreement.sections:
            look(agreement, section.line, section.text, section.heading or "tekst")
    for page in site.pages:
        look(page, 1, page.title, "titel")
        look(page, 1, plain_text(page.html), "tekst")  # its introduction and its sections


def placeholder_message(placeholder: str) -> str:
    return (f"pladsholderen '{placeholder}' står der stadig; skriv den rigtige tekst i "
            "stedet (teksten fra python build.py new offentliggøres aldrig)")


def dates_read_as_list_numbers(site: Site, problems: Problems,
                               known: Mapping[Path, TextFindings | None] = _NO_FINDINGS) -> None:
    """"16. juni: ..." at the start of a line: the site escapes it (markdown_html), but
    GitHub's preview shows a list numbered 16 unless the file says `16\\. juni`."""
    for document in (*site.meetings, *site.agreements, *site.pages):
        for line, date, escaped in _findings(document.source, known).dates:
            day = date.partition(".")[0]
            problems.warning(
                document.source, line, None,
                f"'{date}' i begyndelsen af en linje læses i Markdown som nummer {day} "
                "i en nummereret liste, så dagen forsvinder i GitHubs forhåndsvisning (sitet "
                f"viser den); skriv {escaped} med \\ foran punktummet")


def table_cells_beyond_the_header(
        site: Site, problems: Problems,
        known: Mapping[Path, TextFindings | None] = _NO_FINDINGS) -> None:
    """A table row with more cells than its header: GitHub's Markdown (and so the site)
    drops the extra cells without a word, so the text would be lost: an error."""
    for document in (*site.meetings, *site.agreements, *site.pages):
        for line, cells, header in _findings(document.source, known).wide_rows:
            problems.error(
                document.source, line, None,
                f"tabelrækken har {cells} celler, men tabellens overskrift har {header}; "
                f"GitHubs Markdown viser ikke celler ud over overskriftens, så teksten i de "
                f"sidste {cells - header} ville forsvinde. Tilføj kolonner i overskriften og "
                "i skillelinjen under den (|---|), eller skriv teksten uden for tabellen")


def _findings(source: Path, known: Mapping[Path, TextFindings | None]) -> TextFindings:
    """A document file's text_findings: as they were found when the file was read, else
    from the file."""
    found = known.get(source)
    if found is not None:
        return found
    try:
        _front, _line, body, first_line = split_front_matter(read_text(source))
    except SourceError:
        return TextFindings()
    return text_findings(body, first_line)


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
