"""The published records besides meetings: agreements, pages, cases, the calendar, the
glossary, the tariff register and written procedures.

Part of the domain model (see model.py, which holds bodies, meetings and the Site that
holds these records too); like the rest of the model, frozen dataclasses with only
published content. Their text is made of model_sections.Section.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from .. import urls
from .model_sections import Section

IN_PROCESS = ("udkast", "høring")


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
