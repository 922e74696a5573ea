"""Full-text search: the search page /soeg/ and the index the browser searches.

One search document per agenda item (its URL ends in `#punkt-<n>`), per agreement (its
introduction) and per part of an agreement, and per plain page. The index is built here
with lunr.py and the Danish pipeline of search_danish.py, serialised in lunr.js 2.3.9's
format, and written with the display data of the results into one JSON file:

    {"index": <lunr index>, "docs": [display data, by ref], "organer": {slug: name}}

Closed items contribute their title only, because the model holds nothing else of them;
drafts and embargoed documents are not in the model at all.

The file name carries a digest of everything the file is made from (the documents, this
module, the Danish pipeline, the library versions and the lunr.js it is made for), so the
search page can name the file before it is built, browsers may cache it for good, and the
build cache re-renders the search page exactly when the file changed.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from babel.numbers import format_decimal
from lunr.builder import Builder

from . import danish, search_danish, urls
from .markdown_html import plain_text
from .model import AgendaItem, Meeting, Site
from .templating import PageEntry
from .writer import OutputWriter

# (name, boost): the field names are Danish because readers can type them ("titel:takst").
FIELDS = (("titel", 10), ("tekst", 1), ("organ", 1), ("type", 1), ("dato", 1))
KINDS = (("punkt", "Dagsordenspunkter"), ("aftale", "Aftaler"), ("side", "Sider"))
# How much of a document's text a result can quote from: the matched word is often far into
# an item ("takstreduktion" is 2,241 characters into item 4 of 11 August 2011).
QUOTABLE_CHARS = 10_000
_NOT_BMP = re.compile("[\U00010000-\U0010ffff]")  # JavaScript counts these as two characters
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class SearchDocument:
    fields: dict[str, str]  # what is indexed
    display: dict  # what a result shows


# The search page -----------------------------------------------------------------------

def page_entries(site: Site) -> list[PageEntry]:
    years = sorted({m.date.year for m in site.meetings}
                   | {y for a in site.agreements for y in range(a.period[0], a.period[1] + 1)},
                   reverse=True)
    bodies_with_meetings = {m.body for m in site.meetings}
    return [PageEntry(urls.search(), "search.html", "Søg", {
        "search": {
            "index_url": index_url(site),
            "organs": [(b.slug, b.name) for b in site.bodies if b.slug in bodies_with_meetings],
            "kinds": list(KINDS),
            "years": years,
        },
    }, (("Forside", urls.front()),))]


# The documents -------------------------------------------------------------------------

def search_documents(site: Site) -> list[SearchDocument]:
    documents = []
    for meeting in site.meetings:
        documents.extend(_item_document(site, meeting, item) for item in meeting.items)
    for agreement in site.agreements:
        label = f"Aftale, {agreement.status}"
        common = {"k": "aftale", "o": "", "y": list(agreement.period),
                  "dt": f"Periode {agreement.period_text}", "kl": label}
        intro = " ".join(filter(None, (agreement.summary, plain_text(agreement.intro_html),
                                       " ".join(agreement.parts))))
        documents.append(_document(agreement.title, intro, "", "aftale " + agreement.status,
                                   agreement.period_text,
                                   dict(common, t=agreement.title, u=agreement.url)))
        for section in agreement.sections:
            title = f"{section.heading} – {agreement.title}"
            documents.append(_document(title, section.text, "", "aftale " + agreement.status,
                                       agreement.period_text,
                                       dict(common, t=title, u=agreement.url)))
    for page in site.pages:
        text = " ".join(filter(None, (page.description, plain_text(page.html))))
        documents.append(_document(page.title, text, "", "side", "", {
            "t": page.title, "u": page.url, "k": "side", "o": "", "y": None, "dt": "",
            "kl": "Side"}))
    return documents


def _item_document(site: Site, meeting: Meeting, item: AgendaItem) -> SearchDocument:
    body = site.body(meeting.body)
    organ = " ".join(filter(None, (body.name, body.abbreviation))) if body else meeting.body
    text = " ".join(part for section in item.sections
                    for part in (section.heading, section.text) if part)
    text = " ".join([text] + [a.title for a in item.attachments]).strip()
    excerpt = " ".join(section.text for section in item.sections)
    kind = "lukket punkt" if item.closed else (item.kind or "")
    label = f"Punkt {item.number}" + (f", {kind}" if kind else "")
    return _document(item.title, text, organ, f"dagsordenspunkt {kind}",
                     danish.long_date(meeting.date), {
                         "t": item.title, "u": urls.item(meeting.body, meeting.date, item.number),
                         "k": "punkt", "o": meeting.body, "y": [meeting.date.year] * 2,
                         "dt": f"Møde den {danish.long_date(meeting.date)}", "kl": label},
                     excerpt)


def _document(title: str, text: str, organ: str, kind: str, date: str, display: dict,
              excerpt: str | None = None) -> SearchDocument:
    """`excerpt`: the text a result quotes, when it is not `text` (without headings)."""
    title, text = _clean(title), _clean(text)
    display = dict(display, t=_clean(display["t"]),
                   s=_quotable(text if excerpt is None else _clean(excerpt)))
    return SearchDocument({"titel": title, "tekst": text, "organ": _clean(organ),
                           "type": _clean(kind), "dato": _clean(date)}, display)


def _clean(text: str) -> str:
    """One line of NFC text that JavaScript measures as Python does."""
    return _SPACE.sub(" ", _NOT_BMP.sub(" ", unicodedata.normalize("NFC", text))).strip()


def _quotable(text: str) -> str:
    if len(text) <= QUOTABLE_CHARS:
        return text
    cut = text.rfind(" ", 0, QUOTABLE_CHARS)
    return text[: cut if cut > QUOTABLE_CHARS // 2 else QUOTABLE_CHARS] + " …"


# The index file ------------------------------------------------------------------------

def index_url(site: Site) -> str:
    return urls.search_index(_digest(search_documents(site)))


def _digest(documents: list[SearchDocument]) -> str:
    digest = hashlib.sha256()
    for name in ("lunr", "snowballstemmer"):
        digest.update(f"{name}={metadata.version(name)}\n".encode())
    for script in search_danish.browser_scripts().values():  # the index is for this lunr.js
        digest.update(script.read_bytes())
    for module in (Path(__file__), Path(search_danish.__file__)):
        digest.update(module.read_bytes())
    digest.update(json.dumps([[d.fields, d.display] for d in documents],
                             ensure_ascii=False, sort_keys=True).encode())
    return digest.hexdigest()[:10]


def build_index(documents: list[SearchDocument]) -> dict:
    if not documents:  # lunr.py cannot average the field lengths of no documents
        return {"version": "2.3.9", "fields": [name for name, _ in FIELDS], "fieldVectors": [],
                "invertedIndex": [], "pipeline": ["stemmer-da"]}
    builder = Builder()
    search_danish.configure(builder)
    builder.ref("ref")
    for name, boost in FIELDS:
        builder.field(name, boost=boost)
    for ref, document in enumerate(documents):
        builder.add(dict(document.fields, ref=str(ref)))
    return builder.build().serialize()


def index_file(site: Site, documents: list[SearchDocument]) -> bytes:
    data = {
        "index": build_index(documents),
        "docs": [d.display for d in documents],
        "organer": {b.slug: b.name for b in site.bodies},
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def write_search_index(site: Site, writer: OutputWriter) -> str:
    """Writes the index file; returns the line for the build summary."""
    documents = search_documents(site)
    url = urls.search_index(_digest(documents))
    data = index_file(site, documents)
    writer.write(url.lstrip("/"), data, "search_index")
    packed = len(gzip.compress(data, compresslevel=9, mtime=0))
    count = f"{len(documents)} dokument" + ("" if len(documents) == 1 else "er")
    return f"Søgeindeks: {count}, {_size(len(data))}, {_size(packed)} med gzip ({url})."


def _size(size: int) -> str:
    exact = f"{format_decimal(size, locale=danish.LOCALE)} byte"
    return exact if size < 1000 else f"{danish.file_size(size)} ({exact})"
