"""The privacy guard: what must never be published, found in the editors' raw files.

Run on the raw text of every source file (front matter and body, with the file's own line
numbers) in `check` and in every build, whatever the file's publishing state:

- a CPR number (ddmmåå-xxxx or ddmmååxxxx with a valid day and month; also split over a
  line break, in a table or in a YAML comment) is an ERROR everywhere: in drafts, closed
  items and comments too, because the content files themselves live in git. The text is
  searched as a reader would see it (`cpr_text`: no-break spaces, em dashes, entities,
  soft hyphens, Markdown escapes, `<br>`, YAML escapes), and in file and folder names too;
- a health word (illness, diagnosis, mental health, addiction, pregnancy, sick leave: the
  list in data/helbredsord.yaml, else HEALTH_WORDS) in the same sentence as a named person
  is an ERROR in what is published: content files and data/*.yaml. A named person is a
  name from a meeting's deltagere/afbud/referent or a body's medlemmer, or a capitalised
  first and last name ("Hanne Jensen"), a known first name, or a title and a name
  ("formand Jensen"); not an organisation or a place. The same words in a general sentence
  ("borgere med en dobbeltdiagnose", "sygefraværet i kommunerne") give no message at all.
  Split and look-alike spellings are found as for CPR numbers (soft hyphens, tags,
  "syge-meldt", "syge meldt", Cyrillic and Greek letters that look Latin);
- a very small count of people (1-4) in a table about people is a WARNING. 0 is not: a
  count of nobody points at nobody.

What a reader never sees gives no health error or warning: the text of closed items (only
their number and title are published) and YAML comments. An editor who has reviewed a
finding acknowledges it in the file's front matter, with the reason:

    gennemset:
      - sygemeldt: navngivet med samtykke (AB, 2026-12-01)   # a health word and why
      - små antal                   # the small counts in this file's tables

and in a data file with a comment: '# gennemset: kræft: kræftplanen, ikke en person (AB)'.

The check of a file (`check_file`, run as the file is read, in a worker and cached) finds
the sentences with a health word; who counts as a named person is known only when every
file has been read, so `check_site` decides (`_report_named_health`).

Messages never repeat a CPR number: the problems are printed in CI logs. `Problem` masks
anything that looks like one (`mask_cpr`), in other checks' messages and in paths too. For
the same reason a health error names the word and how the name was recognised, not the
name.
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
from typing import Iterable

from .. import urls
from ..content.coerce import TRUE_WORDS, item_number
from ..content.source import Located, SourceError, parse_yaml, read_yaml_file
from ..problems import Problems

HEALTH_WORDS_FILE = "helbredsord.yaml"
FIRST_NAMES_FILE = "fornavne.yaml"  # a site's own first names, besides FIRST_NAMES
# Matched as part of a word, case-insensitively: "orlov" also finds "barselsorlov", "syg"
# finds "sygdom" and "psykisk syg" (but see _NOT_HEALTH: not "sygehus").
HEALTH_WORDS = (
    # illness and sick leave
    "syg", "sygemeld", "sygefravær", "sygeorlov", "sygdom", "raskmeld", "lægeerklæring",
    "helbred", "indlagt", "indlæggelse", "diagnos", "kræft", "cancer", "blodprop",
    "hjerneblødning", "hjerneskade", "sclerose", "epilep", "handicap", "udviklingshæm",
    "autis", "adhd", "demens",
    # mental health
    "psykisk", "psykiatrisk", "depression", "deprimeret", "stress", "angst", "psykose",
    "skizofren", "bipolar", "spiseforstyrr", "selvmord",
    # addiction
    "misbrug", "alkoholi", "narkoman", "afvænning", "abstinens", "ludoman",
    # pregnancy and leave
    "gravid", "barsel", "svangerskab", "abort", "orlov",
)
# How far from a health word a name counts as being in its sentence, at most (characters)
SENTENCE_REACH = 400
MAX_PER_LINE = 100  # sentences with the same health word kept from one line (hostile files)
ACK_KEY = "gennemset"
ACK_SMALL_COUNTS = ("små antal", "små tal")
ACK_EXAMPLE = "- sygemeldt: navngivet med samtykke (AB, 2026-12-01)"
DATA_ACK_EXAMPLE = "# gennemset: kræft: kræftplanen, ikke en person (AB, 2026-12-01)"
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
               checked: frozenset[Path] | set[Path] = frozenset(),
               facts: Iterable[FileFacts | None] = ()) -> None:
    """Check every source file of the site at `root` (content/ and data/) but `checked`,
    the files already checked one by one (`check_file`, as the loader reads them, which
    gave their `facts`); then report the health words beside named people in them all."""
    if words is None:
        words = health_words(root, problems)
    tree = {top: _tree(root / top) for top in ("content", "data")}
    check_names(root, problems, tree)
    first = first_names(root, problems)
    found = [f for f in facts if f is not None]
    for path, kind in _source_files(root, tree):
        if path not in checked:
            found.append(check_file(path, kind, words, problems))
    _report_named_health(root, found, first, problems)


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


def check_file(path: Path, kind: str, words: tuple[str, ...], problems: Problems
               ) -> FileFacts:
    """One file; `kind` is meeting, document (agreements and pages), data or bilag. What it
    says about health, and who it names, go to `check_site` (they are kept in the cache)."""
    source = _read(path, kind)
    if source is None:
        return FileFacts()
    return _check_source(source, words, problems)


def health_words(root: Path, problems: Problems) -> tuple[str, ...]:
    """The secretariat's list (data/helbredsord.yaml), else the built-in one."""
    return _word_list(root / "data" / HEALTH_WORDS_FILE, root, problems, HEALTH_WORDS,
                      "- sygemeld", lower=True)


def first_names(root: Path, problems: Problems) -> frozenset[str]:
    """Common Danish first names (FIRST_NAMES) and the site's own (data/fornavne.yaml)."""
    own = _word_list(root / "data" / FIRST_NAMES_FILE, root, problems, (), "- Hanne",
                     lower=False)
    return frozenset(FIRST_NAMES) | frozenset(own)


