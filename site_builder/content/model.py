"""The site's domain model: checked, typed, immutable; what every output reads.

Only published content is in the model: drafts, embargoed documents and the text of
closed items never get here (the loader leaves them out), so no output can leak them.

This module holds the site's bodies and people, its meetings with their agenda items and
attachments, and the Site that holds everything, with its lookups and where minutes
stand. The other records (agreements, pages, cases, calendar, glossary, tariffs, written
procedures) are in model_records.py; sections and decision headings in model_sections.py.
"""
from __future__ import annotations

import bisect
import datetime as dt
import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from .. import urls
from .model_records import (Agreement, CalendarEvent, Case, GlossaryTerm, Offer, Page,
                            WrittenProcedure)
from .model_sections import Section, is_decision_heading

# How long the site waits, after the meeting, for what it expects next: the minutes of a
# meeting that only has its agenda, and the approval of minutes (normally at the body's
# next meeting). After that the pages say it is not registered instead of "not yet".
MINUTES_HORIZON = dt.timedelta(days=90)
APPROVAL_HORIZON = dt.timedelta(days=365)


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
    # the body's own headings for a decision, besides the common ones (is_decision_heading)
    decision_headings: tuple[str, ...] = ()

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

    def decision_in(self, extra: Iterable[str] = ()) -> Section | None:
        """The section that holds the item's decision: the last one with a decision heading
        (minutes add each body's decision below the one before), or None. `extra`: the
        body's own decision headings; Site.decision knows them."""
        extra = tuple(extra)
        found = [s for s in self.sections if is_decision_heading(s.heading, extra)]
        return found[-1] if found else None

    @property
    def decision(self) -> Section | None:
        """The decision under the common headings only; Site.decision also knows the
        headings of the item's body."""
        return self.decision_in()


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
    # every '#' group heading in file order: heading, the text under it before the group's
    # first item (html, "" if none) and the heading's line
    group_intros: tuple[Section, ...] = ()

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

    @property
    def outline(self) -> list[tuple[str | None, Section | None, list[AgendaItem]]]:
        """The agenda as the meeting page shows it: (group, its introduction, its items) in
        file order, also a group with no items; items before any group have group None."""
        result: list[tuple[str | None, Section | None, list[AgendaItem]]] = []
        events = sorted([(s.line, 0, s) for s in self.group_intros]
                        + [(i.line, 1, i) for i in self.items], key=lambda e: e[:2])
        for _line, kind, thing in events:
            if kind == 0:
                result.append((thing.heading, thing, []))
                continue
            if not result or result[-1][0] != thing.group:
                result.append((thing.group, None, []))
            result[-1][2].append(thing)
        return result


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
    offers: tuple[Offer, ...] = ()  # data/takster.yaml (tariffs.py)
    procedures: tuple[WrittenProcedure, ...] = ()  # content/beslutninger/, newest first

    def body(self, slug: str) -> Body | None:
        return next((b for b in self.bodies if b.slug == slug), None)

    def decision(self, meeting: Meeting, item: AgendaItem) -> Section | None:
        """The section that holds the item's decision, with the headings its body adds.
        Minutes written as plain text under an item whose type is beslutning (older
        minutes: "Godkendt", with no heading) have that text as the decision."""
        body = self.body(meeting.body)
        found = item.decision_in(body.decision_headings if body else ())
        if found is None and meeting.status == "referat" and item.kind == "beslutning" \
                and item.sections and not any(s.heading for s in item.sections):
            return item.sections[-1]
        return found

    def minutes_state(self, meeting: Meeting) -> str:
        """Where a meeting's minutes stand on the build date:

        dagsorden         only the agenda, and the minutes may still come
        intet-referat     only the agenda, MINUTES_HORIZON after the meeting
        afventer          minutes, not approved yet: the body's next meeting is still to
                          come (and it is less than APPROVAL_HORIZON after the meeting)
        ikke-registreret  minutes whose approval the site has no record of, although the
                          next meeting (or APPROVAL_HORIZON) has passed
        godkendt          minutes approved on or before the build date
        """
        today = self.build_date
        if meeting.status != "referat":
            return "intet-referat" if today - meeting.date > MINUTES_HORIZON else "dagsorden"
        if meeting.approved and meeting.approved.date <= today:
            return "godkendt"
        following = self._next_meeting_dates.get(meeting.key)
        if today - meeting.date > APPROVAL_HORIZON or (following and following < today):
            return "ikke-registreret"
        return "afventer"

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
    def _next_meeting_dates(self) -> dict[str, dt.date]:
        """Meeting key -> the date of its body's next meeting (published, or planned in the
        calendar and not cancelled), where the site knows one."""
        dates: dict[str, set[dt.date]] = {}
        for meeting in self.meetings:
            dates.setdefault(meeting.body, set()).add(meeting.date)
        for event in self.calendar:
            if event.body and not event.cancelled:
                dates.setdefault(event.body, set()).add(event.date)
        ordered = {body: sorted(days) for body, days in dates.items()}
        result = {}
        for meeting in self.meetings:
            days = ordered[meeting.body]
            at = bisect.bisect_right(days, meeting.date)
            if at < len(days):
                result[meeting.key] = days[at]
        return result

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
