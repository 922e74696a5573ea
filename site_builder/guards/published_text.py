"""A built file read the way a reader (or a program) reads it, and the CPR numbers in that
text: the reading half of the publishing gate (publish_gate.py, which decides which files
to read, reads them in parallel and traces a finding to its source).

- HTML and XML: the text with the tags taken away (inline tags join what stands on either
  side, block tags separate), every attribute value, comments, CDATA and script text, with
  entities and percent-escapes decoded; escaped HTML inside XML (feeds) is read again;
- JSON: every string and whole number, each on its own (HTML inside a string is read as
  HTML);
- iCalendar: folded lines unfolded, escapes decoded;
- bilag: the text of PDF, Word, Excel, OpenDocument, RTF, CSV and text files
  (bilag_text.py); other files: any run of digits in their bytes;

and then normalised: Unicode NFKC, format and other invisible characters and combining marks
removed, every kind of digit made 0-9. A CPR number is ten digits with a valid date,
written ddmmåå-xxxx, ddmmååxxxx, dd mm åå xxxx (any of space, dot, slash or dash between
the parts), or split into its six and four digits by a line or a table cell.
"""
from __future__ import annotations

import calendar
import html
import json
import re
import unicodedata
import urllib.parse
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .. import urls
from .cpr import decode

# Tags that start a new block: what stands on either side of them is not read as one word.
# Any other tag (known or not) is read as inline: the text on either side joins.
_BLOCK_TAGS = frozenset("""address article aside blockquote body caption col colgroup dd
    details dialog div dl dt fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 head
    header hr html li link main meta nav ol optgroup option p pre script section select
    style summary table tbody td textarea tfoot th thead title tr ul img input button iframe
    video audio source track object embed noscript template svg math canvas picture
    area map label legend entry content summary feed id updated published author name
    uri link loc url urlset lastmod changefreq priority""".split())
# (bounded: a tag that does not end within a few thousand characters is read as text, so
# no document makes the search slow)
_TAG_REST = r"(?=[\s/>])(?:[^>\"']|\"[^\"]{0,4000}\"|'[^']{0,4000}'){0,200}>"


def _alternatives(words: Iterable[str]) -> str:
    """A regular expression for any of `words`, as a tree of their letters: much faster
    to match than a plain alternation of eighty names at every "<"."""
    tree: dict = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    def walk(node: dict) -> str:
        branches = [re.escape(char) + walk(child) for char, child in sorted(node.items())
                    if char]
        if "" in node:
            branches.append("")
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return walk(tree)


_BLOCK_TAG = re.compile(r"</?" + _alternatives(_BLOCK_TAGS) + _TAG_REST, re.IGNORECASE)
_BREAK_TAG = re.compile(r"<(?:br|wbr)" + _TAG_REST, re.IGNORECASE)  # a line break: " "
_ANY_TAG = re.compile(r"</?[A-Za-z][^\s/>]{0,100}" + _TAG_REST.removeprefix("(?=[\\s/>])"))
_COMMENT = re.compile(r"<!--(.*?)(?:-->|\Z)|<(?:\?|!(?!\[CDATA\[))([^>]*)>?", re.DOTALL)
_CDATA = re.compile(r"<!\[CDATA\[(.*?)(?:\]\]>|\Z)", re.DOTALL)
# an attribute's value (and the rare "a=b" in a text, read once more: no harm)
_VALUE = re.compile(r"""=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"'`=<]+))""")

# What a reader does not see: format characters (Cf: soft hyphen, zero-width characters,
# direction marks, invisible separators, word joiners, tag characters) are found by their
# category; these default-ignorable letters and fillers are not in it.
_INVISIBLE = frozenset("\u034f\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u180e\u180f\u3164"
                       "\uffa0\u2800")
