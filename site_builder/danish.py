"""Danish dates, times and numbers, through Babel's CLDR data."""
from __future__ import annotations

import datetime as dt

from babel.dates import format_date, format_time
from babel.numbers import format_decimal

LOCALE = "da_DK"


def long_date(date: dt.date) -> str:
    """25. maj 2020"""
    return format_date(date, "d. MMMM y", locale=LOCALE)


def weekday_date(date: dt.date) -> str:
    """mandag den 25. maj 2020"""
    return format_date(date, "EEEE 'den' d. MMMM y", locale=LOCALE)


def short_date(date: dt.date) -> str:
    """25.05.2020"""
    return format_date(date, "dd.MM.y", locale=LOCALE)


def month_year(date: dt.date) -> str:
    return format_date(date, "MMMM y", locale=LOCALE)


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
