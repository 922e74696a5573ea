"""A document's text as sections, and which section heading holds a decision.

The bottom layer of the domain model: model.py (bodies, meetings and their items, the Site)
and model_records.py (agreements, pages, cases, calendar, glossary, tariffs, written
procedures) both build their documents from Section, and an agenda item's decision is the
section whose heading is_decision_heading recognises.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Iterable

# The first word of a heading that holds an item's decision in minutes: "Beslutning",
# "Beslutning i Socialudvalget den 12. april 2011", "Referat fra mødet", "Afgørelse:".
DECISION_WORDS = ("beslutning", "beslutninger", "referat", "afgørelse", "afgørelser")
# "Udvalgets beslutning", "Styregruppens beslutning", "DAS' beslutning", "KKR's afgørelse":
# the whole heading names whose decision it is (not "Baggrund for byrådets beslutning")
_GENITIVE_DECISION = re.compile(r"^(.*?)(?:s|'s|’s|'|’)\s+(?:beslutning|afgørelse)(?:er)?$")
_NOT_A_NAME = frozenset({"af", "efter", "eller", "for", "fra", "i", "med", "mod", "og", "om",
                         "på", "til", "under", "ved"})


def _heading_key(heading: str) -> str:
    """A heading as it is compared: case and trailing punctuation ignored, one space."""
    return " ".join(heading.replace("\u00a0", " ").split()).rstrip(" :.").casefold()


def is_decision_heading(heading: str | None, extra: Iterable[str] = ()) -> bool:
    """Whether a section heading names the decision of an agenda item in minutes.

    A heading whose first word is Beslutning, Referat or Afgørelse ("Beslutning i
    Socialudvalget den 12. april 2011", "Referat fra mødet", "Afgørelse:"), a decision in
    the genitive ("Udvalgets beslutning", "DAS' beslutning"), or one of the body's own
    headings (`beslutningsoverskrifter:` in data/organer.yaml), alone or as the first
    words of the heading. Not "Beslutningsforslag", "Referatet blev godkendt" or
    "Indstilling": another word, or text.
    """
    # an archive repeats a few headings tens of thousands of times: each is judged once
    return bool(heading) and _is_decision_heading(heading, tuple(extra))


@functools.lru_cache(maxsize=4096)
def _is_decision_heading(heading: str, extra: tuple[str, ...]) -> bool:
    key = _heading_key(heading)
    if not key:
        return False
    first = re.split(r"[\s:]", key, maxsplit=1)[0]
    if first in DECISION_WORDS:
        return True
    genitive = _GENITIVE_DECISION.match(key)
    if genitive and genitive.group(1).strip() \
            and not _NOT_A_NAME.intersection(genitive.group(1).split()):
        return True
    for own in extra:
        own_key = _heading_key(own)
        if own_key and (key == own_key or key.startswith(own_key + " ")
                        or key.startswith(own_key + ":")):
            return True
    return False


@dataclass(frozen=True)
class Section:
    heading: str | None
    html: str
    text: str  # plain text, for search and summaries
    line: int
