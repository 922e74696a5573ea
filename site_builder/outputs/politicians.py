"""The politicians' tab /politikere/, made from the model only (never edited by hand):

- matters coming up for political decision: cases with a step ahead at a political body
  (KKR) or the city and regional councils;
- the agreements: the one in force and the one on its way, with their approval steps;
- the coming milestones of the årshjul and the planned meetings;
- recent decisions: what the newest minutes decided (the text of each item's decision,
  model.Site.decision, cut at DECISION_LENGTH), grouped by meeting; an item up for
  decision whose minutes record none says so - no other text is ever shown as a decision;
- the glossary;
and, at the top, the next political meeting and the newest minutes in two lines.
"""
from __future__ import annotations

import re

from .. import urls
from ..content import written_procedures
from ..content.markdown_html import plain_text
from ..content.model import AgendaItem, Meeting, Site
from ..content.schedule import Occasion, coming
from ..content.threads import agreements_of, goes_to_politicians, next_steps, thread
from .pages import agreement_overview, approval_rows
from .templating import PageEntry

MILESTONES = 8
RECENT_DECISIONS = 8  # items, over the newest meetings with minutes
DECISION_LENGTH = 400  # characters of a decision shown before it is cut at a word
# Items that decide nothing of substance: formalities of every meeting.
FORMALITIES = re.compile(r"^(godkendelse af (dagsorden|referat)|evt\b|eventuelt|næste møde)",
                         re.IGNORECASE)
_SUB_HEADING = re.compile(r"<(h[2-6])[^>]*>(.*?)</\1>", re.DOTALL)
NO_DECISION = "Ingen beslutning registreret i referatet."


def page_entries(site: Site) -> list[PageEntry]:
    found = matters(site)
    decisions = recent_decisions(site)
    return [PageEntry(urls.politicians(), "politicians.html", "For politikere", {
        "matters": found,
        "agreements": agreements(site),
        "milestones": _milestones(site),
        "decisions": decisions,
        "next_meeting": next_political_meeting(site, found),
    }, (("Forside", urls.front()),))]


def _milestones(site: Site) -> list[Occasion]:
    """The coming occasions, with the deadlines of written procedures still open."""
    open_keys = {r.url for r in written_procedures.open_procedures(site)}
    deadlines = [o for o in written_procedures.occasions(site) if o.url in open_keys]
    return sorted(coming(site) + deadlines, key=lambda o: (o.date, o.body is None,
                                                           o.body or "", o.title))[:MILESTONES]


def next_political_meeting(site: Site, found: list[dict]) -> dict | None:
    """The next meeting of a political body in the calendar, and the matters it treats."""
    for occasion in coming(site):
        body = site.body(occasion.body) if occasion.body else None
        if body is None or body.kind != "politisk" or occasion.cancelled:
            continue
        treated = [m for m in found if m["political"].body == occasion.body
                   and m["political"].date == occasion.date]
        return {"occasion": occasion, "body": body, "matters": treated}
    return None


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
    """The agreement in force this year, approved ones to come, those in their approval
    process; with none of those, the one whose period ended last (pages.agreement_overview,
    as on the front page)."""
    result = []
    for row in agreement_overview(site):
        agreement = row["agreement"]
        approvals = approval_rows(agreement, site.build_date)
        ahead = [r["step"] for r in approvals if r["planned"]]
        dated = [s.date for s in agreement.approvals if s.date and s.date <= site.build_date]
        result.append({**row, "approvals": approvals, "next": ahead[0] if ahead else None,
                       "last_step": max(dated) if dated else None,
                       "case": site.case(agreement.case) if agreement.case else None})
    return result


def recent_decisions(site: Site) -> list[dict]:
    """The newest minutes' decisions, grouped by meeting: each open item that is not an
    orientation or a formality, with its decision (model.Site.decision); an item up for
    decision (type: beslutning) whose minutes record no decision is listed as such."""
    groups = []
    count = 0
    for meeting in site.meetings:
        if meeting.status != "referat" or meeting.date > site.build_date:
            continue
        entries = []
        for item in meeting.items:
            if count == RECENT_DECISIONS:
                break
            entry = _decision_entry(site, meeting, item)
            if entry:
                entries.append(entry)
                count += 1
        if entries:
            groups.append({"meeting": meeting, "body": site.body(meeting.body),
                           "minutes_state": site.minutes_state(meeting),
                           "entries": entries})
        if count == RECENT_DECISIONS:
            break
    return groups


def _decision_entry(site: Site, meeting: Meeting, item: AgendaItem) -> dict | None:
    if item.closed or item.kind == "orientering" or FORMALITIES.match(item.title):
        return None
    decision = site.decision(meeting, item)
    text = decision_text(decision.html) if decision else ""
    if not text and item.kind != "beslutning":
        return None
    return {"item": item, "label": "Beslutning" if text else None,
            "text": _shorten(text) if text else NO_DECISION,
            "url": urls.item(meeting.body, meeting.date, item.number)}


def decision_text(html: str) -> str:
    """A decision as one line of text, its sub-headings as lead-ins ("Fokusområde 3: DAS
    vurderede ..."), for a summary that is cut at DECISION_LENGTH."""
    def lead_in(match: re.Match) -> str:
        heading = plain_text(match.group(2)).rstrip(" .:")
        return f" {heading}: " if heading else " "
    return plain_text(_SUB_HEADING.sub(lead_in, html))


def _shorten(text: str) -> str:
    if len(text) <= DECISION_LENGTH:
        return text
    cut = text.rfind(" ", 0, DECISION_LENGTH)
    return text[:cut if cut > 0 else DECISION_LENGTH].rstrip(" ,;:–-") + " …"
