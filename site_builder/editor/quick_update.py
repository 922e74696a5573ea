"""The preview's quick update of edited meetings (issue 14, target 1).

A full build of a real archive takes seconds; an editor who saves a meeting file wants to
see it at once. The preview keeps the last build's model (`pipeline.Rendered`); when every
changed file is a meeting file that build read, each is read again, put into the model in
place of the old one, and the meeting's own page is rendered again from it, as the full
build would render it. serve.py serves those pages from memory and tells the open pages
to reload, then runs the full build, whose output replaces them (lists, search, feeds).

Anything else - a new, deleted or renamed file, a template, data/, a file with problems,
a meeting that moves to another address - is no quick update: `quick_pages` says None
and the full build alone does the work, as before.
"""
from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Iterable

from ..content.documents import read_document
from ..content.model import Meeting
from ..outputs import pages
from ..outputs.templating import PageEntry
from ..pipeline import Rendered, render_page

# what pages.page_entries gives a meeting's page: anything else and the page is left to
# the full build (pages.py has changed, and this module must follow it)
MEETING_VIEW = frozenset({"meeting", "body", "approving_meeting", "minutes_state",
                          "decisions", "summaries"})


def quick_pages(model: Rendered, changed: Iterable[Path]
                ) -> tuple[Rendered, dict[str, str]] | None:
    """The model with the changed meeting files read again, and URL -> HTML of their
    pages; None when the change needs the full build."""
    paths = set(changed)
    if not paths or model.context is None:
        return None
    site, results, entries = model.site, dict(model.results), dict(model.entries)
    updated: dict[str, tuple[Meeting, PageEntry]] = {}
    for path in sorted(paths):
        old = results.get(path)
        if old is None or old.kind != "meeting" or not isinstance(old.document, Meeting) \
                or old.problems or not path.is_file():
            return None
        new = read_document("meeting", path, model.context)
        if new.problems or not isinstance(new.document, Meeting) or new.claims != old.claims \
                or new.withheld != old.withheld or new.dependencies != old.dependencies \
                or new.document.url != old.document.url:
            return None
        entry = entries.get(old.document.url)
        if entry is None or entry.template != "meeting.html" \
                or set(entry.context) != MEETING_VIEW:
            return None
        results[path] = new
        site = dataclasses.replace(site, meetings=tuple(
            new.document if meeting is old.document else meeting for meeting in site.meetings))
        updated[new.document.url] = (new.document, entry)
    made: dict[str, str] = {}
    for url, (meeting, entry) in updated.items():
        entry = dataclasses.replace(entry, title=pages.meeting_title(site, meeting), context={
            **entry.context, **pages.meeting_context(site, meeting)})
        entries[url] = entry
        made[url] = render_page(model.env, site, entry, model.abbreviate)
    return dataclasses.replace(model, site=site, entries=entries, results=results), made
