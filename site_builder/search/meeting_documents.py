"""A meeting's search documents: one for the meeting page itself, one per agenda item (its
URL ends in `#punkt-<n>`) and one per bilag with text, which leads to its item.

- the meeting: its kind and date in words ("referat 25. maj 2020"), body, place,
  participants, absentees, minute takers, case and document numbers, the text before the
  first item and the groups' introductions;
- an item: its title, its decision (the sections under a decision heading, a field of
  its own with a high boost), the rest of its text and its bilag's titles. Section
  headings ("Indstilling", "Referat", "Resumé") are not text: every item has them;
- a bilag: its title and the text inside the file (search/bilag_search.py).

Closed items contribute their title only, because the model holds nothing else of them
(and their bilag never); drafts and embargoed documents are not in the model at all.
"""
from __future__ import annotations

from .. import urls
from ..content.markdown_html import plain_text
from ..content.model import AgendaItem, Meeting, Site
from ..content.model_sections import is_decision_heading
from . import bilag_search
from .documents import SearchDocument, clean, document, join

BILAG_QUOTABLE = 2_000  # characters of a bilag's text a result may quote
_KIND_WORDS = {"referat": "Referat", "dagsorden": "Dagsorden"}


def meeting_documents(site: Site, meeting: Meeting, organ: str,
                      date: str) -> list[SearchDocument]:
    documents = [_meeting(site, meeting, organ, date)]
    for item in meeting.items:
        documents.append(_item(site, meeting, item, date, organ))
        if not item.closed:
            documents += _bilag(meeting, item, date, organ)
    return documents


def _common(meeting: Meeting, date: str) -> dict:
    return {"o": meeting.body, "y": [meeting.date.year] * 2, "dt": f"Møde den {date}"}


def _meeting(site: Site, meeting: Meeting, organ: str, date: str) -> SearchDocument:
    body = site.body(meeting.body)
    kind = _KIND_WORDS.get(meeting.status, meeting.status.capitalize())
    title = f"{kind} – {body.name if body else meeting.body}, møde den {date}"
    people = [("Deltagere", meeting.participants), ("Afbud", meeting.absentees)]
    facts = [f"Sted: {meeting.place}" if meeting.place else "",
             f"Referent: {', '.join(meeting.minute_takers)}" if meeting.minute_takers else "",
             *(f"{label}: " + "; ".join(_person(p) for p in persons)
               for label, persons in people if persons),
             f"Sagsnr. {meeting.case_number}" if meeting.case_number else "",
             f"Dok.nr. {meeting.document_number}" if meeting.document_number else ""]
    texts = [clean(plain_text(meeting.intro_html))]
    texts += [join([clean(intro.heading or ""), clean(intro.text)])
              for intro in meeting.group_intros]
    text = join(texts + [clean(fact) for fact in facts])
    # Indexed short, so that its words weigh: "DAS referat maj 2020" finds the meeting
    # before the item "Godkendelse af referat fra mødet den 9. marts 2020".
    name = body.abbreviation or body.name if body else meeting.body
    return document(f"{kind} {name} {date}", text, organ, f"møde {kind}", date,
                    dict(_common(meeting, date), t=title, u=meeting.url, k="moede",
                         kl="Møde"), group=meeting.url, cleaned=True)


def _person(person) -> str:
    """As the meeting page shows a person, the substitute who came instead included."""
    about = ", ".join(filter(None, (person.organisation, person.role)))
    shown = f"{person.name} ({about})" if about else person.name
    return f"{shown} – {person.substitute} deltog i stedet" if person.substitute else shown


def _item(site: Site, meeting: Meeting, item: AgendaItem, date: str,
          organ: str) -> SearchDocument:
    decisions = _decisions(site, meeting, item)
    decision = join(clean(s.text) for s in item.sections if s.text and id(s) in decisions)
    texts = [clean(s.text) if s.text else "" for s in item.sections]
    text = join([t for s, t in zip(item.sections, texts) if id(s) not in decisions]
                + [clean(a.title) for a in item.attachments])
    kind = "lukket punkt" if item.closed else (item.kind or "")
    label = f"Punkt {item.number}" + (f", {kind}" if kind else "")
    # The case number as a title word: "2020-077305" finds its item first.
    number = f" {item.case_number}" if item.case_number else ""
    return document(item.title + number, text, organ, f"dagsordenspunkt {kind}", date,
                    dict(_common(meeting, date), t=item.title,
                         u=urls.item(meeting.body, meeting.date, item.number), k="punkt",
                         kl=label),
                    join(texts), group=meeting.url, cleaned=True, decision=decision)


def _decisions(site: Site, meeting: Meeting, item: AgendaItem) -> set[int]:
    """The sections that hold the item's decision (by id): every one under a decision
    heading, or the one Site.decision finds (older minutes: "Godkendt." with no heading)."""
    body = site.body(meeting.body)
    extra = body.decision_headings if body else ()
    found = {id(s) for s in item.sections if is_decision_heading(s.heading, extra)}
    if not found:
        decision = site.decision(meeting, item)
        if decision is not None:
            found = {id(decision)}
    return found


def _bilag(meeting: Meeting, item: AgendaItem, date: str, organ: str) -> list[SearchDocument]:
    documents = []
    for attachment in item.attachments:
        text = bilag_search.text(attachment)
        if not text:
            continue
        display = dict(_common(meeting, date), t=item.title,
                       u=urls.item(meeting.body, meeting.date, item.number), k="bilag",
                       kl=f"Punkt {item.number}, i bilag: {clean(attachment.title)}")
        documents.append(document(attachment.title, text, organ, "bilag", date, display,
                                  group=meeting.url, quotable=BILAG_QUOTABLE))
    return documents
