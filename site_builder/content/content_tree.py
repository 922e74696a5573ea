"""The walk of content/: which files lie there, what kind of content file each .md file
is, and why a file, folder or symlink there is not read.

Plain functions of paths and names, with no state: `loader.py` walks the tree with them
(its content tasks, and the check that no file under content/ is left out without a word);
the files themselves are read by `documents.py` and `written_procedures.py`.
"""
from __future__ import annotations

import errno
import re
from pathlib import Path

from . import written_procedures

_WHERE_CONTENT_GOES = ("læg en mødefil i content/moeder/<organ>/, en aftale i "
                       "content/aftaler/ og en side i content/sider/")


def content_files(content: Path) -> tuple[list[Path], list[Path], list[tuple[Path, str]]]:
    """Every file under content/ (not hidden ones), following symlinked folders that stay
    inside it, once each; the symlinked folders that lead out of it; and (path, problem)
    for each entry that cannot be read as a file or a folder: a symlink in a loop or to
    nothing, a folder link to itself or a folder above it, a device or a pipe."""
    if not content.is_dir():
        return [], [], []
    inside = content.resolve()
    seen, stack = {inside}, [(content, inside)]  # (folder, where it really is)
    files: list[Path] = []
    outside: list[Path] = []
    unreadable: list[tuple[Path, str]] = []
    while stack:
        folder, folder_real = stack.pop()
        try:
            entries = sorted(folder.iterdir())
        except OSError:
            continue  # unreadable: the privacy check and the reader report what they can
        for entry in entries:
            if entry.name.startswith("."):
                continue
            link = entry.is_symlink()
            problem = link_problem(entry) if link else None
            if problem:
                unreadable.append((entry, problem))
            elif entry.is_dir():
                # a folder that is no link is where its folder really is (no path to resolve)
                real = entry.resolve() if link else folder_real / entry.name
                if not real.is_relative_to(inside):
                    outside.append(entry)
                elif folder_real.is_relative_to(real):
                    unreadable.append((entry, LINK_LOOP))  # `loop -> .` or `op -> ..`
                elif real not in seen:  # not a second link to one folder
                    seen.add(real)
                    stack.append((entry, real))
            elif entry.is_file():
                files.append(entry)
            else:
                unreadable.append((entry, "filen er hverken en almindelig fil eller en mappe "
                                   "(men fx en pipe), så den bliver ikke læst; slet den"))
    return sorted(files), sorted(outside), sorted(unreadable)


LINK_LOOP = ("genvejen peger i ring (på sig selv, på en mappe den selv ligger i, eller på en "
             "anden genvej, der peger tilbage), så den kan ikke følges; slet genvejen, og læg "
             "selve filen eller mappen her")


def link_problem(link: Path) -> str | None:
    """Why a symlink cannot be followed (None: it can)."""
    try:
        link.resolve(strict=True)
    except (FileNotFoundError, NotADirectoryError):
        return ("genvejen peger på en fil eller mappe, der ikke findes; slet genvejen, eller "
                "læg selve filen her")
    except RuntimeError:  # ELOOP in Python 3.11; later versions raise OSError
        return LINK_LOOP
    except OSError as exc:
        return LINK_LOOP if exc.errno == errno.ELOOP else None
    return None


# Names of text that is meant to be Markdown but is not read as it: 2026-12-01.md.txt
# (Notepad), x.markdown, x.MD.txt
_MARKDOWN_NAMES = {"md", "markdown", "mdown", "mkd", "mkdn", "mdwn", "mdtext", "mdtxt"}
_DATE_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})\.")
_BILAG_FOLDER = ("et bilag lægges i en mappe med mødets dato ved siden af mødefilen, fx "
                 "content/moeder/<organ>/<ÅÅÅÅ-MM-DD>/, og nævnes under bilag: i mødefilen")


