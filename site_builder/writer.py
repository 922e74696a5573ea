"""Writing output files: one writer per path, never outside the output folder."""
from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

from .problems import OutputError


class OutputWriter:
    """Writes into a staging folder; refuses a second write to one path."""

    def __init__(self, root: Path, previous: Path | None = None):
        self.root = root
        self.previous = previous  # the last output: identical files are linked from it
        self.written: dict[str, str] = {}  # relative path -> what wrote it

    def _target(self, relative: PurePosixPath | str, origin: str) -> Path:
        relative = PurePosixPath(relative)
        if relative.is_absolute() or ".." in relative.parts or not relative.parts:
            raise ValueError(f"{origin}: unsafe output path {relative}")
        key = relative.as_posix()
        if key in self.written:
            raise ValueError(f"{origin}: {key} was already written by {self.written[key]}")
        self.written[key] = origin
        target = self.root.joinpath(*relative.parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        return target

    def reserve(self, relative, origin: str) -> Path:
        """Claim a path to be written later (e.g. by a worker process) with `write_to`."""
        return self._target(relative, origin)

    def write(self, relative, data: bytes | str, origin: str) -> None:
        target = self._target(relative, origin)
        payload = data.encode("utf-8") if isinstance(data, str) else data
        if self.previous is not None:
            old = self.previous.joinpath(*PurePosixPath(relative).parts)
            if _same_content(old, payload) and link_or_copy(old, target):
                return
        write_to(target, payload)

    def copy(self, relative, source: Path, origin: str) -> None:
        self.write(relative, source.read_bytes(), origin)

    def html_urls(self) -> list[str]:
        urls = []
        for key in sorted(self.written):
            if key.endswith("index.html"):
                urls.append("/" + key[: -len("index.html")])
        return urls


def _os_message(exc: OSError, path: Path) -> str:
    import errno

    if exc.errno == errno.ENOSPC:
        return f"disken er fuld; {path} kunne ikke skrives. Det offentliggjorte site er uændret."
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return (f"ingen skriveadgang til {path.parent}. Det offentliggjorte site er uændret.")
    return f"{path} kunne ikke skrives ({os.strerror(exc.errno or 0)})"


def write_to(target: Path, data: bytes | str) -> None:
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        with open(target, "wb") as handle:
            handle.write(payload)
    except OSError as exc:
        raise OutputError(_os_message(exc, target)) from None


def _same_content(path: Path, payload: bytes) -> bool:
    try:
        return path.stat().st_size == len(payload) and path.read_bytes() == payload
    except OSError:
        return False


def link_or_copy(source: Path, target: Path) -> bool:
    """Take over an unchanged file from the previous output (a hard link, else a copy)."""
    try:
        os.link(source, target)
        return True
    except OSError:
        try:
            target.write_bytes(source.read_bytes())
            return True
        except OSError:
            return False
