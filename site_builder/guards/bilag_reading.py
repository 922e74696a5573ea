"""What every reader of a bilag shares: the page break that separates pages, sheets and
slides, `_Refused` (why a file cannot be read, in Danish) and `_tidy`. Imported by
bilag_text.py (which dispatches by type and reads PDF, text and binary files), rtf_text.py
and office_text.py.
"""
from __future__ import annotations

import re

PAGE_BREAK = "\n\f\n"


class _Refused(Exception):
    """Why a file cannot be read, in Danish, for the editor."""


def _tidy(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    text = re.sub(r"[ \t]+(?=[\n\f]|$)", "", re.sub(r" +\t", "\t", text))
    text = re.sub(r"\n{3,}", "\n\n", re.sub(r"\n*\f\n*", PAGE_BREAK, text))
    return text.strip("\n\f")  # not spaces and tabs: a row may begin with empty cells

