"""The tariff pages and downloads, from the register (tariffs.py, data/takster.yaml):

    /takster/                      the newest year's tariffs (as /takster/<år>/)
    /takster/<år>/                 one year's tariffs: a table every reader can sort and
                                   filter (templates/assets/takster.js); without
                                   JavaScript the whole table is there
    /takster/takster-<år>.csv      the year as a spreadsheet (semicolons, UTF-8 with BOM,
                                   whole kroner without thousands separator: Danish Excel
                                   opens it as numbers; docs/takster.md)
    /takster/takster-<år>.json     the year as JSON
    /takster/tilbud/<slug>/        one tilbud with its whole tariff history, each change
                                   linked to the decision that approved it
"""
from __future__ import annotations

import csv
import io
import json

from .. import danish, urls
from ..build.writer import OutputWriter
from ..content.model import Site
from ..content.model_records import Offer, TariffStep
from ..content.tariffs import changes_in, decided_at, genitive, steps_in, tariff_at_start, years
from .templating import PageEntry

CSV_COLUMNS = ("år", "tilbud", "driftsherre", "type", "paragraf", "pladser", "døgntakst_kr",
               "fra", "ændring_kr", "godkendt_af", "godkendt_dato", "beslutning", "note",
               "side")


def kroner(amount: int | None, sign: bool = False) -> str:
    """2139 -> '2.139 kr.'; with sign: '+206 kr.' (Danish thousands separator)."""
    if amount is None:
        return ""
    text = f"{abs(amount):,}".replace(",", ".")
    prefix = ("+" if amount > 0 else "−" if amount < 0 else "") if sign else \
        ("−" if amount < 0 else "")
    return f"{prefix}{text} kr."


def approval(site: Site, step: TariffStep) -> dict | None:
    """Who approved a change and where it is recorded, as the pages say it:
    {"by", "date", "url", "where"}; None if the register says nothing of it."""
    if not (step.approved_by or step.meeting or step.procedure):
        return None
    body = site.body(step.approved_by) if step.approved_by else None
    by = (body.abbreviation or body.name) if body else step.approved_by
    date, url, where = step.approved_on, None, None
    found = decided_at(site, step)
    if found:
        meeting, item = found
        meeting_body = site.body(meeting.body)
        label = (meeting_body.abbreviation or meeting_body.name) if meeting_body \
            else meeting.body
        told = "meddelt i " if step.approved_by and step.approved_by != meeting.body else ""
        if item is not None:
            url = urls.item(meeting.body, meeting.date, item.number)
            where = (f"{told}punkt {item.number}, {item.title}, på {genitive(label)} møde "
                     f"den {danish.long_date(meeting.date)}")
        else:
            url = meeting.url
            where = f"{told}{genitive(label)} møde den {danish.long_date(meeting.date)}"
        if date is None and step.approved_by == meeting.body:
            date = meeting.date
    elif step.procedure:
        record = next((r for r in site.procedures if r.key == step.procedure), None)
        if record is not None:
            url = record.url
            where = f"skriftlig procedure: {record.title}"
    return {"by": by, "date": date, "url": url, "where": where}


def _step_view(site: Site, step: TariffStep) -> dict:
    return {"step": step, "tariff": kroner(step.tariff), "change": kroner(step.change, True),
            "approval": approval(site, step)}


def year_rows(site: Site, year: int) -> list[dict]:
    rows = []
    for offer in site.offers:
        if not steps_in(offer, year):
            continue
        first = tariff_at_start(offer, year)
        rows.append({"offer": offer, "first": _step_view(site, first) if first else None,
                     "changes": [_step_view(site, s) for s in changes_in(offer, year)]})
    return rows


def page_entries(site: Site) -> list[PageEntry]:
    if not site.offers:
        return []
    home = ("Forside", urls.front())
    top = ("Takster", urls.tariffs())
    all_years = years(site)
    entries = []
    for index, year in enumerate(all_years):
        context = {"year": year, "years": all_years, "rows": year_rows(site, year),
                   "csv_url": urls.tariff_file(year, "csv"),
                   "json_url": urls.tariff_file(year, "json")}
        if index == 0:
            entries.append(PageEntry(urls.tariffs(), "takster.html", "Takster", context,
                                     (home,)))
        entries.append(PageEntry(urls.tariff_year(year), "takster.html",
                                 f"Takster {year}", context, (home, top)))
    for offer in site.offers:
        history = [{"year": year, "steps": [_step_view(site, s) for s in group]}
                   for year in sorted({s.year for s in offer.steps}, reverse=True)
                   for group in [steps_in(offer, year)]]
        entries.append(PageEntry(offer.url, "tilbud.html", offer.name,
                                 {"offer": offer, "history": history}, (home, top)))
    return entries


def _csv_row(site: Site, offer: Offer, step: TariffStep) -> list:
    found = approval(site, step)
    base = site.info.base_url
    return [step.year, offer.name, offer.operator or offer.operator_note or "",
            offer.kind or "", offer.paragraph or "",
            "" if offer.places is None else offer.places,
            "" if step.tariff is None else step.tariff,
            step.start.isoformat() if step.start else "",
            "" if step.change is None else step.change,
            (found or {}).get("by") or "",
            found["date"].isoformat() if found and found["date"] else "",
            base + found["url"] if found and found["url"] else "",
            step.note or "", base + offer.url]


def year_csv(site: Site, year: int) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for offer in site.offers:
        for step in steps_in(offer, year):
            writer.writerow(_csv_row(site, offer, step))
    return "\ufeff".encode("utf-8") + out.getvalue().encode("utf-8")


def offer_json(site: Site, offer: Offer, year: int | None = None) -> dict:
    base = site.info.base_url
    steps = offer.steps if year is None else steps_in(offer, year)
    result = []
    for step in steps:
        found = approval(site, step)
        result.append({
            "year": step.year, "from": step.start.isoformat() if step.start else None,
            "dayTariff": step.tariff, "change": step.change,
            "approvedBy": found["by"] if found else None,
            "approvedOn": found["date"].isoformat() if found and found["date"] else None,
            "decision": base + found["url"] if found and found["url"] else None,
            "note": step.note})
    return {"id": base + offer.url, "identifier": offer.slug, "name": offer.name,
            "operator": offer.operator, "operatorNote": offer.operator_note,
            "type": offer.kind, "paragraph": offer.paragraph, "places": offer.places,
            "web": base + offer.url, "tariffs": result}


def register_json(site: Site, year: int | None = None) -> dict:
    offers = [o for o in site.offers if year is None or steps_in(o, year)]
    return {"data": [offer_json(site, o, year) for o in offers]}


def write_downloads(site: Site, writer: OutputWriter) -> None:
    for year in years(site):
        writer.write(urls.tariff_file(year, "csv").lstrip("/"), year_csv(site, year),
                     "tariff_pages")
        writer.write(urls.tariff_file(year, "json").lstrip("/"),
                     json.dumps({"year": year, **register_json(site, year)},
                                ensure_ascii=False, indent=1) + "\n", "tariff_pages")


def download_urls(site: Site) -> list[str]:
    return [urls.tariff_file(y, s) for y in years(site) for s in ("csv", "json")]
