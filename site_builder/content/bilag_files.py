"""The bilag of a meeting: the kinds of file that may be published as one, and the
reading of an item's `bilag:` entry into an Attachment, with the checks of the file it
names (beside the meeting file, inside content/, of a kind that may be published) and the
guess at the file the editor meant when it is not found.

`BilagReader` is mixed into `documents.py`'s `_DocumentReader`: its methods use the reader's
`ctx`, `problems`, `dependencies`, `_claim` and `_key_lines`. `written_procedures.py`
publishes bilag of the same kinds (FILETYPES, BILAG_SUFFIXES).
"""
from __future__ import annotations

import datetime as dt
import difflib
import errno
import unicodedata
from pathlib import Path

from .. import urls
from .coerce import Checker
from .model import Attachment

FILETYPES = {"pdf": "PDF", "docx": "Word", "doc": "Word", "xlsx": "Excel", "xls": "Excel",
             "pptx": "PowerPoint", "ppt": "PowerPoint", "odt": "ODT", "ods": "ODS",
             "odp": "ODP", "rtf": "RTF", "txt": "Tekst", "csv": "CSV", "png": "PNG",
             "jpg": "JPEG", "jpeg": "JPEG", "gif": "GIF", "zip": "ZIP"}
# The only kinds of file published as a bilag (docs/bilag.md): documents and images that a
# browser shows or downloads but never runs as part of the site. HTML, SVG, XML and
# JavaScript would run with the site's own rights ('self' in the CSP), and a content .md
# file could be a draft; a name without a suffix says nothing about what it is.
BILAG_SUFFIXES = frozenset(FILETYPES)
_BILAG_HELP = ("gem bilaget som PDF (i Word, Excel og browseren: »Gem som« eller »Udskriv« "
               "til PDF), og skriv PDF-filens navn her. Tilladte filtyper: "
               + ", ".join(sorted(BILAG_SUFFIXES)))


class BilagReader:
    """Reading a meeting item's bilag (a mixin of documents._DocumentReader)."""

    def _attachment(self, line: int, values: dict, path: Path, organ: str,
                    date: dt.date) -> Attachment | None:
        checker = Checker(self.problems, path)
        title, filename, url = values["titel"], values["fil"], values["url"]
        if filename and url:
            checker.error(line, "bilag", "skriv enten fil: eller url: for hvert bilag")
            return None
        if not filename and not url:  # named in the minutes, not published on the site
            return Attachment(title, values["nummer"], None, None, None, None)
        if url:
            suffix = url.rsplit("?", 1)[0].rsplit(".", 1)[-1].lower()
            return Attachment(title or url, values["nummer"], url, FILETYPES.get(suffix),
                              None, None)
        target = self._safe_file(checker, line, path.parent, filename,
                                 fil_line=self._key_lines.get(line, {}).get("fil", line))
        if target is None:
            return None
        public = urls.attachment(organ, date, Path(filename).name)
        self._claim(public, target)
        suffix = target.suffix.lstrip(".").lower()
        return Attachment(title or target.name, values["nummer"], public,
                          FILETYPES.get(suffix, suffix.upper() or None),
                          target.stat().st_size, target)

    def _safe_file(self, checker: Checker, line: int, base: Path, name: str,
                   fil_line: int | None = None) -> Path | None:
        """`fil_line`: the line of the entry's fil:, where a missing file is reported."""
        relative = Path(name)
        if relative.is_absolute() or ".." in relative.parts or name.startswith("~"):
            checker.error(line, "bilag.fil", f"'{name}' peger uden for sitets mappe; læg "
                          "filen i samme mappe som mødefilen og skriv kun dens navn")
            return None
        suffix = _suffix(relative)
        if suffix not in BILAG_SUFFIXES:
            what = f"filtypen .{suffix}" if suffix else "en fil uden filtype (fx .pdf)"
            checker.error(line, "bilag.fil", f"'{name}': {what} kan ikke offentliggøres "
                          f"som bilag; {_BILAG_HELP}")
            return None
        target = base / relative
        try:
            found = target.is_file()
            if not found:  # the same name in the other Unicode form (macOS writes NFD)
                target = _same_name(base, name) or target
                found = target.is_file()
            resolved = target.resolve() if found else target
        except (OSError, ValueError, RuntimeError):  # a name too long, a symlink loop
            found = False
        if not found and _in_a_loop(target):
            checker.error(line, "bilag.fil", f"'{name}' er en genvej, der peger i ring, så "
                          "filen kan ikke findes; slet genvejen, og læg selve filen her")
            return None
        if not found:
            # the error goes when the file comes, and the guess changes with the folders
            self.dependencies += [target, base, *(p for p in base.rglob("*") if p.is_dir())]
            guess = _closest_file(base, name, self.ctx.content)
            hint = f"; mente du '{guess}'?" if guess else ""
            checker.error(fil_line or line, "bilag.fil", f"filen '{name}' findes ikke i "
                          f"{self.problems.relative(base)}/{hint}")
            return None
        self.dependencies.append(resolved)
        if not resolved.is_relative_to(self.ctx.content.resolve()):
            checker.error(line, "bilag.fil", f"'{name}' er en genvej, der peger uden for "
                          "content/; læg selve filen her")
            return None
        if _suffix(resolved) not in BILAG_SUFFIXES:  # a link to a draft .md, say
            checker.error(line, "bilag.fil", f"'{name}' er en genvej til en fil, der ikke "
                          f"kan offentliggøres som bilag; læg selve filen her: {_BILAG_HELP}")
            return None
        return resolved


