"""The persistent build cache: what the last build read and wrote, and from which inputs.

Two parts, both keyed on everything their result depends on:

- read documents: one pickle per content file, keyed on the file's size and mtime, the
  other files it read (bilag), the load context (build date, bodies) and the engine (its
  source code and library versions); when size or time changed, on what the files hold
  (a fresh checkout, as every deploy is, gives each file a new time). A document's digest,
  which the pages' fingerprints use, is made from what the files hold;
- written pages: a fingerprint per output file from its templates, its view data and the
  site-wide data every template can see. A page whose fingerprint is unchanged is taken
  over from the previous output instead of being rendered again. A file made in one piece
  (a search shard, a feed, the open data) has the digest of its bytes instead: an
  unchanged one is taken over without reading the old file (build/writer.py).

When in doubt the cache misses: a stale page is a bug, a slow build is not. Deleting the
cache folder is always safe.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import pickle
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Callable

import orjson

from .. import ENGINE_VERSION
from .digests import fingerprint
from .inputs import output_digest

if TYPE_CHECKING:
    from ..content.documents import FileResult, LoadContext

_ENGINE_DIR = Path(__file__).resolve().parents[1]  # site_builder/
_LIBRARIES = ("cmarkgfm", "nh3", "jinja2", "babel", "pyyaml", "lunr", "snowballstemmer",
              "icalendar", "numpy")


def engine_digest() -> str:
    """The engine's own version: its source files and the libraries that shape output."""
    digest = hashlib.sha256(ENGINE_VERSION.encode())
    for path in sorted(_ENGINE_DIR.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".json") and "__pycache__" not in path.parts:
            digest.update(path.relative_to(_ENGINE_DIR).as_posix().encode())
            digest.update(path.read_bytes())
    for name in _LIBRARIES:
        try:
            digest.update(f"{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=-".encode())
    return digest.hexdigest()