def _word_list(path: Path, root: Path, problems: Problems, default: tuple[str, ...],
               example: str, lower: bool) -> tuple[str, ...]:
    """One word a line: health words (at least three letters, lowercased) or first names
    (at least two, as written)."""
    shortest = 3 if lower else 2
    if not path.is_file():
        return default
    if not path.resolve().is_relative_to(root.resolve()):
        problems.error(path, None, None, "filen er en genvej, der peger uden for sitets "
                       "mappe; læg selve filen her")
        return default
    try:
        located = read_yaml_file(path)
    except SourceError as exc:
        problems.error(path, exc.line, exc.field, exc.message)
        return default
    entries = located.value if isinstance(located.value, list) else None
    if entries is None:
        problems.error(path, located.line, None, "forventede en liste med ét ord pr. linje, "
                       f"der begynder med '- ', fx '{example}'")
        return default
    words = []
    for entry in entries:
        word = entry.value.strip() if isinstance(entry.value, str) else None
        if not word or len(word) < shortest or not _WORD_CHARS.match(word):
            problems.error(path, entry.line, None, "hvert ord skal være mindst "
                           f"{'tre' if lower else 'to'} bogstaver og stå alene på sin linje, "
                           f"fx '{example}'")
            continue
        words.append(word.lower() if lower else word)
    return tuple(words)


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


def _check_source(source: _Source, words: tuple[str, ...], problems: Problems) -> FileFacts:
    context = _Context(source)
    for line in _cpr_lines(source):
        problems.error(source.path, line, context.place(line).where,
                       "CPR-nummer (ddmmåå-xxxx): der står et personnummer her; slet det. "
                       "CPR-numre må aldrig offentliggøres og må heller ikke stå i kladder, "
                       "lukkede punkter eller kommentarer, for filerne gemmes i git")
    if source.kind == "bilag" or source.path.name in (HEALTH_WORDS_FILE, FIRST_NAMES_FILE):
        return FileFacts()
    if ACK_KEY in source.text:
        _check_acknowledgements(source, context, problems)
    # data/*.yaml too: what it says is published (kalender, sager …)
    sentences = _health_sentences(source, context, words)
    if source.kind != "data":
        _small_counts(source, context, problems)
    names = _front_matter_names(source) if source.kind == "meeting" else ()
    return FileFacts(names, sentences)


class _Context:
    """Each line's place and the file's acknowledgements, worked out only when needed (most
    files have nothing to report)."""

    def __init__(self, source: _Source):
        self.source = source
        self._places: list[_Line] | None = None
        self._acks: list[_Ack] = []

    def _load(self) -> None:
        if self._places is None:
            if self.source.kind == "bilag":
                self._places = [_Line("bilag")] * len(self.source.lines)
            elif self.source.kind == "data":
                self._places, self._acks = _data_places(self.source)
            else:
                self._places, self._acks = _places(self.source)

    def place(self, line: int) -> _Line:
        self._load()
        return self._places[line - 1]

    @property
    def acks(self) -> list[_Ack]:
        self._load()
        return self._acks

    @functools.cached_property
    def acknowledged(self) -> set[str]:
        return {word for ack in self.acks for word in ack.words}


def _cpr_lines(source: _Source) -> list[int]:
    """Lines where a CPR number begins."""
    return [source.search_line_of(start) for start, _end in cpr_spans(source.search)]


# Acknowledgements: `gennemset:` -------------------------------------------------------------

@dataclass(frozen=True)
class _Ack:
    """One acknowledgement: the words it covers (none: it could not be read) and why."""

    words: tuple[str, ...]
    reason: str
    line: int | None


# "sygemeldt: why", "kræft, diagnose (why)", "orlov – why"; YAML makes the first a mapping
# in front matter, but a comment or a quoted entry keeps it as text
_ACK_SEPARATOR = re.compile(r"\s*(?::|\(|\s[–—-]\s)\s*")


def _ack(text: str, line: int | None) -> _Ack:
    match = _ACK_SEPARATOR.search(text)
    head, reason = (text[:match.start()], text[match.end():]) if match else (text, "")
    if match and match.group().strip() == "(":
        reason = reason.rstrip().removesuffix(")")
    words = tuple(w.strip().lower() for w in head.split(",") if w.strip())
    return _Ack(words, reason.strip(), line)


def _ack_entry(entry: Located) -> _Ack:
    """An entry under `gennemset:` in front matter: '- ord: begrundelse' (a mapping to
    YAML) or text."""
    value = entry.value
    if isinstance(value, str):
        return _ack(value, entry.line)
    if isinstance(value, dict) and len(value) == 1:
        (key, reason), = value.items()
        if reason.value is None or isinstance(reason.value, str):
            return _Ack(_ack(str(key), entry.line).words, (reason.value or "").strip(),
                        entry.line)
    return _Ack((), "", entry.line)


def _has_reason(reason: str) -> bool:
    return sum(char.isalpha() for char in reason) >= 3


def _check_acknowledgements(source: _Source, context: _Context, problems: Problems) -> None:
    """Every acknowledgement of a health word says why: it lets a named person's health be
    published. `små antal` needs no reason (it is a warning)."""
    data = source.kind == "data"
    for ack in context.acks:
        field_name = None if data else ACK_KEY
        if not ack.words:
            problems.error(source.path, ack.line, field_name, (
                f"forventede ét ord og en begrundelse pr. linje, fx '{ACK_EXAMPLE}' eller "
                "'- små antal'"))
            continue
        health = [w for w in ack.words if w not in ACK_SMALL_COUNTS]
        if health and not _has_reason(ack.reason):
            example = (f"'# {ACK_KEY}: {health[0]}: kræftplanen, ikke en person "
                       "(AB, 2026-12-01)'" if data else
                       f"'- {health[0]}: navngivet med samtykke (AB, 2026-12-01)'")
            problems.error(source.path, ack.line, field_name, (
                f"{'gennemset: ' if data else ''}'{', '.join(health)}' mangler en "
                "begrundelse: skriv efter ordet, hvorfor teksten må offentliggøres, og hvem "
                f"der har vurderet det, fx {example}"))


# Health words: the sentences they stand in ------------------------------------------------

@dataclass(frozen=True)
class HealthSentence:
    """A published sentence with a health word about someone: an error if it names a
    person (`_report_named_health`)."""

    path: Path
    line: int
    where: str | None
    found: str  # the word as written (look-alike letters read as Latin ones)
    word: str  # lowercased, without a hyphen or space inside: for `gennemset:`
    sentence: str
    kind: str  # meeting | document | data


@dataclass(frozen=True)
class FileFacts:
    """What one file tells the site-wide health check: the people its front matter names
    (deltagere, afbud, referent) and its sentences with a health word."""

    names: tuple[str, ...] = ()
    sentences: tuple[HealthSentence, ...] = ()


