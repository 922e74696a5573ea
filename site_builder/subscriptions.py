"""The page /abonner/: how to follow the site without an account, with every feed and
calendar address written out, so it can be copied without any script."""
from __future__ import annotations

from . import urls
from .model import Site
from .templating import PageEntry

KIND_LABELS = {"dagsordener": "Alle dagsordener", "referater": "Alle referater",
               "aftaler": "Aftaler"}


def page_entries(site: Site) -> list[PageEntry]:
    base = site.info.base_url
    feeds = [("Alle nye og ændrede dokumenter", base + urls.feed(urls.ALL))]
    feeds += [(KIND_LABELS[kind], base + urls.feed(kind)) for kind in urls.FEED_KINDS]
    feeds += [(body.name, base + urls.feed(body.slug)) for body in site.bodies]
    calendars = [("Alle møder og årshjulets milepæle", base + urls.calendar_file(urls.ALL))]
    calendars += [(body.name, base + urls.calendar_file(body.slug)) for body in site.bodies]
    return [PageEntry(urls.subscribe(), "subscribe.html", "Abonnér på nyheder og møder", {
        "feeds": feeds, "calendars": calendars,
    }, (("Forside", urls.front()),))]