def _stat(path: Path) -> tuple[str, int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return (str(path), info.st_size, info.st_mtime_ns)


def _content(path: Path) -> str | None:
    """What a file holds (or a folder: the names in it), as a digest; None if missing."""
    try:
        if path.is_dir():
            return hashlib.sha256("\n".join(sorted(os.listdir(path))).encode()).hexdigest()
        with open(path, "rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return None


def _dependency(path: Path) -> tuple:
    """A file the reading of a document depended on, as it is now: also a file that was
    missing (a bilag not there yet: its error must go when it comes) and a folder (whose
    listing a message's suggestion came from)."""
    return _stat(path) or (str(path), None, None)


class BuildCache:
    """The cache of one site's builds. What a build reads from it or puts in it is also
    kept in memory, so a process that builds again (the preview) need not read it back."""

    def __init__(self, folder: Path, engine: str):
        self.folder = folder
        self.engine = engine
        self.hits = 0
        self.misses = 0
        self._documents: dict[Path, tuple] = {}  # path -> (key, dependencies, contents,
        #                                              result)
        self._memos: dict[str, Memo] = {}
        # the identity of each file the publishing gate found clean (`save_gated_files`),
        # by its path in the output: the same file's after the swap, which renames the
        # folder around it (inode, size and time stay), so the saves after it need not
        # look again at 34,000 files
        self._gated: dict[str, list[int]] = {}

    # Documents -------------------------------------------------------------------------

    def _document_file(self, path: Path) -> Path:
        name = hashlib.sha1(str(path).encode()).hexdigest()
        return self.folder / "documents" / f"{name}.pickle"

    def _document_key(self, kind: str, path: Path, ctx: LoadContext) -> str | None:
        stat = _stat(path)
        if stat is None:
            return None
        return hashlib.sha256(repr((self.engine, kind, stat, ctx)).encode()).hexdigest()

    def _content_key(self, kind: str, path: Path, ctx: LoadContext) -> str | None:
        content = _content(path)
        if content is None:
            return None
        return hashlib.sha256(repr((self.engine, kind, str(path), content, ctx)).encode()
                              ).hexdigest()

    def get_document(self, kind: str, path: Path, ctx: LoadContext,
                     retime: Callable[[FileResult, Path], FileResult] | None = None
                     ) -> FileResult | None:
        """The document as the last build read it, if neither it nor a file its reading
        depended on changed: first by size and time; when those changed (a fresh checkout
        gives every file a new time), by what the files hold, and then `retime` gives the
        document what it takes from the file's time."""
        key = self._document_key(kind, path, ctx)
        if key is None:
            return None
        stored = self._documents.get(path)
        if stored is None or stored[0] != key:
            try:
                with open(self._document_file(path), "rb") as handle:
                    stored = pickle.load(handle)
                stored_key, dependencies, contents, result = stored
            except (OSError, EOFError, pickle.UnpicklingError, ValueError, AttributeError,
                    ImportError, TypeError):
                return None
        stored_key, dependencies, contents, result = stored
        if stored_key != key or any(_dependency(Path(d[0])) != d for d in dependencies):
            own, others = contents
            if own != self._content_key(kind, path, ctx) \
                    or any(_content(Path(name)) != held for name, held in others):
                return None
            if retime is not None:
                result = retime(result, path)
            stored = (key, [_dependency(Path(d[0])) for d in dependencies], contents, result)
            self._save_document(path, stored)
        self._documents[path] = stored
        return result

    def put_document(self, kind: str, path: Path, ctx: LoadContext,
                     result: FileResult) -> FileResult:
        """Store a freshly read document; returns it with its digest filled in (made from
        what its files hold, so that a fresh checkout of the same files gives the same)."""
        key = self._document_key(kind, path, ctx)
        dependencies = [_dependency(d) for d in result.dependencies]
        contents = (self._content_key(kind, path, ctx),
                    [(str(d), _content(d)) for d in result.dependencies])
        if result.document is not None:
            digest = hashlib.sha256(repr(contents).encode()).hexdigest()
            result.document = dataclasses.replace(result.document, digest=digest)
            items = getattr(result.document, "items", None)
            if items:  # a page that shows items gets its fingerprint without reading them
                result.document = dataclasses.replace(result.document, items=tuple(
                    dataclasses.replace(item, digest=f"{digest}:{item.number}")
                    for item in items))
        if key is not None and contents[0] is not None:
            self._save_document(path, (key, dependencies, contents, result))
        return result

    def _save_document(self, path: Path, stored: tuple) -> None:
        self._documents[path] = stored
        _write_atomically(self._document_file(path), pickle.dumps(stored, protocol=5))

    def memo(self, name: str) -> Memo:
        """The named output's memo, for one build (from the start)."""
        if name not in self._memos:
            self._memos[name] = Memo(self.folder / f"memo-{name}", self.engine)
        memo = self._memos[name]
        memo.start()
        return memo

    # The last build as a whole ----------------------------------------------------------

    def _last_build_file(self) -> Path:
        return self.folder / "last-build.pickle"

    def last_build(self, key: tuple, inputs: str | None, output: Path):
        """The report of the last build if nothing it depended on changed since: the same
        engine, options (`key`) and inputs (build/inputs.py), and an output folder that is
        still exactly the one it swapped in. None otherwise."""
        if inputs is None:
            return None
        try:
            with open(self._last_build_file(), "rb") as handle:
                stored = pickle.load(handle)
            if stored["engine"] != self.engine or stored["key"] != key \
                    or stored["inputs"] != inputs:
                return None
            files, report = stored["files"], stored["report"]
        except (OSError, EOFError, pickle.UnpicklingError, ValueError, AttributeError,
                ImportError, TypeError, KeyError):
            return None
        if stored["output"] is None or output_digest(output, files) != stored["output"]:
            return None
        return report

    def save_last_build(self, key: tuple, inputs: str | None, output: Path,
                        files: list[str], report) -> None:
        """After the swap: what `last_build` compares with (`inputs` as taken before the
        build read anything, so a file changed while it ran makes the next build work)."""
        data = {"engine": self.engine, "key": key, "inputs": inputs,
                "output": output_digest(output, files, self._gated), "files": sorted(files),
                "report": report}
        _write_atomically(self._last_build_file(), pickle.dumps(data, protocol=5))

    # Written pages ---------------------------------------------------------------------

    def _manifest_file(self) -> Path:
        return self.folder / "outputs.json"

    def previous_outputs(self, output: Path) -> dict[str, str]:
        """The fingerprints of the pages and bilag this cache's last build wrote to `output`,
        for the files that are still the ones it wrote. The output folder is not trusted:
        another checkout, a build without the cache or any other program may have written
        there since. Every build swaps in a new folder, so the folder's identity (device and
        inode) is the id of the build that made it; a file counts only if its own identity,
        size and time are what the last build left."""
        try:
            manifest = json.loads(self._manifest_file().read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if manifest.get("output") != str(output) or manifest.get("engine") != self.engine \
                or manifest.get("build") != _identity(output):
            return {}
        stats = manifest.get("files", {})
        base = os.path.join(output, "")
        return {relative: value for relative, value in manifest.get("fingerprints", {}).items()
                if relative in stats and _identity(base + relative) == stats[relative]}

    def gated_files(self) -> frozenset:
        """The identities of the files the publishing gate found clean in the last build
        of this engine (publish_gate.identity)."""
        try:
            data = json.loads((self.folder / "gate.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return frozenset()
        if data.get("engine") != self.engine:
            return frozenset()
        return frozenset(tuple(entry) for entry in data.get("clean", []))

    def save_gated_files(self, clean: set[tuple]) -> None:
        """Before the swap: the identities (publish_gate.identity) of the staged files the
        gate found clean."""
        self._gated = {relative: list(rest) for relative, *rest in clean}
        data = {"engine": self.engine, "clean": sorted(clean)}
        _write_atomically(self.folder / "gate.json", orjson.dumps(data))

    def save_outputs(self, output: Path, fingerprints: dict[str, str]) -> None:
        """After the swap: what this build wrote to `output`, and the identities of the
        folder and of each file (see `previous_outputs`)."""
        base = os.path.join(output, "")
        files = {relative: self._gated.get(relative) or _identity(base + relative)
                 for relative in fingerprints}
        data = {"output": str(output), "engine": self.engine, "build": _identity(output),
                "fingerprints": {r: v for r, v in fingerprints.items() if files[r]},
                "files": {r: v for r, v in files.items() if v}}
        _write_atomically(self._manifest_file(), orjson.dumps(data, option=orjson.OPT_SORT_KEYS))


def _identity(path: Path | str) -> list[int] | None:
    try:
        info = os.stat(path, follow_symlinks=False)
    except OSError:
        return None
    return [info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns]


_ON_DISK = object()  # a memo's piece that another process read: kept on disk, not here


class Memo:
    """One output's results from the last build, by a digest of their inputs: an output
    that is computed piece by piece (a calendar event, a search document) asks for each
    piece here, and only the pieces whose inputs changed are computed again. Without a
    folder nothing is kept and every piece is computed.

    Each piece is a file of its own in the folder, so a build after one edit writes one
    piece and reads the others; the pieces no build used since are deleted on `save`.
    Every key carries the `engine` (cache.engine_digest): another engine makes its own."""

    def __init__(self, folder: Path | None, engine: str = ""):
        self.path = folder
        self.engine = engine
        self._old: dict = {}  # what the last build of this process used
        self._new: dict = {}  # what this build uses
        self._fresh: set[str] = set()  # made by this build: to be written

    def start(self) -> None:
        """A new build: forget what an unfinished one used."""
        self._new, self._fresh = {}, set()

    def get(self, parts: tuple, make):
        """`make()`, or its result from the last build when `parts` (the inputs, as
        `fingerprint` reads them) are the same."""
        key, value = self.find(parts)
        if value is None:
            value = make()
            self._fresh.add(key)
        self.keep(key, value)
        return value

    def find(self, parts: tuple):
        """(key, the last build's result for these inputs or None); for work that is done
        elsewhere (in worker processes) and `keep`-ed afterwards."""
        if self.path is None:
            return None, None
        key = fingerprint(self.engine, *parts)
        if self._in_memory(key):
            return key, self._old[key]
        try:
            with open(self.path / f"{key}.pickle", "rb") as handle:
                return key, pickle.load(handle)
        except (OSError, EOFError, pickle.UnpicklingError, ValueError, AttributeError,
                ImportError, TypeError):
            self._fresh.add(key)
            return key, None

    def keep(self, key: str | None, value) -> None:
        if key is not None:
            self._new[key] = value

    def stored(self, parts: tuple) -> bool:
        """Whether the last build's result for these inputs is kept (not read here)."""
        if self.path is None:
            return False
        key = fingerprint(self.engine, *parts)
        return self._in_memory(key) or os.path.exists(self.path / f"{key}.pickle")

    def _in_memory(self, key: str) -> bool:
        return self._old.get(key, _ON_DISK) is not _ON_DISK

    def keep_made(self, key: str | None, value, fresh: bool) -> None:
        """`keep`, for a result found or made (`fresh`) by another process (`find` and
        `get` there): a found one stays on disk only, as `_ON_DISK`."""
        if key is not None:
            self._new[key] = value if fresh else _ON_DISK
            if fresh:
                self._fresh.add(key)

    def save(self) -> None:
        """Write what this build made, delete what it did not use."""
        if self.path is None:
            return
        for key in self._fresh & self._new.keys():
            _write_atomically(self.path / f"{key}.pickle",
                              pickle.dumps(self._new[key], protocol=5))
        try:
            for stored in os.scandir(self.path):
                if stored.name.removesuffix(".pickle") not in self._new:
                    os.unlink(stored.path)
        except OSError:
            pass  # a piece left behind only takes room
        self._old, self._new, self._fresh = self._new, {}, set()


def _write_atomically(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except OSError:
        pass  # a cache that cannot be written only makes the next build slower
