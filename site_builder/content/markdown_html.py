"""The one Markdown set-up: Markdown -> safe HTML for the site's pages.

Markdown is GitHub's (cmark-gfm through `cmarkgfm`, with tables, strikethrough and
autolinks): editors often write in GitHub's web editor, and its preview then shows what
the site will show. It is also about thirty times faster than Python-Markdown on a
15-year archive (benchmarks/run.py).

Editors paste from Word, so raw HTML is allowed in, then sanitised with nh3 (Ammonia):
tables and lists survive; scripts, event handlers, `javascript:` URLs, inline styles and
iframes do not. What the site adds is done on the sanitised HTML, whose tags nh3 has
rewritten in one regular form: a paragraph "Tabel 1. ..." right before a table becomes its
caption, header cells get scope="col", and headings are renumbered to fit the page.

Danish dates are kept as written: a line that begins with "16. juni" or "1. januar 2021"
is to CommonMark (and so to GitHub's preview) an ordered list that starts at 16 or 1, and
the day would turn into a list number. Where cmark-gfm reads a list that way - a list whose
first item begins with a month's name, its number a day (1-31) - the dot is escaped
(`16\\. juni`) before the text is rendered, so the page shows the date; `escaped_dates`
names those lines, so `check` can tell the editor to write the escape, which GitHub's
preview needs too (editor_checks.py). A real numbered list of months can be written with
")" (`1) Januar`).
"""
from __future__ import annotations

import ctypes
import html
import re
from dataclasses import dataclass

import nh3
from cmarkgfm import _cmark
from cmarkgfm.cmark import Options, markdown_to_html_with_extensions

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd",
    "strong", "em", "b", "i", "u", "s", "del", "sub", "sup", "small", "mark", "a", "abbr",
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
CLEAN_CONTENT_TAGS = {"script", "style", "iframe", "object", "embed", "template",
                      "noscript", "svg", "math"}
# Raw HTML is let through to nh3, which decides what stays; GitHub's extensions but the
# task list (its check boxes would be removed anyway).
_CMARK_OPTIONS = Options.CMARK_OPT_UNSAFE
_CMARK_EXTENSIONS = ("table", "strikethrough", "autolink")
_CLEANER = nh3.Cleaner(tags=ALLOWED_TAGS, clean_content_tags=CLEAN_CONTENT_TAGS,
                       attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES,
                       link_rel=None, strip_comments=True)



class _CmarkMemory(ctypes.Structure):
    _fields_ = [("calloc", ctypes.c_void_p), ("realloc", ctypes.c_void_p),
                ("free", ctypes.CFUNCTYPE(None, ctypes.c_void_p))]


def _cmark_freeing() -> tuple | None:
    """cmark-gfm's cmark_node_free and its allocator's free, which cmarkgfm does not offer;
    None where they cannot be had (then the library's own wrapper is used)."""
    try:
        library = ctypes.CDLL(_cmark.__file__)
        library.cmark_node_free.argtypes = [ctypes.c_void_p]
        library.cmark_node_free.restype = None
        library.cmark_get_default_mem_allocator.restype = ctypes.POINTER(_CmarkMemory)
        memory = library.cmark_get_default_mem_allocator().contents
        extensions = []
        _cmark.lib.cmark_gfm_core_extensions_ensure_registered()
        for name in _CMARK_EXTENSIONS:
            extension = _cmark.lib.cmark_find_syntax_extension(name.encode())
            if extension == _cmark.ffi.NULL:
                return None
            extensions.append(extension)
        return library.cmark_node_free, memory.free, tuple(extensions)
    except (OSError, AttributeError, ValueError):
        return None


_FREEING = _cmark_freeing()


def _cmark_html(text: str, options: int) -> str:
    """cmark-gfm's HTML with the extensions: what cmarkgfm's markdown_to_html_with_extensions
    gives, but the syntax tree and the HTML are freed after use (cmarkgfm keeps both, about
    twelve times the text's size on every call, which a large archive makes gigabytes) and
    the extensions are looked up once."""
    if _FREEING is None:
        return markdown_to_html_with_extensions(text, options=options,
                                                extensions=_CMARK_EXTENSIONS)
    lib, ffi = _cmark.lib, _cmark.ffi
    node_free, free, extensions = _FREEING
    encoded = text.encode("utf-8")
    parser = lib.cmark_parser_new(options)
    try:
        for extension in extensions:
            lib.cmark_parser_attach_syntax_extension(parser, extension)
        lib.cmark_parser_feed(parser, encoded, len(encoded))
        root = lib.cmark_parser_finish(parser)
        try:
            if lib.cmark_node_get_type(root) == lib.CMARK_NODE_NONE:
                raise ValueError("Error parsing markdown!")
            raw = lib.cmark_render_html(root, options,
                                        lib.cmark_parser_get_syntax_extensions(parser))
            try:
                return ffi.string(raw).decode("utf-8")
            finally:
                free(int(ffi.cast("uintptr_t", raw)))
        finally:
            node_free(int(ffi.cast("uintptr_t", root)))
    finally:
        lib.cmark_parser_free(parser)


