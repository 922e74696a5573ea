"""Load and check everything in data/ and content/ into the model, before any rendering.

All problems of all files are collected; the caller stops the build once if there are
errors. Drafts and embargoed documents are checked like any other file but left out of
the model; closed items keep only their number and title. The content files are read by
`documents.py`, one file at a time, through a `read_files` function the caller may swap for
a parallel or cached one.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

from . import urls
from .coerce import Checker
from .documents import FileResult, LoadContext, read_document
from .model import Body, Contact, Municipality, Person, Site, SiteInfo
from .problems import Problems
from .schema import BODY, MUNICIPALITY, SITE
from .source import Located, SourceError, read_yaml_file

Task = tuple[str, Path]  # (kind, file)
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
              read_files: FileReader = read_sequentially) -> Site:
    paths = SitePaths(root)
    loader = _Loader(paths, problems)
    info = loader.site_info()
    bodies = loader.bodies()
    municipalities = loader.municipalities()
    ctx = LoadContext(root, build_date, tuple(sorted(b.slug for b in bodies)),
                      tuple((b.slug, b.name) for b in bodies))
    results = read_files(loader.content_tasks(), ctx)
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
    return Site(
        root=root,
        info=info,
        bodies=tuple(bodies),
        municipalities=tuple(municipalities),
        meetings=tuple(sorted(documents["meeting"], key=lambda m: (m.date, m.body),
                              reverse=True)),
        agreements=tuple(sorted(documents["agreement"], key=lambda a: (a.period, a.slug),
                                reverse=True)),
        pages=tuple(sorted(documents["page"], key=lambda p: p.slug)),
        build_date=build_date,
    )


class _Loader:
    def __init__(self, paths: SitePaths, problems: Problems):
        self.paths = paths
        self.problems = problems

    def content_tasks(self) -> list[Task]:
        """Every content file to read, in a fixed order; misplaced files are reported."""
        content = self.paths.content
        tasks: list[Task] = []
        meetings = content / "moeder"
        if meetings.is_dir():
            tasks += [("meeting", p) for p in sorted(meetings.glob("*/*.md"))]
            for stray in sorted(meetings.glob("*.md")):
                self.problems.error(stray, None, None, "en mødefil skal ligge i organets "
                                    "mappe: content/moeder/<organ>/<ÅÅÅÅ-MM-DD>.md")
        for kind, folder_name in (("agreement", "aftaler"), ("page", "sider")):
            folder = content / folder_name
            if not folder.is_dir():
                continue
            for other in sorted(p for p in folder.rglob("*.md") if p.parent != folder):
                self.problems.error(other, None, None, f"filer i content/{folder_name}/ må "
                                    "ikke ligge i undermapper")
            tasks += [(kind, p) for p in sorted(folder.glob("*.md"))]
        return tasks

    # data/ ------------------------------------------------------------------------------

    def _data_file(self, name: str) -> Located | None:
        path = self.paths.data / name
        if not path.is_file():
            self.problems.error(path, None, None, "filen mangler")
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
        for entry in self._data_list("organer.yaml"):
            values = checker.mapping(entry, BODY)
            slug = values["slug"]
            if not slug:
                continue
            if urls.slugify(slug) != slug:
                checker.error(entry.line, "slug", f"'{slug}' skal skrives med små bogstaver, "
                              f"ae/oe/aa og bindestreger, fx '{urls.slugify(slug)}'")
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

    # content/ ---------------------------------------------------------------------------


def _person(values: dict) -> Person:
    return Person(values.get("navn") or "", values.get("organisation"), values.get("rolle"),
                  values.get("stedfortræder"))
