"""Load and check everything in data/ and content/ into the model, before any rendering.

All problems of all files are collected; the caller stops the build once if there are
errors. Drafts and embargoed documents are checked like any other file but left out of
the model; closed items keep only their number and title. The content files are read by
`documents.py`, one file at a time, through a `read_files` function the caller may swap for
a parallel or cached one.
"""
from __future__ import annotations

import datetime as dt
import difflib
import errno
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

from .. import urls
from ..guards import privacy
from ..problems import Problems
from . import input_limits, tariffs, written_procedures
from .coerce import Checker
from .documents import FileResult, LoadContext, body_is_broken, read_document
from .model import (Body, CalendarEvent, Case, CaseStep, Contact, GlossaryTerm, Municipality,
                    Person, Site, SiteInfo)
from .schema import BODY, CALENDAR_ENTRY, CASE, GLOSSARY_TERM, MUNICIPALITY, SITE
from .source import Located, SourceError, read_source, read_yaml_file

Task = tuple[str, Path]  # (kind, file)
# A symlink that leaves the site folder is never followed: it could publish any file of
# the machine (assets.py and privacy.py use the same words).
OUTSIDE_FILE = "filen er en genvej, der peger uden for sitets mappe; læg selve filen her"
OUTSIDE_FOLDER = ("mappen er en genvej, der peger uden for sitets mappe; læg selve mappen "
                  "og dens filer her")
FileReader = Callable[[Sequence[Task], LoadContext], list[FileResult]]


def read_sequentially(tasks: Sequence[Task], ctx: LoadContext) -> list[FileResult]:
    return [read_document(kind, path, ctx) for kind, path in tasks]


@dataclass(frozen=True)
class SitePaths:
    root: Path

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def data(self) -> Path:
        return self.root / "data"


def load_site(root: Path, build_date: dt.date, problems: Problems,
              read_files: FileReader = read_sequentially,
              show_unpublished: bool = False) -> Site:
    """`show_unpublished`: the preview's model, with drafts and embargoed documents (and
    `Site.withheld` saying which they are)."""
    paths = SitePaths(root)
    loader = _Loader(paths, problems)
    info = loader.site_info()
    bodies = loader.bodies()
    municipalities = loader.municipalities()
    words = privacy.health_words(root, problems)
    ctx = LoadContext(root, build_date, tuple(sorted(b.slug for b in bodies)),
                      tuple((b.slug, b.name) for b in bodies), words,
                      broken_bodies=tuple(sorted(loader.broken_bodies)),
                      show_unpublished=show_unpublished)
    tasks = loader.content_tasks()
    results = read_files(tasks, ctx)  # each file is also given the privacy check
    privacy.check_site(root, problems, words, checked={path for _kind, path in tasks},
                       facts=[result.privacy for result in results])
    documents: dict[str, list] = {"meeting": [], "agreement": [], "page": []}
    claimed: dict[str, Path] = {}
    for result in results:
        problems.items.extend(result.problems)
        for url, path in result.claims:
            if url in claimed:
                problems.error(path, None, None, f"adressen {url} bruges også af "
                               f"{problems.relative(claimed[url])}; omdøb en af filerne")
            else:
                claimed[url] = path
        if result.document is not None:
            documents[result.kind].append(result.document)
    meetings = tuple(sorted(documents["meeting"], key=lambda m: (m.date, m.body), reverse=True))
    agreements = tuple(sorted(documents["agreement"], key=lambda a: (a.period, a.slug),
                              reverse=True))
    named = frozenset(path for result in results if result.kind == "meeting"
                      for path in result.dependencies)
    procedures, procedure_bilag = written_procedures.load(
        root, loader.procedure_sources(), problems, bodies, build_date, show_unpublished)
    loader.check_unread_files(named | procedure_bilag)
    cases = loader.cases(bodies)
    loader.check_case_references(cases, meetings, agreements)
    written_procedures.check_references(cases, meetings, procedures, problems)
    loader.check_output_names(bodies)
    return Site(
        root=root,
        info=info,
        bodies=tuple(bodies),
        municipalities=tuple(municipalities),
        meetings=meetings,
        agreements=agreements,
        pages=tuple(sorted(documents["page"], key=lambda p: p.slug)),
        build_date=build_date,
        cases=cases,
        calendar=loader.calendar(bodies, meetings),
        glossary=loader.glossary(bodies),
        named_files=named,
        withheld=tuple((result.document.url, result.withheld, result.document.source)
                       for result in results
                       if result.document is not None and result.withheld),
        # (with organer.yaml unreadable, every reference to a meeting would be an error
        # that only echoes it: the register is checked when the bodies are known)
        offers=tariffs.load(root, problems, loader._data_file(tariffs.FILE)
                            if (paths.data / tariffs.FILE).is_file()
                            and "*" not in loader.broken_bodies else None,
                            bodies, municipalities, meetings, procedures),
        procedures=procedures,
    )


