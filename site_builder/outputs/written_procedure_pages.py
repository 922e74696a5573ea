"""The pages of the decisions by written procedure: /beslutninger/ (all),
/beslutninger/<organ>/ (one body's) and one page per record (template beslutning.html).

The records are read, checked and described by content/written_procedures.py (their state,
body label and next meeting come from there); this module only turns them into `PageEntry`s
for the pipeline, like the other page outputs in outputs/.
"""
from __future__ import annotations

from itertools import groupby

from .. import urls
from ..content.model import Site
from ..content.model_records import WrittenProcedure
from ..content.written_procedures import body_label, next_meeting_link, of_body, state, state_label
from .templating import PageEntry


def page_entries(site: Site) -> list[PageEntry]:
    if not site.procedures:
        return []
    home = ("Forside", urls.front())
    top = ("Skriftlige beslutninger", urls.written_procedures())
    entries = [PageEntry(urls.written_procedures(), "beslutning.html",
                         "Beslutninger ved skriftlig procedure",
                         {"record": None, "groups": _groups(site, site.procedures),
                          "body": None}, (home,))]
    bodies = sorted({r.body for r in site.procedures})
    for slug in bodies:
        body = site.body(slug)
        entries.append(PageEntry(
            urls.written_procedures_of(slug), "beslutning.html",
            f"{body.name if body else slug}: beslutninger ved skriftlig procedure",
            {"record": None, "groups": _groups(site, of_body(site, slug)), "body": body},
            (home, top)))
    for record in site.procedures:
        body = site.body(record.body)
        entries.append(PageEntry(record.url, "beslutning.html", record.title, {
            "record": record, "body": body, "groups": [],
            "state": state(site, record), "state_label": state_label(site, record),
            "next_meeting": next_meeting_link(site, record),
            "case": site.case(record.case) if record.case else None,
            "tariffs": _tariffs_decided(site, record),
        }, (home, top, (body.abbreviation or body.name if body else record.body,
                        urls.written_procedures_of(record.body)))))
    return entries


def _groups(site: Site, records) -> list[tuple[int, list[dict]]]:
    rows = [{"record": r, "state": state(site, r), "label": state_label(site, r),
             "body": body_label(site, r.body)} for r in records]
    return [(year, list(group)) for year, group in
            groupby(rows, key=lambda row: row["record"].sent.year)]


def _tariffs_decided(site: Site, record: WrittenProcedure) -> list[dict]:
    return [{"offer": offer, "step": step} for offer in site.offers for step in offer.steps
            if step.procedure == record.key]
