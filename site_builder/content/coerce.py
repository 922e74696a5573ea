"""Turning located YAML text into typed values, as the schema says.

Each problem is reported with the file, the line and the key; a value that cannot be
read becomes None so that checking can go on and every problem of a file is reported.
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from ..problems import Problems
from .schema_fields import KIND_HELP, Field, Schema
from .source import Located

_TIME = r"(\d{1,2})(?:[.:](\d{2}))?"  # 9.00, 9:00 or a whole hour: 9
_TIME_RANGE = re.compile(rf"^(?:kl\.?\s*)?{_TIME}(?:\s*[-–]\s*{_TIME})?$")
_PERIOD = re.compile(r"^(\d{4})(?:\s*[-–]\s*(\d{4}))?$")
_URL = re.compile(r"^https?://[^\s<>\"']+$")
_ITEM_NUMBER = re.compile(r"[0-9]{1,6}")
TRUE_WORDS = {"ja", "true", "yes"}
FALSE_WORDS = {"nej", "false", "no"}
MAX_TEXT = 100_000
MIN_YEAR, MAX_YEAR = 1900, 2100  # the dates a meeting, an agreement or a case can have
# The keys that keep text from the public: written without a value (`lukket:`, `kladde: ""`)
# they would publish it without a word, so an empty value is an error, and it and any other
# unreadable value is read the safe way (closed, draft, not yet public).
SAFETY_FLAGS = {
    "lukket": ("skriv ja eller nej; en tom værdi siger ikke, om punktet er lukket (skriv ja "
               "for et lukket punkt, eller slet linjen, hvis punktet er åbent)", True),
    "kladde": ("skriv ja eller nej; en tom værdi siger ikke, om filen er en kladde (skriv ja "
               "for en kladde, eller slet linjen, hvis filen skal offentliggøres)", True),
    "offentlig_fra": ("skriv en dato som ÅÅÅÅ-MM-DD, fx 2026-12-01; en tom værdi siger ikke, "
                      "hvornår filen må offentliggøres (slet linjen, hvis den må "
                      "offentliggøres med det samme)", dt.date.max),
}


@dataclass(frozen=True)
class TimeRange:
    start: dt.time
    end: dt.time | None


@dataclass
class Checker:
    """Coerces one file's values, reporting into the shared problem list."""

    problems: Problems
    path: Path

    def error(self, line: int | None, key: str | None, message: str) -> None:
        self.problems.error(self.path, line, key, message)

    def mapping(self, located: Located, schema: Schema, prefix: str = "") -> dict[str, Any]:
        """Check a mapping against a schema; return {key: value} for every schema key."""
        result: dict[str, Any] = {f.key: empty_value(f) for f in schema.fields}
        if not isinstance(located.value, dict):
            self.error(located.line, prefix.rstrip(".") or None,
                       f"forventede {KIND_HELP['mapping']}")
            return result
        misspelt: set[str] = set()  # keys an unknown key is a typo of ('dto' for 'dato')
        for key, value in located.value.items():
            key_line = located.key_lines.get(key, value.line)
            spec = schema.field(key)
            if spec is None:
                guess = _guess_key(key, schema)
                misspelt.update([guess] if guess else [])
                self.error(key_line, prefix + key, _unknown_key(key, schema))
                continue
            if spec.key in SAFETY_FLAGS:
                result[key] = self._safety_flag(value, spec, prefix + key, key_line)
            else:
                result[key] = self.value(value, spec, prefix + key)
        for spec in schema.fields:
            if spec.key in misspelt and spec.key not in located.value:
                continue  # "ukendt nøgle; mente du ...?" has said it
            if spec.required and _is_empty(located.value.get(spec.key)):
                line = located.key_lines.get(spec.key, located.line)
                self.error(line, prefix + spec.key,
                           f"mangler; skriv {KIND_HELP[spec.kind]} ({schema.where})")
        return result

    def value(self, located: Located, spec: Field, name: str) -> Any:
        if located.value is None:
            return empty_value(spec)
        reader: Callable = getattr(self, "_" + spec.kind.replace("/", "_"))
        return reader(located, spec, name)

    def _safety_flag(self, located: Located, spec: Field, name: str, key_line: int) -> Any:
        message, safe = SAFETY_FLAGS[spec.key]
        if located.value is None or (isinstance(located.value, str)
                                     and not located.value.strip()):
            self.error(key_line, name, message)
            return safe
        value = self.value(located, spec, name)
        return safe if value is None else value  # the reader has reported why

    # One reader per kind -------------------------------------------------------------

    def _text(self, located: Located, name: str) -> str | None:
        if not isinstance(located.value, str):
            self.error(located.line, name, "forventede en tekst, ikke en liste eller nøgler")
            return None
        text = located.value.strip()
        if len(text) > MAX_TEXT:
            self.error(located.line, name, f"teksten er længere end {MAX_TEXT} tegn")
            return None
        return text

    def _tekst(self, located, spec, name):
        return self._text(located, name)

    _organ = _tekst
    _sti = _tekst

    def _url(self, located, spec, name):
        text = self._text(located, name)
        if text is not None and not _URL.match(text):
            self.error(located.line, name, f"'{text}' er ikke {KIND_HELP['url']}")
            return None
        return text

    def _dato(self, located, spec, name):
        text = self._text(located, name)
        if text is None:
            return None
        date = parse_date(text)
        if date is None:
            self.error(located.line, name, f"'{text}' er ikke en gyldig dato; skriv ÅÅÅÅ-MM-DD, "
                       "fx 2020-05-25")
        elif not MIN_YEAR <= date.year <= MAX_YEAR:  # 9999-12-31: a typo, and no day after
            self.error(located.line, name, f"'{text}' ligger ikke mellem år {MIN_YEAR} og "
                       f"{MAX_YEAR}; tjek årstallet")
            return None
        return date

    def _tid(self, located, spec, name):
        text = self._text(located, name)
        if text is None:
            return None
        parsed = parse_time_range(text)
        if parsed is None:
            self.error(located.line, name, f"'{text}' er ikke et gyldigt klokkeslæt; skriv fx "
                       "10.30 eller 9.00-12.00")
        return parsed

    def _valg(self, located, spec, name):
        text = self._text(located, name)
        if text is None:
            return None
        if text.lower() not in spec.choices:
            choices = ", ".join(spec.choices)
            self.error(located.line, name, f"'{text}' er ikke gyldig; vælg en af: {choices}")
            return None
        return text.lower()

    def _ja_nej(self, located, spec, name):
        text = self._text(located, name)
        if text is None:
            return None
        word = text.lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        self.error(located.line, name, f"'{text}' er hverken ja eller nej")
        return None

    def _periode(self, located, spec, name):
        text = self._text(located, name)
        if text is None:
            return None
        match = _PERIOD.match(text)
        if not match or (match.group(2) and int(match.group(2)) < int(match.group(1))):
            self.error(located.line, name, f"'{text}' er ikke {KIND_HELP['periode']}")
            return None
        start = int(match.group(1))
        return (start, int(match.group(2) or start))

    def _gennemset(self, located, spec, name):
        return None  # read and checked by the privacy guard (privacy.py)

    def _tekstliste(self, located, spec, name):
        items = located.value if isinstance(located.value, list) else [located]
        texts = [self._text(item, name) for item in items]
        return [t for t in texts if t]

    def _personer(self, located, spec, name):
        if not isinstance(located.value, list):
            self.error(located.line, name, f"forventede {KIND_HELP['personer']}")
            return []
        people = []
        for entry in located.value:
            if isinstance(entry.value, str):
                text = self._text(entry, name)
                if text:
                    people.append({"navn": text, "organisation": None, "rolle": None,
                                   "stedfortræder": None})
            elif entry.value is not None:
                people.append(self.mapping(entry, spec.schema, name + "."))
        return people

    def _liste(self, located, spec, name):
        if not isinstance(located.value, list):
            self.error(located.line, name, f"forventede {KIND_HELP['liste']}")
            return []
        return [(entry.line, self.mapping(entry, spec.schema, name + "."))
                for entry in located.value if entry.value is not None]

    def _mapping(self, located, spec, name):
        return self.mapping(located, spec.schema, name + ".")

    def _punkter(self, located, spec, name):
        if not isinstance(located.value, dict):
            self.error(located.line, name, f"forventede {KIND_HELP['punkter']}")
            return {}
        items = {}
        for key, value in located.value.items():
            key_line = located.key_lines.get(key, value.line)
            number = item_number(key)
            if number is None:
                self.error(key_line, f"{name}.{key}", "forventede et punktnummer med "
                           "cifrene 0-9, fx 3:")
                continue
            if number in items:  # "2:" and "02:" are two keys to YAML, one item to us
                first = items[number][0]
                self.error(key_line, f"{name}.{key}", f"punkt {number} står to gange under "
                           f"{name}: (i linje {first} og linje {key_line}); skriv punktets "
                           "egenskaber ét sted")
                continue
            props = self.mapping(value, spec.schema, f"{name}.{key}.") if value.value else {}
            items[number] = (key_line, props)
        return items