class _Loader:
    def __init__(self, paths: SitePaths, problems: Problems):
        self.paths = paths
        self.problems = problems
        # organs whose entry in data/organer.yaml has an error of its own ("*": all, the
        # file cannot be read): one mistake there (a tab) must not also show as "unknown
        # organ" in every meeting and calendar entry, listed before the real one
        self.broken_bodies: set[str] = set()
        self.other_files: list[Path] = []  # the files under content/ that are not .md files
        self.procedure_files: list[Path] = []  # content/beslutninger/ (written_procedures.py)

    def content_tasks(self) -> list[Task]:
        """Every content file to read, in a fixed order; misplaced files are reported."""
        content = self.paths.content
        tasks: list[Task] = []
        broken = _link_problem(content) if content.is_symlink() else None
        if broken:
            self.problems.error(content, None, None, broken)
            return []
        if content.exists() and not content.resolve().is_relative_to(self.paths.root.resolve()):
            # every check below trusts content.resolve(): it must be the site's own folder
            self.problems.error(content, None, None, OUTSIDE_FOLDER)
            return []
        found: dict[str, list[Task]] = {"meeting": [], "agreement": [], "page": [],
                                        "procedure": []}
        files, outside, unreadable = _content_files(content)
        for folder in outside:
            self.problems.error(folder, None, None, "mappen er en genvej, der peger uden for "
                                "content/; læg selve mappen og dens filer her")
        for path, problem in unreadable:
            self.problems.error(path, None, None, problem)
        for path in files:
            if path.suffix.lower() != ".md":  # in any case: Windows and Word save .MD
                self.other_files.append(path)
                continue
            kind, problem = _content_kind(path.relative_to(content).parts)
            if problem:
                self.problems.error(path, None, None, problem)
            else:
                found[kind].append((kind, path))
        tasks = found["meeting"] + found["agreement"] + found["page"]
        self.procedure_files = [path for _kind, path in found["procedure"]
                                if path.resolve().is_relative_to(content.resolve())]
        # A file (or folder) that is a symlink to outside content/ is not read: it could
        # publish any file of the machine.
        inside = content.resolve()
        for _kind, path in tasks:
            if not path.resolve().is_relative_to(inside):
                self.problems.error(path, None, None, "filen er en genvej, der peger uden for "
                                    "content/; læg selve filen her")
        return [(k, p) for k, p in tasks if p.resolve().is_relative_to(inside)]

    def procedure_sources(self) -> list[tuple[Path, object]]:
        """The files of content/beslutninger/ read (written_procedures.py checks them)."""
        sources = []
        for path in self.procedure_files:
            too_large = input_limits.size_problem(path)
            if too_large:
                self.problems.error(path, None, None, too_large)
                continue
            try:
                sources.append((path, read_source(path)))
            except SourceError as exc:
                self.problems.error(path, exc.line, exc.field, exc.message)
        return sources

    def check_unread_files(self, named: frozenset[Path]) -> None:
        """Every file under content/ is read, or a bilag an item names, or reported here
        (a bilag no item names is a warning in editor_checks.py): a meeting saved as
        '2026-12-01.md.txt' or '2026-12-01.docx' must not be left out without a word."""
        content = self.paths.content
        for path in self.other_files:
            if path in named or path.resolve() in named:
                continue
            problem = _unread_file_problem(path.relative_to(content).parts)
            if problem:
                self.problems.error(path, None, None, problem)

    # data/ ------------------------------------------------------------------------------

    def _data_file(self, name: str) -> Located | None:
        path = self.paths.data / name
        if not path.is_file():
            self.problems.error(path, None, None, "filen mangler")
            return None
        if not path.resolve().is_relative_to(self.paths.root.resolve()):
            self.problems.error(path, None, None, OUTSIDE_FILE)
            return None
        try:
            return read_yaml_file(path)
        except SourceError as exc:
            self.problems.error(path, exc.line, exc.field, exc.message)
            return None

    def _data_list(self, name: str) -> list[Located]:
        located = self._data_file(name)
        if located is None or located.value is None:
            return []
        if not isinstance(located.value, list):
            self.problems.error(self.paths.data / name, located.line, None,
                                "forventede en liste af poster, der hver begynder med '- '")
            return []
        return located.value

    def site_info(self) -> SiteInfo:
        located = self._data_file("site.yaml")
        path = self.paths.data / "site.yaml"
        values = Checker(self.problems, path).mapping(located or Located({}, 1), SITE)
        contact = values["kontakt"] or {}
        return SiteInfo(
            name=values["navn"] or "",
            region=values["region"] or "",
            base_url=(values["base_url"] or "https://example.org").rstrip("/"),
            description=values["beskrivelse"],
            contact=Contact(contact.get("email"), contact.get("telefon"),
                            contact.get("adresse")),
            accessibility_url=values["tilgaengelighedserklaering"] or "",
        )

    def bodies(self) -> list[Body]:
        path = self.paths.data / "organer.yaml"
        checker = Checker(self.problems, path)
        bodies: list[Body] = []
        lines: dict[str, int] = {}
        errors = len(self.problems.items)
        entries = self._data_list("organer.yaml")
        if len(self.problems.items) > errors:
            self.broken_bodies.add("*")
        for entry in entries:
            values = checker.mapping(entry, BODY)
            slug = values["slug"]
            if not slug:
                self.broken_bodies.add("*")  # which organ it was is unknown
                continue
            if urls.slugify(slug) != slug:
                checker.error(entry.line, "slug", f"'{slug}' skal skrives med små bogstaver, "
                              f"ae/oe/aa og bindestreger, fx '{urls.slugify(slug)}'")
                self.broken_bodies |= {slug, urls.slugify(slug)}
                continue
            if slug in lines:
                checker.error(entry.line, "slug", f"organet '{slug}' findes allerede (linje "
                              f"{lines[slug]})")
                continue
            lines[slug] = entry.line
            bodies.append(Body(
                slug=slug, name=values["navn"] or slug, abbreviation=values["forkortelse"],
                kind=values["type"] or "administrativ", parent=values["overordnet"],
                description=values["beskrivelse"],
                members=tuple(_person(p) for p in values["medlemmer"] or []),
                usual_place=values["sted"], usual_time=values["tid"],
                decision_headings=tuple(values["beslutningsoverskrifter"]),
            ))
        for body in bodies:
            if body.parent and body.parent not in lines:
                checker.error(lines[body.slug], "overordnet",
                              f"'{body.parent}' er ikke et organ i data/organer.yaml")
        return bodies

    def municipalities(self) -> list[Municipality]:
        path = self.paths.data / "kommuner.yaml"
        checker = Checker(self.problems, path)
        result = []
        for entry in self._data_list("kommuner.yaml"):
            values = checker.mapping(entry, MUNICIPALITY)
            if values["navn"]:
                result.append(Municipality(values["navn"], values["type"], values["url"]))
        return result

    # data/sager.yaml, data/kalender.yaml, data/ordliste.yaml (each optional) -----------

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

    def check_output_names(self, bodies: list[Body]) -> None:
        """Feeds and calendars are named by body slugs beside these fixed names."""
        reserved = {urls.ALL, *urls.FEED_KINDS}
        for body in bodies:
            if body.slug in reserved:
                self.problems.error(self.paths.data / "organer.yaml", None, "slug",
                                    f"'{body.slug}' er reserveret til sitets nyhedsfeeds og "
                                    "kalendere; giv organet et andet kortnavn")

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

    # content/ ---------------------------------------------------------------------------


