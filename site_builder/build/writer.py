"""Writing output files: one writer per path, never outside the output folder.

Everything is written into the staging folder (publish.py); any failure of the disk - full,
no permission, read-only - becomes one OutputError with a Danish message, and the build
stops before the staging folder is swapped in, so the published site is unchanged.
"""
from __future__ import annotations

import errno
import hashlib
import os
import re
import shutil
from pathlib import Path, PurePosixPath

from ..problems import OutputError

UNCHANGED = "Det offentliggjorte site er uændret."
_STAGING = re.compile(r"^\..+\.tmp-\d+$")  # publish.new_staging's folder names


class OutputWriter:
    """Writes into a staging folder; refuses a second write to one path."""

    def __init__(self, root: Path, previous: Path | None = None,
                 known: dict[str, str] | None = None):
        self.root = root
        self.previous = previous  # the last output: identical files are linked from it
        # what the files of `previous` hold, as the build that wrote them recorded it (only
        # the files still exactly as it left them: BuildCache.previous_outputs); a file
        # `write` finds here is compared by digest instead of being read
        self.known = known or {}
        # what `write` wrote, by content: the next build's `known`
        self.fingerprints: dict[str, str] = {}
        self.written: dict[str, str] = {}  # relative path -> what wrote it
        self._root = str(root)
        self._previous = str(previous) if previous is not None else None
        self._folders: set[str] = set()  # made already
        self.reserved: set[str] = set()  # claimed for another process to write (`reserve`)

    def _target(self, relative: PurePosixPath | str, origin: str) -> Path:
        return Path(self._claim(relative, origin)[1])

    def _claim(self, relative: PurePosixPath | str, origin: str) -> tuple[str, str]:
        """(the path's key, relative to the output, and the file to write in the staging
        folder). With strings, not Path objects: it runs for every file of the site."""
        text = relative if isinstance(relative, str) else relative.as_posix()
        parts = [part for part in text.split("/") if part not in ("", ".")]
        if text.startswith("/") or ".." in parts or not parts:
            raise ValueError(f"{origin}: unsafe output path {relative}")
        key = "/".join(parts)
        if key in self.written:
            raise ValueError(f"{origin}: {key} was already written by {self.written[key]}")
        self.written[key] = origin
        target = os.path.join(self._root, *parts)
        folder = os.path.dirname(target)
        if folder not in self._folders:
            try:
                os.makedirs(folder, exist_ok=True)
            except OSError as exc:
                raise OutputError(os_message(exc, Path(folder))) from None
            self._folders.add(folder)
        return key, target

    def reserve(self, relative, origin: str) -> Path:
        """Claim a path to be written later (e.g. by a worker process) with `write_to`."""
        key, target = self._claim(relative, origin)
        self.reserved.add(key)
        return Path(target)

    def write(self, relative, data: bytes | str, origin: str) -> None:
        key, target = self._claim(relative, origin)
        payload = data.encode("utf-8") if isinstance(data, str) else data
        if self._previous is not None:
            digest = self.fingerprints[key] = "sha256:" + hashlib.sha256(payload).hexdigest()
            known = self.known.get(key)
            old = os.path.join(self._previous, key)
            if (known == digest if known is not None else _same_content(old, payload)) \
                    and link_or_copy(old, target):
                return
        write_to(target, payload)

    def copy(self, relative, source: Path, origin: str, unchanged: bool = False) -> None:
        """A file published as it is (a bilag): taken over from the last output when the
        caller knows it is `unchanged` or it has the same content there, else copied."""
        target = self._target(relative, origin)
        if self.previous is not None:
            old = self.previous.joinpath(*PurePosixPath(relative).parts)
            if (unchanged and old.is_file() or _same_file_content(old, source)) \
                    and link_or_copy(old, target):
                return
        try:
            with open(source, "rb") as reader:
                try:
                    with open(target, "xb") as handle:
                        shutil.copyfileobj(reader, handle)
                except OSError as exc:
                    raise OutputError(os_message(exc, target)) from None
        except OSError as exc:
            raise OutputError(f"{source} kunne ikke læses ({describe(exc)}). "
                              f"{UNCHANGED}") from None

    def html_urls(self) -> list[str]:
        urls = []
        for key in sorted(self.written):
            if key.endswith("index.html"):
                urls.append("/" + key[: -len("index.html")])
        return urls


_DISK_PROBLEMS = {
    errno.ENOSPC: "disken er fuld", errno.EDQUOT: "disken er fuld",
    errno.EACCES: "ingen skriveadgang", errno.EPERM: "ingen skriveadgang",
    errno.EROFS: "disken er skrivebeskyttet",
    errno.EEXIST: "der ligger en fil, hvor der skal være en mappe",
    errno.ENOTDIR: "en del af stien er en fil, ikke en mappe",
    errno.ENOENT: "mappen findes ikke",
    errno.EIO: "læse- eller skrivefejl på disken",
    errno.EFBIG: "filen er for stor",
}


def describe(exc: OSError) -> str:
    """What went wrong with the disk, in Danish (strerror is English)."""
    code = exc.errno
    if code in _DISK_PROBLEMS:
        return _DISK_PROBLEMS[code]
    return f"systemfejl {errno.errorcode.get(code or 0, code)}: {exc.strerror}"


def os_message(exc: OSError, path: Path) -> str:
    """One clear message for a failed write in the staging folder: which output folder,
    which file, why, and that nothing was published."""
    staging = next((p for p in (path, *path.parents) if _STAGING.match(p.name)), None)
    if staging is not None:
        where = staging.parent
        inside = path.relative_to(staging).as_posix()
        detail = f" (ved {inside})" if inside != "." else ""
    else:
        where, detail = path.parent, f" (ved {path.name})"
    reason = describe(exc)
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"disken er fuld, så sitet kunne ikke bygges i {where}{detail}. {UNCHANGED} " \
               "Frigør plads, og byg igen."
    return f"sitet kunne ikke skrives i {where}: {reason}{detail}. {UNCHANGED}"


def write_to(target: Path | str, data: bytes | str) -> None:
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        # "x": a new file, never into an existing one - it could be a hard link to a file
        # of the published site (link_or_copy)
        with open(target, "xb") as handle:
            handle.write(payload)
    except OSError as exc:
        raise OutputError(os_message(exc, Path(target))) from None


def _same_file_content(path: Path, source: Path) -> bool:
    try:
        return path.stat().st_size == source.stat().st_size and \
            path.read_bytes() == source.read_bytes()
    except OSError:
        return False


def _same_content(path: str, payload: bytes) -> bool:
    try:
        if os.stat(path).st_size != len(payload):
            return False
        with open(path, "rb") as handle:
            return handle.read() == payload
    except OSError:
        return False


def link_or_copy(source: Path | str, target: Path | str) -> bool:
    """Take over an unchanged file from the previous output (a hard link, else a copy).

    A hard link shares the file with the published output: nothing may ever write into a
    file of the staging folder in place (`write_to` always creates a new file).
    """
    try:
        os.link(source, target)
        return True
    except OSError:
        try:
            with open(source, "rb") as reader, open(target, "wb") as handle:
                shutil.copyfileobj(reader, handle)
            return True
        except OSError:
            return False
