"""Units of text and the sentences in them, for the health check (health.py).

A health word counts against a name only in the same sentence. `_Units` cuts a file's text
into units (a paragraph, a list item, a heading, a table row, a YAML value with its
continuation lines) and those into sentences, worked out only around the health words; a
full stop after an initial, a title or an abbreviation before a number does not end a
sentence (`_ends_sentence`), and a sentence reaches at most SENTENCE_REACH characters to
either side of the word. The lines are told apart with source_lines.py's patterns.
"""
from __future__ import annotations

import bisect
import re

from .source_lines import _FENCE, _FRONT_MATTER_END, _HEADING, _YAML_KEY, _Source

# How far from a health word a name counts as being in its sentence, at most (characters)
SENTENCE_REACH = 400

_ABBREVIATIONS = frozenset((  # before a number
    "fx", "eks", "ca", "jf", "jvf", "pr", "nr", "kl", "mht", "vedr", "inkl", "ekskl", "evt",
    "dvs", "mv", "hhv", "ift", "pga", "sml", "st", "tlf", "kr", "pkt", "stk", "ang", "iht",
    "ml", "ds", "bilag", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
    "okt", "nov", "dec", "ref", "resp"))
_NAME_ABBREVIATIONS = frozenset(("hr", "fr", "dr", "frk", "fru", "sct", "skt"))  # "hr. Jensen"


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