def _health_sentences(source: _Source, context: _Context, words: tuple[str, ...]
                      ) -> tuple[HealthSentence, ...]:
    if not words:
        return ()
    text = _health_text(source.search)  # "syge&shy;meldt", "*syge*meldt": "sygemeldt"
    lower = text.lower()
    if len(lower) != len(text):  # a rare letter whose lower case is longer: keep offsets
        lower = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    squeezed = lower
    for char in _SQUEEZED:  # what may split a word: "syge-\nmeldt", "syge meldt"
        if char in squeezed:
            squeezed = squeezed.replace(char, "")
    stems = [word for word in words if word in squeezed]
    if not stems:
        return ()
    units = _Units(source, text)
    found: list[HealthSentence] = []
    words_seen: set[int] = set()  # where each word begins: "syge meldt" is one, not "syge"
    spans = {span for stem in stems for span in _stem_spans(lower, stem, squeezed)}
    line, counted = 1, 0  # the line of text[counted]: counted on as the words come in order
    per_line: dict[tuple[int, str], int] = {}
    for start, end in sorted(spans, key=lambda span: (span[0], -span[1])):
        word_start = start
        while word_start > 0 and text[word_start - 1].isalpha():
            word_start -= 1
        if word_start in words_seen:
            continue
        words_seen.add(word_start)
        line, counted = line + text.count("\n", counted, word_start), word_start
        sentence = _about_someone(source, context, units, text, lower, word_start, end, line)
        if sentence is not None and per_line.get((line, sentence.word), 0) < MAX_PER_LINE:
            per_line[(line, sentence.word)] = per_line.get((line, sentence.word), 0) + 1
            found.append(sentence)
    return tuple(found)


_EXTRA_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9:-]{0,30})\b[^<>\n]{0,500}>")
_INLINE_TAGS = {"kbd", "samp", "var", "cite", "dfn", "time", "bdi", "bdo", "ruby", "rt", "rp",
                "data", "tt", "big", "strike", "label", "nobr", "wbr", "o:p", "span", "b", "i",
                "em", "strong", "u", "s", "small", "mark", "sup", "sub", "font", "a", "abbr",
                "code", "del", "ins", "q"}
_SQUEEZED = " \t\n>" + _DASH


def _health_text(search: str) -> str:
    """`cpr_text` and then: every other tag taken away (`syge<kbd>meldt</kbd>`; a block tag
    leaves a space), and Cyrillic and Greek letters that look Latin read as Latin."""
    if "<" in search:
        search = _EXTRA_TAG.sub(
            lambda m: "" if m.group(1).lower() in _INLINE_TAGS else " ", search)
    if not search.isascii() and _HOMOGLYPH.search(search):
        search = search.translate(HOMOGLYPHS)
    return search


_SPLIT = rf"(?:[ \t]*[{_DASH}][ \t]*(?:\n[ \t>]*)?|[ \t]*\n[ \t>]*(?:[{_DASH}][ \t]*)?|[ \t]+)"


@functools.lru_cache(maxsize=256)
def _split_pattern(stem: str) -> re.Pattern:
    """The stem with a hyphen, a space or a line break anywhere inside it."""
    return re.compile(f"(?:{_SPLIT})?".join(re.escape(char) for char in stem))


def _stem_spans(lower: str, stem: str, squeezed: str) -> list[tuple[int, int]]:
    """Where `stem` is in the text: as written, and split by a hyphen or a space (only
    when the copy without them has more of it: splits are rare)."""
    spans, position = [], lower.find(stem)
    while position != -1:
        spans.append((position, position + len(stem)))
        position = lower.find(stem, position + 1)
    if squeezed.count(stem) > len(spans):
        for match in _split_pattern(stem).finditer(lower):
            inside = match.group()
            if inside == stem:
                continue
            gaps = re.findall(r"\W+", inside)
            letters = re.split(r"\W+", inside)
            if len(gaps) != 1 or min(len(part) for part in letters) < 2:
                continue  # "s y g" or "or lov": not one word split in two
            if not any(char in _DASH for char in gaps[0]) and (
                    match.start() > 0 and lower[match.start() - 1].isalpha()
                    or lower[match.end():match.end() + 5].isalpha()):
                continue  # "for lov" is not "orlov", "bar selskabet" not "barsel"
            spans.append(match.span())
    return spans


def _about_someone(source: _Source, context: _Context, units: "_Units", text: str,
                   lower: str, start: int, end: int, line: int) -> HealthSentence | None:
    """The sentence around a health word (text[start:end]: from the beginning of the word
    to the end of the health word in it; on `line`), if the word is published and can be about a
    person: not a profession or a place ("sygehus"), a field or an institution
    ("handicapområdet", "Misbrugscentret"), a group ("borgere med en dobbeltdiagnose")."""
    word_start, word_end = start, end
    while word_end < len(text) and text[word_end].isalpha():
        word_end += 1
    word = "".join(char for char in lower[word_start:word_end] if char.isalpha())
    stem_end = len("".join(char for char in lower[word_start:end] if char.isalpha()))
    if word.startswith(_NOT_HEALTH) or _names_a_field(word[stem_end:]):
        return None
    first, last = units.sentence(word_start, word_end)
    sentence = text[first:last].replace("\n", " ")
    offset = word_start - first
    before, after = sentence[max(0, offset - 80):offset].lower(), sentence[offset:].lower()
    if text[word_start].isupper() and before.strip() and \
            before.rstrip()[-1] not in _STARTS_AFTER and len(word) - stem_end >= 3:
        return None  # "Misbrugscentret", "Kræftens Bekæmpelse": a name of its own
    if _group_or_role_before(before) or _GROUP_AFTER.match(after) or \
            _FIELD_AFTER.match(after) or _OVERALL.match(after) or \
            not _may_name_someone(sentence):
        return None
    place = context.place(line)
    if place.quiet or units.in_yaml_comment(word_start) or \
            _acknowledged(word, context.acknowledged):
        return None
    found = " ".join(text[word_start:word_end].split())
    return HealthSentence(source.path, line, place.where, found, word, sentence.strip(),
                          source.kind)


def _may_name_someone(sentence: str) -> bool:
    """Whether a word of the sentence may be a name (`_People` decides, knowing the site's
    names): initials, or a capitalised word that is not always something else."""
    for token in _TOKEN.findall(sentence):
        if _INITIALS.fullmatch(token) and token not in _NOT_PEOPLE:
            return True
        if token[:1].isupper() and any(c.islower() for c in token[1:]) and \
                token not in _NOT_PEOPLE and token not in _SENTENCE_WORDS and \
                not token.lower().endswith(_ORGANISATION_ENDINGS):
            return True
    return False


