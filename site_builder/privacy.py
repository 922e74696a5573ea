"""The privacy guard: what must never be published, found in the editors' raw files.

Run on the raw text of every source file (front matter and body, with the file's own line
numbers) in `check` and in every build, whatever the file's publishing state:

- a CPR number (ddmmåå-xxxx or ddmmååxxxx with a valid day and month; also split over a
  line break, in a table or in a YAML comment) is an ERROR everywhere: in drafts, closed
  items and comments too, because the content files themselves live in git. The text is
  searched as a reader would see it (`cpr_text`: no-break spaces, em dashes, entities,
  soft hyphens, Markdown escapes, `<br>`, YAML escapes), and in file and folder names too;
- a health word about a person (data/helbredsord.yaml, else HEALTH_WORDS) is a WARNING,
  in content files and in data/*.yaml, whose values are published as well;
- a very small count of people (1-4) in a table about people is a WARNING. 0 is not: a
  count of nobody points at nobody.

Warnings are about what the site shows, so the text of closed items (only their number and
title are published) and YAML comments give none. An editor who has reviewed a warning
acknowledges it in the file's front matter, so it stops warning:

    gennemset:
      - diagnose        # a health word (as the warning names it)
      - små antal       # the small counts in this file's tables

Messages never repeat a CPR number: the problems are printed in CI logs. `Problem` masks
anything that looks like one (`mask_cpr`), in other checks' messages and in paths too.
"""
from __future__ import annotations

import bisect
import calendar
import functools
import html
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from . import urls
from .coerce import TRUE_WORDS, item_number
from .problems import Problems
from .source import SourceError, parse_yaml, read_yaml_file

HEALTH_WORDS_FILE = "helbredsord.yaml"
# Matched as part of a word, case-insensitively: "orlov" also finds "barselsorlov".
HEALTH_WORDS = ("sygemeld", "sygefravær", "sygdom", "orlov", "diagnos", "indlagt",
                "indlæggelse", "lægeerklæring", "helbred", "kræft", "depression")
ACK_KEY = "gennemset"
ACK_SMALL_COUNTS = ("små antal", "små tal")
SMALL_COUNTS = range(1, 5)  # under 5; 0 does not count
# Files in content/ that can be read as text: CPR numbers only (those that are not .md).
# The types that cannot be bilag (documents.BILAG_SUFFIXES) are read too, and files
# without a suffix: they are refused as bilag, but content/ is kept in git.
TEXT_SUFFIXES = {".txt", ".csv", ".tsv", ".json", ".xml", ".html", ".htm", ".xhtml", ".svg",
                 ".js", ".mjs", ".md", ".yaml", ".yml", ".ics", ".rtf", ""}

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


_PEOPLE = re.compile(
    r"\b(?:borger|person|kvind|mænd|mand\b|børn|barn\b|barnet|unge\b|voksn|bruger|beboer|"
    r"elev|anbragt|klient|patient|medarbejder|ansatte|indbygger|famili|forældre|pige|"
    r"drenge?\b)", re.IGNORECASE)
# A table's rule line under its header: |---|---| (at least one pipe). No part of a line can
# be matched two ways, so a hostile line cannot make the search slow.
_CELL = r"[ \t]*:?-+:?[ \t]*"
_TABLE_RULE_LINE = re.compile(
    rf"^(?:[ \t]*\|{_CELL}(?:\|{_CELL})*|{_CELL}(?:\|{_CELL})+)(?:\|[ \t]*)?$", re.MULTILINE)