def _suffix(path: Path) -> str:
    """A file's type from its name: "pdf" for "Rapport.PDF", "" for "liste" or "x.pdf."."""
    return path.name.rpartition(".")[2].lower() if "." in path.name.strip(".") else ""


def _key(text: str) -> str:
    """A bilag name as an editor means it: either Unicode form, \\ or /, any case."""
    return unicodedata.normalize("NFC", text).replace("\\", "/").casefold()


def _bilag_files(base: Path) -> list[str]:
    """The files beside the meeting files (not the meeting files), from `base`, posix."""
    try:
        return sorted(path.relative_to(base).as_posix() for path in base.rglob("*")
                      if path.is_file() and path.suffix.lower() != ".md"
                      and not any(part.startswith(".")
                                  for part in path.relative_to(base).parts))
    except OSError:
        return []


def _in_a_loop(path: Path) -> bool:
    """Whether following the symlinks on the way to `path` goes round in a circle."""
    try:
        path.resolve(strict=True)
    except RuntimeError:  # Python 3.11's word for ELOOP
        return True
    except (OSError, ValueError) as exc:
        return getattr(exc, "errno", None) == errno.ELOOP
    return False


def _same_name(base: Path, name: str) -> Path | None:
    """The file whose name is `name` in the other Unicode normal form (NFC/NFD)."""
    wanted = unicodedata.normalize("NFC", name)
    return next((base / f for f in _bilag_files(base)
                 if unicodedata.normalize("NFC", f) == wanted), None)


def _closest_file(base: Path, name: str, content: Path) -> str | None:
    """The existing bilag the editor most likely meant by `name`, as `fil:` should say it:
    another case or Unicode form, \\ for /, a path from the repository or from content/,
    the date folder left out, or a small typo."""
    files = _bilag_files(base)
    by_key = {_key(f): f for f in files}
    wanted = _key(name)
    for prefix in (f"content/{base.relative_to(content).as_posix()}/",
                   f"{base.relative_to(content).as_posix()}/"):
        wanted = wanted.removeprefix(_key(prefix))
    if wanted in by_key:
        return by_key[wanted]
    same_name = [f for f in files if _key(f.rsplit("/", 1)[-1]) == wanted.rsplit("/", 1)[-1]]
    if len(same_name) == 1:
        return same_name[0]
    # a typo: compare the file names alone (the shared folder would make any two alike)
    names = {_key(f.rsplit("/", 1)[-1]): f for f in reversed(files)}
    close = difflib.get_close_matches(wanted.rsplit("/", 1)[-1], list(names), n=1, cutoff=0.75)
    return names[close[0]] if close else None