def _names_a_field(rest: str) -> bool:
    """The rest of a compound after the health word: "området", "scentret" (with the
    joining s or e), or a plural of people ("misbrugere")."""
    if rest in _GROUP_ENDINGS:
        return True
    return any(r.startswith(_FIELD_PARTS) for r in (rest, rest[1:] if rest[:1] in "se" else ""))


def _acknowledged(word: str, acknowledged: set[str]) -> bool:
    """An acknowledgement names the word as found, or a listed word it contains."""
    return word in acknowledged or any(a in word for a in acknowledged if len(a) >= 3)


class _Units:
    """The file's lines as units of text (a paragraph, a list item, a heading, a table row,
    a YAML value with its continuation lines), and the sentences in them; worked out only
    around the health words (by offset: a file has hundreds of lines, few health words)."""

    BREAK, ALONE, START, MORE = range(4)

    def __init__(self, source: _Source, text: str):
        self.text = text
        self._starts: list[int] = []  # the units worked out, by where they begin
        self._units: list[tuple[int, int, list[tuple[int, int]]]] = []
        self.yaml_end = len(text) if source.kind == "data" else 0  # YAML before this
        if source.kind != "data" and text.split("\n", 1)[0].strip() == "---":
            end = _FRONT_MATTER_END.search(text, text.find("\n") + 1)
            self.yaml_end = end.end() if end else 0

    def in_yaml_comment(self, offset: int) -> bool:
        """After a '#' that begins a comment at the end of a YAML line (`lukket: ja  # why`):
        never published."""
        if offset >= self.yaml_end:
            return False
        before = self.text[self.text.rfind("\n", 0, offset) + 1:offset]
        hash_at = before.find("#")
        while hash_at != -1:
            if (hash_at == 0 or before[hash_at - 1] in " \t") and \
                    before.count('"', 0, hash_at) % 2 == 0 and \
                    before.count("'", 0, hash_at) % 2 == 0:
                return True
            hash_at = before.find("#", hash_at + 1)
        return False

    def _line(self, offset: int) -> tuple[int, int, int]:
        """The line that begins at `offset`: where it ends, and its kind."""
        end = self.text.find("\n", offset)
        end = len(self.text) if end == -1 else end
        line = self.text[offset:end]
        return end, self._yaml_kind(line) if offset < self.yaml_end else \
            self._markdown_kind(line)

    def _yaml_kind(self, line: str) -> int:
        stripped = line.strip()
        if not stripped or stripped.startswith("#") or stripped in ("---", "..."):
            return self.BREAK
        if _YAML_KEY.match(line) or stripped.startswith("- ") or stripped == "-":
            return self.START
        return self.MORE

    def _markdown_kind(self, line: str) -> int:
        stripped = line.strip()
        if not stripped or _FENCE.match(line):
            return self.BREAK
        if stripped.startswith("|") or stripped.count("|") >= 2 or \
                (stripped.startswith("#") and _HEADING.match(stripped)):
            return self.ALONE
        if _LIST_ITEM.match(line) or stripped.startswith("<"):
            return self.START
        return self.MORE

    def _unit(self, offset: int) -> tuple[int, int, list[tuple[int, int]]]:
        """The offsets of the unit that the character at `offset` is part of, and where
        its sentences end (worked out once for each unit: a file can be one long one)."""
        index = bisect.bisect_right(self._starts, offset) - 1
        if index >= 0 and offset <= self._units[index][1]:
            return self._units[index]
        first, last = self._bounds(offset)
        ends = [(match.start(), match.end())
                for match in _SENTENCE_END.finditer(self.text, first, last)
                if _ends_sentence(self.text, first, match)]
        index = bisect.bisect_right(self._starts, first)
        self._starts.insert(index, first)
        self._units.insert(index, (first, last, ends))
        return first, last, ends

    def _bounds(self, offset: int) -> tuple[int, int]:
        text = self.text
        first = text.rfind("\n", 0, offset) + 1
        last, kind = self._line(first)
        if kind in (self.ALONE, self.BREAK):
            return first, last
        while first > 0 and kind == self.MORE:
            previous = text.rfind("\n", 0, first - 1) + 1
            kind = self._line(previous)[1]
            if kind not in (self.START, self.MORE):
                break
            first = previous
        while last < len(text):
            end, kind = self._line(last + 1)
            if kind != self.MORE:
                break
            last = end
        return first, last

    def sentence(self, start: int, end: int) -> tuple[int, int]:
        """The offsets of the sentence around text[start:end]: within its unit, from the
        end of the sentence before to the end of its own, and at most SENTENCE_REACH
        characters to either side (a "sentence" without full stops can be a whole file)."""
        first, last, ends = self._unit(start)
        index = bisect.bisect_left(ends, (end, -1))
        sentence_start = ends[index - 1][1] if index > 0 else first
        sentence_end = ends[index][0] + 1 if index < len(ends) else max(last, end)
        return (max(sentence_start, start - SENTENCE_REACH),
                min(sentence_end, end + SENTENCE_REACH))


_FRONT_MATTER_END = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)


def _ends_sentence(text: str, first: int, match: re.Match) -> bool:
    """A full stop after an initial ("H.C.", "Chr."), a title ("hr.") or an abbreviation
    before a number ("pr. 1. januar") does not end a sentence."""
    if not match.group().startswith("."):
        return True
    before = _LAST_WORD.search(text, max(first, match.start() - 20), match.start())
    if before is None:
        return True
    word = before.group()
    if len(word) == 1 or word.lower() in _NAME_ABBREVIATIONS or \
            (len(word) <= 3 and word[0].isupper() and not word.isupper()):
        return False
    return not (word.lower() in _ABBREVIATIONS and text[match.end():match.end() + 1].isdigit())


_SENTENCE_END = re.compile(r"[.!?…]+[\"'”»’)\]]*\s+(?=[\"'“«‘(\[*_]*[A-ZÆØÅ0-9])")
_LAST_WORD = re.compile(r"[^\W\d_]+$")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])\s")
_STARTS_AFTER = ".:;|-–—(\"'»«#*>!?"


