"""Limits that keep the work on one content file bounded, whatever the file holds.

The Markdown renderer and the HTML sanitiser take time that grows with the square of how
deeply elements are nested (100,000 nested <div> take half a minute), so raw HTML nested
deeper than any real document is refused before it reaches them; lists and block quotes
are limited the same way in `markdown_html.py`. A content file larger than any real
agenda or minutes is refused from its size, before it is read. Bilag are not limited here.
"""
from __future__ import annotations

import re
from pathlib import Path

MAX_CONTENT_BYTES = 5 * 1024 * 1024  # a long set of minutes is a few hundred kB
MAX_HTML_DEPTH = 50  # Word's pasted tables nest a handful of levels
MAX_LISTED = 100  # problems of one kind listed for one file; the rest are counted

# Elements that never hold others, and <p>, which cannot hold a block (a <div> or <p>
# closes it), so it adds no depth.
_NOT_NESTING = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta",
    "param", "source", "track", "wbr", "p",
})
# What an element ends when it opens (<li><li>: two items, not one inside the other).
_CELL = {"td", "th"}
_ENDS = {"li": {"li"}, "dt": {"dt", "dd"}, "dd": {"dt", "dd"}, "option": {"option"},
         "td": _CELL, "th": _CELL, "tr": {"tr"} | _CELL,
         "thead": {"thead", "tbody", "tfoot", "tr"} | _CELL,
         "tbody": {"thead", "tbody", "tfoot", "tr"} | _CELL,
         "tfoot": {"thead", "tbody", "tfoot", "tr"} | _CELL}
# Elements whose content is text up to their end tag, not tags.
_RAW_TEXT = frozenset({"script", "style", "textarea", "title", "xmp", "iframe", "noembed",
                       "noframes", "plaintext"})
_TAG_OR_COMMENT = re.compile(r"<(?:(/?)([A-Za-z][A-Za-z0-9:-]{0,63})|!--)")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})", re.MULTILINE)


def size_problem(path: Path) -> str | None:
    """Why the file is too large to read, from its size on disk (None: it is not)."""
    try:
        size = path.stat().st_size
    except OSError:
        return None  # the reader reports a file it cannot read
    if size <= MAX_CONTENT_BYTES:
        return None
    return (f"filen fylder {_megabytes(size)}, og en indholdsfil må højst fylde "
            f"{_megabytes(MAX_CONTENT_BYTES)}; del teksten op i flere filer, eller læg det "
            "store dokument som bilag (fx PDF)")


def html_nesting_problem(body: str, first_line: int) -> tuple[int, str] | None:
    """(line, message) where raw HTML in the Markdown `body` is nested more than
    MAX_HTML_DEPTH levels deep; `first_line` is the file's line number of the body's first
    line. One pass over the text; the open elements kept are never more than the limit."""
    fences = _fenced_code(body)
    open_tags: list[str] = []
    position, fence = 0, 0
    while (match := _TAG_OR_COMMENT.search(body, position)) is not None:
        start = match.start()
        while fence < len(fences) and fences[fence][1] <= start:
            fence += 1
        if fence < len(fences) and fences[fence][0] <= start:
            position = fences[fence][1]  # HTML shown as code is text
            continue
        if match.group(2) is None:  # a comment: Word pastes whole documents inside them
            end = body.find("-->", match.end())
            if end < 0:
                return None
            position = end + 3
            continue
        end = body.find(">", match.end())
        if end < 0:
            return None  # not a tag: the rest is text
        position = end + 1
        name = match.group(2).lower()
        if match.group(1):
            if name in open_tags:  # an end tag closes what was left open inside it
                del open_tags[len(open_tags) - 1 - open_tags[::-1].index(name):]
            continue
        if name in _RAW_TEXT:
            close = re.compile(rf"</{name}\b", re.IGNORECASE).search(body, position)
            if close is None:
                return None
            position = close.start()
            continue
        if name in _NOT_NESTING:
            continue
        ends = _ENDS.get(name, ())
        while open_tags and open_tags[-1] in ends:
            open_tags.pop()
        open_tags.append(name)
        if len(open_tags) > MAX_HTML_DEPTH:
            line = first_line + body.count("\n", 0, start)
            return line, (f"HTML er indlejret for dybt (over {MAX_HTML_DEPTH} niveauer: "
                          f"<{name}> inden i {MAX_HTML_DEPTH} andre elementer, der ikke er "
                          "lukket); luk elementerne med </...>, eller skriv teksten som "
                          "almindelig Markdown uden HTML")
    return None


def more_problems(count: int) -> str:
    return (f"og {count} fejl mere af samme slags herfra og ned gennem filen; ret de første, "
            "og kør tjekket igen")


def _fenced_code(body: str) -> list[tuple[int, int]]:
    """The (start, end) offsets of the fenced code blocks (``` or ~~~), in order."""
    blocks: list[tuple[int, int]] = []
    opening: re.Match | None = None
    for match in _FENCE.finditer(body):
        end_of_line = body.find("\n", match.end())
        end_of_line = len(body) if end_of_line < 0 else end_of_line
        if opening is None:
            opening = match
        elif match.group(1)[0] == opening.group(1)[0] \
                and len(match.group(1)) >= len(opening.group(1)) \
                and not body[match.end():end_of_line].strip():
            blocks.append((opening.start(), end_of_line))
            opening = None
    if opening is not None:  # an unclosed fence runs to the end of the text
        blocks.append((opening.start(), len(body)))
    return blocks


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0").replace(".", ",") + " MB"