def item_number(key: str) -> int | None:
    """An item number under `punkter:`: ASCII digits only ("²" and "２" are not numbers
    here). Shared with the privacy guard, which must read the same items as closed."""
    return int(key) if _ITEM_NUMBER.fullmatch(key) else None


def empty_value(spec: Field) -> Any:
    if spec.kind in ("tekstliste", "personer", "liste"):
        return []
    return {} if spec.kind == "punkter" else None


def parse_date(text: str) -> dt.date | None:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def parse_time_range(text: str) -> TimeRange | None:
    match = _TIME_RANGE.match(text.strip())
    if not match:
        return None
    hours = [match.group(1), match.group(2) or "0", match.group(3), match.group(4) or "0"]
    try:
        start = dt.time(int(hours[0]), int(hours[1]))
        end = dt.time(int(hours[2]), int(hours[3])) if hours[2] else None
    except ValueError:
        return None
    if end is not None and end <= start:
        return None
    return TimeRange(start, end)


def _is_empty(located: Located | None) -> bool:
    return located is None or located.value in (None, "", [], {})


def _guess_key(key: str, schema: Schema) -> str | None:
    guess = difflib.get_close_matches(key, schema.keys, n=1, cutoff=0.6)
    return guess[0] if guess else None


def _unknown_key(key: str, schema: Schema) -> str:
    guess = _guess_key(key, schema)
    hint = f"; mente du '{guess}'?" if guess else ""
    known = ", ".join(schema.keys)
    return f"ukendt nøgle{hint} (gyldige nøgler for {schema.name.lower()}: {known})"
