"""What a build reads and what it left, as digests of file stats: a build whose inputs,
engine and options are those of the last build, and whose output is still exactly the
folder that build swapped in, has nothing to do (pipeline.build then reports the last
build again instead of making the same files).

The inputs are every file and folder under the site's content/ and data/, the template
folders (the site's own and the engine's), the npm packages in node_modules/ (lunr.js and
its Danish support) and the entries at the top of the site folder (a netlify.toml or a
templates/ folder that appears), each by path, type, size, modification time and inode;
a file added or removed changes its folder's time. The engine's source is covered by the
cache's engine digest. tests/test_incremental.py runs a build under an audit hook and
checks that every file it opens lies in these folders: a new kind of input must be added
here, or the unchanged build would miss it.

When in doubt this says "changed": a digest that cannot be made (a folder that cannot be
read) is None, which never equals a stored digest.
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Iterable


# The engine's own inputs. (Here, not beside Jinja or lunr: the unchanged build's check
# needs their places, not them.)
ENGINE_TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
NODE_MODULES = Path(__file__).resolve().parents[2] / "node_modules"  # lunr.js (npm ci)


def template_dirs(site_root: Path) -> list[Path]:
    """A site may override the engine's templates with its own templates/ folder."""
    own = site_root / "templates"
    dirs = [own] if own.is_dir() and own.resolve() != ENGINE_TEMPLATES else []
    return dirs + [ENGINE_TEMPLATES]


def input_roots(site_root: Path) -> list[Path]:
    """The folders whose every file a build may read (see the module's note)."""
    return [site_root / "content", site_root / "data", *template_dirs(site_root),
            NODE_MODULES]


def inputs_digest(site_root: Path, skip: Iterable[Path] = ()) -> str | None:
    """A digest of the stats of every input; `skip`: the build's own folders at the top of
    the site folder (its output, staging folders and lock file, the cache), which every
    build changes."""
    digest = hashlib.sha256()
    skipped = {path.name for path in skip if path.parent == site_root}
    skipped_prefixes = tuple(f".{name}." for name in skipped)
    try:
        with os.scandir(site_root) as entries:
            top = sorted((entry.name, _stat_line(entry)) for entry in entries
                         if entry.name not in skipped
                         and not entry.name.startswith(skipped_prefixes))
        digest.update(repr(top).encode())
        for root in input_roots(site_root):
            digest.update(b"\0root " + os.fsencode(root))
            _walk(root, digest)
    except OSError:
        return None
    return digest.hexdigest()


def _walk(root: Path, digest) -> None:
    """Every entry under `root` (not following symlinks to folders: their targets are
    inputs the loader refuses anyway), in a fixed order."""
    if not root.exists():
        digest.update(b"missing")
        return
    pending = [os.fspath(root)]
    while pending:
        folder = pending.pop()
        with os.scandir(folder) as found:
            entries = sorted(found, key=lambda entry: entry.name)
        lines = []
        for entry in entries:
            lines.append(f"{entry.name}\0{_stat_line(entry)}")
            if entry.is_dir(follow_symlinks=False):
                pending.append(entry.path)
        digest.update(f"\0{folder}\0{os.stat(folder).st_mtime_ns}\0".encode())
        digest.update("\n".join(lines).encode("utf-8", "surrogateescape"))


def _stat_line(entry: os.DirEntry) -> str:
    info = entry.stat(follow_symlinks=False)
    if entry.is_symlink():  # where it points, and what is there now
        try:
            target = os.stat(entry.path)
            return f"l{os.readlink(entry.path)}:{target.st_size}:{target.st_mtime_ns}:" \
                   f"{target.st_ino}"
        except OSError:
            return f"l{info.st_mtime_ns}:broken"
    kind = "d" if entry.is_dir(follow_symlinks=False) else "f"
    return f"{kind}{info.st_size}:{info.st_mtime_ns}:{info.st_ino}"


def output_digest(output: Path, files: Iterable[str],
                  known: dict[str, list[int]] | None = None) -> str | None:
    """A digest of the output folder as it is now: the identity (device, inode, size,
    modification time) of the folder, of each of `files` (relative paths) and of every
    folder that holds them (a file added to or removed from a folder changes its time).
    `known`: files' identities as [device, inode, size, time] taken since nothing changed
    them (BuildCache.save_gated_files)."""
    digest = hashlib.sha256()
    folders = {""}
    base = os.path.join(output, "")  # (strings, not Path objects: one per file of the site)
    known = known or {}
    try:
        for relative in sorted(files):
            seen = known.get(relative)
            if seen is None:
                info = os.stat(base + relative, follow_symlinks=False)
                seen = [info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns]
            digest.update(f"{relative}\0{seen[0]}:{seen[1]}:{seen[2]}:"
                          f"{seen[3]}\n".encode("utf-8", "surrogateescape"))
            parent = relative.rpartition("/")[0]
            while parent not in folders:
                folders.add(parent)
                parent = parent.rpartition("/")[0]
        for relative in sorted(folders):
            info = os.stat(base + relative, follow_symlinks=False)
            digest.update(f"{relative}/\0{info.st_dev}:{info.st_ino}:{info.st_mtime_ns}\n"
                          .encode("utf-8", "surrogateescape"))
    except OSError:
        return None
    return digest.hexdigest()
