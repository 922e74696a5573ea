"""The glossary: the page /ordliste/ and the abbreviations on every page.

`abbreviator(site)` gives a function that marks a glossary abbreviation in a rendered
page's main content (<main>) as `<abbr title="...">`, so a reader (and a screen reader)
can get the full name where the abbreviation stands. Only running text is touched: never an
attribute, nor the text of headings, navigation, <head>, <script>, <style>, <code>, <pre>,
<textarea>, <option> or an existing <abbr>. Abbreviations match whole words, case-sensitively ("KL"
is not "kl.").

By default the first occurrence of each abbreviation on a page is marked (WCAG technique
H28, and what the HTML standard suggests): marking all of them costs the DAS meeting of
25 May 2020 157 elements and 9 KB, more than the page-weight budget of issue 6 leaves.
`Abbreviator(terms, every=True)` marks every occurrence.
"""
from __future__ import annotations

import html
import re
from typing import Callable

from .. import urls
from ..content.model import Site
from ..content.model_records import GlossaryTerm
from .templating import PageEntry

# Elements whose text is left alone; their content is skipped up to the closing tag. Headings
# and navigation (the meeting's table of contents) only repeat what the text says, and their
# layout (a flex link in the table of contents) would split the word from its ending ("KL's").
SKIPPED = frozenset({"head", "script", "style", "abbr", "code", "pre", "textarea", "option",
                     "select", "title", "svg", "math", "template", "kbd", "samp", "nav",
                     "h1", "h2", "h3", "h4", "h5", "h6", "button"})


def page_entries(site: Site) -> list[PageEntry]:
    bodies = {b.abbreviation: b for b in site.bodies if b.abbreviation}
    terms = [{"term": t, "body": bodies.get(t.abbreviation)} for t in site.glossary]
    return [PageEntry(urls.glossary(), "glossary.html", "Ordliste", {"terms": terms},
                      (("Forside", urls.front()),))]


def abbreviator(site: Site) -> Callable[[str], str]:
    """A function from a page's HTML to the same HTML with the abbreviations marked."""
    return Abbreviator(site.glossary)


class Abbreviator:
    """Finds the abbreviations with one regular expression over the page and looks at the
    markup around each one found, instead of walking every tag of the page: a page of long
    minutes has thousands of tags and a few abbreviations (this is run on every page)."""

    def __init__(self, terms: tuple[GlossaryTerm, ...], every: bool = False):
        self.every = every
        self.titles = {t.abbreviation: html.escape(t.meaning, quote=True) for t in terms}
        words = sorted(self.titles, key=len, reverse=True)
        # Not followed by a letter; what stands before it is checked in `_starts_word`
        # (a pattern that begins with a look-behind is searched six times slower).
        self.pattern = re.compile("(" + "|".join(map(re.escape, words)) + r")(?!\w)") \
            if words else None

    def __call__(self, page: str) -> str:
        if self.pattern is None:
            return page
        scope = _scope(page)
        if scope is None:
            return page
        begin, end = scope
        context = _Context(page, begin)
        marked: set[str] = set()
        out: list[str] = []
        position = begin
        for match in self.pattern.finditer(page, begin, end):
            word = match.group(1)
            if word in marked and not self.every:
                continue
            if not _starts_word(page, match.start()) or \
                    not context.in_running_text(match.start()):
                continue
            marked.add(word)
            out += [page[position:match.start()],
                    f'<abbr title="{self.titles[word]}">{word}</abbr>']
            position = match.end()
            if not self.every and len(marked) == len(self.titles):
                break
        if not out:
            return page
        return page[:begin] + "".join(out) + page[position:]


def _starts_word(page: str, position: int) -> bool:
    """Not the end of a longer word, and not an entity name such as &AElig;."""
    before = page[position - 1] if position else " "
    return not (before.isalnum() or before in "_&#")


_SKIPPED_TAG = re.compile(r"<(/?)(" + "|".join(sorted(SKIPPED, key=len, reverse=True))
                          + r")(?=[\s/>])((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>", re.IGNORECASE)


def _scope(page: str) -> tuple[int, int] | None:
    """Where running text may be marked: inside <main>, or <body> on a page without one."""
    for name in ("main", "body"):
        opening = re.search(rf"<{name}(?=[\s>])[^>]*>", page)
        if opening:
            closing = page.rfind(f"</{name}>", opening.end())
            return opening.end(), closing if closing >= 0 else len(page)
    return None


class _Context:
    """Answers, for positions in increasing order, whether a position is in running text:
    not inside a tag or comment, and not inside an element of SKIPPED."""

    def __init__(self, page: str, begin: int):
        self.page = page
        self.begin = begin
        self.tags = _SKIPPED_TAG.finditer(page, begin)
        self.next_tag = next(self.tags, None)
        self.open: list[str] = []  # the open skipped elements, innermost last

    def in_running_text(self, position: int) -> bool:
        while self.next_tag is not None and self.next_tag.start() < position:
            self._enter(self.next_tag)
            self.next_tag = next(self.tags, None)
        if self.open:
            return False
        page, begin = self.page, self.begin
        if page.rfind("<", begin, position) > page.rfind(">", begin, position):
            return False  # inside a tag: an attribute's value
        return page.rfind("<!--", begin, position) <= page.rfind("-->", begin, position)

    def _enter(self, tag: re.Match) -> None:
        name = tag.group(2).lower()
        if tag.group(1):  # a closing tag
            if name in self.open:
                del self.open[len(self.open) - 1 - self.open[::-1].index(name):]
        elif not tag.group(3).rstrip().endswith("/"):
            self.open.append(name)
