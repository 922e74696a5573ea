"""The meeting calendar: the page /kalender/ and the iCalendar files to subscribe to.

    /kalender/alle.ics       every meeting and milestone
    /kalender/<organ>.ics    one body's meetings

Made with the `icalendar` library. Times are Europe/Copenhagen (the files carry the
VTIMEZONE); an occasion without a time is a whole-day event. Each event's UID is
`<organ>-<dato>@<host>` (a milestone: `milepael-<titel>-<dato>@<host>`), so a calendar app
updates an event when the agenda turns into minutes instead of adding it twice. DTSTAMP is
the time the source last changed, so an unchanged site gives byte-identical files. Each
event is made and serialised once and shared by the files it belongs to.
"""
from __future__ import annotations

import datetime as dt
from itertools import groupby
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone

from .. import danish, urls
from ..build.cache import Memo
from ..build.writer import OutputWriter
from ..content import written_procedures
from ..content.model import Site
from ..content.schedule import Occasion, occasions, short_name
from .templating import PageEntry

TIMEZONE = "Europe/Copenhagen"
PAST = 10  # how many past occasions the page shows; the bodies' pages keep the archive


def _all_occasions(site: Site) -> list[Occasion]:
    """The meetings and milestones, and the deadlines of written procedures."""
    return sorted(occasions(site) + written_procedures.occasions(site),
                  key=lambda o: (o.date, o.body is None, o.body or "", o.title))


def page_entries(site: Site) -> list[PageEntry]:
    everything = _all_occasions(site)
    ahead = [o for o in everything if o.last_day >= site.build_date]
    past = [o for o in everything if o.last_day < site.build_date][-PAST:][::-1]
    by_month = [(danish.month_year(month), list(group)) for month, group in
                groupby(ahead, key=lambda o: o.date.replace(day=1))]
    past_by_year = [(year, list(group)) for year, group in
                    groupby(past, key=lambda o: o.date.year)]
    return [PageEntry(urls.calendar(), "calendar.html", "Kalender og årshjul", {
        "by_month": by_month, "past_by_year": past_by_year,
    }, (("Forside", urls.front()),))]


def write_calendars(site: Site, writer: OutputWriter, memo: Memo | None = None) -> None:
    everything = _all_occasions(site)
    host = urlparse(site.info.base_url).hostname or "localhost"
    memo = memo or Memo(None)
    events = {o.uid: memo.get((host, site.info.base_url, short_name(site, o), o),
                              lambda o=o: _event(site, host, o).to_ical())
              for o in everything}  # each made once, and kept for the next build
    files = [(urls.ALL, f"{site.info.name}: møder og årshjul", everything)]
    files += [(body.slug, f"{body.name}: møder", [o for o in everything if o.body == body.slug])
              for body in site.bodies]
    for name, title, chosen in files:
        writer.write(urls.calendar_file(name).lstrip("/"),
                     ics(site, host, title, chosen, events), "calendar")


def ics(site: Site, host: str, title: str, chosen: list[Occasion],
        events: dict[str, bytes]) -> bytes:
    """One calendar file: the VCALENDAR with its VTIMEZONE, then the (serialised) events."""
    calendar = Calendar()
    calendar.add("prodid", f"-//{site.info.name}//{host}//DA")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", title)
    calendar.add("x-wr-timezone", TIMEZONE)
    timed = [o.date for o in chosen if o.time]
    if timed:
        calendar.add_component(Timezone.from_tzid(
            TIMEZONE, first_date=dt.date(min(timed).year, 1, 1),
            last_date=dt.date(max(timed).year + 1, 12, 31)))
    end = b"END:VCALENDAR\r\n"
    head = calendar.to_ical()
    return head[:-len(end)] + b"".join(events[o.uid] for o in chosen) + end


def _event(site: Site, host: str, occasion: Occasion) -> Event:
    event = Event()
    event.add("uid", f"{occasion.uid}@{host}")
    event.add("dtstamp", occasion.updated.astimezone(dt.timezone.utc))
    event.add("summary", short_name(site, occasion) + (" (aflyst)" if occasion.cancelled else ""))
    if occasion.time:
        zone = ZoneInfo(TIMEZONE)
        event.add("dtstart", dt.datetime.combine(occasion.date, occasion.time.start,
                                                 tzinfo=zone))
        if occasion.time.end:
            event.add("dtend", dt.datetime.combine(occasion.date, occasion.time.end,
                                                   tzinfo=zone))
    else:
        event.add("dtstart", occasion.date)
        event.add("dtend", occasion.last_day + dt.timedelta(days=1))
    if occasion.place:
        event.add("location", occasion.place)
    description = _description(occasion)
    if description:
        event.add("description", description)
    event.add("url", site.info.base_url + (occasion.url or urls.calendar()))
    if occasion.cancelled:
        event.add("status", "CANCELLED")
    return event


def _description(occasion: Occasion) -> str:
    parts = [occasion.title] if occasion.body else []  # the summary has the short name
    if occasion.description:
        parts.append(occasion.description)
    if occasion.meeting and occasion.meeting.items:
        label = "Referat" if occasion.meeting.status == "referat" else "Dagsorden"
        parts.append(label + ":\n" + "\n".join(f"{i.number}. {i.title}"
                                               for i in occasion.meeting.items))
    return "\n\n".join(parts)
