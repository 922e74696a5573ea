"""Atomic publishing: build in a staging folder beside the output, swap it in when complete.

A failed, interrupted or killed build leaves the previous output untouched. On Linux the
swap is one `renameat2(RENAME_EXCHANGE)` call, so there is no moment without an output
folder; elsewhere two renames are used. A lock file stops two builds of one output at once.
The old output is set aside beside the new one (`.public.old-...`) and removed by the next
build while it loads, so that no build waits for its removal.
What the build wrote is flushed to disk before the swap, and the folder holding the output
after it, so a power cut leaves either the old or the new site, never a mix: on Linux by one
syncfs() of the file system, elsewhere by an fsync of each folder and each file the build
wrote. (benchmarks/durability.py measured both at 2,000 meetings: syncfs was the faster
flush on a quiet disk, 0.06 s against 0.37-0.75 s, and beside a program writing GBs,
1.3 s like the fsyncs; there the rebuild's wall time goes to reading and writing, not to
the flush.)
"""
from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Callable, Iterator

from ..problems import OutputError
from . import libc
from .inputs import ENGINE_TEMPLATES
from .writer import UNCHANGED, describe

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
LOCKED = "en anden build af {output} kører allerede; vent til den er færdig, og prøv igen"


ENGINE = Path(__file__).resolve().parents[1]  # site_builder/


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
        remove_tree(stale)
    staging = output.parent / f"{prefix}{os.getpid()}"
    try:
        staging.mkdir(parents=True)
    except OSError as exc:
        raise OutputError(f"sitet kunne ikke skrives i {output.parent}: {describe(exc)}. "
                          f"{UNCHANGED}") from None
    return staging


def swap_in(staging: Path, output: Path, durable: bool = True,
            remove_old: Callable[[Path], None] | None = None) -> None:
    """Make `staging` the output folder in one step and remove the old output (by
    `remove_old`: by default `remove_tree`, at once). `durable`: flushed to disk first (see
    flush_tree); the preview, which builds again when it starts, need not wait for that."""
    flush = flush_tree if durable else _no_flush
    remove_old = remove_old or remove_tree
    try:
        flush(staging, output)
        if output.exists() and _exchange(staging, output):
            if durable:
                _fsync_directory(output.parent)
            remove_old(staging)  # now holds the old output
            return
        old = None
        if output.exists():
            old = output.parent / f"{staging_prefix(output)}old-{os.getpid()}"
            os.rename(output, old)
        os.rename(staging, output)
        if durable:
            _fsync_directory(output.parent)
        if old is not None:
            remove_old(old)
    except OSError as exc:
        raise OutputError(f"{output} kunne ikke udskiftes: {describe(exc)}. "
                          f"{UNCHANGED}") from None


def old_prefix(output: Path) -> str:
    return f".{output.name}.old-"


def set_aside(folder: Path, output: Path) -> None:
    """A `remove_old` for swap_in: the old output is renamed beside the new one
    (`.public.old-<pid>-<ns>`), and a later build removes it (`earlier_outputs_removed`),
    so that no build waits for the removal of 34,000 files (0.6 s on tmpfs at 2,000
    meetings, 1.0-1.6 s on disk). Most of its files are hard links to the new output's,
    so it takes little room meanwhile. Removed at once where it cannot be renamed."""
    target = output.parent / f"{old_prefix(output)}{os.getpid()}-{time.time_ns()}"
    try:
        os.rename(folder, target)
    except OSError:
        remove_tree(folder)


@contextmanager
def earlier_outputs_removed(output: Path, jobs: int) -> Iterator[None]:
    """The old outputs earlier builds set aside (`set_aside`), removed by a worker beside
    the `with` (parallel.beside), which is stopped when the `with` ends: the next build
    removes what it left (removing is the same however far it got). Without a worker
    (one job, no fork) they are removed when the `with` ends. Only the folders there when
    the `with` begins are removed: an output this build sets aside waits for the next."""
    from .parallel import MIN_PARALLEL, beside, forking
    folders = sorted(output.parent.glob(old_prefix(output) + "*"))
    if not folders:
        yield
        return
    if not forking(jobs, MIN_PARALLEL):
        yield
        for folder in folders:
            remove_tree(folder)
        return
    with beside(jobs, MIN_PARALLEL, lambda: [remove_tree(folder) for folder in folders]):
        yield