def unread_file_problem(parts: tuple[str, ...]) -> str | None:
    """Why a file at content/<parts> that is not a .md file and not a bilag an item names
    is an error; None for a file among the meeting files that could be a bilag (for that,
    editor_checks.py warns)."""
    name = parts[-1]
    pieces = name.split(".")
    markdown = next((i for i, piece in enumerate(pieces[1:], start=1)
                     if piece.lower() in _MARKDOWN_NAMES), None)
    if markdown is not None:
        renamed = ".".join(pieces[:markdown]) + ".md"
        if parts[0] == "moeder" and len(parts) > 3:
            return ("filen bliver ikke læst: navnet ligner en Markdown-fil, men en mødefil "
                    "skal ligge direkte i organets mappe og ende på .md "
                    "(content/moeder/<organ>/<ÅÅÅÅ-MM-DD>.md); er filen et bilag, så nævn den "
                    "under bilag: i mødefilen")
        _kind, problem = content_kind((*parts[:-1], renamed))
        if problem:
            return f"{problem}; og navnet skal ende på .md, fx {renamed}"
        return (f"filen bliver ikke læst, fordi navnet ikke ender på .md; omdøb den til "
                f"{renamed}" + (" (gemmer du i Notesblok, så vælg »Alle filer« som filtype)"
                                if name.lower().endswith(".txt") else ""))
    if parts[0] == "moeder" and len(parts) >= 3:
        date = _DATE_NAME.match(name)
        if len(parts) == 3 and date:
            return (f"filen ligner en mødefil, men bliver ikke læst: en mødefil er en "
                    f"tekstfil, der ender på .md, fx {date.group(1)}.md (se "
                    f"docs/ny-dagsorden.md); er filen et bilag, så læg den i mappen "
                    f"content/moeder/{parts[1]}/{date.group(1)}/, og nævn den under bilag: "
                    "i mødefilen")
        return None
    if len(parts) == 1:
        where = "filen ligger direkte i content/ og bliver ikke læst"
    elif parts[0] == "moeder":
        where = "filen ligger direkte i content/moeder/ og bliver ikke læst"
    elif parts[0] in ("aftaler", "sider"):
        where = f"filen bliver ikke læst: i content/{parts[0]}/ læses kun .md-filer"
    elif parts[0] == written_procedures.FOLDER:
        return ("filen bliver ikke offentliggjort: ingen skriftlig procedure nævner den under "
                "bilag:; nævn den i beslutningsfilen, eller slet den")
    else:
        where = f"mappen content/{parts[0]}/ bliver ikke læst"
    return f"{where}; {_WHERE_CONTENT_GOES}; {_BILAG_FOLDER}"


def content_kind(parts: tuple[str, ...]) -> tuple[str, str | None]:
    """What a .md file at content/<parts> is, or why it is not read."""
    top = parts[0]
    if top == "moeder":
        if len(parts) == 3:
            return "meeting", None
        if len(parts) == 2:
            return "", ("en mødefil skal ligge i organets mappe: "
                        "content/moeder/<organ>/<ÅÅÅÅ-MM-DD>.md")
        return "", ("filen bliver ikke læst: en mødefil skal ligge direkte i organets mappe, "
                    "content/moeder/<organ>/<ÅÅÅÅ-MM-DD>.md, og et bilag kan ikke være en "
                    ".md-fil")
    if top == written_procedures.FOLDER:
        if len(parts) == 3:
            return "procedure", None
        return "", ("en skriftlig procedure skal ligge i organets mappe: "
                    "content/beslutninger/<organ>/<ÅÅÅÅ-MM-DD>-<navn>.md")
    if top in ("aftaler", "sider"):
        if len(parts) == 2:
            return ("agreement" if top == "aftaler" else "page"), None
        return "", f"filer i content/{top}/ må ikke ligge i undermapper"
    if len(parts) == 1:
        return "", f"filen ligger direkte i content/ og bliver ikke læst; {_WHERE_CONTENT_GOES}"
    return "", (f"mappen content/{top}/ bliver ikke læst; {_WHERE_CONTENT_GOES}")

