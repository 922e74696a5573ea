"""Danish dates, times and numbers, through Babel's CLDR data.

Babel formats a date in about 0.1 ms; an archive asks for the same few thousand dates on
many pages and in every output, so the date and time functions remember their answers.
"""
from __future__ import annotations

import datetime as dt
import functools

from babel.dates import format_date, format_time
from babel.numbers import format_decimal

LOCALE = "da_DK"


@functools.lru_cache(maxsize=None)
def long_date(date: dt.date) -> str:
    """25. maj 2020"""
    return format_date(date, "d. MMMM y", locale=LOCALE)


@functools.lru_cache(maxsize=None)
def weekday_date(date: dt.date) -> str:
    """mandag den 25. maj 2020"""
    return format_date(date, "EEEE 'den' d. MMMM y", locale=LOCALE)


def date_range(start: dt.date, end: dt.date | None) -> str:
    """18.–28. august 2020, 28. august – 2. september 2020, 28. december 2020 – 2. januar
    2021; one day: mandag den 25. maj 2020 (weekday_date)."""
    return "".join(date_range_parts(start, end))


def date_range_parts(start: dt.date, end: dt.date | None) -> tuple[str, str, str]:
    """The first day, the dash and the last day of `date_range` ('18.', '–', '28. august
    2020'), so that a page can mark each day up as a date; one day: (its date, '', '')."""
    if end is None or end == start:
        return weekday_date(start), "", ""
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}.", "–", long_date(end)
    if start.year == end.year:
        return format_date(start, "d. MMMM", locale=LOCALE), " – ", long_date(end)
    return long_date(start), " – ", long_date(end)


@functools.lru_cache(maxsize=None)
def short_date(date: dt.date) -> str:
    """25.05.2020"""
    return format_date(date, "dd.MM.y", locale=LOCALE)


@functools.lru_cache(maxsize=None)
def month_year(date: dt.date) -> str:
    return format_date(date, "MMMM y", locale=LOCALE)


@functools.lru_cache(maxsize=None)
def clock(time: dt.time) -> str:
    """9.00"""
    return format_time(time, "H.mm", locale=LOCALE)


def time_range(start: dt.time, end: dt.time | None) -> str:
    """kl. 9.00–12.00"""
    return f"kl. {clock(start)}–{clock(end)}" if end else f"kl. {clock(start)}"


def file_size(size: int) -> str:
    """1,2 MB"""
    if size < 1000:
        return f"{size} byte"
    if size < 1_000_000:
        return f"{format_decimal(round(size / 1000), locale=LOCALE)} kB"
    return f"{format_decimal(round(size / 1_000_000, 1), locale=LOCALE)} MB"