_WORD = re.compile(r"^\w(?:[\w-]*\w)?$")
_WHERE_CONTENT_GOES = ("læg en mødefil i content/moeder/<organ>/, en aftale i "
                       "content/aftaler/ og en side i content/sider/")


def _content_files(content: Path) -> tuple[list[Path], list[Path], list[tuple[Path, str]]]:
    """Every file under content/ (not hidden ones), following symlinked folders that stay
    inside it, once each; the symlinked folders that lead out of it; and (path, problem)
    for each entry that cannot be read as a file or a folder: a symlink in a loop or to
    nothing, a folder link to itself or a folder above it, a device or a pipe."""
    if not content.is_dir():
        return [], [], []
    inside = content.resolve()
    seen, stack = {inside}, [content]
    files: list[Path] = []
    outside: list[Path] = []
    unreadable: list[tuple[Path, str]] = []
    while stack:
        folder = stack.pop()
        try:
            entries = sorted(folder.iterdir())
        except OSError:
            continue  # unreadable: the privacy check and the reader report what they can
        for entry in entries:
            if entry.name.startswith("."):
                continue
            problem = _link_problem(entry) if entry.is_symlink() else None
            if problem:
                unreadable.append((entry, problem))
            elif entry.is_dir():
                real = entry.resolve()
                if not real.is_relative_to(inside):
                    outside.append(entry)
                elif folder.resolve().is_relative_to(real):
                    unreadable.append((entry, LINK_LOOP))  # `loop -> .` or `op -> ..`
                elif real not in seen:  # not a second link to one folder
                    seen.add(real)
                    stack.append(entry)
            elif entry.is_file():
                files.append(entry)
            else:
                unreadable.append((entry, "filen er hverken en almindelig fil eller en mappe "
                                   "(men fx en pipe), så den bliver ikke læst; slet den"))
    return sorted(files), sorted(outside), sorted(unreadable)


