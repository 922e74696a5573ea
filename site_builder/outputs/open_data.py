"""Open data: the site's bodies, meetings (with their items) and cases as JSON under /data/,
with the JSON Schemas they follow and a page that documents them.

    /data/organer.json   bodies            (after OParl 1.1 Organization)
    /data/moeder.json    meetings, items   (after OParl 1.1 Meeting and AgendaItem)
    /data/sager.json     cases, steps      (after Open Civic Data's Bill and its actions)
    /data/<navn>.schema.json  the JSON Schemas, kept in site_builder/schemas/

A closed item gives its number and title only (`public: false`); drafts and embargoed
documents are not in the model at all.
"""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from zoneinfo import ZoneInfo

from .. import urls
from ..build.cache import Memo
from ..build.writer import OutputWriter
from ..content import written_procedures
from ..content.model import AgendaItem, Meeting, Site
from ..content.schedule import Occasion, occasions
from ..content.threads import agreements_of, thread
from . import tariff_pages
from .templating import PageEntry

SCHEMAS = Path(__file__).resolve().parent / "schemas"
FILES = ("organer", "moeder", "sager")
FILES += ("takster", "beslutninger")  # tariff_pages.py, written_procedures.py
OPARL = "https://schema.oparl.org/1.1/"
TIMEZONE = ZoneInfo("Europe/Copenhagen")


def schema(name: str) -> dict:
    return json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))


# The objects the documentation page describes, from the schemas' $defs.
DOCUMENTED = {"organisation": "Hvert organ", "meeting": "Hvert møde",
              "openItem": "Hvert dagsordenspunkt", "case": "Hver sag",
              "action": "Hvert trin i en sag"}
DOCUMENTED.update({"offer": "Hvert tilbud", "tariff": "Hver takst og ændring",
                   "writtenProcedure": "Hver beslutning ved skriftlig procedure"})


def page_entries(site: Site) -> list[PageEntry]:
    files = []
    for name in FILES:
        declared = schema(name)
        files.append({
            "name": name, "title": declared["title"], "description": declared["description"],
            "url": urls.open_data_file(f"{name}.json"),
            "schema_url": urls.open_data_file(f"{name}.schema.json"),
            "objects": [(DOCUMENTED[key], _fields(definition))
                        for key, definition in declared["$defs"].items() if key in DOCUMENTED],
        })
    return [PageEntry(urls.open_data(), "open-data.html", "Åbne data", {"files": files},
                      (("Forside", urls.front()),))]


def write_open_data(site: Site, writer: OutputWriter, memo: Memo | None = None) -> None:
    """`memo` keeps each meeting's JSON for the next build (the archive's moeder.json is
    most of the work); the file is the same as `_json({"data": meetings(site)})`."""
    memo = memo or Memo(None)
    urls_by_key = _urls_by_key(site)
    moeder = [memo.get((site.info.base_url, o, _approving_url(o, urls_by_key)),
                       lambda o=o: _json_value(_meeting(site, o, urls_by_key)))
              for o in occasions(site) if o.body]
    documents = {"organer": _json({"data": bodies(site)}),
                 "moeder": '{"data":[' + ",".join(moeder) + "]}\n",
                 "sager": _json({"data": cases(site)}),
                 "takster": _json(tariff_pages.register_json(site)),
                 "beslutninger": _json({"data": written_procedures.open_data(site)})}
    for name in FILES:
        writer.write(urls.open_data_file(f"{name}.json").lstrip("/"), documents[name],
                     "open_data")
        writer.copy(urls.open_data_file(f"{name}.schema.json").lstrip("/"),
                    SCHEMAS / f"{name}.schema.json", "open_data")


def bodies(site: Site) -> list[dict]:
    base = site.info.base_url
    return [{
        "id": base + body.url, "type": OPARL + "Organization", "slug": body.slug,
        "name": body.name, "shortName": body.abbreviation,
        "organizationType": body.kind,
        "subOrganizationOf": base + urls.body(body.parent) if body.parent else None,
        "description": body.description, "web": base + body.url,
        "feed": base + urls.feed(body.slug), "calendar": base + urls.calendar_file(body.slug),
    } for body in site.bodies]


def meetings(site: Site) -> list[dict]:
    urls_by_key = _urls_by_key(site)
    return [_meeting(site, o, urls_by_key) for o in occasions(site) if o.body]


