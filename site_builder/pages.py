"""HTML pages: front page, bodies, meetings, agreements, plain pages and 404.

Entries are computed from the model first (`page_entries`), then rendered; the view
objects the templates get are plain dicts of model objects.
"""
from __future__ import annotations

from itertools import groupby

from . import danish, urls
from .model import Meeting, Site
from .templating import PageEntry

FRONT_PAGE_MEETINGS = 8
NAV_ITEMS = (("Forside", "/"), ("Organer", "/organer/"), ("Aftaler", "/aftaler/"),
             ("For politikere", "/politikere/"), ("Kalender", "/kalender/"),
             ("Søg", "/soeg/"))
FOOTER_ITEMS = (("Organer", "/organer/"), ("Aftaler", "/aftaler/"),
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
            "coming": sorted((m for m in site.meetings if m.date > site.build_date),
                             key=lambda m: m.date),
            "current_agreement": current_agreement(site),
        }),
        PageEntry(urls.bodies(), "bodies.html", "Organer", {}, (home,)),
        PageEntry(urls.agreements(), "agreements.html", "Aftaler", {}, (home,)),
        PageEntry("/404.html", "404.html", "Siden findes ikke", {}),
    ]
    for body in site.bodies:
        meetings = site.meetings_of(body.slug)
        by_year = [(year, list(group)) for year, group in
                   groupby(meetings, key=lambda m: m.date.year)]
        entries.append(PageEntry(body.url, "body.html", body.name, {
            "body": body, "by_year": by_year,
            "parent": site.body(body.parent) if body.parent else None,
            "children": [b for b in site.bodies if b.parent == body.slug],
        }, (home, organs)))
    for meeting in site.meetings:
        body = site.body(meeting.body)
        entries.append(PageEntry(meeting.url, "meeting.html", meeting_title(site, meeting), {
            "meeting": meeting, "body": body,
            "approving_meeting": _approving_meeting(site, meeting),
        }, (home, organs, (body.abbreviation or body.name, body.url))))
    for agreement in site.agreements:
        entries.append(PageEntry(agreement.url, "agreement.html", agreement.title, {
            "agreement": agreement,
        }, (home, ("Aftaler", urls.agreements()))))
    for page in site.pages:
        entries.append(PageEntry(page.url, "page.html", page.title, {"page": page}, (home,)))
    return entries


def current_agreement(site: Site):
    year = site.build_date.year
    in_force = [a for a in site.agreements
                if a.status == "godkendt" and a.period[0] <= year <= a.period[1]]
    return (in_force or list(site.agreements) or [None])[0]


def _approving_meeting(site: Site, meeting: Meeting) -> dict | None:
    """The meeting that approved these minutes: only what the page shows of it."""
    if not meeting.approved or not meeting.approved.meeting:
        return None
    other = site.meeting(meeting.approved.meeting)
    return {"url": other.url, "date": other.date} if other else None
