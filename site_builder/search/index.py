"""Full-text search: the search page /soeg/ and the index the browser searches.

One search document per agenda item (its URL ends in `#punkt-<n>`), per agreement (its
introduction) and per part of an agreement, and per plain page; its ref is its position in
`search_documents`. The index is lunr's (lunr.js 2.3.9, with the Danish pipeline of
search/analysis.py), computed by index_builder.py exactly as lunr.py's Builder computes it,
and written by shards.py as a small first file plus shards the browser fetches per
query (templates/assets/search-core.js puts them together for lunr.js).

Closed items contribute their title only, because the model holds nothing else of them;
drafts and embargoed documents are not in the model at all.
"""
from __future__ import annotations

import gzip
import re
import unicodedata
from dataclasses import dataclass
from typing import Sequence

from babel.numbers import format_decimal

from .. import danish, urls
from ..build.cache import Memo
from ..build.writer import OutputWriter
from ..content import written_procedures
from ..content.markdown_html import plain_text
from ..content.model import AgendaItem, Meeting, Site
from ..outputs.templating import PageEntry
from . import index_builder, shards

# (name, boost): the field names are Danish because readers can type them ("titel:takst").
FIELDS = (("titel", 10), ("tekst", 1), ("organ", 1), ("type", 1), ("dato", 1))
KINDS = (("punkt", "Dagsordenspunkter"), ("aftale", "Aftaler"), ("side", "Sider"))
KINDS += (("beslutning", "Skriftlige beslutninger"),)
# How much of a document's text a result can quote from: the matched word is often far into
# an item ("takstreduktion" is 2,241 characters into item 4 of 11 August 2011).
QUOTABLE_CHARS = 10_000
_NOT_BMP = re.compile("[\U00010000-\U0010ffff]")  # JavaScript counts these as two characters
PIPELINE = ("stemmer-da",)  # the search pipeline the index names (search_danish.configure)


@dataclass(frozen=True)
class SearchDocument:
    fields: dict[str, str]  # what is indexed
    display: dict  # what a result shows
    group: str = ""  # documents of one group (a meeting, an agreement) share a shard


# The search page -----------------------------------------------------------------------

def page_entries(site: Site) -> list[PageEntry]:
    years = sorted({m.date.year for m in site.meetings}
                   | {y for a in site.agreements for y in range(a.period[0], a.period[1] + 1)},
                   reverse=True)
    bodies_with_meetings = {m.body for m in site.meetings}
    return [PageEntry(urls.search(), "search.html", "Søg", {
        "search": {
            "index_url": urls.search_index(),
            "organs": [(b.slug, b.name) for b in site.bodies if b.slug in bodies_with_meetings],
            "kinds": list(KINDS),
            "years": years,
        },
    }, (("Forside", urls.front()),))]


# The documents -------------------------------------------------------------------------

# A meeting's search documents and their counted block (index_builder.count): what the index
# takes from one meeting, made on its own so that it can be made in a worker process and
# kept for the next build.
Part = tuple[list[SearchDocument], index_builder.Block]


def search_documents(site: Site) -> list[SearchDocument]:
    """The search documents of a site, in ref order."""
    meetings = [meeting_part(site, index)[0] for index in range(len(site.meetings))]
    return [d for documents in meetings + _other_groups(site) for d in documents]


def meeting_part(site: Site, index: int) -> Part:
    meeting = site.meetings[index]
    date = danish.long_date(meeting.date)
    organ = _organ(site, meeting)
    documents = [_item_document(meeting, item, date, organ) for item in meeting.items]
    return documents, index_builder.count([_values(d) for d in documents])


@dataclass
class Plan:
    """Which meetings' parts the memo has from the last build (their meeting, body name
    and date unchanged), and which must be made (`todo`: indexes for `meeting_part`)."""

    keys: list[str | None]
    found: dict[int, Part]
    todo: list[int]


def plan(site: Site, memo: Memo | None = None) -> Plan:
    memo = memo or Memo(None)
    keys, found, todo = [], {}, []
    for index, meeting in enumerate(site.meetings):
        key, part = memo.find(("møde", meeting, _organ(site, meeting),
                               danish.long_date(meeting.date)))
        keys.append(key)
        if part is None:
            todo.append(index)
        else:
            found[index] = part
    return Plan(keys, found, todo)


def _other_groups(site: Site) -> list[list[SearchDocument]]:
    """The agreements' documents (one group each) and the plain pages' (one group)."""
    groups: list[list[SearchDocument]] = []
    for agreement in site.agreements:
        status = agreement.status_in(site.build_date.year)[1].lower()  # true on the day
        label = f"Aftale, {status}"
        common = {"k": "aftale", "o": "", "y": list(agreement.period),
                  "dt": f"Periode {agreement.period_label}", "kl": label}
        intro = " ".join(filter(None, (agreement.summary, plain_text(agreement.intro_html),
                                       " ".join(agreement.parts))))
        documents = [_document(agreement.title, intro, "", "aftale " + status,
                               agreement.period_text,
                               dict(common, t=agreement.title, u=agreement.url),
                               group=agreement.url)]
        for section, anchor in zip(agreement.sections, agreement.part_anchors):
            title = f"{section.heading} – {agreement.title}"
            documents.append(_document(title, section.text, "", "aftale " + status,
                                       agreement.period_text,
                                       dict(common, t=title, u=f"{agreement.url}#{anchor}"),
                                       group=agreement.url))
        groups.append(documents)
    pages = []
    for page in site.pages:
        text = " ".join(filter(None, (page.description, plain_text(page.html))))
        pages.append(_document(page.title, text, "", "side", "", {
            "t": page.title, "u": page.url, "k": "side", "o": "", "y": None, "dt": "",
            "kl": "Side"}, group="sider"))
    if pages:
        groups.append(pages)
    procedures = []
    for record in site.procedures:
        found = written_procedures.search_texts(site, record)
        procedures.append(_document(found["title"], found["text"], found["organ"],
                                    "skriftlig procedure", found["date"], {
                                        "t": found["title"], "u": found["url"],
                                        "k": "beslutning", "o": found["body"],
                                        "y": [found["year"]] * 2,
                                        "dt": f"Sendt den {found['date']}",
                                        "kl": "Skriftlig procedure"},
                                    group=urls.written_procedures()))
    if procedures:
        groups.append(procedures)
    return groups


