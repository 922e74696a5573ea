"""The site's domain model: checked, typed, immutable; what every output reads.

Only published content is in the model: drafts, embargoed documents and the text of
closed items never get here (the loader leaves them out), so no output can leak them.
"""
from __future__ import annotations

import bisect
import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from .. import urls

# The first word of a heading that holds an item's decision in minutes: "Beslutning",
# "Beslutning i Socialudvalget den 12. april 2011", "Referat fra mødet", "Afgørelse:".
DECISION_WORDS = ("beslutning", "beslutninger", "referat", "afgørelse", "afgørelser")
# "Udvalgets beslutning", "Styregruppens beslutning", "DAS' beslutning", "KKR's afgørelse":
# the whole heading names whose decision it is (not "Baggrund for byrådets beslutning")
_GENITIVE_DECISION = re.compile(r"^(.*?)(?:s|'s|’s|'|’)\s+(?:beslutning|afgørelse)(?:er)?$")
_NOT_A_NAME = frozenset({"af", "efter", "eller", "for", "fra", "i", "med", "mod", "og", "om",
                         "på", "til", "under", "ved"})
# How long the site waits, after the meeting, for what it expects next: the minutes of a
# meeting that only has its agenda, and the approval of minutes (normally at the body's
# next meeting). After that the pages say it is not registered instead of "not yet".
MINUTES_HORIZON = dt.timedelta(days=90)
APPROVAL_HORIZON = dt.timedelta(days=365)
IN_PROCESS = ("udkast", "høring")


def _heading_key(heading: str) -> str:
    """A heading as it is compared: case and trailing punctuation ignored, one space."""
    return " ".join(heading.replace("\u00a0", " ").split()).rstrip(" :.").casefold()


def is_decision_heading(heading: str | None, extra: Iterable[str] = ()) -> bool:
    """Whether a section heading names the decision of an agenda item in minutes.

    A heading whose first word is Beslutning, Referat or Afgørelse ("Beslutning i
    Socialudvalget den 12. april 2011", "Referat fra mødet", "Afgørelse:"), a decision in
    the genitive ("Udvalgets beslutning", "DAS' beslutning"), or one of the body's own
    headings (`beslutningsoverskrifter:` in data/organer.yaml), alone or as the first
    words of the heading. Not "Beslutningsforslag", "Referatet blev godkendt" or
    "Indstilling": another word, or text.
    """
    if not heading:
        return False
    key = _heading_key(heading)
    if not key:
        return False
    first = re.split(r"[\s:]", key, maxsplit=1)[0]
    if first in DECISION_WORDS:
        return True
    genitive = _GENITIVE_DECISION.match(key)
    if genitive and genitive.group(1).strip() \
            and not _NOT_A_NAME.intersection(genitive.group(1).split()):
        return True
    for own in extra:
        own_key = _heading_key(own)
        if own_key and (key == own_key or key.startswith(own_key + " ")
                        or key.startswith(own_key + ":")):
            return True
    return False


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

    def state_in(self, year: int) -> str:
        """Where the agreement stands in a year, so that no page calls an agreement
        "gældende" after its period, or a draft "under behandling" once its period is over:

        gaeldende         approved, and the year is within its period
        vedtaget          approved, its period begins later
        under-behandling  a draft or in consultation, its period not over yet
        afsluttet         its period is over (whatever its status)
        afloest           replaced by another agreement before its period was over
        """
        start, end = self.period
        if end < year:
            return "afsluttet"
        if self.status == "godkendt":
            return "gaeldende" if start <= year else "vedtaget"
        if self.status in IN_PROCESS:
            return "under-behandling"
        return "afloest"

    def status_in(self, year: int) -> tuple[str, str, str]:
        """(css class, badge, what follows the badge) as every page shows the agreement's
        status in a year. After its period the badge is "Afsluttet" (or "Afløst"), never
        the draft's "Udkast": a draft whose approval was never registered says so."""
        state = self.state_in(year)
        end = self.period[1]
        if state == "afsluttet":
            if self.status == "afløst":
                return "afloest", "Afløst", f"perioden sluttede med udgangen af {end}"
            if self.status == "godkendt":
                return "afsluttet", "Afsluttet", f"perioden sluttede med udgangen af {end}"
            return "afsluttet", "Afsluttet", (
                f"perioden sluttede med udgangen af {end}; godkendelsen er ikke registreret "
                f"(sidst registreret som {self.status})")
        note = {"gaeldende": "aftalen gælder nu",
                "vedtaget": f"aftalen gælder fra {self.period[0]}",
                "under-behandling": "aftalen er under behandling"}.get(state, "")
        return self.status, self.status.capitalize(), note


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
class TariffStep:
    """One line of a tilbud's tariff history (data/takster.yaml): the day tariff of a year,
    or a change of it, and who approved it where the register says so."""

    year: int
    start: dt.date | None  # fra: the day it applies from (None: the whole year)
    tariff: int | None  # døgntakst in kr.; None where the source gives only the change
    change: int | None  # ændring in kr. per day (+/-); None where not stated
    approved_by: str | None  # organ slug or a name
    approved_on: dt.date | None
    meeting: str | None  # "<organ>/<dato>": the meeting that decided or recorded it
    item: int | None  # the item of that meeting
    procedure: str | None  # or: the key of a written procedure (WrittenProcedure.key)
    note: str | None
    line: int


