"""Digests of what outputs are made from: view data (`fingerprint`, which counts a model
document by its own digest) and folders of files (`files_digest`: the templates)."""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from pathlib import Path
from typing import Iterable


def fingerprint(*parts) -> str:
    """A stable digest of view data: model documents count by their own digest."""
    digest = hashlib.sha256()
    for part in parts:
        _feed(digest, part)
    return digest.hexdigest()


# Values written as their repr(): looked up by their exact type before anything else (a
# page's view data holds thousands of them; the checks below cost more than the value).
_PLAIN = frozenset({type(None), bool, int, float, dt.date, dt.time, dt.datetime})
# each dataclass's field names (dataclasses.fields() makes a new tuple at every call)
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _feed(digest, value) -> None:
    kind = type(value)
    if kind is str:  # the most common value, and the longest: no repr() of it
        data = value.encode("utf-8", "surrogatepass")
        digest.update(b"S%d:" % len(data))
        digest.update(data)
        return
    if kind in _PLAIN:
        digest.update(b"V" + repr(value).encode())
        return
    own = getattr(value, "digest", None)
    if isinstance(own, str) and own:
        digest.update(b"D" + own.encode())
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        names = _FIELD_NAMES.get(kind)
        if names is None:
            names = _FIELD_NAMES[kind] = tuple(f.name for f in dataclasses.fields(value))
        digest.update(b"C" + kind.__name__.encode())
        for name in names:
            _feed(digest, getattr(value, name))
    elif isinstance(value, dict):
        digest.update(b"{")
        for key in sorted(value, key=repr):
            _feed(digest, key)
            _feed(digest, value[key])
        digest.update(b"}")
    elif isinstance(value, (set, frozenset)):
        _feed(digest, sorted(value, key=repr))
    elif isinstance(value, (list, tuple)):
        digest.update(b"[")
        for item in value:
            _feed(digest, item)
        digest.update(b"]")
    elif callable(value):
        digest.update(b"F" + getattr(value, "__qualname__", repr(value)).encode())
    else:
        digest.update(b"V" + repr(value).encode())


def files_digest(folders: Iterable[Path]) -> str:
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                digest.update(path.relative_to(folder).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()