def _organ(site: Site, meeting: Meeting) -> str:
    body = site.body(meeting.body)
    return " ".join(filter(None, (body.name, body.abbreviation))) if body else meeting.body


def _values(document: SearchDocument) -> list[str]:
    return [document.fields[name] for name, _ in FIELDS]


def _item_document(meeting: Meeting, item: AgendaItem, date: str,
                   organ: str) -> SearchDocument:
    # Each part cleaned once: joined by spaces, cleaned parts make the cleaned whole.
    headings = [_clean(section.heading) if section.heading else "" for section in item.sections]
    texts = [_clean(section.text) if section.text else "" for section in item.sections]
    text = _join([part for pair in zip(headings, texts) for part in pair]
                 + [_clean(a.title) for a in item.attachments])
    excerpt = _join(texts)
    kind = "lukket punkt" if item.closed else (item.kind or "")
    label = f"Punkt {item.number}" + (f", {kind}" if kind else "")
    return _document(item.title, text, organ, f"dagsordenspunkt {kind}", date, {
                         "t": item.title, "u": urls.item(meeting.body, meeting.date, item.number),
                         "k": "punkt", "o": meeting.body, "y": [meeting.date.year] * 2,
                         "dt": f"Møde den {date}", "kl": label},
                     excerpt, group=meeting.url, cleaned=True)


def _document(title: str, text: str, organ: str, kind: str, date: str, display: dict,
              excerpt: str | None = None, group: str = "",
              cleaned: bool = False) -> SearchDocument:
    """`excerpt`: the text a result quotes, when it is not `text` (without headings).
    `cleaned`: `text` and `excerpt` are already cleaned."""
    title = _clean(title)
    if not cleaned:
        text = _clean(text)
        excerpt = None if excerpt is None else _clean(excerpt)
    display = dict(display, t=_clean(display["t"]),
                   s=_quotable(text if excerpt is None else excerpt))
    return SearchDocument({"titel": title, "tekst": text, "organ": _clean(organ),
                           "type": _clean(kind), "dato": _clean(date)}, display, group)


def _clean(text: str) -> str:
    """One line of NFC text that JavaScript measures as Python does: characters outside
    the BMP and runs of white space (str.isspace, as the pattern \\s) become one space."""
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
        if _NOT_BMP.search(text):
            text = _NOT_BMP.sub(" ", text)
    return " ".join(text.split())


def _join(cleaned: list[str]) -> str:
    return " ".join(part for part in cleaned if part)


def _quotable(text: str) -> str:
    if len(text) <= QUOTABLE_CHARS:
        return text
    cut = text.rfind(" ", 0, QUOTABLE_CHARS)
    return text[: cut if cut > QUOTABLE_CHARS // 2 else QUOTABLE_CHARS] + " …"


# The index files ------------------------------------------------------------------------

def search_layout(site: Site, found: Plan | None = None,
                  made: Sequence[Part] = (), memo: Memo | None = None) -> shards.Layout:
    """The index files, from each meeting's part as `plan` found it or as it was `made`
    (for its `todo`, in order); what is missing is made here. `memo` keeps every meeting's
    part for the next build."""
    memo = memo or Memo(None)
    found = found or plan(site)
    by_index = dict(found.found) | dict(zip(found.todo, made))
    names, boosts = [name for name, _ in FIELDS], [boost for _, boost in FIELDS]
    with index_builder.collector_paused():
        parts = []
        for index, key in enumerate(found.keys):
            part = by_index.get(index) or meeting_part(site, index)
            memo.keep(key, part)
            parts.append(part)
        parts += [(documents, index_builder.count([_values(d) for d in documents]))
                  for documents in _other_groups(site)]
        documents = [document for group, _block in parts for document in group]
        index = index_builder.merge([block for _, block in parts], names, boosts,
                                   len(documents))
        return shards.layout(index, [(d.group, d.display) for d in documents],
                                    {b.slug: b.name for b in site.bodies},
                                    [key for key, _ in KINDS], PIPELINE)


def write_search_index(site: Site, writer: OutputWriter, found: Plan | None = None,
                       made: Sequence[Part] = (), memo: Memo | None = None) -> str:
    """Writes the index files; returns the line for the build summary."""
    layout = search_layout(site, found, made, memo)
    for url, data in layout.files.items():
        writer.write(url.lstrip("/"), data, "search_index")
    first = layout.files[urls.search_index()]
    total = sum(len(data) for data in layout.files.values())
    packed = len(gzip.compress(first, compresslevel=9, mtime=0))
    count = layout.documents
    documents = f"{count} dokument" + ("" if count == 1 else "er")
    return (f"Søgeindeks: {documents}, {_size(total)} i {len(layout.files)} filer "
            f"({layout.term_shards} med ord, {layout.document_shards} med resultater); "
            f"søgesiden henter først {urls.search_index()}: {_size(len(first))}, "
            f"{_size(packed)} med gzip.")


def _size(size: int) -> str:
    exact = f"{format_decimal(size, locale=danish.LOCALE)} byte"
    return exact if size < 1000 else f"{danish.file_size(size)} ({exact})"
