"""A case's thread across bodies: its agenda items and its other steps, in date order.

A case (data/sager.yaml) is followed through three kinds of steps: the published agenda
items that name it (`sag:`), the steps written under the case (other bodies, city
councils, deadlines) and the approval steps of an agreement that names it. A step of a
site body on a date when that body has a published meeting is the same event as the
meeting: it is merged into the item (or linked to the meeting) instead of shown twice.

A step is over (`done`) once its date has passed or its outcome is registered (on or
before the build date). A step nobody dated stays ahead only while the case is live: once
every agreement of the case has ended, or STEP_HORIZON has passed since the case's last
date, it is `lapsed` - left out of what is coming, and shown as not registered.

Not an output: the outputs that show cases (case pages, the politicians' tab, open data)
share this reading of the model.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from .. import urls
from .model import AgendaItem, Meeting, Site
from .model_records import Case

# Steps outside the site's bodies that are political decisions.
POLITICAL_NAMES = re.compile(r"byråd|regionsråd|kommunalbestyrelse", re.IGNORECASE)
# How long after a case's last date a step without a date may still be ahead.
STEP_HORIZON = dt.timedelta(days=365)


@dataclass(frozen=True)
class ThreadStep:
    date: dt.date | None
    is_deadline: bool  # the date is a deadline ("senest")
    name: str  # the body or authority
    body: str | None  # slug when one of the site's bodies
    description: str | None
    outcome: str | None
    meeting: Meeting | None  # the published meeting this step took place at
    item: AgendaItem | None  # the agenda item, when the meeting discussed the case
    political: bool
    done: bool  # not ahead any more: it took place, or its time has passed
    lapsed: bool = False  # no date, and the case's horizon has passed: not registered
    link: str | None = None  # a written procedure's page (written_procedures.py)

    @property
    def url(self) -> str | None:
        if self.link:
            return self.link
        if self.meeting and self.item:
            return urls.item(self.meeting.body, self.meeting.date, self.item.number)
        return self.meeting.url if self.meeting else None


def thread(site: Site, case: Case) -> list[ThreadStep]:
    """Every step of the case, oldest first; undated steps stay after the step before them."""
    items = [_item_step(site, meeting, item) for meeting, item in site.case_items(case.slug)]
    by_meeting = {(s.body, s.date): index for index, s in enumerate(items)}
    others: list[tuple[tuple, ThreadStep]] = []
    sources = [[(s.name, s.body, s.date, s.deadline, s.description, None) for s in case.steps]]
    sources += [[(a.name, a.body, a.date, None, None, a.outcome) for a in agreement.approvals]
                for agreement in site.agreements if agreement.case == case.slug]
    for rank, source in enumerate(sources, start=1):
        previous = dt.date.min
        for index, (name, body, date, deadline, description, outcome) in enumerate(source):
            when = date or deadline
            if body and date and (body, date) in by_meeting:
                at = by_meeting[(body, date)]
                items[at] = replace(items[at], description=items[at].description or description,
                                    outcome=items[at].outcome or outcome)
                previous = date
                continue
            meeting = site.meeting(f"{body}/{date.isoformat()}") if body and date else None
            step = ThreadStep(
                date=when, is_deadline=deadline is not None and date is None, name=name,
                body=body, description=description, outcome=outcome, meeting=meeting,
                item=None, political=_political(site, body, name),
                done=bool(when and when < site.build_date)
                or bool(outcome and (when is None or when <= site.build_date)))
            previous = when or previous
            others.append(((previous, rank, index), step))
    for index, record in enumerate(r for r in site.procedures if r.case == case.slug):
        step = _procedure_step(site, record)
        others.append(((step.date, 0, index), step))
    ordered = [((s.date, 0, i), s) for i, s in enumerate(items)] + others
    steps = [step for _key, step in sorted(ordered, key=lambda pair: pair[0])]
    # A step nobody dated is over once a later step is, and lapsed once the case is over.
    lapsed = _case_is_over(site, case, steps)
    later_done = False
    for index in range(len(steps) - 1, -1, -1):
        if steps[index].done:
            later_done = True
        elif later_done and steps[index].date is None:
            steps[index] = replace(steps[index], done=True)
        elif lapsed and steps[index].date is None:
            steps[index] = replace(steps[index], done=True, lapsed=True)
    return steps


def _case_is_over(site: Site, case: Case, steps: list[ThreadStep]) -> bool:
    """Whether the steps without a date can no longer be ahead: every agreement of the case
    has ended, or STEP_HORIZON has passed since the case's last date."""
    agreements = agreements_of(site, case)
    if agreements and all(a.state_in(site.build_date.year) == "afsluttet" for a in agreements):
        return True
    dates = [s.date for s in steps if s.date]
    return bool(dates) and site.build_date - max(dates) > STEP_HORIZON


def next_steps(steps: list[ThreadStep]) -> list[ThreadStep]:
    return [s for s in steps if not s.done]


def goes_to_politicians(steps: list[ThreadStep]) -> bool:
    """The case still has a political step ahead of it (KKR, the councils)."""
    return any(s.political for s in next_steps(steps))


def agreements_of(site: Site, case: Case) -> list:
    return [a for a in site.agreements if a.case == case.slug]


def _item_step(site: Site, meeting: Meeting, item: AgendaItem) -> ThreadStep:
    body = site.body(meeting.body)
    return ThreadStep(
        date=meeting.date, is_deadline=False, name=body.name if body else meeting.body,
        body=meeting.body, description=None, outcome=None, meeting=meeting, item=item,
        political=_political(site, meeting.body, ""),
        done=meeting.date < site.build_date
        or (meeting.date == site.build_date and meeting.status == "referat"))


def _procedure_step(site: Site, record) -> ThreadStep:
    """A decision by written procedure: dated by its deadline while open, over once an
    outcome is registered or the deadline has passed."""
    body = site.body(record.body)
    outcome = {"godkendt": "Godkendt uden bemærkninger",
               "bemærkninger": "Bemærkninger: går videre til næste møde"}.get(record.outcome)
    return ThreadStep(
        date=record.deadline if record.outcome == "afventer" else record.sent,
        is_deadline=record.outcome == "afventer", name=body.name if body else record.body,
        body=record.body, description=f"Skriftlig procedure: {record.title}",
        outcome=outcome, meeting=None, item=None,
        political=_political(site, record.body, ""),
        done=record.outcome != "afventer" or record.deadline < site.build_date,
        link=record.url)


def _political(site: Site, body_slug: str | None, name: str) -> bool:
    body = site.body(body_slug) if body_slug else None
    if body is not None:
        return body.kind == "politisk"
    return bool(POLITICAL_NAMES.search(name))