def _front_matter_names(source: _Source) -> tuple[str, ...]:
    """The names under deltagere, afbud (and their stedfortræder) and referent: the lines
    under those keys, '- Navn' or 'navn: Navn' (read without YAML: it is done for every
    meeting, and YAML mistakes are the loader's to report)."""
    text = source.text
    if not text.startswith("---") or not any(key in text for key in _NAME_KEYS):
        return ()
    end = _FRONT_MATTER_END.search(text, text.find("\n") + 1)
    names, inside = [], False
    for line in text[:end.start() if end else len(text)].split("\n")[1:]:
        if line[:1] not in (" ", "\t", "-", "#", ""):  # a key of its own
            inside = line.split(":", 1)[0].strip() in _NAME_KEYS
            continue
        if not inside:
            continue
        entry = line.split(" #", 1)[0].strip().removeprefix("- ").strip()
        key, colon, value = entry.partition(":")
        if not colon:
            value = entry
        elif key.strip() not in ("navn", "stedfortræder"):
            continue
        value = value.strip().strip("'\"").strip()
        if value and not value.startswith("#"):
            names.append(value)
    return tuple(names)


_NAME_KEYS = ("deltagere", "afbud", "referent")


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

def _places(source: _Source) -> tuple[list[_Line], list[_Ack]]:
    """Each line's location, and the acknowledgements under `gennemset:`."""
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
    closed, acks = _front_matter_facts(front)
    if source.kind == "meeting":
        _meeting_places(lines, body_start, closed, places)
    else:
        _document_places(lines, body_start, places)
    return places, acks


_DATA_ACK = re.compile(rf"^\s*#\s*{ACK_KEY}\s*:(.*)$", re.IGNORECASE)


def _data_places(source: _Source) -> tuple[list[_Line], list[_Ack]]:
    """A data file's lines: comments are never published (quiet); a comment
    '# gennemset: sygemeldt, diagnose: why (who)' acknowledges words for the whole file."""
    places, acks = [], []
    for number, line in enumerate(source.lines, start=1):
        comment = line.lstrip().startswith("#")
        places.append(_Line(None, quiet=comment))
        match = _DATA_ACK.match(line) if comment else None
        if match:
            acks.append(_ack(match.group(1).strip(), number))
    return places, acks


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


def _front_matter_facts(front: str) -> tuple[set[int], list[_Ack]]:
    """Closed item numbers and acknowledgements; an unreadable front matter (reported by
    the loader) has neither."""
    if "lukket" not in front and ACK_KEY not in front:
        return set(), []
    try:
        values = parse_yaml(front, 2).value
    except SourceError:
        return set(), []
    if not isinstance(values, dict):
        return set(), []
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
    ack = values.get(ACK_KEY)
    if ack is None or ack.value is None:
        return closed, []
    if isinstance(ack.value, dict):  # "gennemset:" with "sygemeldt: why" right under it
        return closed, [_ack_entry(Located({key: value}, ack.key_lines.get(key, value.line)))
                        for key, value in ack.value.items()]
    entries = ack.value if isinstance(ack.value, list) else [ack]
    return closed, [_ack_entry(entry) for entry in entries if entry.value is not None]


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


# Named people: the site-wide decision ------------------------------------------------------

def _report_named_health(root: Path, facts: list[FileFacts], first: frozenset[str],
                         problems: Problems) -> None:
    """A health word in the same sentence as a named person is an error."""
    sentences = [s for f in facts for s in f.sentences]
    if not sentences:
        return
    people = _site_people(root, [name for f in facts for name in f.names], first)
    reported: set[tuple[Path, int, str]] = set()
    for sentence in sentences:
        key = (sentence.path, sentence.line, sentence.word)
        how = None if key in reported else people.named(sentence.sentence)
        if how is None:
            continue
        reported.add(key)
        if sentence.kind == "data":
            advice = ("Fjern helbredsoplysningen eller navnet. Er det gennemset og i orden (fx "
                      "med samtykke), så skriv en kommentar med ordet og begrundelsen i "
                      f"filen, fx '# {ACK_KEY}: {sentence.word}: navngivet med samtykke (AB, "
                      "2026-12-01)'")
        else:
            close = ", eller luk punktet (lukket: ja)" if sentence.kind == "meeting" else ""
            advice = (f"Fjern helbredsoplysningen eller navnet{close}. Er det gennemset og i "
                      "orden (fx med samtykke), så skriv ordet og begrundelsen under "
                      f"{ACK_KEY}: i filens front matter, fx '- {sentence.word}: navngivet "
                      "med samtykke (AB, 2026-12-01)'")
        problems.error(sentence.path, sentence.line, sentence.where,
                       f"helbredsoplysning om en navngiven person: '{sentence.found}' står i "
                       f"samme sætning som {how}. {advice}")


def _site_people(root: Path, names: list[str], first: frozenset[str]) -> "_People":
    """The site's people (deltagere, afbud and referent of every meeting, each body's
    medlemmer) and what is not a person (bodies, municipalities); data/organer.yaml and
    data/kommuner.yaml are read as they are (the loader reports their errors)."""
    not_people: set[str] = set()
    names = list(names)
    for file_name, keys in (("organer.yaml", ("navn", "forkortelse")),
                            ("kommuner.yaml", ("navn",))):
        path = root / "data" / file_name
        try:
            entries = read_yaml_file(path).value if path.is_file() else None
        except SourceError:
            entries = None
        for entry in entries if isinstance(entries, list) else []:
            values = entry.value if isinstance(entry.value, dict) else {}
            for key in keys:
                value = values.get(key)
                if value is not None and isinstance(value.value, str):
                    not_people.update(_TOKEN.findall(value.value))
            members = values.get("medlemmer")
            for member in members.value if members and isinstance(members.value, list) else []:
                name = member.value.get("navn") if isinstance(member.value, dict) else member
                if name is not None and isinstance(name.value, str):
                    names.append(name.value)
    return _People(dict.fromkeys(names), first,
                   frozenset(t for t in not_people if t[:1].isupper()))


