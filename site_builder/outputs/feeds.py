"""Atom feeds of new and changed documents, to follow the site without an account:

    /feeds/alle.xml                                   every agenda, minutes and agreement
    /feeds/<organ>.xml                                one body's agendas and minutes
    /feeds/dagsordener.xml, referater.xml, aftaler.xml  one kind of document

An entry's id is a tag URI made from the document's public address and its own date
(the meeting's date, the first year of an agreement's period), so it stays the same when
the document changes: an agenda that becomes minutes is the same entry, updated. Entries
only carry titles (of the document and its items), so a closed item gives its title and
nothing else, as everywhere.
"""
from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from urllib.parse import urlparse

from .. import danish, urls
from ..build.writer import OutputWriter
from ..content import written_procedures
from ..content.model import Meeting, Site
from ..content.model_records import Agreement

ATOM = "http://www.w3.org/2005/Atom"
MAX_ENTRIES = 50
KIND_TITLES = {"dagsordener": "Dagsordener", "referater": "Referater", "aftaler": "Aftaler"}
KIND_TITLES["skriftlige"] = "Beslutninger ved skriftlig procedure"  # in alle and the body's


@dataclass(frozen=True)
class FeedEntry:
    id: str
    title: str
    updated: dt.datetime
    url: str  # the page, relative to the site
    summary: str
    kind: str  # one of urls.FEED_KINDS
    body: str | None


def feed_entries(site: Site) -> list[FeedEntry]:
    host = urlparse(site.info.base_url).hostname or "localhost"
    entries = [_meeting_entry(site, host, m) for m in site.meetings]
    entries += [_agreement_entry(host, a) for a in site.agreements]
    entries += [FeedEntry(
        id=_tag(host, r.sent.isoformat(), r.url), title=written_procedures.feed_title(site, r),
        updated=r.updated, url=r.url, summary=written_procedures.feed_summary(site, r),
        kind="skriftlige", body=r.body) for r in site.procedures]
    return sorted(entries, key=lambda e: (e.updated, e.id), reverse=True)


def write_feeds(site: Site, writer: OutputWriter) -> None:
    entries = feed_entries(site)
    feeds = [(urls.ALL, f"{site.info.name}: alle dokumenter", urls.front(), entries)]
    feeds += [(kind, f"{site.info.name}: {KIND_TITLES[kind].lower()}",
               urls.agreements() if kind == "aftaler" else urls.bodies(),
               [e for e in entries if e.kind == kind]) for kind in urls.FEED_KINDS]
    feeds += [(body.slug, f"{body.name}: dagsordener og referater", body.url,
               [e for e in entries if e.body == body.slug]) for body in site.bodies]
    for name, title, page, chosen in feeds:
        writer.write(urls.feed(name).lstrip("/"), atom(site, name, title, page, chosen),
                     "feeds")


def atom(site: Site, name: str, title: str, page: str, entries: list[FeedEntry]) -> bytes:
    base = site.info.base_url
    chosen = entries[:MAX_ENTRIES]
    feed = ET.Element("feed", {"xmlns": ATOM, "xml:lang": "da"})
    _text(feed, "id", base + urls.feed(name))
    _text(feed, "title", title)
    updated = max((e.updated for e in chosen), default=dt.datetime.combine(
        site.build_date, dt.time(), tzinfo=dt.timezone.utc))
    _text(feed, "updated", _time(updated))
    ET.SubElement(feed, "link", {"rel": "self", "type": "application/atom+xml",
                                 "href": base + urls.feed(name)})
    ET.SubElement(feed, "link", {"rel": "alternate", "type": "text/html", "href": base + page})
    author = ET.SubElement(feed, "author")
    _text(author, "name", site.info.name)
    _text(author, "uri", base + urls.front())
    for entry in chosen:
        element = ET.SubElement(feed, "entry")
        _text(element, "id", entry.id)
        _text(element, "title", entry.title)
        _text(element, "updated", _time(entry.updated))
        ET.SubElement(element, "link", {"rel": "alternate", "type": "text/html",
                                        "href": base + entry.url})
        ET.SubElement(element, "category", {"term": entry.kind,
                                            "label": KIND_TITLES[entry.kind]})
        if entry.summary:
            _text(element, "summary", entry.summary).set("type", "text")
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def _meeting_entry(site: Site, host: str, meeting: Meeting) -> FeedEntry:
    body = site.body(meeting.body)
    name = (body.abbreviation or body.name) if body else meeting.body
    minutes = meeting.status == "referat"
    what = "referat fra" if minutes else "dagsorden til"
    summary = "\n".join([f"{body.name if body else meeting.body}, "
                         f"{danish.weekday_date(meeting.date)}."]
                        + [f"{i.number}. {i.title}" for i in meeting.items])
    return FeedEntry(
        id=_tag(host, meeting.date.isoformat(), meeting.url),
        title=f"{name}: {what} mødet den {danish.long_date(meeting.date)}",
        updated=meeting.updated, url=meeting.url, summary=summary,
        kind="referater" if minutes else "dagsordener", body=meeting.body)


def _agreement_entry(host: str, agreement: Agreement) -> FeedEntry:
    return FeedEntry(
        id=_tag(host, str(agreement.period[0]), agreement.url),
        title=f"{agreement.title} ({agreement.status})", updated=agreement.updated,
        url=agreement.url, summary=agreement.summary or "", kind="aftaler", body=None)


def _tag(host: str, date: str, path: str) -> str:
    """RFC 4151: tag:<host>,<date>:<the document's address>"""
    return f"tag:{host},{date}:{path}"


def _time(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = text
    return element