@dataclass(frozen=True)
class Offer:
    """A tilbud in the tariff register (data/takster.yaml)."""

    slug: str
    name: str
    operator: str | None  # driftsherre: a municipality or region of data/kommuner.yaml
    operator_note: str | None  # e.g. "privat tilbud i Sindal"
    kind: str | None  # type, e.g. Krisecenter
    paragraph: str | None  # e.g. "Serviceloven § 109"
    places: int | None
    steps: tuple[TariffStep, ...]  # oldest first
    source: Path
    line: int

    @property
    def url(self) -> str:
        return urls.offer(self.slug)


@dataclass(frozen=True)
class ProcedureBilag:
    title: str
    url: str | None
    filetype: str | None
    size: int | None
    source: Path | None


@dataclass(frozen=True)
class WrittenProcedure:
    """A decision by written procedure (content/beslutninger/<organ>/<dato>-<navn>.md): a
    proposal sent round by e-mail; approved if nobody objects by the deadline."""

    body: str
    slug: str  # "<dato>-<navn>", the file's name
    title: str
    sender: str | None
    sent: dt.date
    deadline: dt.date
    outcome: str  # afventer | godkendt | bemærkninger
    next_meeting: str | None  # "<organ>/<dato>" where it goes on remarks
    case: str | None
    closed: bool
    html: str
    text: str
    bilag: tuple[ProcedureBilag, ...]
    source: Path
    updated: dt.datetime

    @property
    def url(self) -> str:
        return urls.written_procedure(self.body, self.slug)

    @property
    def key(self) -> str:
        return f"{self.body}/{self.slug}"

    def state_on(self, day: dt.date) -> str:
        """afventer (the deadline has not passed, no outcome), frist-overskredet (the
        deadline passed and the outcome is not registered), godkendt or bemærkninger."""
        if self.outcome != "afventer":
            return self.outcome
        return "afventer" if self.deadline >= day else "frist-overskredet"

    def state_label_on(self, day: dt.date) -> str:
        return PROCEDURE_STATES[self.state_on(day)]


PROCEDURE_STATES = {
    "afventer": "Afventer bemærkninger",
    "godkendt": "Godkendt uden bemærkninger",
    "bemærkninger": "Bemærkninger modtaget: behandles på næste møde",
    "frist-overskredet": "Fristen er gået; udfaldet er ikke registreret endnu",
}


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
