"""The site's domain model: checked, typed, immutable; what every output reads.

Only published content is in the model: drafts, embargoed documents and the text of
closed items never get here (the loader leaves them out), so no output can leak them.
"""
from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from pathlib import Path

from . import urls


@dataclass(frozen=True)
class Contact:
    email: str | None
    phone: str | None
    address: str | None


@dataclass(frozen=True)
class SiteInfo:
    name: str
    region: str
    base_url: str
    description: str | None
    contact: Contact
    accessibility_url: str


@dataclass(frozen=True)
class Person:
    name: str
    organisation: str | None = None
    role: str | None = None
    substitute: str | None = None


@dataclass(frozen=True)
class Body:
    slug: str
    name: str
    abbreviation: str | None
    kind: str  # administrativ | politisk
    parent: str | None
    description: str | None
    members: tuple[Person, ...] = ()
    usual_place: str | None = None
    usual_time: object | None = None  # coerce.TimeRange

    @property
    def url(self) -> str:
        return urls.body(self.slug)


@dataclass(frozen=True)
class Municipality:
    name: str
    kind: str | None
    url: str | None


@dataclass(frozen=True)
class Attachment:
    title: str
    number: str | None
    url: str  # public URL: a file of this site or an external address
    filetype: str | None  # "PDF"
    size: int | None  # bytes, for files of this site
    source: Path | None  # the file beside the meeting file


@dataclass(frozen=True)
class Section:
    heading: str | None
    html: str
    text: str  # plain text, for search and summaries
    line: int


@dataclass(frozen=True)
class AgendaItem:
    number: int
    title: str
    group: str | None
    kind: str | None  # beslutning | drøftelse | orientering
    case_number: str | None
    closed: bool
    case: str | None
    sections: tuple[Section, ...]
    attachments: tuple[Attachment, ...]
    line: int
    digest: str = field(default="", compare=False)  # its meeting's and number, for the cache

    @property
    def anchor(self) -> str:
        return urls.item_anchor(self.number)

    def section(self, *headings: str) -> Section | None:
        wanted = {h.lower() for h in headings}
        return next((s for s in self.sections if (s.heading or "").lower() in wanted), None)

    @property
    def summary(self) -> Section | None:
        return self.section("Resumé")

    @property
    def decision(self) -> Section | None:
        return self.section("Referat", "Beslutning")


@dataclass(frozen=True)
class MinutesApproval:
    date: dt.date
    meeting: str | None  # "<organ>/<dato>"


@dataclass(frozen=True)
class Meeting:
    body: str
    date: dt.date
    title: str
    time: object | None  # coerce.TimeRange
    place: str | None
    status: str  # dagsorden | referat
    participants: tuple[Person, ...]
    absentees: tuple[Person, ...]
    minute_takers: tuple[str, ...]
    case_number: str | None
    document_number: str | None
    approved: MinutesApproval | None
    intro_html: str
    items: tuple[AgendaItem, ...]
    source: Path
    updated: dt.datetime  # last change of the source, for feeds
    digest: str = field(default="", compare=False)  # of its inputs, for the cache

    @property
    def url(self) -> str:
        return urls.meeting(self.body, self.date)

    @property
    def key(self) -> str:
        return f"{self.body}/{self.date.isoformat()}"

    @property
    def groups(self) -> list[tuple[str | None, list[AgendaItem]]]:
        result: list[tuple[str | None, list[AgendaItem]]] = []
        for item in self.items:
            if not result or result[-1][0] != item.group:
                result.append((item.group, []))
            result[-1][1].append(item)
        return result


@dataclass(frozen=True)
class ApprovalStep:
    body: str | None  # slug when the step is one of the site's bodies
    name: str  # shown name
    date: dt.date | None  # None: not yet known
    outcome: str | None


@dataclass(frozen=True)
class Agreement:
    slug: str
    title: str
    period: tuple[int, int]
    status: str
    summary: str | None
    parts: tuple[str, ...]
    approvals: tuple[ApprovalStep, ...]
    case: str | None
    intro_html: str
    sections: tuple[Section, ...]
    source: Path
    updated: dt.datetime
    digest: str = field(default="", compare=False)  # of its inputs, for the cache

    @property
    def url(self) -> str:
        return urls.agreement(self.slug)

    @property
    def period_text(self) -> str:
        """As the search index and the file names have it: 2021-2022."""
        start, end = self.period
        return str(start) if start == end else f"{start}-{end}"

    @property
    def period_label(self) -> str:
        """As a reader sees it: 2021–2022."""
        return self.period_text.replace("-", "\u2013")

    @property
    def part_anchors(self) -> list[str]:
        return urls.part_anchors(section.heading for section in self.sections)


