"""Reading one content file (meeting, agreement or page) into its model object.

Each file is read on its own, with no shared state, so files can be read in parallel
processes and their results cached; `loader.py` merges the results in file order.

The reading of a meeting item's bilag (the files beside the meeting, their names and the
kinds of file that may be published) is in `bilag_files.py`, mixed into the reader here.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from .. import urls
from ..guards import privacy
from ..guards.text_checks import TextFindings, text_findings
from ..problems import Problem, Problems
from . import input_limits, markdown_html
from .agenda import heading_text, split_agenda
from .bilag_files import BilagReader
from .coerce import Checker
from .markdown_html import MarkdownError, plain_text
from .model import AgendaItem, Meeting, MinutesApproval, Person
from .model_records import Agreement, ApprovalStep, Page
from .model_sections import Section
from .schema import AGREEMENT, MEETING, PAGE
from .source import SourceError, key_lines_by_line, lost_value_message, read_source

_DATE_FILE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
KINDS = ("meeting", "agreement", "page")


@dataclass(frozen=True)
class LoadContext:
    """What reading one file may depend on besides the file itself."""

    site_root: Path
    build_date: dt.date
    body_slugs: tuple[str, ...]  # sorted, so the context's repr is the same in every process
    body_names: tuple[tuple[str, str], ...]
    health_words: tuple[str, ...]  # for the privacy check (privacy.py)
    # organs whose entry in data/organer.yaml has an error ("*": the file cannot be read);
    # a meeting of one is not reported as of an unknown organ too (loader.py)
    broken_bodies: tuple[str, ...] = ()
    # the preview's build (serve.py): drafts and embargoed documents are read as published,
    # each with the reason the public site leaves it out (FileResult.withheld)
    show_unpublished: bool = False

    @property
    def content(self) -> Path:
        return self.site_root / "content"


@dataclass
class FileResult:
    kind: str
    document: Meeting | Agreement | Page | None
    problems: list[Problem]
    claims: list[tuple[str, Path]]  # (public URL, the file that makes it)
    dependencies: list[Path] = field(default_factory=list)  # other files read (bilag)
    # why the public site leaves the document out ("kladde", or the offentlig_fra: date as
    # YYYY-MM-DD); only set when LoadContext.show_unpublished let it in
    withheld: str | None = None
    # what the privacy check found for the site-wide part of it (privacy.check_site)
    privacy: privacy.FileFacts | None = None
    # what the editors' checks of its Markdown text found (guards/editor_checks.py)
    text: TextFindings | None = None


def read_document(kind: str, path: Path, ctx: LoadContext) -> FileResult:
    reader = _DocumentReader(ctx, Problems(ctx.site_root))
    too_large = input_limits.size_problem(path)  # from the size on disk: nothing is read
    if too_large:
        reader.problems.error(path, None, None, too_large)
        return FileResult(kind, None, reader.problems.items, [])
    try:
        document = getattr(reader, kind)(path)
    except MarkdownError as exc:  # e.g. lists nested hundreds of levels deep
        reader.problems.error(path, _line_of_text(path, exc.line_text), None, exc.message)
        document = None
    facts = privacy.check_file(path, "meeting" if kind == "meeting" else "document",
                               ctx.health_words, reader.problems)
    return FileResult(kind, document, reader.problems.items, reader.claims,
                      reader.dependencies, reader.withheld if document is not None else None,
                      facts, reader.text)


class _DocumentReader(BilagReader):
    def __init__(self, ctx: LoadContext, problems: Problems):
        self.ctx = ctx
        self.problems = problems
        self.claims: list[tuple[str, Path]] = []
        self.dependencies: list[Path] = []
        self.withheld: str | None = None
        self.text: TextFindings | None = None

    def _read(self, path: Path, schema) -> tuple[dict, object] | None:
        try:
            source = read_source(path)
        except SourceError as exc:
            self.problems.error(path, exc.line, exc.field, exc.message)
            return None
        for line, key, value in source.lost:
            self.problems.warning(path, line, key, lost_value_message(key, value))
        values = Checker(self.problems, path).mapping(source.front_matter, schema)
        too_deep = input_limits.html_nesting_problem(source.body, source.body_first_line)
        if too_deep:  # checked before the text is rendered, which would take minutes
            self.problems.error(path, too_deep[0], None, too_deep[1])
            return None
        self.text = text_findings(source.body, source.body_first_line)
        return values, source

    def _published(self, values: dict) -> bool:
        """Whether the public site has the document; the preview shows it anyway."""
        start = values.get("offentlig_fra")
        if values.get("kladde"):
            self.withheld = "kladde"
        elif start and start > self.ctx.build_date:
            self.withheld = start.isoformat()
        return self.withheld is None or self.ctx.show_unpublished

    def _claim(self, url: str, path: Path) -> None:
        self.claims.append((url, path))

    def meeting(self, path: Path) -> Meeting | None:
        body_slugs = self.ctx.body_slugs
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
            if not body_is_broken(organ, self.ctx.broken_bodies):
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
        for problem in agenda_problems[:input_limits.MAX_LISTED]:  # other problems may follow
            self.problems.error(path, problem.line, None, problem.message, cause=True)
        if len(agenda_problems) > input_limits.MAX_LISTED:
            rest = agenda_problems[input_limits.MAX_LISTED:]
            checker.error(rest[0].line, None, input_limits.more_problems(len(rest)))
        properties = values["punkter"] or {}
        self._key_lines = key_lines_by_line(front)  # for the line of a bilag's fil:
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
            intro_html=markdown_html.render(agenda.intro.markdown, parent_level=1),
            items=items, source=path, updated=_mtime(path),
            group_intros=tuple(self._section(g.heading, g.markdown, g.line, 2)
                               for g in agenda.groups),
        )

    def _item(self, raw, props: dict, path: Path, organ: str, date: dt.date,
              shift: int) -> AgendaItem:
        attachments = tuple(
            a for a in (self._attachment(line, values, path, organ, date)
                        for line, values in props.get("bilag") or [])
            if a is not None
        )
        closed = bool(props.get("lukket"))
        item_level = 2 + shift  # the item's heading on the meeting page
        sections = () if closed else tuple(
            self._section(s.heading, s.markdown, s.line, item_level + (1 if s.heading else 0))
            for s in raw.sections
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

    def _section(self, heading: str | None, markdown: str, line: int,
                 parent_level: int) -> Section:
        """`parent_level`: the level of the page heading the section's text sits under."""
        html = markdown_html.render(markdown, parent_level=parent_level)
        return Section(heading, html, plain_text(html), line)

    def agreement(self, path: Path) -> Agreement | None:
        body_slugs, names = self.ctx.body_slugs, dict(self.ctx.body_names)
        read = self._read(path, AGREEMENT)
        if read is None:
            return None
        values, source = read
        slug = self._slug(path)
        if slug is None:
            return None
        self._claim(urls.agreement(slug), path)
        if not (values["titel"] and values["periode"] and values["status"]):
            return None
        intro, sections = self._split_sections(source.body, source.body_first_line)
        steps = []
        for _line, step in values["godkendelser"] or []:
            if step["instans"]:
                known = step["instans"] in body_slugs
                steps.append(ApprovalStep(step["instans"] if known else None,
                                          names.get(step["instans"], step["instans"]),
                                          step["dato"], step["resultat"]))
        if not self._published(values):
            return None
        return Agreement(
            slug=slug, title=values["titel"], period=values["periode"],
            status=values["status"], summary=values["resumé"],
            parts=tuple(values["dele"]),
            approvals=tuple(sorted(steps, key=lambda s: (s.date is None, s.date or dt.date.min))),
            case=values["sag"], intro_html=intro, sections=sections, source=path,
            updated=_mtime(path),
        )

    def page(self, path: Path) -> Page | None:
        read = self._read(path, PAGE)
        if read is None:
            return None
        values, source = read
        slug = self._slug(path)
        if slug is None:
            return None
        if slug in urls.RESERVED_TOP_LEVEL:
            self.problems.error(path, None, None, f"'{slug}' er reserveret til sitets egne "
                                "sider; giv filen et andet navn")
            return None
        self._claim(urls.page(slug), path)
        if not values["titel"]:
            return None
        intro, sections = self._split_sections(source.body, source.body_first_line)
        if not self._published(values):
            return None
        body_html = intro + "".join(
            f"<h2>{html.escape(s.heading)}</h2>\n{s.html}" if s.heading else s.html
            for s in sections)
        return Page(slug, values["titel"], values["beskrivelse"], body_html, sections, path,
                    _mtime(path))

    def _slug(self, path: Path) -> str | None:
        """The address part from the file name, which must give one ('日本.md', '---.md'
        give none: the page would be written over the front page)."""
        slug = urls.slugify(path.stem)
        if not slug:
            self.problems.error(path, None, None, "filnavnet giver ingen adresse på sitet; "
                                "giv filen et navn med bogstaverne a-z, æ, ø, å eller tal, "
                                "fx om-os.md")
            return None
        return slug

    def _split_sections(self, body: str, first_line: int) -> tuple[str, tuple[Section, ...]]:
        """Split a document at its '## ' headings (parts of an agreement, sections of a page)."""
        chunks: list[tuple[str | None, int, list[str]]] = [(None, first_line, [])]
        in_fence = False
        for offset, line in enumerate(body.split("\n")):
            if line.lstrip().startswith(("```", "~~~")):
                in_fence = not in_fence
            match = None if in_fence else re.match(r"^##[ \t]+(\S.*)$", line)
            heading = match.group(1).rstrip(" \t").rstrip("#").rstrip() if match else ""
            if match:  # (the closing "##" is cut off without a slow regular expression)
                chunks.append((heading_text(heading or match.group(1).strip()),
                               first_line + offset, []))
            else:
                chunks[-1][2].append(line)
        intro = markdown_html.render("\n".join(chunks[0][2]), parent_level=1)
        sections = tuple(self._section(h, "\n".join(lines), line, 2)
                         for h, line, lines in chunks[1:])
        return intro, sections


def body_is_broken(slug: str, broken: tuple[str, ...] | set[str]) -> bool:
    return "*" in broken or slug in broken


def _person(values: dict) -> Person:
    return Person(values.get("navn") or "", values.get("organisation"), values.get("rolle"),
                  values.get("stedfortræder"))


def _line_of_text(path: Path, text: str | None) -> int | None:
    """The first line of the file that is `text` (to point at a problem found in a part)."""
    try:
        lines = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n").split("\n")
    except (OSError, UnicodeDecodeError):
        return None
    return next((n for n, line in enumerate(lines, start=1) if line == text), None)


def with_current_time(result: FileResult, path: Path) -> FileResult:
    """A document an earlier build read from the same bytes, with the file's time now (its
    `updated`, which feeds and calendars show): a fresh checkout gives every file a new
    time, and a cached document must be what reading the file now gives."""
    document = result.document
    if document is None or not hasattr(document, "updated"):
        return result
    return dataclasses.replace(result, document=dataclasses.replace(document,
                                                                    updated=_mtime(path)))


def _mtime(path: Path) -> dt.datetime:
    return dt.datetime.fromtimestamp(int(path.stat().st_mtime), tz=dt.timezone.utc)
