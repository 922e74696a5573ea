"""Atomic publishing: build in a staging folder beside the output, swap it in when complete.

A failed, interrupted or killed build leaves the previous output untouched. On Linux the
swap is one `renameat2(RENAME_EXCHANGE)` call, so there is no moment without an output
folder; elsewhere two renames are used. A lock file stops two builds of one output at once.
The staged files and the folders are flushed to disk before and after the swap, so a power
cut leaves either the old or the new site, never a mix.
"""
from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import shutil
from contextlib import contextmanager, suppress
from pathlib import Path

from ..problems import OutputError
from .writer import UNCHANGED, describe

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
LOCKED = "en anden build af {output} kører allerede; vent til den er færdig, og prøv igen"


ENGINE = Path(__file__).resolve().parents[1]  # site_builder/
ENGINE_TEMPLATES = ENGINE.parent / "templates"


def unsafe_output(site_root: Path, output: Path) -> str | None:
    """Why `output` must not be built into, or None. The swap replaces the whole output
    folder, so an output that is the site folder, holds it, or lies in its content/, data/
    or templates/ (or in the engine) would delete the sources; checked before anything is
    written or deleted."""
    try:
        output, site = output.resolve(), site_root.resolve()
    except (OSError, RuntimeError):  # a symlink loop
        return f"{output} eller {site_root} er en genvej, der peger i ring; slet genvejen"
    if site.is_relative_to(output):
        where = "sitets egen mappe" if output == site else "en mappe, som sitet ligger i"
        return f"{output} er {where}; bygningen erstatter hele --out-mappen, så sitets " \
               f"filer ville blive slettet. Byg fx til {site / 'public'}"
    sources = [(site_root / name, f"sitets {name}/") for name in ("content", "data",
                                                                  "templates")]
    sources += [(ENGINE, "byggeværktøjets mappe"), (ENGINE_TEMPLATES, "byggeværktøjets "
                                                                       "templates/")]
    for folder, name in sources:
        try:
            folder = folder.resolve()
        except (OSError, RuntimeError):  # content -> content: reported by the loader
            continue
        if output.is_relative_to(folder) or folder.is_relative_to(output):
            where = "ligger i" if output.is_relative_to(folder) else "rummer"
            return f"{output} {where} {name}; bygningen erstatter hele --out-mappen, så " \
                   f"filerne dér ville blive slettet. Byg fx til {site / 'public'}"
    return None


def staging_prefix(output: Path) -> str:
    return f".{output.name}.tmp-"


def lock_path(output: Path) -> Path:
    return output.parent / f".{output.name}.lock"


_held_locks: set[int] = set()  # the file descriptors of the build locks this process holds


def _close_held_locks() -> None:
    """In a forked child: close its copies of the lock files, so that only the build holds
    its lock (an flock lasts while any process has the file open; closing a copy does not
    unlock it for the build)."""
    for fd in _held_locks:
        with suppress(OSError):
            os.close(fd)
    _held_locks.clear()


os.register_at_fork(after_in_child=_close_held_locks)


@contextmanager
def build_lock(output: Path):
    """Hold an exclusive lock for the output folder for the duration of a build. The lock
    is the kernel's (flock): it goes away with the process, also when it is killed, and
    neither the build's workers nor programs it starts keep it (see _close_held_locks)."""
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(lock_path(output), os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
    except OSError as exc:
        raise OutputError(f"sitet kunne ikke skrives i {output.parent}: {describe(exc)}. "
                          f"{UNCHANGED}") from None
    _held_locks.add(fd)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputError(LOCKED.format(output=output)) from None
        yield
    finally:
        if fd in _held_locks:  # not in a forked child, which closed it already
            _held_locks.discard(fd)
            os.close(fd)


def new_staging(output: Path) -> Path:
    """A fresh staging folder; leftovers of killed builds are removed first (under the lock,
    so they are no other build's)."""
    prefix = staging_prefix(output)
    for stale in output.parent.glob(prefix + "*"):
        shutil.rmtree(stale, ignore_errors=True)
    staging = output.parent / f"{prefix}{os.getpid()}"
    try:
        staging.mkdir(parents=True)
    except OSError as exc:
        raise OutputError(f"sitet kunne ikke skrives i {output.parent}: {describe(exc)}. "
                          f"{UNCHANGED}") from None
    return staging


def swap_in(staging: Path, output: Path) -> None:
    """Make `staging` the output folder in one step and remove the old output."""
    try:
        _fsync_tree(staging)
        if output.exists() and _exchange(staging, output):
            _fsync_directory(output.parent)
            shutil.rmtree(staging, ignore_errors=True)  # now holds the old output
            return
        if output.exists():
            old = output.parent / f"{staging_prefix(output)}old-{os.getpid()}"
            os.rename(output, old)
            os.rename(staging, output)
            _fsync_directory(output.parent)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.rename(staging, output)
            _fsync_directory(output.parent)
    except OSError as exc:
        raise OutputError(f"{output} kunne ikke udskiftes: {describe(exc)}. "
                          f"{UNCHANGED}") from None


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)


def _exchange(first: Path, second: Path) -> bool:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second),
                       _RENAME_EXCHANGE)
    if result == 0:
        return True
    if ctypes.get_errno() in (errno.EINVAL, errno.ENOSYS, errno.EXDEV):
        return False
    raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()))


def _fsync_tree(folder: Path) -> None:
    """Flush the staged files and folders to disk so the swapped-in site survives a power
    cut: on Linux with one syncfs() of the file system that holds them (one call instead
    of one fsync per file, thousands in an archive), elsewhere file by file."""
    if _syncfs(folder):
        return
    for directory, _dirs, files in os.walk(folder, topdown=False):
        for name in files:
            fd = os.open(os.path.join(directory, name), os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        _fsync_directory(Path(directory))


def _syncfs(folder: Path) -> bool:
    try:
        syncfs = ctypes.CDLL(None, use_errno=True).syncfs
    except (OSError, AttributeError):
        return False
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        return syncfs(fd) == 0
    finally:
        os.close(fd)


def _fsync_directory(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot flush a folder; the files are flushed
    finally:
        os.close(fd)