class _People:
    """Who is a named person in a sentence: a name the site knows, or a first name, a
    first and last name or a title and a name, written with capitals; not an
    organisation, a place, a month or a weekday."""

    def __init__(self, names: Iterable[str], first: frozenset[str], not_people: frozenset[str]):
        self.not_people = not_people | _NOT_PEOPLE
        self.first = set(first)
        self.last: set[str] = set()
        full = set()
        for name in names:
            tokens = _TOKEN.findall(name)
            capitalised = [t for t in tokens if t[:1].isupper() and not self._not_person(t)]
            if len(tokens) >= 2 and len(capitalised) >= 2:
                full.add(" ".join(name.split()))
                self.last.add(capitalised[-1])
                if not _INITIALS.fullmatch(capitalised[0]):
                    self.first.add(capitalised[0])
            elif len(tokens) == 1 and capitalised:
                self.first.add(capitalised[0])
        alternatives = "|".join(r"\s+".join(re.escape(part) for part in name.split())
                                for name in sorted(full, key=len, reverse=True))
        self.full = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)") if full else None

    def _not_person(self, token: str) -> bool:
        lower = token.lower()
        return (token in self.not_people or token.removesuffix("s") in self.not_people
                or lower in _NOT_PEOPLE_LOWER or lower.endswith(_ORGANISATION_ENDINGS))

    def _kind(self, token: str) -> str:
        """'name' (a capitalised word), 'initials' (H.C., HC) or ''."""
        if _INITIALS.fullmatch(token):
            return "" if token in self.not_people else "initials"
        if token[:1].isupper() and any(c.islower() for c in token[1:]) \
                and not self._not_person(token):
            return "name"
        return ""

    def named(self, sentence: str) -> str | None:
        """How the sentence names a person (for the message), or None."""
        tokens = list(_TOKEN.finditer(sentence))
        if self.full is not None and any(m.group() in self.last for m in tokens) and \
                self.full.search(sentence):
            return "et navn (fra deltagerlisten)"
        index = 0
        while index < len(tokens):
            run = [tokens[index]]  # name-like words with only a space between them
            while self._kind(run[-1].group()) and index + len(run) < len(tokens):
                following = tokens[index + len(run)]
                gap = sentence[run[-1].end():following.start()]
                if not (_JOINS_NAME.fullmatch(gap) and self._kind(following.group())) or \
                        ("." in gap and len(run[-1].group()) > 3):  # "Chr. Hansen" only
                    break
                run.append(following)
            how = self._run(sentence, tokens, index, run) if self._kind(run[0].group()) else None
            if how:
                return how
            index += len(run)
        return None

    def _run(self, sentence: str, tokens: list[re.Match], index: int,
             run: list[re.Match]) -> str | None:
        words = [m.group() for m in run]
        after = tokens[index + len(run)] if index + len(run) < len(tokens) else None
        if after is not None and sentence[run[-1].end():after.start()].strip() == "" and \
                after.group()[:1].isupper() and self._not_person(after.group()):
            return None  # "Marie Kruses Skole", "Karen Blixens Vej"
        before = tokens[index - 1].group().lower() if index else ""
        if before and _TITLE.fullmatch(before) and \
                sentence[tokens[index - 1].end():run[0].start()].strip(" .") == "":
            return "et navn (titel og navn)"
        last = words[-1].removesuffix("s") if words[-1].endswith("ens") else words[-1]
        if len(words) >= 2:
            if _INITIALS.fullmatch(words[0]) and words[1].lower() in _SENTENCE_STARTERS:
                return None  # "... med Den A.P. Alternativt kunne ...": a new sentence
            surname = last in self.last or last.lower().endswith(_SURNAME_ENDINGS)
            if words[0] in self.first or surname or words[0].count(".") >= 2:
                return "et navn (fornavn og efternavn)"  # "Hanne Jensen", "H.C. Maarup"
            return None
        if words[0] in self.first and words[0] not in _AMBIGUOUS_FIRST_NAMES:
            return "et navn (fornavn)"
        return None


