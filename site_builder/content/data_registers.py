"""The optional registers of data/: the cases of sager.yaml (and the check that every
`sag:` of a meeting item or agreement names one), the calendar of kalender.yaml and the
glossary of ordliste.yaml.

`RegisterReader` is mixed into `loader.py`'s `_Loader`, the reader of the required files
(site.yaml, organer.yaml, kommuner.yaml): its readers use the loader's `paths`, `problems`,
`broken_bodies` and `_data_list`, which reads a file of data/ and reports why it cannot be.
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
from pathlib import Path

from .. import urls
from .coerce import Checker
from .documents import body_is_broken
from .model import Body
from .model_records import CalendarEvent, Case, CaseStep, GlossaryTerm
from .schema_data import CALENDAR_ENTRY, CASE, GLOSSARY_TERM
from .source import Located, SourceError, read_source


class RegisterReader:
    """data/sager.yaml, data/kalender.yaml, data/ordliste.yaml (each optional); a mixin of
    loader._Loader (see the module's docstring)."""

    def _optional_data_list(self, name: str) -> list[Located]:
        return self._data_list(name) if (self.paths.data / name).is_file() else []

    def _data_mtime(self, name: str) -> dt.datetime:
        seconds = int((self.paths.data / name).stat().st_mtime)
        return dt.datetime.fromtimestamp(seconds, tz=dt.timezone.utc)

    def cases(self, bodies: list[Body]) -> tuple[Case, ...]:
        name = "sager.yaml"
        path = self.paths.data / name
        checker = Checker(self.problems, path)
        names = {b.slug: b.name for b in bodies}
        cases: list[Case] = []
        lines: dict[str, int] = {}
        for entry in self._optional_data_list(name):
            values = checker.mapping(entry, CASE)
            slug = values["slug"]
            if not slug or not values["titel"]:
                continue
            if urls.slugify(slug) != slug:
                checker.error(entry.line, "slug", f"'{slug}' skal skrives med små bogstaver, "
                              f"ae/oe/aa og bindestreger, fx '{urls.slugify(slug)}'")
                continue
            if slug in lines:
                checker.error(entry.line, "slug", f"sagen '{slug}' findes allerede (linje "
                              f"{lines[slug]})")
                continue
            lines[slug] = entry.line
            steps = []
            for line, step in values["trin"]:
                authority = step["instans"]
                if not authority:
                    continue
                if step["dato"] and step["frist"]:
                    checker.error(line, "trin", "skriv enten dato: eller frist:, ikke begge")
                steps.append(CaseStep(
                    name=names.get(authority, authority),
                    body=authority if authority in names else None,
                    date=step["dato"], deadline=None if step["dato"] else step["frist"],
                    description=step["beskrivelse"], line=line))
            cases.append(Case(slug, values["titel"], values["resumé"], tuple(steps), path,
                              entry.line, self._data_mtime(name)))
        return tuple(cases)

    def check_case_references(self, cases, meetings, agreements) -> None:
        """Every `sag:` of a published item or agreement must name a case in data/sager.yaml."""
        known = sorted(c.slug for c in cases)
        for meeting in meetings:
            for item in meeting.items:
                if item.case and item.case not in known:
                    line = _front_matter_line(meeting.source, "punkter", str(item.number), "sag")
                    self.problems.error(meeting.source, line, f"punkter.{item.number}.sag",
                                        _unknown_case(item.case, known))
        for agreement in agreements:
            if agreement.case and agreement.case not in known:
                self.problems.error(agreement.source, _front_matter_line(agreement.source, "sag"),
                                    "sag", _unknown_case(agreement.case, known))

    def calendar(self, bodies: list[Body], meetings) -> tuple[CalendarEvent, ...]:
        name = "kalender.yaml"
        path = self.paths.data / name
        checker = Checker(self.problems, path)
        slugs = {b.slug for b in bodies}
        published = {m.key for m in meetings}
        events: list[CalendarEvent] = []
        lines: dict[tuple, int] = {}
        for entry in self._optional_data_list(name):
            values = checker.mapping(entry, CALENDAR_ENTRY)
            date, organ, title = values["dato"], values["organ"], values["titel"]
            if organ and organ not in slugs:
                if not body_is_broken(organ, self.broken_bodies):
                    checker.error(_key_line(entry, "organ"), "organ", f"'{organ}' er ikke "
                                  f"et organ i data/organer.yaml (kendte: "
                                  f"{', '.join(sorted(slugs))})")
                continue
            if not organ and not title:
                checker.error(entry.line, "titel", "en milepæl uden organ skal have en titel")
                continue
            if not date:
                continue
            end = values["til"]
            if end and end < date:
                checker.error(_key_line(entry, "til"), "til", "slutdatoen ligger før dato:")
                end = None
            key = (organ, date) if organ else (None, urls.slugify(title), date)
            if key in lines:
                checker.error(entry.line, "dato", f"{'mødet' if organ else 'milepælen'} står "
                              f"allerede i kalenderen (linje {lines[key]})")
                continue
            lines[key] = entry.line
            meeting = f"{organ}/{date.isoformat()}" if organ else None
            events.append(CalendarEvent(
                date=date, end_date=end if end != date else None, time=values["tid"],
                body=organ, title=title, place=values["sted"],
                description=values["beskrivelse"], cancelled=bool(values["aflyst"]),
                meeting=meeting if meeting in published else None, line=entry.line,
                updated=self._data_mtime(name)))
        return tuple(sorted(events, key=lambda e: (e.date, e.body or "", e.title or "")))

    def glossary(self, bodies: list[Body]) -> tuple[GlossaryTerm, ...]:
        """The terms of data/ordliste.yaml, and the bodies' abbreviations it leaves out."""
        name = "ordliste.yaml"
        checker = Checker(self.problems, self.paths.data / name)
        terms: list[GlossaryTerm] = []
        lines: dict[str, int] = {}
        for entry in self._optional_data_list(name):
            values = checker.mapping(entry, GLOSSARY_TERM)
            abbreviation, meaning = values["forkortelse"], values["betydning"]
            if not abbreviation or not meaning:
                continue
            if not _WORD.match(abbreviation):
                checker.error(_key_line(entry, "forkortelse"), "forkortelse",
                              f"'{abbreviation}' skal være ét ord uden mellemrum, fx KKR")
                continue
            if abbreviation in lines:
                checker.error(entry.line, "forkortelse", f"'{abbreviation}' står allerede i "
                              f"ordlisten (linje {lines[abbreviation]})")
                continue
            lines[abbreviation] = entry.line
            terms.append(GlossaryTerm(abbreviation, meaning, values["forklaring"]))
        for body in bodies:
            if body.abbreviation and body.abbreviation not in lines \
                    and _WORD.match(body.abbreviation):
                lines[body.abbreviation] = 0
                terms.append(GlossaryTerm(body.abbreviation, body.name))
        return tuple(sorted(terms, key=lambda t: t.abbreviation.lower()))


_WORD = re.compile(r"^\w(?:[\w-]*\w)?$")


def _key_line(entry: Located, key: str) -> int:
    return entry.key_lines.get(key, entry.line) if isinstance(entry.value, dict) else entry.line


def _front_matter_line(path: Path, *keys: str) -> int | None:
    """The line of a (nested) front-matter key, for a problem found after reading."""
    try:
        located = read_source(path).front_matter
    except SourceError:
        return None
    line = located.line
    for key in keys:
        if not isinstance(located.value, dict) or key not in located.value:
            break
        line = located.key_lines.get(key, located.value[key].line)
        located = located.value[key]
    return line


def _unknown_case(slug: str, known: list[str]) -> str:
    guess = difflib.get_close_matches(slug, known, n=1, cutoff=0.6)
    hint = f"; mente du '{guess[0]}'?" if guess else ""
    listed = f" (kendte: {', '.join(known)})" if known else " (filen har ingen sager)"
    return f"'{slug}' er ikke en sag i data/sager.yaml{hint}{listed}"

