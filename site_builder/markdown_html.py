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


class _SiteTreeprocessor(Treeprocessor):
    heading_shift = 0

    def run(self, root: etree.Element) -> None:
        self._captions(root)
        if self.heading_shift:
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

    def render(self, text: str, heading_shift: int = 0) -> str:
        self._md.reset()
        self._tree.heading_shift = heading_shift
        raw = self._md.convert(text)
        return wrap_tables(sanitize(raw))


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
    """Give every table its own scrolling box, reachable by keyboard."""
    return re.sub(
        r"<table>(.*?)</table>",
        lambda m: '<div class="tabel" role="region" tabindex="0" aria-label="'
        + html.escape(_caption_of(m.group(1)) or "Tabel", quote=True)
        + '"><table>' + m.group(1) + "</table></div>",
        fragment,
        flags=re.DOTALL,
    )


def _caption_of(table_inner: str) -> str | None:
    match = re.search(r"<caption>(.*?)</caption>", table_inner, re.DOTALL)
    return plain_text(match.group(1)) if match else None


def plain_text(fragment: str) -> str:
    """The visible text of an HTML fragment, for search and summaries."""
    return _SPACE.sub(" ", html.unescape(_TAGS.sub(" ", fragment))).strip()
