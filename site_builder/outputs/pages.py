"""HTML pages: front page, bodies, meetings, agreements, plain pages and 404.

Entries are computed from the model first (`page_entries`), then rendered; the view
objects the templates get are plain dicts of model objects.
"""
from __future__ import annotations

import datetime as dt
import re
from itertools import groupby

from .. import danish, urls
from ..content.markdown_html import plain_text
from ..content.model import AgendaItem, Meeting, Site
from ..content.model_records import Agreement
from ..content.model_sections import Section
from ..content.schedule import coming
from .templating import PageEntry

FRONT_PAGE_MEETINGS = 8
FRONT_PAGE_OCCASIONS = 5  # coming meetings and milestones, as on /kalender/
# A decision's summary under its item's title: its first sentence, cut at a word when
# longer, about one line; all of a meeting's decisions then fit on two screens when folded.
SUMMARY_LENGTH = 100
_SENTENCE_END = re.compile(r"(?<=[^\s.]{3}[.!?])\s+(?=[A-ZÆØÅ0-9])")
_SUB_HEADING = re.compile(r"<(h[2-6])[^>]*>(.*?)</\1>", re.DOTALL)
# The main menu: (label, address, the other sections it stands for). On a page of its
# own section a menu item is marked aria-current="page" (its own page) or "true" (a page
# below it, or of a section it stands for: the cases belong to "For politikere").
NAV_ITEMS = (("Forside", "/", ()), ("Organer", "/organer/", ()), ("Aftaler", "/aftaler/", ()),
             ("For politikere", "/politikere/", ("/sager/",)), ("Kalender", "/kalender/", ()),
             ("Søg", "/soeg/", ()))
# The footer also links every plain page (content/sider/), such as /om-sitet/.
FOOTER_ITEMS = (("Organer", "/organer/"), ("Aftaler", "/aftaler/"), ("Sager", "/sager/"),
                ("Abonnér på nyheder og møder", "/abonner/"), ("Ordliste", "/ordliste/"),
                ("Åbne data", "/data/"))


def meeting_title(site: Site, meeting: Meeting) -> str:
    """A title that names the body and the date, unique across the site."""
    body = site.body(meeting.body)
    name = (body.abbreviation or body.name) if body else meeting.body
    return f"{name}: møde den {danish.long_date(meeting.date)}"


def page_entries(site: Site) -> list[PageEntry]:
    home = ("Forside", urls.front())
    organs = ("Organer", urls.bodies())
    entries = [
        PageEntry(urls.front(), "front.html", site.info.name, {
            "latest": [m for m in site.meetings if m.date <= site.build_date][
                :FRONT_PAGE_MEETINGS],
            "coming": coming(site)[:FRONT_PAGE_OCCASIONS],
            "agreements": agreement_overview(site),
        }),
        PageEntry(urls.bodies(), "bodies.html", "Organer", {
            "next_meeting": next_meetings(site),
        }, (home,)),
        PageEntry(urls.agreements(), "agreements.html", "Aftaler", {}, (home,)),
        PageEntry("/404.html", "404.html", "Siden findes ikke", {}),
    ]
    ahead = coming(site)
    for body in site.bodies:
        meetings = site.meetings_of(body.slug)
        by_year = [(year, list(group)) for year, group in
                   groupby(meetings, key=lambda m: m.date.year)]
        entries.append(PageEntry(body.url, "body.html", body.name, {
            "body": body, "by_year": by_year,
            # its meetings in the calendar that have no agenda on the site yet
            "planned": [o for o in ahead if o.body == body.slug and o.meeting is None],
            "parent": site.body(body.parent) if body.parent else None,
            "children": [b for b in site.bodies if b.parent == body.slug],
            # its decisions by written procedure, with their state on the build date
            "procedures": [(r, r.state_label_on(site.build_date)) for r in site.procedures
                           if r.body == body.slug],
        }, (home, organs)))
    for meeting in site.meetings:
        context = meeting_context(site, meeting)
        body = context["body"]
        entries.append(PageEntry(meeting.url, "meeting.html", meeting_title(site, meeting),
                                 context,
                                 (home, organs, (body.abbreviation or body.name, body.url))))
    linking = items_linking_agreements(site) if site.agreements else []
    for agreement in site.agreements:
        entries.append(PageEntry(agreement.url, "agreement.html", agreement.title, {
            "agreement": agreement,
            "state": agreement_state(agreement, site.build_date.year),
            "approvals": approval_rows(agreement, site.build_date),
            "discussed": discussed_at(site, agreement, linking),
        }, (home, ("Aftaler", urls.agreements()))))
    for page in site.pages:
        entries.append(PageEntry(page.url, "page.html", page.title, {"page": page}, (home,)))
    return entries