LINK_LOOP = ("genvejen peger i ring (på sig selv, på en mappe den selv ligger i, eller på en "
             "anden genvej, der peger tilbage), så den kan ikke følges; slet genvejen, og læg "
             "selve filen eller mappen her")


def _link_problem(link: Path) -> str | None:
    """Why a symlink cannot be followed (None: it can)."""
    try:
        link.resolve(strict=True)
    except (FileNotFoundError, NotADirectoryError):
        return ("genvejen peger på en fil eller mappe, der ikke findes; slet genvejen, eller "
                "læg selve filen her")
    except RuntimeError:  # ELOOP in Python 3.11; later versions raise OSError
        return LINK_LOOP
    except OSError as exc:
        return LINK_LOOP if exc.errno == errno.ELOOP else None
    return None


# Names of text that is meant to be Markdown but is not read as it: 2026-12-01.md.txt
# (Notepad), x.markdown, x.MD.txt
_MARKDOWN_NAMES = {"md", "markdown", "mdown", "mkd", "mkdn", "mdwn", "mdtext", "mdtxt"}
_DATE_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})\.")
_BILAG_FOLDER = ("et bilag lægges i en mappe med mødets dato ved siden af mødefilen, fx "
                 "content/moeder/<organ>/<ÅÅÅÅ-MM-DD>/, og nævnes under bilag: i mødefilen")