def _urls_by_key(site: Site) -> dict[str, str]:
    return {m.key: site.info.base_url + m.url for m in site.meetings}


def _approving_url(occasion: Occasion, urls_by_key: dict[str, str]) -> str | None:
    """The one thing a meeting's JSON takes from other meetings."""
    approved = occasion.meeting.approved if occasion.meeting else None
    return urls_by_key.get(approved.meeting or "") if approved else None


def cases(site: Site) -> list[dict]:
    base = site.info.base_url
    result = []
    for case in site.cases:
        actions = [{
            "date": step.date.isoformat() if step.date else None,
            "deadline": step.is_deadline, "organization": step.name,
            "organizationId": base + urls.body(step.body) if step.body else None,
            "description": step.description, "outcome": step.outcome,
            "meeting": base + step.meeting.url if step.meeting else None,
            "agendaItem": base + step.url if step.item else None,
            "political": step.political, "done": step.done,
        } for step in thread(site, case)]
        result.append({
            "id": base + case.url, "identifier": case.slug, "title": case.title,
            "abstract": case.summary, "web": base + case.url,
            "agreements": [base + a.url for a in agreements_of(site, case)],
            "actions": actions,
        })
    return result


def _meeting(site: Site, occasion: Occasion, urls_by_key: dict[str, str]) -> dict:
    base = site.info.base_url
    meeting = occasion.meeting
    time = occasion.time
    approved = meeting.approved if meeting else None
    return {
        "id": base + (meeting.url if meeting else f"{urls.calendar()}#{occasion.uid}"),
        "type": OPARL + "Meeting",
        "name": (meeting.title if meeting and meeting.title else None) or occasion.title,
        "organization": [base + urls.body(occasion.body)],
        "meetingState": occasion.status, "cancelled": occasion.cancelled,
        "date": occasion.date.isoformat(),
        "start": _moment(occasion.date, time.start) if time else None,
        "end": _moment(occasion.date, time.end) if time and time.end else None,
        "location": {"description": occasion.place} if occasion.place else None,
        "web": base + meeting.url if meeting else None,
        "minutesApproved": {"date": approved.date.isoformat(),
                            "meeting": urls_by_key.get(approved.meeting or "")}
        if approved else None,
        "modified": occasion.updated.astimezone(dt.timezone.utc).isoformat()
        .replace("+00:00", "Z"),
        "agendaItem": [_item(site, meeting, item) for item in meeting.items] if meeting else [],
    }


def _item(site: Site, meeting: Meeting, item: AgendaItem) -> dict:
    base = site.info.base_url
    common = {"id": base + urls.item(meeting.body, meeting.date, item.number),
              "type": OPARL + "AgendaItem", "number": str(item.number), "order": item.number,
              "name": item.title}
    if item.closed:
        return {**common, "public": False}
    summary, decision = item.summary, site.decision(meeting, item)
    return {**common, "public": True, "group": item.group, "itemType": item.kind,
            "caseNumber": item.case_number,
            "summary": summary.text if summary else None,
            "result": decision.text if decision and meeting.status == "referat" else None,
            "case": base + urls.case(item.case) if item.case else None}


def _fields(definition: dict) -> list[tuple[str, str, str]]:
    """(name, kind, description) of each property, for the documentation page."""
    return [(key, _kind(spec), spec.get("description", ""))
            for key, spec in definition["properties"].items()]


def _kind(spec: dict) -> str:
    if "const" in spec:
        return json.dumps(spec["const"], ensure_ascii=False)
    if "enum" in spec:
        return " | ".join(json.dumps(v, ensure_ascii=False) for v in spec["enum"])
    if "$ref" in spec.get("items", {}):
        return "liste af objekter"
    kinds = spec.get("type", "")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    names = {"string": "tekst", "integer": "heltal", "boolean": "true/false", "null": "null",
             "object": "objekt", "array": "liste"}
    text = " | ".join(names.get(k, k) for k in kinds)
    fmt = {"uri": "adresse", "date": "dato", "date-time": "tidspunkt"}.get(spec.get("format"))
    return f"{text} ({fmt})" if fmt else text


def _moment(date: dt.date, time: dt.time) -> str:
    return dt.datetime.combine(date, time, tzinfo=TIMEZONE).isoformat()


def _json(value) -> str:
    """Compact: a large archive's moeder.json is a quarter smaller and quicker to write."""
    return _json_value(value) + "\n"


def _json_value(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