@dataclass(frozen=True)
class Page:
    slug: str
    title: str
    description: str | None
    html: str
    sections: tuple[Section, ...]
    source: Path
    updated: dt.datetime
    digest: str = field(default="", compare=False)  # of its inputs, for the cache

    @property
    def url(self) -> str:
        return urls.page(self.slug)


@dataclass(frozen=True)
class CaseStep:
    """A step of a case outside the site's meeting items: another body, a deadline."""

    name: str  # shown name of the body or authority
    body: str | None  # slug when the step is one of the site's bodies
    date: dt.date | None  # when it is treated; None: not known yet
    deadline: dt.date | None  # or: by when it must be done
    description: str | None
    line: int


@dataclass(frozen=True)
class Case:
    """A matter followed across meetings and bodies (data/sager.yaml)."""

    slug: str
    title: str
    summary: str | None
    steps: tuple[CaseStep, ...]  # in the order the editor wrote them
    source: Path
    line: int
    updated: dt.datetime

    @property
    def url(self) -> str:
        return urls.case(self.slug)


@dataclass(frozen=True)
class CalendarEvent:
    """A planned meeting of a body or a milestone of the annual cycle (data/kalender.yaml)."""

    date: dt.date
    end_date: dt.date | None  # last day of a milestone that lasts several days
    time: object | None  # coerce.TimeRange
    body: str | None  # slug: a planned meeting of this body
    title: str | None  # a milestone's title (or a special title for a meeting)
    place: str | None
    description: str | None
    cancelled: bool
    meeting: str | None  # key "<organ>/<dato>" of the published meeting file, if any
    line: int
    updated: dt.datetime


@dataclass(frozen=True)
class GlossaryTerm:
    abbreviation: str
    meaning: str
    explanation: str | None = None


@dataclass(frozen=True)
class Site:
    root: Path
    info: SiteInfo
    bodies: tuple[Body, ...]
    municipalities: tuple[Municipality, ...]
    meetings: tuple[Meeting, ...]  # newest first
    agreements: tuple[Agreement, ...]
    pages: tuple[Page, ...]
    build_date: dt.date
    cases: tuple[Case, ...] = ()  # data/sager.yaml
    calendar: tuple[CalendarEvent, ...] = ()  # data/kalender.yaml, by date
    glossary: tuple[GlossaryTerm, ...] = ()  # data/ordliste.yaml
    # Every file a meeting file names under bilag:, also where it is not published (closed
    # items, drafts, embargo): for the editor's check of files that nothing names.
    named_files: frozenset[Path] = frozenset()
    # Only in the preview's model: (URL, why the public site leaves it out, its file) per
    # draft ("kladde") and embargoed document (its offentlig_fra: date, YYYY-MM-DD).
    withheld: tuple[tuple[str, str, Path], ...] = ()

    def body(self, slug: str) -> Body | None:
        return next((b for b in self.bodies if b.slug == slug), None)

    def meetings_of(self, slug: str) -> list[Meeting]:
        return [m for m in self.meetings if m.body == slug]

    def meeting(self, key: str) -> Meeting | None:
        """The published meeting "<organ>/<YYYY-MM-DD>" (Meeting.key)."""
        return self._meetings_by_key.get(key)

    def case(self, slug: str) -> Case | None:
        return self._cases_by_slug.get(slug)

    def case_items(self, slug: str) -> list[tuple[Meeting, AgendaItem]]:
        """The published items that belong to a case, oldest meeting first."""
        return self._items_by_case.get(slug, [])

    # Lookups that every page would otherwise pay for with a walk through the archive.
    @functools.cached_property
    def _meetings_by_key(self) -> dict[str, Meeting]:
        return {m.key: m for m in self.meetings}

    @functools.cached_property
    def _cases_by_slug(self) -> dict[str, Case]:
        return {c.slug: c for c in self.cases}

    @functools.cached_property
    def _items_by_case(self) -> dict[str, list[tuple[Meeting, AgendaItem]]]:
        items: dict[str, list[tuple[Meeting, AgendaItem]]] = {}
        for meeting in reversed(self.meetings):
            for item in meeting.items:
                if item.case:
                    items.setdefault(item.case, []).append((meeting, item))
        return items