def _unread_file_problem(parts: tuple[str, ...]) -> str | None:
    """Why a file at content/<parts> that is not a .md file and not a bilag an item names
    is an error; None for a file among the meeting files that could be a bilag (for that,
    editor_checks.py warns)."""
    name = parts[-1]
    pieces = name.split(".")
    markdown = next((i for i, piece in enumerate(pieces[1:], start=1)
                     if piece.lower() in _MARKDOWN_NAMES), None)
    if markdown is not None:
        renamed = ".".join(pieces[:markdown]) + ".md"
        if parts[0] == "moeder" and len(parts) > 3:
            return ("filen bliver ikke læst: navnet ligner en Markdown-fil, men en mødefil "
                    "skal ligge direkte i organets mappe og ende på .md "
                    "(content/moeder/<organ>/<ÅÅÅÅ-MM-DD>.md); er filen et bilag, så nævn den "
                    "under bilag: i mødefilen")
        _kind, problem = _content_kind((*parts[:-1], renamed))
        if problem:
            return f"{problem}; og navnet skal ende på .md, fx {renamed}"
        return (f"filen bliver ikke læst, fordi navnet ikke ender på .md; omdøb den til "
                f"{renamed}" + (" (gemmer du i Notesblok, så vælg »Alle filer« som filtype)"
                                if name.lower().endswith(".txt") else ""))
    if parts[0] == "moeder" and len(parts) >= 3:
        date = _DATE_NAME.match(name)
        if len(parts) == 3 and date:
            return (f"filen ligner en mødefil, men bliver ikke læst: en mødefil er en "
                    f"tekstfil, der ender på .md, fx {date.group(1)}.md (se "
                    f"docs/ny-dagsorden.md); er filen et bilag, så læg den i mappen "
                    f"content/moeder/{parts[1]}/{date.group(1)}/, og nævn den under bilag: "
                    "i mødefilen")
        return None
    if len(parts) == 1:
        where = "filen ligger direkte i content/ og bliver ikke læst"
    elif parts[0] == "moeder":
        where = "filen ligger direkte i content/moeder/ og bliver ikke læst"
    elif parts[0] in ("aftaler", "sider"):
        where = f"filen bliver ikke læst: i content/{parts[0]}/ læses kun .md-filer"
    elif parts[0] == written_procedures.FOLDER:
        return ("filen bliver ikke offentliggjort: ingen skriftlig procedure nævner den under "
                "bilag:; nævn den i beslutningsfilen, eller slet den")
    else:
        where = f"mappen content/{parts[0]}/ bliver ikke læst"
    return f"{where}; {_WHERE_CONTENT_GOES}; {_BILAG_FOLDER}"


def _content_kind(parts: tuple[str, ...]) -> tuple[str, str | None]:
    """What a .md file at content/<parts> is, or why it is not read."""
    top = parts[0]
    if top == "moeder":
        if len(parts) == 3:
            return "meeting", None
        if len(parts) == 2:
            return "", ("en mødefil skal ligge i organets mappe: "
                        "content/moeder/<organ>/<ÅÅÅÅ-MM-DD>.md")
        return "", ("filen bliver ikke læst: en mødefil skal ligge direkte i organets mappe, "
                    "content/moeder/<organ>/<ÅÅÅÅ-MM-DD>.md, og et bilag kan ikke være en "
                    ".md-fil")
    if top == written_procedures.FOLDER:
        if len(parts) == 3:
            return "procedure", None
        return "", ("en skriftlig procedure skal ligge i organets mappe: "
                    "content/beslutninger/<organ>/<ÅÅÅÅ-MM-DD>-<navn>.md")
    if top in ("aftaler", "sider"):
        if len(parts) == 2:
            return ("agreement" if top == "aftaler" else "page"), None
        return "", f"filer i content/{top}/ må ikke ligge i undermapper"
    if len(parts) == 1:
        return "", f"filen ligger direkte i content/ og bliver ikke læst; {_WHERE_CONTENT_GOES}"
    return "", (f"mappen content/{top}/ bliver ikke læst; {_WHERE_CONTENT_GOES}")


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


def _person(values: dict) -> Person:
    return Person(values.get("navn") or "", values.get("organisation"), values.get("rolle"),
                  values.get("stedfortræder"))