def hidden_sections(site: Site) -> frozenset[str]:
    """The menu's and the footer's sections that would have nothing to show: Aftaler
    without agreements, For politikere without agreements or cases (what goes to the
    politicians is the cases and the agreements' approvals). Their pages are still made."""
    hidden = set()
    if not site.agreements:
        hidden.add(urls.agreements())
    if not site.agreements and not site.cases:
        hidden.add(urls.politicians())
    return frozenset(hidden)


def meeting_context(site: Site, meeting: Meeting) -> dict:
    """What a meeting's page shows besides the meeting itself: its body, the meeting that
    approved its minutes, where they stand, and each item's decision and its summary."""
    decisions = {item.number: site.decision(meeting, item) for item in meeting.items}
    return {"meeting": meeting, "body": site.body(meeting.body),
            "approving_meeting": _approving_meeting(site, meeting),
            "minutes_state": site.minutes_state(meeting),
            "decisions": decisions, "summaries": decision_summaries(meeting, decisions)}


def decision_summaries(meeting: Meeting,
                       decisions: dict[int, Section | None]) -> dict[int, dict]:
    """Each item's decision as a summary under its title, by item number:

    text        its first sentence as plain text (sub-headings as lead-ins), cut at a word
                after SUMMARY_LENGTH characters
    complete    the summary is the whole decision and the item has nothing else: it would
                only repeat the text right below it, so the page shows it when folded only

    `decisions`: each item's decision (Site.decision), by item number.
    """
    found = {}
    for item in meeting.items:
        decision = decisions[item.number]
        if decision is None or item.closed:
            continue
        full = _decision_text(decision)
        if not full:
            continue
        text = summary(full)
        found[item.number] = {
            "text": text,
            "complete": text == full and not decision.heading and len(item.sections) == 1}
    return found


def summary(text: str) -> str:
    """The first sentence of `text`, cut at a word after SUMMARY_LENGTH characters."""
    first = _SENTENCE_END.split(text, maxsplit=1)[0]
    if len(first) <= SUMMARY_LENGTH:
        return first
    cut = first.rfind(" ", 0, SUMMARY_LENGTH)
    return first[:cut if cut > 0 else SUMMARY_LENGTH].rstrip(" ,;:–-") + " …"


def _decision_text(decision: Section) -> str:
    def lead_in(match: re.Match) -> str:
        heading = plain_text(match.group(2)).rstrip(" .:")
        return f" {heading}: " if heading else " "
    return plain_text(_SUB_HEADING.sub(lead_in, decision.html))


def discussed_at(site: Site, agreement: Agreement,
                 linking: list[tuple[Meeting, AgendaItem]] | None = None
                 ) -> list[tuple[Meeting, AgendaItem]]:
    """The published agenda items that discussed an agreement, newest meeting first: the
    items of its case (`sag:`) and the items whose text links to the agreement's page.
    `linking`: the items whose text links to any agreement (`items_linking_agreements`)."""
    found = {(m.key, i.number): (m, i) for m, i in site.case_items(agreement.case)} \
        if agreement.case else {}
    target = re.compile(r'href="(?:' + re.escape(site.info.base_url.rstrip("/")) + r')?'
                        + re.escape(agreement.url) + r'(?:#[^"]*)?"')
    for meeting, item in items_linking_agreements(site) if linking is None else linking:
        if any(target.search(s.html) for s in item.sections):
            found.setdefault((meeting.key, item.number), (meeting, item))
    return sorted(found.values(), key=lambda pair: (-pair[0].date.toordinal(), pair[1].number))