_TOKEN = re.compile(r"(?:[A-ZÆØÅ]\.){1,3}|[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_INITIALS = re.compile(r"(?:[A-ZÆØÅ]\.){1,3}|[A-ZÆØÅ]{2}")
_JOINS_NAME = re.compile(r"\.?[ \t]+|")  # between the words of a name
_TITLE = re.compile(
    r"[\w-]*(?:formand|direktør|chef|leder|konsulent|sekretær|borgmester|rådmand|medarbejder|"
    r"kollega|sagsbehandler|vikar|referent|koordinator|fuldmægtig|læge|medlem|"
    r"repræsentant|pædagog|assistent|elev)(?:en|et|s)?|hr|fru|frk|dr")

# Health words found inside a word by chance, or in a profession or a place
_NOT_HEALTH = ("sygehus", "sygepleje", "sygesikring", "sygeforsikring", "sygeeksamen",
               "langstrak", "barselsvikar")
# The rest of a compound that makes it a field or an institution ("handicapområdet",
# "misbrugscentret", "demenskoordinator"), not a person's state
_FIELD_PARTS = ("område", "politik", "plan", "strategi", "center", "centre", "centr", "tilbud",
                "plads", "råd", "udvalg", "forvaltning", "afdeling", "afsnit", "sektor",
                "chef", "leder", "konsulent", "koordinator", "netværk", "fond", "forening",
                "klinik", "faglig", "indsats", "lov", "udmelding", "kreds", "forum",
                "organisation", "pulje", "projekt", "behandlingstilbud", "ydelse", "felt",
                "team", "enhed", "bekæmpelse", "alliance", "vikar", "procent", "statistik",
                "tal", "niveau", "opgørelse")
# plural: "misbrugere", "handicappede", "kræftpatienter"
_GROUP_ENDINGS = ("ere", "erne", "ede", "edes", "ramte", "patienter", "patienterne")
_GROUP_WORDS = frozenset((
    "borgere", "borgerne", "personer", "personerne", "mennesker", "menneskene", "børn",
    "børnene", "unge", "voksne", "kvinder", "kvinderne", "mænd", "mændene", "brugere",
    "brugerne", "beboere", "beboerne", "elever", "eleverne", "patienter", "patienterne",
    "familier", "familierne", "forældre", "forældrene", "pårørende", "mødre", "fædre",
    "medarbejdere", "medarbejderne", "ansatte", "kolleger", "kollegerne"))
# "oplægget om demens", "drøftelse vedr. sygefravær": a subject, unless it is someone's
_TOPIC_LINKS = frozenset(("om", "omkring", "vedr", "vedrørende", "angående"))
_POSSESSIVES = frozenset(("sin", "sit", "sine", "hans", "hendes", "deres", "dennes"))
_GROUP_LINKS = frozenset(("med", "uden", "som", "der", "af", "har", "er"))
_ROLE_LINKS = frozenset(("for", "af", "på", "i", "inden", "med", "fra", "om"))
_ROLES = ("chef", "leder", "direktør", "ansvarlig", "konsulent", "koordinator", "formand",
          "medarbejder", "tovholder", "repræsentant", "specialist", "speciale")
_WORDS_BEFORE = re.compile(r"[\w/-]+")


def _group_or_role_before(before: str) -> bool:
    """The health word is about a group ("borgere med en dobbeltdiagnose", "kvinder, der er
    gravide"), names a field of work ("chef for handicap og psykiatri", "konsulent med
    speciale i autisme") or a subject ("oplægget om demens"): a linking word at most three
    words back, after a group of people or a role, or right before it."""
    words = _WORDS_BEFORE.findall(before)[-8:]
    if words and (words[-1] in _TOPIC_LINKS or len(words) > 1 and words[-2] in _TOPIC_LINKS
                  and words[-1] not in _POSSESSIVES):
        return True
    for index in range(len(words) - 1, max(len(words) - 5, 0) - 1, -1):
        if words[index] in _GROUP_LINKS and any(
                w in _GROUP_WORDS or w.startswith(("målgrupp", "grupp")) or
                w.endswith("grupper") for w in words[max(0, index - 4):index]):
            return True
        if words[index] in _ROLE_LINKS and index > 0 and \
                words[index - 1].removesuffix("en").removesuffix("et").endswith(_ROLES):
            return True
    return False


# "gravide kvinder", "psykisk syge borgere", "sygemeldte medarbejdere", "gravide misbrugere"
_GROUP_AFTER = re.compile(
    r"^[\w-]*(?:\s+(?!og\b|eller\b|men\b)[\w-]+)?\s+(?:"
    + "|".join(sorted(_GROUP_WORDS, key=len, reverse=True))
    + r"|\w*grupp\w*|\w*(?:brugere|arbejdere|ikere|tagere))\b")
# "sygefraværet i kommunerne": the sick leave of a whole workplace (not "sygefraværet for")
_OVERALL = re.compile(r"^sygefraværet(?!\s+(?:for|hos)\b)")
# "psykiatriske tilbud", "hjerneskade og apopleksiområdet"
_FIELD_AFTER = re.compile(r"^[\w-]*\s+(?:tilbud|område|området|indsats\w*|sektor\w*|"
                          r"afdeling\w*|center|centre\w*|behandlingstilbud\w*|plan\w*|"
                          r"(?:og|eller)\s+[\w-]*områd\w*)\b")
_ABBREVIATIONS = frozenset((  # before a number
    "fx", "eks", "ca", "jf", "jvf", "pr", "nr", "kl", "mht", "vedr", "inkl", "ekskl", "evt",
    "dvs", "mv", "hhv", "ift", "pga", "sml", "st", "tlf", "kr", "pkt", "stk", "ang", "iht",
    "ml", "ds", "bilag", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
    "okt", "nov", "dec", "ref", "resp"))
_NAME_ABBREVIATIONS = frozenset(("hr", "fr", "dr", "frk", "fru", "sct", "skt"))  # "hr. Jensen"

# Capitalised words that are never a person's name: organisations, places, months, days,
# and the words of meetings
_NOT_PEOPLE = frozenset((
    "Region", "Regionen", "Regionens", "Regionsrådet", "Kommune", "Kommunen", "Kommunes",
    "Kommunerne", "Kommunernes", "KL", "Socialstyrelsen", "Sundhedsstyrelsen", "Styregruppe",
    "Styregruppen", "Styregruppens", "Den", "Det", "De", "Dansk", "Danske", "Danmark",
    "Danmarks", "Regioner", "Landsforening", "Center", "Centret", "Centeret", "Krisecenter",
    "Krisecentret", "Tilbud", "Tilbuddet", "Hus", "Huset", "Skole", "Skolen", "Vej", "Vejen",
    "Gade", "Allé", "Plads", "Torv", "Rådhus", "Rådhuset", "Ministeriet", "Minister",
    "Styrelse", "Styrelsen", "Forening", "Foreningen", "Fond", "Fonden", "Sekretariat",
    "Sekretariatet", "Sekretariatets", "Forvaltning", "Forvaltningen", "Afdeling",
    "Afdelingen", "Udvalg", "Udvalget", "Udvalgets", "Råd", "Rådet", "Forum", "Netværk",
    "Netværket", "Aftale", "Aftalen", "Rammeaftale", "Rammeaftalen", "Socialaftale",
    "Socialaftalen", "Styringsaftale", "Styringsaftalen", "Udmelding", "Udmeldingen",
    "Udmeldinger", "Centrale", "Nord", "Syd", "Øst", "Vest", "Midt", "Nordjylland",
    "Midtjylland", "Syddanmark", "Sjælland", "Hovedstaden", "Jylland", "Fyn", "Universitet",
    "Hospital", "Sygehus", "Psykiatri", "Psykiatrien", "Kontaktudvalget", "Gruppe", "Gruppen",
    "Bestyrelse", "Bestyrelsen", "Folketinget", "Regeringen", "Staten", "Byråd", "Byrådet",
    "Kommunalbestyrelsen", "Projekt", "Projektet", "Program", "Programmet", "Plan", "Planen",
    "Strategi", "Strategien", "Tilsyn", "Socialtilsyn", "Møde", "Mødet", "Punkt", "Bilag",
    "Referat", "Dagsorden", "Sag", "Sagen", "Sagsnr", "Resumé", "Baggrund", "Indstilling",
    "Beslutning", "Orientering", "Sagsfremstilling", "Godkendelse", "Velkomst", "Evt",
    "Status", "Opfølgning", "Tabel", "Figur", "Kilde", "Note", "Januar", "Februar", "Marts",
    "April", "Maj", "Juni", "Juli", "August", "September", "Oktober", "November", "December",
    "Mandag", "Tirsdag", "Onsdag", "Torsdag", "Fredag", "Lørdag", "Søndag", "Jul", "Påske",
    "Pinse", "Nytår", "Formand", "Formanden", "Næstformand", "Direktør", "Direktøren",
    "Borgmester", "Borgmesteren", "Kommunaldirektør", "Socialdirektør", "Chef", "Leder",
    "Konsulent", "Medarbejder", "Medarbejderen", "Sekretær", "Hr", "Fru", "Frk", "Dr",
    "Sankt", "Skt", "Kong", "Dronning", "Prins", "Prinsesse"))
_NOT_PEOPLE_LOWER = frozenset(word.lower() for word in _NOT_PEOPLE)
# words that begin a sentence, never a name
_SENTENCE_WORDS = frozenset("""
    Af Alle Alternativt Andre Antallet Begge Da Dels Denne Der Derfor Dermed Desuden Dette
    Disse Efter Efterfølgende Eftersom Eller En Endelig Endvidere Enten Et For Foreløbige
    Fokus Forslaget Fra Herefter Heraf Herudover Hertil Hun Han Hvad Hvis Hvor Hvordan
    Hvilke Hvilket Her Hvornår Hver Hvert I Ifølge Ingen Inden Jf Kan Med Men Mens Man Mere
    Når Nogle Nu Og Også Om Omkring Op Over På Samlet Samtidig Sekretariatet Selv Senest
    Siden Skal Som Såfremt Så Til Tilbuddet Udover Under Ved Vi Yderligere
""".split())
_ORGANISATION_ENDINGS = (
    "styrelsen", "ministeriet", "centret", "centeret", "center", "kredsen", "udvalget",
    "rådet", "forum", "netværket", "forvaltningen", "afdelingen", "tilsyn", "aftalen",
    "regionen", "kommune", "kommunes", "kommunen", "skolen", "huset", "hjemmet", "fonden",
    "foreningen", "gruppen", "panelet", "sekretariatet", "loven", "området", "hospital",
    "hospitalet", "sygehus", "sygehuset", "tilbuddet", "institut", "instituttet",
    "organisation", "organisationer", "sammenslutning", "alliancen", "psykiatrien")
# Words that begin a sentence, never a name: after initials ("A.P.") they tell that the
# initials ended the sentence before
_SENTENCE_STARTERS = frozenset((
    "alternativt", "derfor", "desuden", "dermed", "derudover", "herudover", "endvidere",
    "samtidig", "således", "også", "men", "og", "eller", "hvis", "når", "da", "det", "der",
    "den", "dette", "disse", "de", "vi", "jeg", "han", "hun", "man", "her", "nu", "så",
    "efterfølgende", "herefter", "derefter", "til", "for", "i", "på", "med", "som", "at",
    "ligeledes", "endelig", "først", "sidst", "generelt", "typisk", "ofte", "aktuelt"))
_SURNAME_ENDINGS = ("sen", "søn", "gaard", "gård", "strup", "holm", "mann", "berg", "lund",
                    "bæk", "skov", "dahl", "feldt")

# Common Danish first names (written for this check; a site adds its own in
# data/fornavne.yaml, and every first name of its deltagere counts too)
FIRST_NAMES = frozenset("""
    Aase Agnes Alberte Alice Alma Amalie Ane Anette Anita Ann Anna Anne Annemarie Annette
    Anni Asta Astrid Benedikte Bente Berit Betina Bettina Birgit Birgitte Birte Birthe Bodil
    Britt Camilla Caroline Cecilie Charlotte Christina Christine Clara Connie Dagmar Ditte
    Dorte Dorthe Edith Elisabeth Ella Ellen Else Emilie Emma Erna Ester Esther Eva Freja
    Frida Gerda Gitte Grete Gudrun Hanna Hanne Heidi Helene Helga Helle Henriette Ida Inga
    Inge Inger Ingrid Isabella Jane Janne Jeanette Jette Johanne Jonna Josefine Julie Jytte
    Kamilla Karen Karin Karina Kathrine Katrine Kirsten Kirstine Laila Laura Lea Lena Lene
    Lilian Lillian Lina Line Linda Lisa Lisbet Lisbeth Lise Lone Lotte Louise Maiken Maja
    Malene Maren Margit Margrethe Maria Marianne Marie Marlene Mathilde Merete Mette Mia
    Mie Mona Nadia Nanna Natasja Nina Olivia Pernille Pia Randi Rikke Rita Ruth Sanne Sara
    Sarah Signe Sigrid Simone Sofie Solveig Sonja Stine Susan Susanne Tanja Tenna Tina Tine
    Tove Trine Ulla Vera Vibeke Victoria Vivi Winnie Yvonne
    Aage Adam Ahmad Ahmed Alexander Alfred Ali Allan Anders Andreas Anton Arne Asger August
    Benjamin Benny Bent Bjarne Bjørn Brian Carl Carsten Casper Christian Christoffer Claus
    Daniel David Dennis Ebbe Egon Ejner Elias Emil Erik Erling Esben Eskild Finn Flemming
    Frank Frede Frederik Frits Georg Gert Gunnar Gustav Harald Helge Henning Henrik Henry
    Holger Hugo Ib Ivan Jacob Jakob Jan Jannik Jens Jeppe Jesper Jimmy Joachim Johan
    Johannes John Jon Jonas Jonathan Jørgen Jørn Kai Karl Kasper Keld Kenneth Kent Kim
    Klaus Knud Kristian Kristoffer Kurt Lars Lasse Lauge Laurits Leif Leo Lucas Mads Magnus
    Malthe Martin Mathias Michael Mikael Mikkel Mogens Morten Nicolai Niels Nikolaj Nils
    Noah Ole Oliver Orla Oscar Otto Ove Palle Patrick Peder Peter Philip Poul Preben
    Rasmus René Rene Robert Rune Sebastian Sigurd Simon Steen Stig Sune Svend Søren Theis
    Thomas Thor Tobias Tommy Torben Troels Tue Uffe Ulf Ulrik Valdemar Verner Victor Viggo
    Villy Vagn Werner William
""".split())
# first names that are also Danish words ("Per 1. januar", "Hans sygemelding"): a name only
# beside a last name
_AMBIGUOUS_FIRST_NAMES = frozenset(
    ("Per", "Bo", "Hans", "Tage", "Mark", "Lykke", "Liv", "Kaj", "Sten", "Dan", "Mai", "Maj",
     "Tom", "Max", "Ask", "Birk", "Sol", "Storm", "Ane", "Bent", "Karl", "Frank", "Sune"))

# Cyrillic and Greek letters that look like Latin ones ("sygеmeldt" with a Cyrillic е)
_LOOK_ALIKES = {
    "а": "a", "е": "e", "ё": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x",
    "і": "i", "ј": "j", "ѕ": "s", "ԁ": "d", "һ": "h", "ԛ": "q", "ԝ": "w", "ӏ": "l",
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P",
    "С": "C", "Т": "T", "У": "Y", "Х": "X", "І": "I", "Ј": "J", "Ѕ": "S",
    "α": "a", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "υ": "u", "χ": "x",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M",
    "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
}
HOMOGLYPHS = str.maketrans(_LOOK_ALIKES)
_HOMOGLYPH = re.compile("[" + "".join(_LOOK_ALIKES) + "]")
