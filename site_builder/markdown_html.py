"""The one Markdown set-up: Markdown -> safe HTML for the site's pages.

Editors paste from Word, so raw HTML is allowed in, then sanitised with nh3 (Ammonia):
tables and lists survive; scripts, event handlers, `javascript:` URLs, inline styles and
iframes do not. A paragraph "Tabel 1. ..." right before a table becomes its caption.
"""
from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd",
    "strong", "em", "b", "i", "u", "s", "sub", "sup", "small", "mark", "a", "abbr",
    "blockquote", "q", "code", "pre", "table", "caption", "colgroup", "col", "thead",
    "tbody", "tfoot", "tr", "th", "td", "span", "div",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
_CAPTION = re.compile(r"^Tabel\b", re.IGNORECASE)
_TAGS = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")
_TABLE_TAG = re.compile(r"<table>|</table>")
_WHOLE_TABLE = re.compile(r"<table>(.*)</table>", re.DOTALL)


class _SiteTreeprocessor(Treeprocessor):
    heading_shift = 0
    parent_level: int | None = None

    def run(self, root: etree.Element) -> None:
        self._captions(root)
        if self.parent_level is not None:
            _outline(root, self.parent_level)
        elif self.heading_shift:
            for element in root.iter():
                if re.fullmatch(r"h[1-6]", element.tag):
                    level = min(6, max(2, int(element.tag[1]) + self.heading_shift))
                    element.tag = f"h{level}"
        for table in root.iter("table"):
            head = table.find("thead")
            if head is not None:
                for cell in head.iter("th"):
                    cell.set("scope", "col")

    @staticmethod
    def _captions(root: etree.Element) -> None:
        for parent in root.iter():
            children = list(parent)
            for before, table in zip(children, children[1:]):
                if table.tag != "table" or before.tag != "p" or len(before):
                    continue
                text = (before.text or "").strip()
                if _CAPTION.match(text) and "\n" not in text:
                    caption = etree.Element("caption")
                    caption.text = text
                    table.insert(0, caption)
                    parent.remove(before)


def _outline(root: etree.Element, parent_level: int) -> None:
    """Headings nest under the page's heading at `parent_level` and skip no level, however
    the editor numbered them (screen readers navigate minutes by heading level)."""
    open_headings: list[tuple[int, int]] = []  # (level written, level given)
    for element in root.iter():
        if re.fullmatch(r"h[1-6]", element.tag):
            written = int(element.tag[1])
            while open_headings and open_headings[-1][0] >= written:
                open_headings.pop()
            level = min(6, (open_headings[-1][1] if open_headings else parent_level) + 1)
            open_headings.append((written, level))
            element.tag = f"h{level}"


class _SiteExtension(Extension):
    def extendMarkdown(self, md):  # noqa: N802 (Markdown's API name)
        md.treeprocessors.register(_SiteTreeprocessor(md), "site", 1)


class MarkdownRenderer:
    """Converts editors' Markdown to sanitised HTML; one instance per process."""

    def __init__(self) -> None:
        self._md = markdown.Markdown(
            extensions=["tables", "sane_lists", _SiteExtension()], output_format="html"
        )
        self._tree = self._md.treeprocessors["site"]

    def render(self, text: str, heading_shift: int = 0,
               parent_level: int | None = None) -> str:
        """With `parent_level`, the fragment's headings are renumbered to nest under a
        heading of that level (see `_outline`); else they are moved by `heading_shift`."""
        _check_nesting(text)
        self._md.reset()
        self._tree.heading_shift = heading_shift
        self._tree.parent_level = parent_level
        try:
            raw = self._md.convert(text)
        except RecursionError:  # Python-Markdown recurses once per level of nesting
            raise MarkdownError(NESTING_MESSAGE, _deepest_line(text)) from None
        return wrap_tables(sanitize(raw))


class MarkdownError(ValueError):
    """Text that cannot be made into a page; `line_text` is the line to point the editor at
    (the caller knows where the fragment stands in its file)."""

    def __init__(self, message: str, line_text: str | None = None):
        super().__init__(message)
        self.message = message
        self.line_text = line_text


MAX_NESTING = 40  # lists and quotes inside each other; real documents use a handful
NESTING_MESSAGE = (f"teksten har lister eller citater inden i hinanden i mere end "
                   f"{MAX_NESTING} niveauer; skriv den mere fladt")
# A line's nesting: list markers and quote signs before its text. No part of a line can be
# matched two ways, so the search is linear.
_NESTING = re.compile(r"(?:[ \t]*(?:[-*+]|\d{1,9}[.)])(?=[ \t]|$)|[ \t]*>)")


def _depth(line: str) -> int:
    indent = len(line) - len(line.lstrip(" \t"))
    markers = 0
    position = 0
    while (match := _NESTING.match(line, position)) and match.end() > position:
        markers += 1
        position = match.end()
    return markers + line[:indent].expandtabs(4).count("    ")


def _check_nesting(text: str) -> None:
    if any(_depth(line) > MAX_NESTING for line in text.split("\n")
           if line[:1] in " \t-*+>0123456789"):
        raise MarkdownError(NESTING_MESSAGE, _deepest_line(text))


def _deepest_line(text: str) -> str | None:
    lines = text.split("\n")
    return max(lines, key=_depth) if lines else None


def sanitize(fragment: str) -> str:
    return nh3.clean(
        fragment,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style", "iframe", "object", "embed", "template",
                            "noscript", "svg", "math"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )


def wrap_tables(fragment: str) -> str:
    """Give every table its own scrolling box, reachable by keyboard, and a caption: the
    document's own "Tabel ..." line, else (for screen readers only) its first header.
    Only outermost tables are wrapped: Word pastes tables inside tables."""
    parts, depth, done, begin = [], 0, 0, 0
    for tag in _TABLE_TAG.finditer(fragment):  # nh3's output is balanced
        if tag.group() == "<table>":
            if depth == 0:
                begin = tag.start()
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                parts += [fragment[done:begin],
                          _wrap_table(_WHOLE_TABLE.fullmatch(fragment, begin, tag.end()))]
                done = tag.end()
    return "".join(parts) + fragment[done:]


def _wrap_table(match: re.Match) -> str:
    inner = match.group(1)
    caption = _caption_of(inner)
    if caption is None:
        header = re.search(r"<th\b[^>]*>(.*?)</th>", inner, re.DOTALL)
        caption = plain_text(header.group(1)) if header else ""
        if caption:
            inner = (f'<caption class="visually-hidden">{html.escape(caption)}</caption>'
                     + inner)
    return ('<div class="tabel" role="region" tabindex="0" aria-label="'
            + html.escape(caption or "Tabel", quote=True) + '"><table>' + inner
            + "</table></div>")


def _caption_of(table_inner: str) -> str | None:
    match = re.search(r"<caption>(.*?)</caption>", table_inner, re.DOTALL)
    return plain_text(match.group(1)) if match else None


def plain_text(fragment: str) -> str:
    """The visible text of an HTML fragment, for search and summaries."""
    return _SPACE.sub(" ", html.unescape(_TAGS.sub(" ", fragment))).strip()
