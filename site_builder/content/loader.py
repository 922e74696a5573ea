"""Load and check everything in data/ and content/ into the model, before any rendering.

All problems of all files are collected; the caller stops the build once if there are
errors. Drafts and embargoed documents are checked like any other file but left out of
the model; closed items keep only their number and title. The content files are read by
`documents.py`, one file at a time, through a `read_files` function the caller may swap for
a parallel or cached one.

This module assembles the Site: it walks content/ (with `content_tree.py`'s functions),
reads the required files of data/ (site.yaml, organer.yaml, kommuner.yaml) and, through
the `RegisterReader` mixin of `data_registers.py`, the optional registers (sager.yaml,
kalender.yaml, ordliste.yaml) with their cross-checks.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

from .. import urls
from ..guards import privacy
from ..problems import Problems
from . import input_limits, tariffs, written_procedures
from .coerce import Checker
from .content_tree import content_files, content_kind, link_problem, unread_file_problem
from .data_registers import RegisterReader
from .documents import FileResult, LoadContext, read_document
from .model import Body, Contact, Municipality, Person, Site, SiteInfo
from .schema_data import BODY, MUNICIPALITY, SITE
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


class _Loader(RegisterReader):
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
        broken = link_problem(content) if content.is_symlink() else None
        if broken:
            self.problems.error(content, None, None, broken)
            return []
        if content.exists() and not content.resolve().is_relative_to(self.paths.root.resolve()):
            # every check below trusts content.resolve(): it must be the site's own folder
            self.problems.error(content, None, None, OUTSIDE_FOLDER)
            return []
        found: dict[str, list[Task]] = {"meeting": [], "agreement": [], "page": [],
                                        "procedure": []}
        files, outside, unreadable = content_files(content)
        for folder in outside:
            self.problems.error(folder, None, None, "mappen er en genvej, der peger uden for "
                                "content/; læg selve mappen og dens filer her")
        for path, problem in unreadable:
            self.problems.error(path, None, None, problem)
        for path in files:
            if path.suffix.lower() != ".md":  # in any case: Windows and Word save .MD
                self.other_files.append(path)
                continue
            kind, problem = content_kind(path.relative_to(content).parts)
            if problem:
                self.problems.error(path, None, None, problem)
            else:
                found[kind].append((kind, path))
        tasks = found["meeting"] + found["agreement"] + found["page"]
        self.procedure_files = [path for _kind, path in found["procedure"]
                                if path.resolve().is_relative_to(content.resolve())]
        # A file that is a symlink to outside content/ is not read: it could publish any
        # file of the machine. (content_files walks only folders that are inside it: a file
        # that is no link is inside.)
        inside = content.resolve()
        escaped = {path for _kind, path in tasks
                   if path.is_symlink() and not path.resolve().is_relative_to(inside)}
        for _kind, path in tasks:
            if path in escaped:
                self.problems.error(path, None, None, "filen er en genvej, der peger uden for "
                                    "content/; læg selve filen her")
        return [(k, p) for k, p in tasks if p not in escaped]

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
            problem = unread_file_problem(path.relative_to(content).parts)
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

    def check_output_names(self, bodies: list[Body]) -> None:
        """Feeds and calendars are named by body slugs beside these fixed names."""
        reserved = {urls.ALL, *urls.FEED_KINDS}
        for body in bodies:
            if body.slug in reserved:
                self.problems.error(self.paths.data / "organer.yaml", None, "slug",
                                    f"'{body.slug}' er reserveret til sitets nyhedsfeeds og "
                                    "kalendere; giv organet et andet kortnavn")


def _person(values: dict) -> Person:
    return Person(values.get("navn") or "", values.get("organisation"), values.get("rolle"),
                  values.get("stedfortræder"))
