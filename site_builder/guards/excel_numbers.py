"""A spreadsheet cell's value as Excel shows it, in Danish: dates as dd-mm-åååå, SAND and
FALSK, and a number with its number format applied (000000-0000, 1.234,5). Used by
office_text.py, which reads the workbook's cells with openpyxl, for bilag_text.py.
"""
from __future__ import annotations

import datetime as dt
import functools
import math
import re


def _cell_text(cell) -> str:
    value = cell.value
    if value is None or isinstance(value, str):
        return value or ""
    if isinstance(value, bool):
        return "SAND" if value else "FALSK"
    if isinstance(value, dt.datetime):
        return value.strftime("%d-%m-%Y" if value.time() == dt.time() else "%d-%m-%Y %H:%M:%S")
    if isinstance(value, (dt.date, dt.time)):
        return value.strftime("%d-%m-%Y" if isinstance(value, dt.date) else "%H:%M:%S")
    if isinstance(value, int) or (isinstance(value, float) and math.isfinite(value)):
        return _number_text(value, cell.number_format or "General")
    return str(value)


_FORMAT_TOKEN = re.compile(
    r'"([^"]*)"|\\(.)|\[\$([^\]-]*)[^\]]*\]|\[[^\]]*\]|_.|\*.|(General)|([0#?])|(.)', re.S)


def _number_text(value: float, number_format: str) -> str:
    """`value` as Excel shows it with `number_format` (in Danish: 1.234,5), approximately:
    scientific and fraction formats are shown as General."""
    if number_format == "General":
        return _general(value)
    sections = _format_sections(number_format)
    negative = value < 0
    section = sections[0]
    if negative and len(sections) > 1:
        section, value, negative = sections[1], -value, False
    elif value == 0 and len(sections) > 2:
        section = sections[2]
    kinds = [kind for kind, _ in section]
    if "0" not in kinds or "e" in kinds or "/" in kinds:
        literal = "".join(_general(value) if k == "g" else t for k, t in section if k in "lg%")
        return literal if "0" not in kinds and literal else _general(value)
    if "%" in kinds:
        value *= 100
    point = kinds.index(".") if "." in kinds else len(section)
    decimals = sum(kind == "0" for kind in kinds[point + 1:])
    number = f"{abs(value):.{decimals}f}"
    whole, _, fraction = number.partition(".")
    if "," in kinds[:point]:
        whole = f"{int(whole):,}".replace(",", ".")
    text = _fill_whole(section[:point], whole)
    if point < len(section):
        text += "," + _fill_fraction(section[point + 1:], fraction)
    return ("-" if negative and float(number) else "") + text


@functools.lru_cache(maxsize=256)
def _format_sections(number_format: str) -> tuple[tuple[tuple[str, str], ...], ...]:
    """The sections (positive;negative;zero) of a number format, as tokens: a digit
    placeholder ("0", and which), a literal ("l"), General ("g"), or . , % e / @."""
    sections: list[list[tuple[str, str]]] = [[]]
    for match in _FORMAT_TOKEN.finditer(number_format):
        quoted, escaped, currency, general, digit, other = match.groups()
        if other == ";":
            sections.append([])
        elif general or digit or (other and other in ".,%eE/@"):
            sections[-1].append(("g" if general else "0" if digit else other.lower(),
                                 digit or other or ""))
        else:
            literal = next((g for g in (quoted, escaped, currency, other) if g is not None),
                           " " if match.group().startswith("_") else "")
            sections[-1].append(("l", literal))
    return tuple(tuple(section) for section in sections)


def _general(value: float) -> str:
    if isinstance(value, int) or (value.is_integer() and abs(value) < 1e15):
        return str(int(value))
    return f"{value:.10g}".replace(".", ",")


_EMPTY_DIGIT = {"0": "0", "#": "", "?": " "}


def _fill_whole(tokens: list[tuple[str, str]], digits: str) -> str:
    """Digits from the right into the placeholders; the leftmost one takes what is left."""
    slots = [index for index, (kind, _) in enumerate(tokens) if kind == "0"]
    if not slots:
        return "".join(t for k, t in tokens if k in "l%") + digits.lstrip("0")
    if digits == "0" and tokens[slots[-1]][1] != "0":
        digits = ""
    out = []
    for index in reversed(range(len(tokens))):
        kind, text = tokens[index]
        if kind != "0":
            out.append(text if kind in "l%" else "")
        elif index == slots[0]:
            out.append(digits or _EMPTY_DIGIT[text])
        else:
            out.append(digits[-1:] or _EMPTY_DIGIT[text])
            digits = digits[:-1]
    return "".join(reversed(out))


def _fill_fraction(tokens: list[tuple[str, str]], digits: str) -> str:
    marks = [text for kind, text in tokens if kind == "0"]
    chars = list(digits)
    for index in reversed(range(len(chars))):
        if chars[index] != "0" or marks[index] == "0":
            break
        chars[index] = _EMPTY_DIGIT[marks[index]]
    shown = iter(chars)
    return "".join(next(shown) if k == "0" else t if k in "l%" else "" for k, t in tokens)