def _no_flush(staging: Path, output: Path) -> None:
    pass


def discard(staging: Path) -> None:
    remove_tree(staging)


def _exchange(first: Path, second: Path) -> bool:
    renameat2 = libc.function("renameat2")
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second),
                       _RENAME_EXCHANGE)
    if result == 0:
        return True
    if ctypes.get_errno() in (errno.EINVAL, errno.ENOSYS, errno.EXDEV):
        return False
    raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()))


def flush_tree(folder: Path, published: Path | None = None) -> None:
    """Flush what the build wrote into `folder` to disk before it is swapped in for
    `published`, so that a power cut leaves either the old or the new site: one syncfs()
    of the file system where there is one; else each folder, and each file but those
    taken over from the published output (hard links to its files, writer.link_or_copy,
    flushed before that output was swapped in: for them the new folder entry is enough),
    many at once."""
    if flush_file_system(folder):
        return
    fsync_paths(written_paths(folder, published))


_FLUSH_THREADS = 32


def fsync_paths(paths: list[tuple[str, int | None]]) -> None:
    with ThreadPoolExecutor(_FLUSH_THREADS) as pool:
        for _ in pool.map(_fsync, paths):
            pass


def written_paths(folder: Path, published: Path | None = None) -> list[tuple[str, int | None]]:
    """(path, size; None for a folder) for every folder in `folder` and every file in it
    that is not the very file (device and inode) at the same place in `published`."""
    found: list[tuple[str, int | None]] = []
    todo = [(os.fspath(folder), os.fspath(published) if published else None)]
    while todo:
        directory, counterpart = todo.pop()
        found.append((directory, None))
        with os.scandir(directory) as entries:
            for entry in entries:
                twin = os.path.join(counterpart, entry.name) if counterpart else None
                if entry.is_dir(follow_symlinks=False):
                    todo.append((entry.path, twin))
                elif not _same_file(entry, twin):
                    found.append((entry.path, entry.stat(follow_symlinks=False).st_size))
    return found


def _same_file(entry: os.DirEntry, other: str | None) -> bool:
    info = entry.stat(follow_symlinks=False)
    if info.st_nlink == 1 or other is None:
        return False
    try:
        twin = os.stat(other, follow_symlinks=False)
    except OSError:
        return False
    return (twin.st_dev, twin.st_ino) == (info.st_dev, info.st_ino)


def _fsync(path_and_size: tuple[str, int | None]) -> None:
    path, size = path_and_size
    if size is None:  # a folder
        _fsync_directory(Path(path))
        return
    fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def flush_file_system(folder: Path) -> bool:
    """One syncfs() of the whole file system that holds `folder`: with every other
    program's unwritten data too. False where there is no syncfs()."""
    syncfs = libc.function("syncfs")
    if syncfs is None:
        return False
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        return syncfs(fd) == 0
    finally:
        os.close(fd)


def remove_tree(folder: Path) -> None:
    """Delete a folder tree (the old output), many files and folders at once: each deletion
    mostly waits for the file system, so waiting in parallel is faster than one by one."""
    folders: list[tuple[int, str]] = []  # (depth, path)
    batches: list[list[str]] = []  # files, a few hundred of one folder at a time
    todo = [(0, os.fspath(folder))]
    try:
        while todo:
            depth, directory = todo.pop()
            folders.append((depth, directory))
            files = []
            with os.scandir(directory) as entries:
                for entry in entries:
                    if entry.is_dir(follow_symlinks=False):
                        todo.append((depth + 1, entry.path))
                    else:
                        files.append(entry.path)
            batches += [files[i:i + 256] for i in range(0, len(files), 256)]
        with ThreadPoolExecutor(_FLUSH_THREADS) as pool:
            for _ in pool.map(_unlink_all, batches):
                pass
            for depth in sorted({depth for depth, _ in folders}, reverse=True):
                for _ in pool.map(_remove_folder, [p for d, p in folders if d == depth]):
                    pass
    except OSError:
        pass
    shutil.rmtree(folder, ignore_errors=True)  # whatever could not be removed above


def _unlink_all(paths: list[str]) -> None:
    for path in paths:
        with suppress(OSError):
            os.unlink(path)


def _remove_folder(path: str) -> None:
    with suppress(OSError):
        os.rmdir(path)


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
