"""The text of an RTF bilag, for bilag_text.py: our own small decoder (the striprtf package
drops headers, footers and footnotes), in the document's code page, with the groups a
reader never sees left out.
"""
from __future__ import annotations

import codecs
import re
from pathlib import Path

from .bilag_reading import _Refused, _tidy

_RTF_TOKEN = re.compile(rb"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?|\\'([0-9a-fA-F]{2})|\\(.)|([{}])"
                        rb"|[\r\n]+|[^\\{}\r\n]+", re.S)
# groups whose text a reader never sees (tables of fonts and styles, pictures, field codes)
_RTF_HIDDEN = frozenset(b"fonttbl colortbl stylesheet info pict object objdata themedata "
                        b"colorschememapping datastore latentstyles listtable "
                        b"listoverridetable rsidtbl generator xmlnstbl filetbl revtbl "
                        b"pgptbl protusertbl fldinst bkmkstart bkmkend sp nonshppict "
                        b"userprops docvar".split())
_RTF_STARRED_SHOWN = frozenset((b"annotation", b"shpinst"))
_RTF_WORDS = {b"par": "\n", b"line": "\n", b"sect": "\n", b"page": "\n", b"row": "\n",
              b"tab": "\t", b"cell": "\t", b"emdash": "\u2014", b"endash": "\u2013",
              b"lquote": "\u2018", b"rquote": "\u2019", b"ldblquote": "\u201c",
              b"rdblquote": "\u201d", b"bullet": "\u2022", b"emspace": " ", b"enspace": " "}
_RTF_SYMBOLS = {b"~": "\u00a0", b"_": "\u2011", b"-": "", b"\n": "\n", b"\r": "\n",
                b"{": "{", b"}": "}", b"\\": "\\", b"\t": "\t"}


def _rtf(path: Path) -> str:
    raw = path.read_bytes()
    if not raw.lstrip().startswith(b"{\\rtf"):
        raise _Refused("filen er ikke en RTF-fil (den begynder ikke med {\\rtf)")
    out: list[str] = []
    pending = bytearray()  # \'xx bytes and plain text, decoded in the document's code page
    codepage, hidden, uc, skip, starred, stack, position = "cp1252", False, 1, 0, False, [], 0

    def flush() -> None:
        out.append(pending.decode(codepage, "replace"))
        pending.clear()

    while position < len(raw):
        match = _RTF_TOKEN.match(raw, position)
        if match is None:  # a lone backslash at the end
            break
        position = match.end()
        word, arg, hex_byte, symbol, brace = match.groups()
        if word is None and brace is None and symbol is None and hex_byte is None:
            chunk = match.group()
            if chunk[:1] in b"\r\n":
                continue
            chunk, skip = chunk[skip:], max(0, skip - len(chunk))
            if not hidden:
                pending += chunk
            continue
        if hex_byte is not None:
            if skip:
                skip -= 1
            elif not hidden:
                pending.append(int(hex_byte, 16))
            continue
        flush()
        skip = 0
        if brace == b"{":
            if len(stack) > 10_000:
                raise _Refused("den har over 10.000 grupper inden i hinanden")
            stack.append((hidden, uc))
        elif brace == b"}":
            hidden, uc = stack.pop() if stack else (hidden, uc)
        elif symbol == b"*":
            starred = True
        elif symbol is not None:
            out.append("" if hidden else _RTF_SYMBOLS.get(symbol, ""))
        elif word == b"bin" and arg:
            position += max(0, int(arg))
        else:
            if word in _RTF_HIDDEN or (starred and word not in _RTF_STARRED_SHOWN):
                hidden = True
            elif word == b"ansicpg" and arg:
                codepage = _codepage(arg.decode())
            elif word == b"uc" and arg:
                uc = max(0, int(arg))
            elif word == b"u" and arg and not hidden:
                out.append(chr(int(arg) % 0x10000))
                skip = uc
            elif not hidden:
                out.append(_RTF_WORDS.get(word, ""))
        starred = starred and word is None and brace is None and symbol == b"*"
    flush()  # and \u escapes of surrogate pairs joined:
    text = "".join(out).encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return _tidy(text)


def _codepage(number: str) -> str:
    try:
        return codecs.lookup(f"cp{number}").name
    except LookupError:
        return "cp1252"