def items_linking_agreements(site: Site) -> list[tuple[Meeting, AgendaItem]]:
    """The published agenda items whose text has an agreement's address in it (a link to
    an agreement's page has), in the site's order."""
    prefix = urls.agreements()
    return [(meeting, item) for meeting in site.meetings for item in meeting.items
            if not item.closed and any(prefix in s.html for s in item.sections)]


def next_meetings(site: Site) -> dict[str, object]:
    """Each body's next meeting in the calendar (a schedule.Occasion), by the body's slug."""
    found: dict[str, object] = {}
    for occasion in coming(site):
        if occasion.body and not occasion.cancelled:
            found.setdefault(occasion.body, occasion)
    return found


def agreement_state(agreement: Agreement, year: int) -> str:
    """Where an agreement stands in the build year (model.Agreement.state_in)."""
    return agreement.state_in(year)


def approval_rows(agreement: Agreement, today: dt.date) -> list[dict]:
    """An agreement's approval steps as the tables show them on the build date:

    outcome   the registered outcome (of a step on or before the build date); "Planlagt"
              for a step still ahead: its date has not passed, or (while the agreement is
              under treatment) it has no date yet; otherwise "Ikke registreret"
    planned   the step is still ahead (the politicians' tab names the first one)
    undated   for a step without a date: "Ikke fastsat" while it is planned, otherwise
              "Ikke registreret"; None for a dated step
    """
    state = agreement.state_in(today.year)
    rows = []
    for step in agreement.approvals:
        planned = False
        if step.outcome and (step.date is None or step.date <= today or state == "afsluttet"):
            outcome = step.outcome
        elif state != "afsluttet" and (step.date >= today if step.date
                                       else state == "under-behandling"):
            outcome, planned = "Planlagt", True
        else:
            outcome = "Ikke registreret"
        undated = None if step.date else ("Ikke fastsat" if planned else "Ikke registreret")
        rows.append({"step": step, "outcome": outcome, "planned": planned,
                     "undated": undated})
    return rows


def agreement_label(agreement: Agreement, state: str) -> str:
    """The heading the front page gives an agreement in this state."""
    return {
        "gaeldende": "Gældende aftale",
        "vedtaget": f"Vedtaget aftale (gælder fra {agreement.period[0]})",
        "under-behandling": "Aftale under behandling",
        "afloest": "Afløst aftale",
    }.get(state, f"Seneste aftale (perioden sluttede {agreement.period[1]})")


def agreement_overview(site: Site) -> list[dict]:
    """The agreements worth naming today: the one in force, approved ones to come and those
    in their approval process; with none of those, the one whose period ended last."""
    year = site.build_date.year
    rows = [{"agreement": a, "state": agreement_state(a, year)} for a in site.agreements]
    order = ("gaeldende", "vedtaget", "under-behandling")
    current = sorted((r for r in rows if r["state"] in order),
                     key=lambda r: (order.index(r["state"]), r["agreement"].period))
    chosen = ([r for r in current if r["state"] == "gaeldende"][:1]
              + [r for r in current if r["state"] != "gaeldende"])
    if not chosen:
        ended = sorted((r for r in rows if r["state"] == "afsluttet"),
                       key=lambda r: r["agreement"].period)
        chosen = ended[-1:]
    for row in chosen:
        row["label"] = agreement_label(row["agreement"], row["state"])
    return chosen


def _approving_meeting(site: Site, meeting: Meeting) -> dict | None:
    """The meeting that approved these minutes: only what the page shows of it."""
    if not meeting.approved or not meeting.approved.meeting:
        return None
    other = site.meeting(meeting.approved.meeting)
    return {"url": other.url, "date": other.date} if other else None
