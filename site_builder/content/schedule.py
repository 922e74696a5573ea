"""The site's calendar: published meetings, planned meetings and årshjul milestones as one
list of occasions in date order.

A planned meeting (data/kalender.yaml) and the meeting file of the same body and date are
one occasion: the file wins, the plan only adds what the file lacks. Not an output: the
calendar page and files, the politicians' tab and open data share this reading.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .. import danish, urls
from .model import Meeting, Site

# What an occasion is, as the pages say it.
STATUS_LABELS = {
    "referat": "Referat",
    "dagsorden": "Dagsorden",
    "planlagt": "Planlagt",
    "aflyst": "Aflyst",
    "ikke-offentliggjort": "Intet referat på sitet",
    "milepael": "Milepæl",
}


@dataclass(frozen=True)
class Occasion:
    date: dt.date
    end_date: dt.date | None  # last day, for a milestone of several days
    time: object | None  # coerce.TimeRange
    body: str | None  # slug: a meeting of this body; None: a milestone
    title: str
    place: str | None
    description: str | None
    cancelled: bool
    meeting: Meeting | None  # the published meeting file
    updated: dt.datetime
    status: str  # a key of STATUS_LABELS
    uid: str  # stable, unique in the site: "<organ>-<dato>" or "milepael-<titel>-<dato>"

    @property
    def url(self) -> str | None:
        return self.meeting.url if self.meeting else None

    @property
    def last_day(self) -> dt.date:
        return self.end_date or self.date

    @property
    def when(self) -> tuple[str, str, str]:
        """('tirsdag den 16. juni 2020', '', ''), or for several days ('18.', '–',
        '28. august 2020'): danish.date_range_parts."""
        return danish.date_range_parts(self.date, self.end_date)

    @property
    def status_label(self) -> str:
        if self.status == "referat" and self.meeting is not None:
            return "Referat, godkendt" if self.meeting.approved else \
                "Referat, ikke godkendt endnu"
        return STATUS_LABELS[self.status]


def occasions(site: Site) -> list[Occasion]:
    """Every meeting and milestone of the site, oldest first."""
    planned = {}
    result = []
    for event in site.calendar:
        meeting = site.meeting(event.meeting) if event.meeting else None
        if meeting is not None:
            planned[meeting.key] = event
            continue
        if event.body:
            body = site.body(event.body)
            title = event.title or f"Møde i {body.name if body else event.body}"
            status = "aflyst" if event.cancelled else (
                "planlagt" if event.date >= site.build_date else "ikke-offentliggjort")
            uid = f"{event.body}-{event.date.isoformat()}"
        else:
            title = event.title or ""
            status = "aflyst" if event.cancelled else "milepael"
            uid = f"milepael-{urls.slugify(title)}-{event.date.isoformat()}"
        result.append(Occasion(event.date, event.end_date, event.time, event.body, title,
                               event.place, event.description, event.cancelled, None,
                               event.updated, status, uid))
    for meeting in site.meetings:
        event = planned.get(meeting.key)
        body = site.body(meeting.body)
        title = (event.title if event and event.title else None) or \
            f"Møde i {body.name if body else meeting.body}"
        result.append(Occasion(
            meeting.date, None, meeting.time or (event.time if event else None), meeting.body,
            title, meeting.place or (event.place if event else None),
            event.description if event else None, bool(event and event.cancelled), meeting,
            meeting.updated, "aflyst" if event and event.cancelled else meeting.status,
            f"{meeting.body}-{meeting.date.isoformat()}"))
    return sorted(result, key=lambda o: (o.date, o.body is None, o.body or "", o.title))


def coming(site: Site, items: list[Occasion] | None = None) -> list[Occasion]:
    """The occasions from the build date on (a milestone of several days until its end)."""
    return [o for o in (occasions(site) if items is None else items)
            if o.last_day >= site.build_date]


def short_name(site: Site, occasion: Occasion) -> str:
    """'Møde i DAS' for a meeting, the title for a milestone."""
    if occasion.body is None:
        return occasion.title
    body = site.body(occasion.body)
    return f"Møde i {(body.abbreviation or body.name) if body else occasion.body}"
