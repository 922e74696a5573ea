"""The editor's check that minutes record a decision for every open item.

What counts as a decision heading is model.is_decision_heading (and the body's own
`beslutningsoverskrifter:` in data/organer.yaml); the decision is what the meeting page
highlights, what /politikere/ shows after "Beslutning:" and the open data's `result`. An
item of minutes whose sections (Resumé, Indstilling ...) have no decision shows none of
that, so the editor is told where it is. An item of plain text with no section headings,
as older minutes are written ("Godkendt"), is its own record and gives no message, unless
its `type:` is beslutning.

Called with the other editor's checks: `decisions.check_site(site, problems)`.
"""
from __future__ import annotations

from ..content.model import Site
from ..problems import Problems


def check_site(site: Site, problems: Problems) -> None:
    for meeting in site.meetings:
        if meeting.status != "referat":
            continue
        body = site.body(meeting.body)
        own = body.decision_headings if body else ()
        for item in meeting.items:
            if item.closed or site.decision(meeting, item) is not None or (
                    item.kind != "beslutning"
                    and not any(section.heading for section in item.sections)):
                continue  # (an item of plain text, as older minutes write them: the
                # text is the record; a forgotten decision is one under Indstilling etc.,
                # or in an item whose type says it decides)
            problems.warning(meeting.source, item.line, None, missing_message(item.number, own))


def missing_message(number: int, own: tuple[str, ...] = ()) -> str:
    extra = "".join(f", '### {h}'" for h in own)
    return (f"punkt {number} har ingen beslutning i referatet; skriv beslutningen under en "
            "overskrift, der begynder med Beslutning, Referat eller Afgørelse (fx "
            "'### Beslutning' eller '### Beslutning i Socialudvalget den 12. april 2011'), "
            f"eller som '### Udvalgets beslutning'{extra}; uden den viser mødesiden, "
            "/politikere/ og de åbne data ingen beslutning for punktet")