_TAGS = re.compile(r"<[^>]+>")
# Block elements nh3 removes (keeping their text) become <div>s first, so the words on
# either side do not run together: "<section>A</section><section>B</section>" reads "A B",
# not "AB" (tests/test_conservation.py). A quoted attribute with < or > in it is left to nh3.
_STRIPPED_BLOCK = re.compile(
    r"<(/?)(?:address|article|aside|center|details|dialog|fieldset|figcaption|figure|footer|"
    r"form|h1|header|hgroup|legend|main|menu|nav|search|section|summary)(?=[\s/>])"
    r"(?:[^<>\"']|\"[^\"<>]*\"|'[^'<>]*')*>", re.IGNORECASE)
_TABLE_TAG = re.compile(r"<table>|</table>")
_WHOLE_TABLE = re.compile(r"<table>(.*)</table>", re.DOTALL)
# In nh3's output a tag is written one way only: "<p>", "<table>", "<th colspan=\"2\">".
_CAPTION_PARAGRAPH = re.compile(r"<p>((?i:tabel)\b[^<\n]*)</p>(\s*)<table>")
_HEAD = re.compile(r"<thead>.*?</thead>", re.DOTALL)
_HEADER_CELL = re.compile(r"<th(?![^>]*\bscope=)(?=[ >])")
_HEADING_TAG = re.compile(r"<(/?)h([1-6])>")
_PLAIN_CELL = re.compile(r"<td>([^<]*)</td>")
_NUMBER = re.compile(r"[-+\u2212]?(?:\d{1,3}(?:[. ]\d{3})+|\d+)(?:,\d+)?(?: ?%)?\*{0,2}")


def render(text: str, parent_level: int) -> str:
    """Editors' Markdown as sanitised HTML; its headings are renumbered to nest under a page
    heading of `parent_level` (see `_outline`). Dates that begin a line stay dates."""
    _check_nesting(text)
    text = escape_dates(text)[0]
    raw = _cmark_html(text, _CMARK_OPTIONS)
    raw = _images_as_text(_words_in_angle_brackets(raw))
    clean = _CLEANER.clean(_STRIPPED_BLOCK.sub(r"<\1div>", raw))
    return wrap_tables(_outline(_numbers(_header_scopes(_captions(clean))),
                                parent_level)).strip()


# Every element name of HTML (and the old ones browsers still know): `<kontaktpersonen>` is
# none of them, so it is a word in angle brackets, shown as written, not a tag the sanitiser
# would remove with nothing left. Names with a hyphen or colon (custom elements, Word's
# <o:p>) are tags.
HTML_ELEMENTS = frozenset("""a abbr acronym address area article aside audio b base basefont
    bdi bdo bgsound big blink blockquote body br button canvas caption center cite code col
    colgroup data datalist dd del details dfn dialog dir div dl dt em embed fieldset
    figcaption figure font footer form frame frameset h1 h2 h3 h4 h5 h6 head header hgroup hr
    html i iframe image img input ins isindex kbd keygen label legend li link listing main map
    mark marquee math menu menuitem meta meter multicol nav nextid nobr noembed noframes
    noscript object ol optgroup option output p param picture plaintext pre progress q rb rp
    rt rtc ruby s samp script search section select slot small source spacer span strike
    strong style sub summary sup svg table tbody td template textarea tfoot th thead time
    title tr track tt u ul var video wbr xmp""".split())
