"""Load and check everything in data/ and content/ into the model, before any rendering.

All problems of all files are collected; the caller stops the build once if there are
errors. Drafts and embargoed documents are checked like any other file but left out of
the model; closed items keep only their number and title.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from . import urls
from .agenda import split_agenda
from .coerce import Checker
from .markdown_html import MarkdownRenderer, plain_text
from .model import (Agreement, AgendaItem, ApprovalStep, Attachment, Body, Contact, Meeting,
                    MinutesApproval, Municipality, Page, Person, Section, Site, SiteInfo)
from .problems import Problems
from .schema import AGREEMENT, BODY, MEETING, MUNICIPALITY, PAGE, SITE
from .source import Located, SourceError, read_source, read_yaml_file

_DATE_FILE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
FILETYPES = {"pdf": "PDF", "docx": "Word", "doc": "Word", "xlsx": "Excel", "xls": "Excel",
             "pptx": "PowerPoint", "ppt": "PowerPoint", "odt": "ODT", "txt": "Tekst",
             "csv": "CSV", "png": "PNG", "jpg": "JPEG", "jpeg": "JPEG"}


@dataclass(frozen=True)
class SitePaths:
    root: Path

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def data(self) -> Path:
        return self.root / "data"


def load_site(root: Path, build_date: dt.date, problems: Problems) -> Site:
    paths = SitePaths(root)
    loader = _Loader(paths, build_date, problems, MarkdownRenderer())
    info = loader.site_info()
    bodies = loader.bodies()
    municipalities = loader.municipalities()
    body_slugs = {b.slug for b in bodies}
    meetings = loader.meetings(body_slugs)
    agreements = loader.agreements(body_slugs, bodies)
    pages = loader.pages()
    site = Site(
        root=root,
        info=info,
        bodies=tuple(bodies),
        municipalities=tuple(municipalities),
        meetings=tuple(sorted(meetings, key=lambda m: (m.date, m.body), reverse=True)),
        agreements=tuple(sorted(agreements, key=lambda a: a.period, reverse=True)),
        pages=tuple(sorted(pages, key=lambda p: p.slug)),
        build_date=build_date,
    )
    loader.check_unique_urls()
    return site


class _Loader:
    def __init__(self, paths: SitePaths, build_date: dt.date, problems: Problems,
                 renderer: MarkdownRenderer):
        self.paths = paths
        self.build_date = build_date
        self.problems = problems
        self.renderer = renderer
        self.claimed: dict[str, Path] = {}
        self.duplicate_claims: list[tuple[str, Path, Path]] = []

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

    def _read(self, path: Path, schema) -> tuple[dict, object] | None:
        try:
            source = read_source(path)
        except SourceError as exc:
            self.problems.error(path, exc.line, exc.field, exc.message)
            return None
        values = Checker(self.problems, path).mapping(source.front_matter, schema)
        return values, source

    def _published(self, values: dict) -> bool:
        if values.get("kladde"):
            return False
        start = values.get("offentlig_fra")
        return not (start and start > self.build_date)

    def _claim(self, url: str, path: Path) -> None:
        if url in self.claimed:
            self.duplicate_claims.append((url, self.claimed[url], path))
        else:
            self.claimed[url] = path

    def check_unique_urls(self) -> None:
        for url, first, second in self.duplicate_claims:
            self.problems.error(second, None, None, f"adressen {url} bruges også af "
                                f"{self.problems.relative(first)}; omdøb en af filerne")

    def meetings(self, body_slugs: set[str]) -> list[Meeting]:
        folder = self.paths.content / "moeder"
        meetings = []
        for path in sorted(folder.glob("*/*.md")) if folder.is_dir() else []:
            meeting = self._meeting(path, body_slugs)
            if meeting is not None:
                meetings.append(meeting)
        for stray in sorted(folder.glob("*.md")) if folder.is_dir() else []:
            self.problems.error(stray, None, None, "en mødefil skal ligge i organets mappe: "
                                "content/moeder/<organ>/<ÅÅÅÅ-MM-DD>.md")
        return meetings

    def _meeting(self, path: Path, body_slugs: set[str]) -> Meeting | None:
        read = self._read(path, MEETING)
        if read is None:
            return None
        values, source = read
        checker = Checker(self.problems, path)
        front = source.front_matter
        folder_slug = path.parent.name
        ok = True
        if not _DATE_FILE.match(path.stem):
            checker.error(None, None, "filnavnet skal være mødets dato, fx 2020-05-25.md")
            ok = False
        organ = values["organ"]
        if organ and organ not in body_slugs:
            checker.error(front.key_lines.get("organ"), "organ",
                          f"'{organ}' er ikke et organ i data/organer.yaml (kendte: "
                          f"{', '.join(sorted(body_slugs))})")
            ok = False
        elif organ and organ != folder_slug:
            checker.error(front.key_lines.get("organ"), "organ",
                          f"'{organ}' passer ikke med mappen content/moeder/{folder_slug}/")
            ok = False
        date = values["dato"]
        if date and _DATE_FILE.match(path.stem) and date.isoformat() != path.stem:
            checker.error(front.key_lines.get("dato"), "dato",
                          f"{date.isoformat()} passer ikke med filnavnet {path.name}")
            ok = False
        agenda, agenda_problems = split_agenda(source.body, source.body_first_line)
        for problem in agenda_problems:
            checker.error(problem.line, None, problem.message)
        properties = values["punkter"] or {}
        numbers = {item.number for item in agenda.items}
        for number, (line, _props) in properties.items():
            if number not in numbers:
                checker.error(line, f"punkter.{number}",
                              f"der er intet punkt '## {number}.' i teksten")
        if not (ok and organ and date and values["status"]):
            return None
        url = urls.meeting(organ, date)
        self._claim(url, path)
        items = tuple(
            self._item(raw, properties.get(raw.number, (None, {}))[1], path, organ, date,
                       shift=1 if any(i.group for i in agenda.items) else 0)
            for raw in agenda.items
        )
        if not self._published(values):
            return None
        approved = values["godkendt"]
        return Meeting(
            body=organ, date=date,
            title=values["titel"] or "",
            time=values["tid"], place=values["sted"], status=values["status"],
            participants=tuple(_person(p) for p in values["deltagere"]),
            absentees=tuple(_person(p) for p in values["afbud"]),
            minute_takers=tuple(values["referent"]),
            case_number=values["sagsnr"], document_number=values["doknr"],
            approved=MinutesApproval(approved["dato"], approved["møde"])
            if approved and approved.get("dato") else None,
            intro_html=self.renderer.render(agenda.intro.markdown),
            items=items, source=path, updated=_mtime(path),
        )

    def _item(self, raw, props: dict, path: Path, organ: str, date: dt.date,
              shift: int) -> AgendaItem:
        attachments = tuple(
            a for a in (self._attachment(line, values, path, organ, date)
                        for line, values in props.get("bilag") or [])
            if a is not None
        )
        closed = bool(props.get("lukket"))
        sections = () if closed else tuple(
            self._section(s.heading, s.markdown, s.line, shift) for s in raw.sections
        )
        return AgendaItem(
            number=raw.number, title=raw.title, group=raw.group,
            kind=None if closed else props.get("type"),
            case_number=None if closed else props.get("sagsnr"),
            closed=closed,
            case=None if closed else props.get("sag"),
            sections=sections,
            attachments=() if closed else attachments,
            line=raw.line,
        )

    def _section(self, heading: str | None, markdown: str, line: int, shift: int) -> Section:
        html = self.renderer.render(markdown, heading_shift=shift)
        return Section(heading, html, plain_text(html), line)

    def _attachment(self, line: int, values: dict, path: Path, organ: str,
                    date: dt.date) -> Attachment | None:
        checker = Checker(self.problems, path)
        title, filename, url = values["titel"], values["fil"], values["url"]
        if bool(filename) == bool(url):
            checker.error(line, "bilag", "skriv enten fil: eller url: for hvert bilag")
            return None
        if url:
            suffix = url.rsplit("?", 1)[0].rsplit(".", 1)[-1].lower()
            return Attachment(title or url, values["nummer"], url, FILETYPES.get(suffix),
                              None, None)
        target = self._safe_file(checker, line, path.parent, filename)
        if target is None:
            return None
        public = urls.attachment(organ, date, Path(filename).name)
        self._claim(public, target)
        suffix = target.suffix.lstrip(".").lower()
        return Attachment(title or target.name, values["nummer"], public,
                          FILETYPES.get(suffix, suffix.upper() or None),
                          target.stat().st_size, target)

    def _safe_file(self, checker: Checker, line: int, base: Path, name: str) -> Path | None:
        relative = Path(name)
        if relative.is_absolute() or ".." in relative.parts or name.startswith("~"):
            checker.error(line, "bilag.fil", f"'{name}' peger uden for sitets mappe; læg "
                          "filen i samme mappe som mødefilen og skriv kun dens navn")
            return None
        target = base / relative
        if not target.is_file():
            checker.error(line, "bilag.fil", f"filen '{name}' findes ikke i "
                          f"{self.problems.relative(base)}/")
            return None
        resolved = target.resolve()
        if not resolved.is_relative_to(self.paths.content.resolve()):
            checker.error(line, "bilag.fil", f"'{name}' er en genvej, der peger uden for "
                          "content/; læg selve filen her")
            return None
        return resolved

    def agreements(self, body_slugs: set[str], bodies: list[Body]) -> list[Agreement]:
        names = {b.slug: b.name for b in bodies}
        result = []
        for path in self._documents("aftaler"):
            read = self._read(path, AGREEMENT)
            if read is None:
                continue
            values, source = read
            slug = urls.slugify(path.stem)
            self._claim(urls.agreement(slug), path)
            if not (values["titel"] and values["periode"] and values["status"]):
                continue
            intro, sections = self._split_sections(source.body, source.body_first_line)
            steps = []
            for _line, step in values["godkendelser"] or []:
                if step["instans"]:
                    known = step["instans"] in body_slugs
                    steps.append(ApprovalStep(step["instans"] if known else None,
                                              names.get(step["instans"], step["instans"]),
                                              step["dato"], step["resultat"]))
            if not self._published(values):
                continue
            result.append(Agreement(
                slug=slug, title=values["titel"], period=values["periode"],
                status=values["status"], summary=values["resumé"],
                parts=tuple(values["dele"]), approvals=tuple(sorted(steps, key=lambda s: (s.date is None, s.date or dt.date.min))),
                case=values["sag"], intro_html=intro, sections=sections, source=path,
                updated=_mtime(path),
            ))
        return result

    def pages(self) -> list[Page]:
        result = []
        for path in self._documents("sider"):
            read = self._read(path, PAGE)
            if read is None:
                continue
            values, source = read
            slug = urls.slugify(path.stem)
            if slug in urls.RESERVED_TOP_LEVEL:
                self.problems.error(path, None, None, f"'{slug}' er reserveret til sitets egne "
                                    "sider; giv filen et andet navn")
                continue
            self._claim(urls.page(slug), path)
            if not values["titel"]:
                continue
            intro, sections = self._split_sections(source.body, source.body_first_line)
            if not self._published(values):
                continue
            body_html = intro + "".join(
                f"<h2>{_escape(s.heading)}</h2>\n{s.html}" if s.heading else s.html
                for s in sections)
            result.append(Page(slug, values["titel"], values["beskrivelse"], body_html,
                               sections, path, _mtime(path)))
        return result

    def _documents(self, kind: str) -> list[Path]:
        folder = self.paths.content / kind
        if not folder.is_dir():
            return []
        for other in sorted(p for p in folder.rglob("*.md") if p.parent != folder):
            self.problems.error(other, None, None, f"filer i content/{kind}/ må ikke ligge i "
                                "undermapper")
        return sorted(folder.glob("*.md"))

    def _split_sections(self, body: str, first_line: int) -> tuple[str, tuple[Section, ...]]:
        """Split a document at its '## ' headings (parts of an agreement, sections of a page)."""
        chunks: list[tuple[str | None, int, list[str]]] = [(None, first_line, [])]
        in_fence = False
        for offset, line in enumerate(body.split("\n")):
            if line.lstrip().startswith(("```", "~~~")):
                in_fence = not in_fence
            match = None if in_fence else re.match(r"^##[ \t]+(.+?)[ \t]*#*[ \t]*$", line)
            if match:
                chunks.append((match.group(1), first_line + offset, []))
            else:
                chunks[-1][2].append(line)
        intro = self.renderer.render("\n".join(chunks[0][2]))
        sections = tuple(self._section(h, "\n".join(lines), line, 0)
                         for h, line, lines in chunks[1:])
        return intro, sections


def _person(values: dict) -> Person:
    return Person(values.get("navn") or "", values.get("organisation"), values.get("rolle"),
                  values.get("stedfortræder"))


def _mtime(path: Path) -> dt.datetime:
    return dt.datetime.fromtimestamp(int(path.stat().st_mtime), tz=dt.timezone.utc)


def _escape(text: str) -> str:
    import html
    return html.escape(text)
