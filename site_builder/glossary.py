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

from . import urls
from .model import GlossaryTerm, Site
from .templating import PageEntry

# Elements whose text is left alone; their content is skipped up to the closing tag. Headings
# and navigation (the meeting's table of contents) only repeat what the text says, and their
# layout (a flex link in the table of contents) would split the word from its ending ("KL's").
SKIPPED = frozenset({"head", "script", "style", "abbr", "code", "pre", "textarea", "option",
                     "select", "title", "svg", "math", "template", "kbd", "samp", "nav",
                     "h1", "h2", "h3", "h4", "h5", "h6", "button"})
_TAG = re.compile(
    r"<!--.*?-->|<![^>]*>|<\?.*?\?>"
    r"|<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>",
    re.DOTALL)


def page_entries(site: Site) -> list[PageEntry]:
    bodies = {b.abbreviation: b for b in site.bodies if b.abbreviation}
    terms = [{"term": t, "body": bodies.get(t.abbreviation)} for t in site.glossary]
    return [PageEntry(urls.glossary(), "glossary.html", "Ordliste", {"terms": terms},
                      (("Forside", urls.front()),))]


def abbreviator(site: Site) -> Callable[[str], str]:
    """A function from a page's HTML to the same HTML with the abbreviations marked."""
    return Abbreviator(site.glossary)


class Abbreviator:
    def __init__(self, terms: tuple[GlossaryTerm, ...], every: bool = False):
        self.every = every
        self.titles = {t.abbreviation: html.escape(t.meaning, quote=True) for t in terms}
        words = sorted(self.titles, key=len, reverse=True)
        # Not part of a longer word, and not an entity name such as &AElig;
        self.pattern = re.compile(r"(?<![\w&#])(" + "|".join(map(re.escape, words)) + r")(?!\w)") \
            if words else None

    def __call__(self, page: str) -> str:
        if self.pattern is None:
            return page
        scope = "main" if re.search(r"<main[\s>]", page) else "body"
        inside = False
        marked: set[str] = set()
        out: list[str] = []
        skipping: list[str] = []  # the open skipped elements, innermost last
        position = 0
        for match in _TAG.finditer(page):
            if inside and not skipping:
                out.append(self._text(page[position:match.start()], marked))
            else:
                out.append(page[position:match.start()])
            out.append(match.group(0))
            position = match.end()
            name = (match.group(2) or "").lower()
            if not name:
                continue
            closing, self_closing = match.group(1) == "/", match.group(3).rstrip().endswith("/")
            if name == scope:
                inside = not closing
            elif closing:
                if name in skipping:
                    del skipping[len(skipping) - 1 - skipping[::-1].index(name):]
            elif name in SKIPPED and not self_closing:
                skipping.append(name)
        out.append(page[position:])
        return "".join(out)

    def _text(self, text: str, marked: set[str]) -> str:
        if not text.strip():
            return text

        def mark(match: re.Match) -> str:
            word = match.group(1)
            if word in marked and not self.every:
                return word
            marked.add(word)
            return f'<abbr title="{self.titles[word]}">{word}</abbr>'

        return self.pattern.sub(mark, text)
