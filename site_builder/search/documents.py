"""The search documents besides meetings': one per agreement (its introduction) and per
part of an agreement, per plain page, per written procedure and per case page; and what
every search document is made of (`SearchDocument`, `document`).

A search document's fields are what is indexed (search/index.py's FIELDS: titel,
beslutning, tekst, organ, type, dato and, added at the end, titelvarianter and
varianter); its display data is what a result shows (t: title, u: URL, k: kind, o: body, y: years, dt: date line,
kl: label, s: the text a snippet quotes) and, for a document whose URL holds no date, d:
its date (ISO) for the newest-first order where it has one (shards.py puts it in the
first file's catalogue, not in the files of what a result shows).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .. import urls
from ..content import written_procedures
from ..content.markdown_html import plain_text
from ..content.model import Site
from . import variants

# How much of a document's text a result can quote from: the matched word is often far into
# an item ("takstreduktion" is 2,241 characters into item 4 of 11 August 2011).
QUOTABLE_CHARS = 10_000
_NOT_BMP = re.compile("[\U00010000-\U0010ffff]")  # JavaScript counts these as two characters
# The fields whose words have variants (the others name the body, the kind and the date).
_WORDED = ("titel", "beslutning", "tekst")


@dataclass(frozen=True)
class SearchDocument:
    fields: dict[str, str]  # what is indexed
    display: dict  # what a result shows
    group: str = ""  # documents of one group (a meeting, an agreement) share a shard
    words: tuple[str, ...] = ()  # its words that may have variants (variants.py)


def document(title: str, text: str, organ: str, kind: str, date: str, display: dict,
             excerpt: str | None = None, group: str = "", cleaned: bool = False,
             decision: str = "", quotable: int = QUOTABLE_CHARS) -> SearchDocument:
    """`excerpt`: the text a result quotes, when it is not `text`. `cleaned`: `text`,
    `decision` and `excerpt` are already cleaned. `quotable`: how much of it a result
    may quote."""
    title = clean(title)
    if not cleaned:
        text, decision = clean(text), clean(decision)
        excerpt = None if excerpt is None else clean(excerpt)
    display = dict(display, t=clean(display["t"]),
                   s=quote(text if excerpt is None else excerpt, quotable))
    fields = {"titel": title, "beslutning": decision, "tekst": text, "organ": clean(organ),
              "type": clean(kind), "dato": clean(date)}
    return SearchDocument(fields, display, group,
                          variants.document_words(fields[name] for name in _WORDED))


def clean(text: str) -> str:
    """One line of NFC text that JavaScript measures as Python does: characters outside
    the BMP and runs of white space (str.isspace, as the pattern \\s) become one space."""
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
        if _NOT_BMP.search(text):
            text = _NOT_BMP.sub(" ", text)
    return " ".join(text.split())


def join(cleaned) -> str:
    return " ".join(part for part in cleaned if part)


def quote(text: str, limit: int = QUOTABLE_CHARS) -> str:
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit] + " …"


def other_groups(site: Site) -> list[list[SearchDocument]]:
    """The agreements' documents (one group each), the plain pages' (one group), the
    written procedures' (one group) and the case pages' (one group)."""
    groups = [_agreement(site, agreement) for agreement in site.agreements]
    pages = []
    for page in site.pages:
        text = " ".join(filter(None, (page.description, plain_text(page.html))))
        pages.append(document(page.title, text, "", "side", "", {
            "t": page.title, "u": page.url, "k": "side", "o": "", "y": None, "dt": "",
            "kl": "Side"}, group="sider"))
    procedures = []
    for record in site.procedures:
        found = written_procedures.search_texts(site, record)
        procedures.append(document(found["title"], found["text"], found["organ"],
                                   "skriftlig procedure", found["date"], {
                                       "t": found["title"], "u": found["url"],
                                       "d": record.sent.isoformat(),
                                       "k": "beslutning", "o": found["body"],
                                       "y": [found["year"]] * 2,
                                       "dt": f"Sendt den {found['date']}",
                                       "kl": "Skriftlig procedure"},
                                   group=urls.written_procedures()))
    cases = [_case(site, case) for case in site.cases]
    return groups + [group for group in (pages, procedures, cases) if group]


def _agreement(site: Site, agreement) -> list[SearchDocument]:
    status = agreement.status_in(site.build_date.year)[1].lower()  # true on the day
    common = {"k": "aftale", "o": "", "y": list(agreement.period),
              "dt": f"Periode {agreement.period_label}", "kl": f"Aftale, {status}"}
    approved = [step.date for step in agreement.approvals if step.date]
    if approved:  # its last approval; else the newest-first order takes its first year
        common["d"] = max(approved).isoformat()
    intro = " ".join(filter(None, (agreement.summary, plain_text(agreement.intro_html),
                                   " ".join(agreement.parts))))
    documents = [document(agreement.title, intro, "", "aftale " + status,
                          agreement.period_text, dict(common, t=agreement.title,
                                                      u=agreement.url), group=agreement.url)]
    for section, anchor in zip(agreement.sections, agreement.part_anchors):
        title = f"{section.heading} – {agreement.title}"
        documents.append(document(title, section.text, "", "aftale " + status,
                                  agreement.period_text,
                                  dict(common, t=title, u=f"{agreement.url}#{anchor}"),
                                  group=agreement.url))
    return documents


def _case(site: Site, case) -> SearchDocument:
    """A case page: its title, summary and the steps outside the site's meetings."""
    steps = []
    days = []
    for step in case.steps:
        day = step.date or step.deadline
        if day:
            days.append(day)
        body = site.body(step.body) if step.body else None
        steps.append(join(clean(part) for part in (
            body.name if body else step.name, step.description or "")))
    return document(case.title, join([clean(case.summary or "")] + steps), "", "sag", "", {
        "t": case.title, "u": case.url, "k": "sag", "o": "",
        "y": [min(days).year, max(days).year] if days else None, "dt": "", "kl": "Sag",
        **({"d": max(days).isoformat()} if days else {})}, group=urls.cases())
