"""A source file as the privacy checks read it: its text, where each line is, and what
its editors have acknowledged (`gennemset:`).

`_Source` holds a file's raw text and the copy searched for CPR numbers and health words
(`cpr.cpr_text`), with line numbers for offsets in either. `_Context` works out, only when
a check has something to report, each line's place (`_Line`: a front-matter key, "punkt
N", "afsnit '...'") and whether it is ever published (a closed item's text and YAML
comments are not), and reads the acknowledgements (`_Ack`): under `gennemset:` in front
matter, or in a data file's '# gennemset:' comments. privacy.py makes them; health.py,
sentences.py, person_names.py and small_numbers.py read files through them.
"""
from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from pathlib import Path

from ..content.coerce import TRUE_WORDS, item_number
from ..content.source import Located, SourceError, parse_yaml
from .cpr import cpr_text

ACK_KEY = "gennemset"
ACK_SMALL_COUNTS = ("små antal", "små tal")
ACK_EXAMPLE = "- sygemeldt: navngivet med samtykke (AB, 2026-12-01)"
DATA_ACK_EXAMPLE = "# gennemset: kræft: kræftplanen, ikke en person (AB, 2026-12-01)"

_HEADING = re.compile(r"^(#{1,6})(?:[ \t]+(.*))?$")  # text: see _heading_text
_ITEM = re.compile(r"^(\d{1,3})\.?\s+(\S.*)$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_YAML_KEY = re.compile(r"^((?:[ \t]|-(?=[ \t]))*)([^\s#:-][^:]*?):(?=\s|$)")
_FRONT_MATTER_END = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)


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
