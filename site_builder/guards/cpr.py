"""CPR numbers: finding them in a text as a reader would see it, and masking them.

The lowest layer of the privacy guard (privacy.py). `cpr_text` makes the copy of a text
that is searched (YAML escapes, entities, tags, Markdown escapes, soft hyphens, every kind
of space), and `cpr_spans` finds the numbers with a valid date in it; `contains_cpr` tells
whether a file or folder name has one (also as the address it becomes), `mask_cpr` hides
anything CPR-like in a message (problems.py masks every `Problem` with it), and `decode`
reads the raw bytes an editor's program saved. It depends on nothing else in site_builder
but urls.py (itself without imports of the package), so problems.py can import it.
health.py reuses its dashes (`_DASH`) for words split by a hyphen.
"""
from __future__ import annotations

import calendar
import html
import re
import unicodedata

from .. import urls

# The hyphen and what Word, HTML and full-width fonts make of it (en and em dashes, minus).
_DASH = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2043\u2212\ufe58\ufe63\uff0d"
# ddmmyy, then (optionally) a dash or spaces, or a line break with the dash on either
# side of it, then xxxx; not part of a longer number (case numbers like 2011-236434).
# Searched in the text as normalised by `cpr_text`.
_SEPARATORS = _DASH + "./,"
_CPR = re.compile(
    rf"(\d{{2}})(\d{{2}})(\d{{2}})"
    rf"(?:[ \t]*[{_DASH}][ \t]*(?:\n[ \t>]*)?|[ \t]*\n[ \t>]*(?:[{_DASH}][ \t]*)?|[ \t]+)?"
    rf"(\d{{4}})(?!\d)(?![{_SEPARATORS}]\d)")
CPR_MASK = "ddmmåå-xxxx"

# What `cpr_text` takes away or decodes: the ways a CPR number can be written so that it
# reads as one in the published page but not in the file.
_YAML_ESCAPE = re.compile(r"\\(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[_NLPtn ])")
_YAML_SIMPLE = {"_": "\u00a0", "N": " ", "L": " ", "P": " ", "t": " ", "n": " ", " ": " "}
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?")
_INLINE_TAG = re.compile(r"<(?:(br|wbr)\b[^<>\n]{0,100}|/?(?:span|b|i|em|strong|u|s|small|"
                         r"mark|sup|sub|font|a|abbr|code|del|ins|q)\b[^<>\n]{0,500})>",
                         re.IGNORECASE)
_MARKDOWN_ESCAPE = re.compile(r"\\(?=[!-/:-@\[-`{-~\n])")
# soft hyphen, zero-width spaces and joiners, word joiner, BOM; and Markdown emphasis
_DROPPED = "\u00ad\u180e\u200b\u200c\u200d\u2060\ufeff*_~`"
_SPACE_LIKE = "\t\v\f\u0085\u2028\u2029"  # what NFKC leaves of the spaces


def cpr_text(text: str) -> str:
    """A copy of `text` to search for CPR numbers (and health words) in: YAML escapes and
    HTML entities decoded, inline tags, Markdown escapes and emphasis, soft hyphens and
    zero-width characters taken away, every kind of space made a space (NFKC). Line
    breaks are kept, one for one, so the copy's line numbers are the file's. (str.replace,
    not str.translate or a regular expression: it is twenty times faster here.)"""
    if "\\" in text:
        text = _YAML_ESCAPE.sub(_yaml_escape, text)
    if "&" in text:
        text = _ENTITY.sub(_entity, text)
    if "<" in text:
        text = _INLINE_TAG.sub(lambda m: " " if m.group(1) else "", text)
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    if "\\" in text:
        text = _MARKDOWN_ESCAPE.sub("", text)
    for char in _DROPPED:
        if char in text:
            text = text.replace(char, "")
    for char in _SPACE_LIKE:
        if char in text:
            text = text.replace(char, " ")
    return text


def _yaml_escape(match: re.Match) -> str:
    code = match.group()[1:]
    if code in _YAML_SIMPLE:
        return _YAML_SIMPLE[code]
    try:
        char = chr(int(code[1:], 16))
    except (ValueError, OverflowError):
        return match.group()
    return " " if char in "\n\r" else char


def _entity(match: re.Match) -> str:
    decoded = html.unescape(match.group())
    return " " if "\n" in decoded or "\r" in decoded else decoded


def cpr_spans(text: str) -> list[tuple[int, int]]:
    """Where CPR numbers (with a valid date) are in an already normalised text."""
    spans, position = [], 0
    while True:
        match = _CPR.search(text, position)
        if match is None:
            return spans
        start = match.start()
        before = text[max(0, start - 2):start]
        if before[-1:].isdigit() or (len(before) == 2 and before[0].isdigit()
                                      and before[1] in _SEPARATORS):
            position = start + 1
            continue
        if _valid_date(*(int(g) for g in match.group(1, 2, 3))):
            spans.append((start, match.end()))
        position = match.end()


def contains_cpr(text: str) -> bool:
    """A file or folder name, or any short text, has a CPR number in it: also as the
    address makes it (010203.1234 becomes 010203-1234)."""
    return any(c.isdigit() for c in text) and bool(
        cpr_spans(cpr_text(text)) or cpr_spans(urls.slugify(text)))


def mask_cpr(text: str) -> str:
    """`text` with every CPR-looking number (ddmmåå-xxxx, whatever the date) replaced by
    the words 'ddmmåå-xxxx': for messages, which are printed in CI logs."""
    if sum(c.isdigit() for c in text) < 10:
        return text
    normalised = cpr_text(text)
    masked = _CPR_LIKE.sub(CPR_MASK, normalised)
    return text if masked == normalised else masked


# broader than _CPR: any date, and the separators a file name or its address may have
_CPR_LIKE = re.compile(r"(?<!\d)\d{6}(?:[^\w\n]|_){0,3}\d{4}(?!\d)")


def _valid_date(day: int, month: int, year: int) -> bool:
    if not 1 <= month <= 12 or day < 1:
        return False
    return any(day <= calendar.monthrange(century + year, month)[1]
               for century in (1900, 2000))


_BOMS = ((b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
         (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"), (b"\xef\xbb\xbf", "utf-8"))


def decode(raw: bytes) -> str:
    """Text as an editor's program saved it: UTF-8, or UTF-16/32 with a byte-order mark
    (Excel's "Unicode text"), or UTF-16 without one (every other byte NUL). Digits survive
    any other encoding read as UTF-8."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return raw[len(bom):].decode(encoding, "replace")
    if raw.count(0) * 3 > len(raw):  # far too many NULs for text in UTF-8
        nuls = [raw[i::4].count(0) * 4 >= len(raw) * 0.9 for i in range(4)]
        if nuls[1] and nuls[2]:
            return raw.decode("utf-32-le" if nuls[3] else "utf-32-be", "replace")
        even, odd = raw[0::2].count(0), raw[1::2].count(0)
        return raw.decode("utf-16-be" if even > odd else "utf-16-le", "replace")
    return raw.decode("utf-8", "replace")