_DECIMAL = re.compile(r"^[*_]*-?\d+,\d+[*_]*\s*%?$|.*%")
_SMALL_CELL = re.compile(r"^[*_]{0,2}([0-9])[*_]{0,2}$")
_HEADING = re.compile(r"^(#{1,6})(?:[ \t]+(.*))?$")  # text: see _heading_text
_ITEM = re.compile(r"^(\d{1,3})\.?\s+(\S.*)$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_YAML_KEY = re.compile(r"^((?:[ \t]|-(?=[ \t]))*)([^\s#:-][^:]*?):(?=\s|$)")
_WORD_CHARS = re.compile(r"\w")


@dataclass
class _Line:
    """Where a line of the file is, for messages and for what warnings skip."""

    where: str | None  # front-matter key, "punkt N", "afsnit '...'" or None
    quiet: bool = False  # never published: no warnings (closed item text, YAML comments)


@dataclass
class _Source:
    path: Path
    text: str
    kind: str  # meeting | document | data | bilag

    @functools.cached_property
    def search(self) -> str:
        """The normalised copy (`cpr_text`) searched for CPR numbers and health words."""
        return cpr_text(self.text)

    @functools.cached_property
    def _search_starts(self) -> list[int]:
        return [0] + [i + 1 for i, char in enumerate(self.search) if char == "\n"]

    def search_line_of(self, offset: int) -> int:
        return bisect.bisect_right(self._search_starts, offset)

    @functools.cached_property
    def lines(self) -> list[str]:
        return self.text.split("\n")

    @functools.cached_property
    def _starts(self) -> list[int]:
        starts, offset = [], 0
        for line in self.lines:
            starts.append(offset)
            offset += len(line) + 1
        return starts

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self._starts, offset)


def check_site(root: Path, problems: Problems, words: tuple[str, ...] | None = None,
               checked: frozenset[Path] | set[Path] = frozenset()) -> None:
    """Check every source file of the site at `root` (content/ and data/) but `checked`,
    the files already checked one by one (`check_file`, as the loader reads them)."""
    if words is None:
        words = health_words(root, problems)
    tree = {top: _tree(root / top) for top in ("content", "data")}
    check_names(root, problems, tree)
    for path, kind in _source_files(root, tree):
        if path not in checked:
            check_file(path, kind, words, problems)


def _tree(top: Path) -> list[tuple[Path, bool]]:
    """Every folder and file under `top`, sorted, each with whether it is a folder; walked
    once for both checks (an archive has thousands of bilag)."""
    found: list[tuple[Path, bool]] = []
    for directory, folders, files in os.walk(top):  # a link to a folder: not walked into
        base = Path(directory)
        found += [(base / name, True) for name in folders]
        found += [(base / name, False) for name in files]
    return sorted(found)


def check_names(root: Path, problems: Problems,
                tree: dict[str, list[tuple[Path, bool]]] | None = None) -> None:
    """A CPR number in a file or folder name under content/ or data/ is an error like one
    in a text: the names become addresses (/aftaler/aftale-0102031234/), and git keeps
    them. Only the outermost such folder is reported, not each file in it."""
    for top in ("content", "data"):
        flagged: list[Path] = []
        for path, is_folder in tree[top] if tree else _tree(root / top):
            if not contains_cpr(path.name) or \
                    any(path.is_relative_to(folder) for folder in flagged):
                continue
            folder = is_folder and not path.is_symlink()
            if folder:
                flagged.append(path)
            problems.error(path, None, None, (
                "CPR-nummer (ddmmåå-xxxx) i mappens navn" if folder else
                "CPR-nummer (ddmmåå-xxxx) i filnavnet") + ": omdøb "
                f"{'mappen' if folder else 'filen'}, så nummeret ikke står i navnet. "
                "Navne bliver til adresser på sitet, og git gemmer dem")


def check_file(path: Path, kind: str, words: tuple[str, ...], problems: Problems) -> None:
    """One file; `kind` is meeting, document (agreements and pages), data or bilag."""
    source = _read(path, kind)
    if source is not None:
        _check_source(source, words, _health_pattern(words), problems)


def health_words(root: Path, problems: Problems) -> tuple[str, ...]:
    """The secretariat's list (data/helbredsord.yaml), else the built-in one."""
    path = root / "data" / HEALTH_WORDS_FILE
    if not path.is_file():
        return HEALTH_WORDS
    if not path.resolve().is_relative_to(root.resolve()):
        problems.error(path, None, None, "filen er en genvej, der peger uden for sitets "
                       "mappe; læg selve filen her")
        return HEALTH_WORDS
    try:
        located = read_yaml_file(path)
    except SourceError as exc:
        problems.error(path, exc.line, exc.field, exc.message)
        return HEALTH_WORDS
    entries = located.value if isinstance(located.value, list) else None
    if entries is None:
        problems.error(path, located.line, None, "forventede en liste med ét ord pr. linje, "
                       "der begynder med '- ', fx '- sygemeld'")
        return HEALTH_WORDS
    words = []
    for entry in entries:
        word = entry.value.strip().lower() if isinstance(entry.value, str) else None
        if not word or len(word) < 3 or not _WORD_CHARS.match(word):
            problems.error(path, entry.line, None, "hvert ord skal være mindst tre bogstaver "
                           "og stå alene på sin linje, fx '- sygemeld'")
            continue
        words.append(word)
    return tuple(words)


@functools.lru_cache(maxsize=4)
def _health_pattern(words: tuple[str, ...]) -> re.Pattern | None:
    if not words:
        return None
    alternatives = "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))
    return re.compile(alternatives)  # searched in the lowercased text


def _source_files(root: Path, tree: dict[str, list[tuple[Path, bool]]]
                  ) -> list[tuple[Path, str]]:
    content, data = root / "content", root / "data"
    files: list[tuple[Path, str]] = []
    if content.is_dir():
        for path, is_folder in tree["content"]:
            if is_folder or path.suffix.lower() not in TEXT_SUFFIXES or not path.is_file():
                continue
            if path.suffix.lower() == ".md":
                kind = "meeting" if path.relative_to(content).parts[0] == "moeder" \
                    else "document"
            else:
                kind = "bilag"
            files.append((path, kind))
    if data.is_dir():
        files += [(p, "data") for p in sorted(data.glob("*.y*ml")) if p.is_file()]
    return files


def _read(path: Path, kind: str) -> _Source | None:
    """The file's text as the editor sees it; a file that is not UTF-8 is still checked
    (the loader reports the encoding)."""
    try:
        raw = path.read_bytes()
    except OSError:
        return None  # the loader reports files it cannot read
    text = decode(raw).replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith("\ufeff"):
        text = text[1:]
    return _Source(path, text, kind)


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


def _check_source(source: _Source, words: tuple[str, ...], health: re.Pattern | None,
                  problems: Problems) -> None:
    context = _Context(source)
    for line in _cpr_lines(source):
        problems.error(source.path, line, context.place(line).where,
                       "CPR-nummer (ddmmåå-xxxx): der står et personnummer her; slet det. "
                       "CPR-numre må aldrig offentliggøres og må heller ikke stå i kladder, "
                       "lukkede punkter eller kommentarer, for filerne gemmes i git")
    if source.kind == "bilag" or source.path.name == HEALTH_WORDS_FILE:
        return
    if health is not None:  # data/*.yaml: what it says is published (kalender, sager …)
        _health_words(source, context, words, health, problems)
    if source.kind != "data":
        _small_counts(source, context, problems)


class _Context:
    """Each line's place and the file's acknowledgements, worked out only when needed (most
    files have nothing to report)."""

    def __init__(self, source: _Source):
        self.source = source
        self._places: list[_Line] | None = None
        self._acknowledged: set[str] = set()

    def _load(self) -> None:
        if self._places is None:
            if self.source.kind == "bilag":
                self._places = [_Line("bilag")] * len(self.source.lines)
            elif self.source.kind == "data":
                self._places, self._acknowledged = _data_places(self.source)
            else:
                self._places, self._acknowledged = _places(self.source)

    def place(self, line: int) -> _Line:
        self._load()
        return self._places[line - 1]

    @property
    def acknowledged(self) -> set[str]:
        self._load()
        return self._acknowledged


def _cpr_lines(source: _Source) -> list[int]:
    """Lines where a CPR number begins."""
    return [source.search_line_of(start) for start, _end in cpr_spans(source.search)]


def _health_words(source: _Source, context: _Context, words: tuple[str, ...],
                  pattern: re.Pattern, problems: Problems) -> None:
    reported: set[tuple[int, str]] = set()
    text = source.search  # "syge&shy;meldt" and "*syge*meldt" read "sygemeldt"
    lower = text.lower()
    if not any(word in lower for word in words):
        return
    if len(lower) != len(text):  # a rare letter whose lower case is longer: keep offsets
        pattern, lower = re.compile(pattern.pattern, re.IGNORECASE), text
    for match in pattern.finditer(lower):
        line = source.search_line_of(match.start())
        start, end = match.start(), match.end()
        while start > 0 and text[start - 1].isalnum():
            start -= 1
        while end < len(text) and text[end].isalnum():
            end += 1
        found = text[start:end]
        word = found.lower()
        if (line, word) in reported or context.place(line).quiet \
                or _acknowledged(word, context.acknowledged):
            continue
        reported.add((line, word))
        if source.kind == "data":
            advice = ("Fjern det. Er det gennemset og i orden, så skriv en kommentar "
                      f"'# {ACK_KEY}: {word}' i filen")
        else:
            advice = ("Fjern det, eller luk punktet (lukket: ja). Er det gennemset og i "
                      f"orden, så skriv {word} under {ACK_KEY}: i filens front matter")
        problems.warning(
            source.path, line, context.place(line).where,
            f"helbredsoplysning? '{found}' kan handle om en navngiven persons helbred "
            f"eller fravær. {advice}")


def _acknowledged(word: str, acknowledged: set[str]) -> bool:
    """An acknowledgement names the word as found, or a listed word it contains."""
    return word in acknowledged or any(a in word for a in acknowledged if len(a) >= 3)


def _small_counts(source: _Source, context: _Context, problems: Problems) -> None:
    if "|" not in source.text or "-" not in source.text:
        return
    lines = source.lines
    after = -1
    for rule in _TABLE_RULE_LINE.finditer(source.text):
        index = source.line_of(rule.start()) - 1
        if index < 1 or index <= after or "|" not in lines[index - 1]:
            continue
        header = lines[index - 1]
        caption = _caption_before(lines, index - 1)
        about_people = bool(_PEOPLE.search(header) or _PEOPLE.search(caption))
        rows: list[tuple[int, list[str]]] = []
        after = index + 1
        while after < len(lines) and "|" in lines[after] and lines[after].strip():
            rows.append((after + 1, _cells(lines[after])))
            after += 1
        if any(_DECIMAL.match(cell) for _, cells in rows for cell in cells[1:]):
            continue  # rates, amounts or percentages: not counts of people
        small = [line for line, cells in rows
                 if cells and (about_people or _PEOPLE.search(cells[0]))
                 and any(_is_small(c) for c in cells[1:]) and not context.place(line).quiet]
        if small and not context.acknowledged.intersection(ACK_SMALL_COUNTS):
            problems.warning(
                source.path, small[0], context.place(small[0]).where,
                "små antal: tabellen viser 1-4 personer i en celle, og så små tal kan pege på "
                "enkeltpersoner. Slå rækker sammen eller skriv fx 'under 5'; er tabellen "
                f"gennemset og i orden, så skriv 'små antal' under {ACK_KEY}: i filens "
                "front matter")


def _caption_before(lines: list[str], header: int) -> str:
    """The paragraph line just before a table (its caption, or the sentence that leads in)."""
    for index in range(header - 1, max(header - 3, -1), -1):
        if lines[index].strip():
            return lines[index]
    return ""


def _cells(line: str) -> list[str]:
    text = line.strip()
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|") and not text.endswith("\\|"):
        text = text[:-1]
    return [c.strip() for c in re.split(r"(?<!\\)\|", text)]


def _is_small(cell: str) -> bool:
    match = _SMALL_CELL.match(cell)
    return bool(match) and int(match.group(1)) in SMALL_COUNTS


def _valid_date(day: int, month: int, year: int) -> bool:
    if not 1 <= month <= 12 or day < 1:
        return False
    return any(day <= calendar.monthrange(century + year, month)[1]
               for century in (1900, 2000))


# Where each line is ------------------------------------------------------------------------

def _places(source: _Source) -> tuple[list[_Line], set[str]]:
    """Each line's location, and the words acknowledged under `gennemset:`."""
    lines = source.lines
    places = [_Line(None) for _ in lines]
    body_start = 0
    front = ""
    if lines and lines[0].strip() == "---":
        end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")),
                   None)
        if end is not None:
            front = "\n".join(lines[1:end])
            _front_matter_places(lines, end, places)
            body_start = end + 1
    closed, acknowledged = _front_matter_facts(front)
    if source.kind == "meeting":
        _meeting_places(lines, body_start, closed, places)
    else:
        _document_places(lines, body_start, places)
    return places, acknowledged


_DATA_ACK = re.compile(rf"^\s*#\s*{ACK_KEY}\s*:(.*)$", re.IGNORECASE)


def _data_places(source: _Source) -> tuple[list[_Line], set[str]]:
    """A data file's lines: comments are never published (quiet); a comment
    '# gennemset: sygemeldt, diagnose (why, who)' acknowledges words for the whole file."""
    places, acknowledged = [], set()
    for line in source.lines:
        comment = line.lstrip().startswith("#")
        places.append(_Line(None, quiet=comment))
        match = _DATA_ACK.match(line) if comment else None
        if match:
            words = match.group(1).split("(")[0]  # "kræft, diagnose (why; who)"
            acknowledged |= {w.lower() for w in re.findall(r"\w{3,}", words)}
    return places, acknowledged


def _front_matter_places(lines: list[str], end: int, places: list[_Line]) -> None:
    stack: list[tuple[int, str]] = []
    places[0] = places[end] = _Line(None, quiet=True)
    for index in range(1, end):
        line = lines[index]
        if line.lstrip().startswith("#"):
            inside = line[:1].isspace() and ".".join(k for _, k in stack) or None
            places[index] = _Line(inside, quiet=True)
            continue
        match = _YAML_KEY.match(line)
        if match:
            indent = len(match.group(1))
            while stack and stack[-1][0] >= indent:
                stack.pop()
            stack.append((indent, match.group(2).strip().strip("'\"")))
        elif line.strip() and not line[:1].isspace() and not line.startswith("-"):
            stack = []
        where = ".".join(k for _, k in stack) or None
        places[index] = _Line(where, quiet=bool(stack) and stack[0][1] == ACK_KEY)


def _front_matter_facts(front: str) -> tuple[set[int], set[str]]:
    """Closed item numbers and acknowledged words; an unreadable front matter (reported by
    the loader) has neither."""
    if "lukket" not in front and ACK_KEY not in front:
        return set(), set()
    try:
        values = parse_yaml(front, 2).value
    except SourceError:
        return set(), set()
    if not isinstance(values, dict):
        return set(), set()
    closed: set[int] = set()
    items = values.get("punkter")
    if items is not None and isinstance(items.value, dict):
        # The numbers as coerce.py reads them; an item under two keys ("2:" and "02:", an
        # error) counts as closed only if every key says so: its text gets the warnings.
        flags: dict[int, list[bool]] = {}
        for key, props in items.value.items():
            number = item_number(key)
            if number is None:
                continue
            flag = props.value.get("lukket") if isinstance(props.value, dict) else None
            flags.setdefault(number, []).append(
                flag is not None and isinstance(flag.value, str)
                and flag.value.strip().lower() in TRUE_WORDS)
        closed = {number for number, said in flags.items() if all(said)}
    acknowledged: set[str] = set()
    ack = values.get(ACK_KEY)
    entries = [] if ack is None else ack.value if isinstance(ack.value, list) else [ack]
    for entry in entries:
        if isinstance(entry.value, str) and entry.value.strip():
            acknowledged.add(entry.value.strip().lower())
    return closed, acknowledged


def _meeting_places(lines: list[str], start: int, closed: set[int],
                    places: list[_Line]) -> None:
    where, quiet, item = "indledning", False, None
    in_fence = False
    for index in range(start, len(lines)):
        line = lines[index]
        if _FENCE.match(line):
            in_fence = not in_fence
        match = None if in_fence else _HEADING.match(line)
        heading_quiet = quiet
        text = _heading_text(match) if match else ""
        if text:
            level = len(match.group(1))
            item_match = _ITEM.match(text) if level == 2 else None
            if level == 1:
                where, quiet, item = f"gruppe '{text}'", False, None
                heading_quiet = False
            elif item_match:
                item = int(item_match.group(1))
                where, quiet = f"punkt {item}", item in closed
                heading_quiet = False  # a closed item's title is published
            elif level == 3 and item is not None:
                where = f"punkt {item}, {text}"
                heading_quiet = quiet
        places[index] = _Line(where, heading_quiet if match else quiet)


def _heading_text(match: re.Match) -> str:
    """A heading's text without a closing "##" (string methods: a regular expression for
    this can take minutes on a hostile line)."""
    return (match.group(2) or "").rstrip(" \t").rstrip("#").strip()


def _document_places(lines: list[str], start: int, places: list[_Line]) -> None:
    where = "indledning"
    in_fence = False
    for index in range(start, len(lines)):
        line = lines[index]
        if _FENCE.match(line):
            in_fence = not in_fence
        match = None if in_fence else _HEADING.match(line)
        if match and _heading_text(match) and len(match.group(1)) == 2:
            where = f"afsnit '{_heading_text(match)}'"
        places[index] = _Line(where)