# Between the parts of a number: spaces, line breaks (from blocks), dots, slashes, colons,
# commas and every kind of dash (`_visible` makes the other scripts' dots, dashes and
# slashes these). Up to three of them between two groups of digits.
_SOFT = " ./_\\:,-"
# (a run of white space, line breaks included, counts as one separator)
_SEPARATOR = r"(?:\s+|[" + re.escape(_SOFT.strip()) + "])"
_CHAIN = re.compile(rf"\d+(?:{_SEPARATOR}{{1,3}}\d+)*")
_DIGITS = re.compile(r"\d+")
_DIGIT_RUNS = re.compile(r"(\d+)")  # split: the runs of digits, and between them the gaps
# Where a date may be split (dd mm åå) and where the date ends (after six digits): the ways
# a CPR number is written. A line or cell boundary may only stand after the date. Not
# "25 1200 1300" (a table row as the search index reads it): {2, 6} and {4, 6} are left out.
_SPLITS = (frozenset(), frozenset({6}), frozenset({2, 4}), frozenset({2, 4, 6}))


def cpr_numbers(text: str) -> list[str]:
    """The CPR numbers (as ten digits) in a text as a reader sees it (see `reader_text`)."""
    found = []
    # (findall and split, not match objects: the gate reads every chain of digits of the
    # site, 1.1 million at 2,000 meetings, and most are dates and short numbers)
    for value in _CHAIN.findall(text):
        if len(value) < 10:
            continue
        parts = _DIGIT_RUNS.split(value)  # "", digits, gap, digits, ..., digits, ""
        runs, gaps = parts[1::2], parts[2:-1:2]
        if sum(map(len, runs)) < 10:
            continue
        for first in range(len(runs)):
            count, boundaries, hard = 0, set(), False
            for index in range(first, len(runs)):
                if index > first:
                    boundaries.add(count)
                    hard = hard or ("\n" in gaps[index - 1] and count != 6)
                count += len(runs[index])
                if count >= 10:
                    break
            if count != 10 or hard or frozenset(boundaries) not in _SPLITS:
                continue
            digits = "".join(runs[first:index + 1])
            if valid_date(int(digits[0:2]), int(digits[2:4]), int(digits[4:6])):
                found.append(digits)
    return found


def valid_date(day: int, month: int, year: int) -> bool:
    """ddmmåå is a day of the 1900s or the 2000s (a CPR number's century is in its
    seventh digit, which a check of this kind need not read)."""
    if not 1 <= month <= 12 or day < 1:
        return False
    return any(day <= calendar.monthrange(century + year, month)[1]
               for century in (1900, 2000))


def reader_text(text: str) -> str:
    """`text` as a reader sees it (`visible_text`): what is searched for CPR numbers."""
    return visible_text(text)


def visible_text(text: str) -> str:
    """NFKC, invisible characters and combining marks taken away, every kind of digit
    made 0-9 and every dash a hyphen; line breaks are kept."""
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKC", text)
    changes = {c: v for c in set(text) if not c.isascii() and (v := _visible(c)) != c}
    if len(changes) > 16:
        return text.translate({ord(c): v for c, v in changes.items()})
    for char, replacement in changes.items():  # a few kinds: one fast pass each
        text = text.replace(char, replacement)
    return text


def _visible(char: str) -> str:
    if char.isascii():
        return char
    category = unicodedata.category(char)
    if char in _INVISIBLE or category in ("Cf", "Cn", "Mn", "Me", "Mc"):
        return ""  # (unassigned code points too: a font shows nothing or a box)
    if char.isdecimal():
        return str(unicodedata.decimal(char))
    if category[0] in "PS":  # a dash, minus, bullet or dot of another script or font
        name = unicodedata.name(char, "")
        if any(word in name for word in ("DASH", "HYPHEN", "MINUS")):
            return "-"
        if any(word in name for word in ("DOT", "BULLET", "POINT")):
            return "."
        if "SOLIDUS" in name or "SLASH" in name:
            return "/"
    return char


# Reading each kind of file -------------------------------------------------------------

