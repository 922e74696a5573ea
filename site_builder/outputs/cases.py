"""Case pages: /sager/ lists the cases, /sager/<slug>/ shows one case's thread across bodies.

Each step links to the agenda item (or meeting) it took place at; the meeting page links
back to the case from every item that names it (`templates/meeting.html`).
"""
from __future__ import annotations

from .. import urls
from ..content.model import Site
from ..content.threads import agreements_of, next_steps, thread
from .templating import PageEntry


def page_entries(site: Site) -> list[PageEntry]:
    home = ("Forside", urls.front())
    overview = []
    entries = []
    for case in site.cases:
        steps = thread(site, case)
        upcoming = next_steps(steps)
        overview.append({"case": case, "next": upcoming[0] if upcoming else None,
                         "steps": len(steps)})
        entries.append(PageEntry(case.url, "case.html", case.title, {
            "case": case, "steps": steps, "agreements": agreements_of(site, case),
        }, (home, ("Sager", urls.cases()))))
    return [PageEntry(urls.cases(), "cases.html", "Sager", {"overview": overview},
                      (home,))] + entries
