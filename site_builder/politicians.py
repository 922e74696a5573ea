"""The politicians' tab /politikere/, made from the model only (never edited by hand):

- matters coming up for political decision: cases with a step ahead at a political body
  (KKR) or the city and regional councils;
- the agreements: the one in force and the one on its way, with their approval steps;
- the coming milestones of the årshjul and the planned meetings;
- recent decisions with their plain-language summary (the items' Resumé);
- the glossary.
"""
from __future__ import annotations

from . import urls
from .model import Site
from .schedule import coming
from .templating import PageEntry
from .threads import agreements_of, goes_to_politicians, next_steps, thread

MILESTONES = 8
RECENT_DECISIONS = 6
IN_PROCESS = ("udkast", "høring")


def page_entries(site: Site) -> list[PageEntry]:
    return [PageEntry(urls.politicians(), "politicians.html", "For politikere", {
        "matters": matters(site),
        "agreements": agreements(site),
        "milestones": coming(site)[:MILESTONES],
        "decisions": recent_decisions(site),
    }, (("Forside", urls.front()),))]


def matters(site: Site) -> list[dict]:
    """Cases on their way to a political body, the nearest political step first."""
    result = []
    for case in site.cases:
        steps = thread(site, case)
        if not goes_to_politicians(steps):
            continue
        ahead = next_steps(steps)
        political = next(s for s in ahead if s.political)
        result.append({"case": case, "steps": steps, "next": ahead[0], "political": political,
                       "items": [s for s in steps if s.item],
                       "agreements": agreements_of(site, case)})
    return sorted(result, key=lambda m: (m["political"].date is None,
                                         m["political"].date or site.build_date,
                                         m["case"].title))


def agreements(site: Site) -> list[dict]:
    """The agreement in force this year, then those in their approval process."""
    year = site.build_date.year
    in_force = [a for a in site.agreements
                if a.status == "godkendt" and a.period[0] <= year <= a.period[1]]
    in_process = [a for a in site.agreements if a.status in IN_PROCESS]
    result = []
    for agreement in in_force[:1] + in_process:
        ahead = [s for s in agreement.approvals
                 if not s.outcome and (s.date is None or s.date >= site.build_date)]
        result.append({"agreement": agreement, "in_force": agreement in in_force,
                       "next": ahead[0] if ahead else None,
                       "case": site.case(agreement.case) if agreement.case else None})
    return result


def recent_decisions(site: Site) -> list[dict]:
    """The newest minutes' items that have both a Resumé and a decision."""
    result = []
    for meeting in site.meetings:
        if meeting.status != "referat" or meeting.date > site.build_date:
            continue
        body = site.body(meeting.body)
        for item in meeting.items:
            if item.closed or not item.summary or not item.decision:
                continue
            result.append({"meeting": meeting, "item": item, "body": body,
                           "url": urls.item(meeting.body, meeting.date, item.number)})
            if len(result) == RECENT_DECISIONS:
                return result
    return result