_ANGLE_WORD = re.compile(r"<(/?)([a-zA-ZæøåÆØÅ][a-zA-Z0-9æøåÆØÅ]*)>")
_IMAGE = re.compile(r"<img\b(?:[^<>\"']|\"[^\"]*\"|'[^']*')*>", re.IGNORECASE)
_ALT = re.compile(r"""\balt\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)


def _words_in_angle_brackets(fragment: str) -> str:
    """`<kontaktpersonen>` in the text is shown as written (tests/test_conservation.py)."""
    if "<" not in fragment:
        return fragment
    if all(name.lower() in HTML_ELEMENTS for _slash, name in set(_ANGLE_WORD.findall(fragment))):
        return fragment  # the usual case: only cmark's own tags, nothing to escape
    return _ANGLE_WORD.sub(lambda m: m.group() if m.group(2).lower() in HTML_ELEMENTS
                           else html.escape(m.group()), fragment)


def _images_as_text(fragment: str) -> str:
    """The site shows no images in the text (only as bilag); an image's text is shown in
    their place, "[Billede: ...]", so no word the editor wrote is lost."""
    if "<img" not in fragment.lower():
        return fragment

    def text(match: re.Match) -> str:
        alt = _ALT.search(match.group())
        words = next((g for g in alt.groups() if g is not None), "").strip() if alt else ""
        return f"<span>[Billede{': ' + words if words else ''}]</span>"
    return _IMAGE.sub(text, fragment)


def _captions(fragment: str) -> str:
    """A one-line paragraph "Tabel ..." right before a table becomes the table's caption."""
    if "<table>" not in fragment:
        return fragment
    return _CAPTION_PARAGRAPH.sub(
        lambda m: f"{m.group(2).lstrip()}<table><caption>{m.group(1).strip()}</caption>",
        fragment)


def _header_scopes(fragment: str) -> str:
    if "<thead>" not in fragment:
        return fragment
    return _HEAD.sub(lambda m: _HEADER_CELL.sub('<th scope="col"', m.group()), fragment)


def _numbers(fragment: str) -> str:
    """A table cell that holds just a number ("12", "1.234", "92,1", "5 %", "2.719*") gets
    class="num", so figures line up on the right (10-base.css)."""
    if "<td>" not in fragment:
        return fragment
    return _PLAIN_CELL.sub(
        lambda m: f'<td class="num">{m.group(1)}</td>'
        if _NUMBER.fullmatch(m.group(1).strip()) else m.group(), fragment)


def _outline(fragment: str, parent_level: int) -> str:
    """Headings nest under the page's heading at `parent_level` and skip no level, however
    the editor numbered them (screen readers navigate minutes by heading level)."""
    if "<h" not in fragment:
        return fragment
    open_headings: list[tuple[int, int]] = []  # (level written, level given)

    def renumber(match: re.Match) -> str:
        closing, written = match.group(1), int(match.group(2))
        if closing:  # headings do not nest: this closes the last one opened
            return f"</h{open_headings[-1][1]}>" if open_headings else match.group()
        while open_headings and open_headings[-1][0] >= written:
            open_headings.pop()
        level = min(6, (open_headings[-1][1] if open_headings else parent_level) + 1)
        open_headings.append((written, level))
        return f"<h{level}>"

    return _HEADING_TAG.sub(renumber, fragment)


MONTHS = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august",
          "september", "oktober", "november", "december")
_MONTH = "(?:" + "|".join(MONTHS) + ")"
# A line that may begin a list with a date: list markers and quote signs, then "16. juni".
# Only texts with such a line are rendered a second time to see what cmark made of them.
_DATE_LINE = re.compile(rf"^[ \t>*+\-0-9.)]*?\d{{1,2}}\.[ \t]+{_MONTH}\b",
                        re.MULTILINE | re.IGNORECASE)
# In cmark's output with source positions: an ordered list whose first item begins with a
# month, and where its marker stands (line:column, 1-based; columns count bytes).
_DATE_LIST = re.compile(
    rf'<ol (?:start="(\d+)" )?data-sourcepos="(\d+):(\d+)-[^"]*">\s*<li data-sourcepos="[^"]*">'
    rf'\s*(?:<p data-sourcepos="[^"]*">)?({_MONTH})\b', re.IGNORECASE)
_DAY_MARKER = re.compile(rf"(\d{{1,2}})\.(?=[ \t]+{_MONTH}\b)", re.IGNORECASE)
_MONTH_AFTER = re.compile(rf"[ \t]+({_MONTH})", re.IGNORECASE)
_MAX_DATE_ROUNDS = 20  # escaping one date never makes another list; this is a safe bound


@dataclass(frozen=True)
class ListedDate:
    """A date that began a line, read by CommonMark as a list number (`escape_dates`)."""

    line: int  # 1-based, in the text given
    date: str  # as written, e.g. "16. juni"

    @property
    def escaped(self) -> str:
        day, _, month = self.date.partition(".")
        return f"{day}\\.{month}"


def escape_dates(text: str) -> tuple[str, list[ListedDate]]:
    """The text with a backslash before the dot of every date that CommonMark would read as
    the number of an ordered list ("16. juni: ..." -> "16\\. juni: ..."), and those dates.
    Code blocks, raw HTML and real numbered lists are left as they are: cmark-gfm itself
    says which lines begin a list."""
    if not _DATE_LINE.search(text):
        return text, []
    found: list[ListedDate] = []
    for _round in range(_MAX_DATE_ROUNDS):
        raw = _cmark_html(text, _CMARK_OPTIONS | Options.CMARK_OPT_SOURCEPOS)
        lines = text.split("\n")
        changed = False
        for match in _DATE_LIST.finditer(raw):
            if not 1 <= int(match.group(1) or "1") <= 31:
                continue
            number, column = int(match.group(2)), int(match.group(3))
            if number > len(lines):
                continue
            line = lines[number - 1]
            start = len(line.encode("utf-8")[:column - 1].decode("utf-8", "ignore"))
            marker = _DAY_MARKER.match(line, start)
            if marker is None:
                continue
            month = _MONTH_AFTER.match(line, marker.end())
            found.append(ListedDate(number, f"{marker.group(1)}. {month.group(1)}"))
            lines[number - 1] = line[:marker.end() - 1] + "\\" + line[marker.end() - 1:]
            changed = True
        if not changed:
            break
        text = "\n".join(lines)
    return text, sorted(found, key=lambda d: d.line)


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
    """The visible text of an HTML fragment, for search and summaries: one line, runs of
    white space (str.isspace, which is what the pattern \\s matches) as one space."""
    text = _TAGS.sub(" ", fragment)
    if "&" in text:
        text = html.unescape(text)
    return " ".join(text.split())