def html_parts(markup: str) -> tuple[str, list[str]]:
    """(the text a reader reads, the values a reader or a program can see besides: every
    attribute value, comment, processing instruction and CDATA section). Regular
    expressions over the whole document, no loop over its tags: the gate reads every page
    of an archive."""
    hidden = [m.group(1) if m.group(1) is not None else m.group(2) or ""
              for m in _COMMENT.finditer(markup)] if "<!" in markup or "<?" in markup else []
    if hidden:
        markup = _COMMENT.sub("", markup)
    if "<![CDATA[" in markup:
        markup = _CDATA.sub(lambda m: html.escape(m.group(1), quote=False), markup)
    values = "\n".join(a or b or c for a, b, c in _VALUE.findall(markup))
    if values:
        hidden.append(html.unescape(values))
    text = _ANY_TAG.sub("", _BREAK_TAG.sub(" ", _BLOCK_TAG.sub("\n", markup)))
    return html.unescape(text), hidden


def _with_url_decoded(values: Iterable[str]) -> Iterator[str]:
    for value in values:
        yield value
        if "%" in value:
            yield urllib.parse.unquote(value)


def texts_of_markup(markup: str, depth: int = 0) -> Iterator[tuple[str, str]]:
    """(where, text) for an HTML or XML document; escaped markup inside it (a feed's
    content) is read once more."""
    text, hidden = html_parts(markup)
    yield "tekst", text
    for value in _with_url_decoded(hidden):
        yield "attributter eller kommentarer", value
    if depth < 2 and "<" in text:
        yield from texts_of_markup(text, depth + 1)


# a string literal, its text captured: the loop unrolled (runs of plain characters, each
# escape a pair) matches what "((?:[^"\\]|\\.)*)" matches, three times as fast
_JSON_STRING = re.compile(r'"([^"\\]*(?:\\.[^"\\]*)*)"', re.DOTALL)
_JSON_INTEGER = re.compile(r"(?<![\w.+-])-?\d+(?![\w.])")


def texts_of_json(data: str, numbers: bool = True) -> Iterator[tuple[str, str]]:
    """Every string, and (with `numbers`) every whole number, of a JSON document, each
    on its own: they are joined with NULs, which no number reads across. (Regular
    expressions over the text instead of a walk over the parsed values: the search index
    has hundreds of thousands of them.)"""
    parts = _JSON_STRING.split(data)  # outside, string, outside, ..., outside: one pass
    joined = "\x00".join(parts[1::2])
    if "\\" in joined:
        try:
            joined = json.loads(f'"{joined}"', strict=False)
        except ValueError:
            pass  # not JSON after all: read as it is written
    if "<" in joined or "&" in joined:
        yield from texts_of_markup(joined)
    else:
        yield "tekst", joined
    if numbers:
        yield "tal", "\x00".join(_JSON_INTEGER.findall("\x00".join(parts[0::2])))


def texts_of_calendar(data: str) -> Iterator[tuple[str, str]]:
    unfolded = re.sub(r"\r?\n[ \t]", "", data)
    yield "tekst", re.sub(r"\\([nN])|\\(.)", lambda m: "\n" if m.group(1) else m.group(2),
                          unfolded)


# a bilag's text and, if it could not all be read, why (Danish)
BilagReader = Callable[[Path], "tuple[str, str | None]"]


def texts_of_file(path: Path, relative: str, bilag,
                  read_bilag: BilagReader) -> Iterator[tuple[str, str]]:
    """Every text a published file shows, each with where in the file it is."""
    suffix = Path(relative).suffix.lower()
    if relative in bilag:
        text, _error = read_bilag(path)  # the error: a warning of the caller's
        yield "bilagets tekst", text
        return
    raw = path.read_bytes()
    if suffix in (".html", ".htm", ".xml", ".svg", ".xhtml", ".atom", ".rss"):
        yield from texts_of_markup(decode(raw))
    elif suffix in (".json", ".webmanifest"):
        # the search index's numbers are the build's own (term keys, counts, lengths): its
        # words and texts are what came from the editors
        yield from texts_of_json(decode(raw), numbers=not relative.startswith(_SEARCH))
    elif suffix == ".ics":
        yield from texts_of_calendar(decode(raw))
    elif suffix in (".txt", ".css", ".js", ".mjs", ".csv", ".tsv", "", ".map") or \
            Path(relative).name.startswith("_"):
        yield "tekst", decode(raw)
    else:  # images and anything else: any digits that stand in their bytes
        yield "filens bytes", raw.decode("latin-1")


_SEARCH = urls.search().strip("/") + "/"
