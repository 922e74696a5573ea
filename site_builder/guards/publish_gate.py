"""The publishing gate: the last guard, run on exactly the bytes that go out.

The privacy check (privacy.py) reads what the editors wrote, with precise messages. But the
site publishes what that text becomes after Markdown, sanitising and templates, and the two
differ: a tag the sanitiser removes joins two halves of a number, an entity or an invisible
character disappears, two table cells stand side by side. So before the staging folder is
swapped in, every file in it is read the way a reader (or a program) reads it, and a CPR
number found there stops the build. The gate does not need to know the trick that produced
the number; it only needs to read the output as a reader does (published_text.py: the
text of each kind of file, and the CPR numbers in it).

A finding is traced back to the source file and line that hold the same digits (with
anything between them), so the editor is told where to delete it; the message never
repeats the number (problems.Problem masks it).
"""
from __future__ import annotations

import html
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from .. import urls
from .cpr import decode
# (html_parts: read from here by the tests)
from .published_text import (_DIGITS, BilagReader, cpr_numbers, html_parts,  # noqa: F401
                             reader_text, texts_of_file, visible_text)


@dataclass(frozen=True)
class Finding:
    """A CPR number in a published file: `relative` is its path in the site, `where` says
    in what part of it (Danish, for the message), `digits` the ten digits (never shown)."""

    relative: str
    where: str
    digits: str


# a content digest the build put in a file name (site.5508951b39.css): not a number anyone
# reads, and one in about 300 is ten decimal digits that start with a valid date
_DIGEST_NAME = re.compile(r"\.([0-9a-f]{8,64})\.[A-Za-z0-9]+$")


_DIGIT_RUN = re.compile(r"\d{8,}")  # where a digest of _DIGEST_NAME could stand in a text


def digests_in_names(relatives: Iterable[str]) -> frozenset[str]:
    """The content digests in the published files' names that are all digits."""
    return frozenset(m.group(1) for m in map(_DIGEST_NAME.search, relatives)
                     if m and m.group(1).isdigit())


def scan_file(path: Path, relative: str, bilag, read_bilag: BilagReader,
              digests: frozenset[str] = frozenset(), runs: set[str] | None = None
              ) -> list[Finding]:
    """The CPR numbers in one published file; `digests` (`digests_in_names`) are not read
    as numbers where they stand. `runs` is given the texts' runs of digits where a digest
    could stand."""
    findings: list[Finding] = []
    for where, text in texts_of_file(path, relative, bilag, read_bilag):
        if runs is not None:
            runs.update(_DIGIT_RUN.findall(text))
        for digest in digests:
            if digest in text:
                text = text.replace(digest, "#")
        if _has_ten_digits(text):
            for digits in cpr_numbers(reader_text(text)):
                findings.append(Finding(relative, where, digits))
    return findings


def _has_ten_digits(text: str) -> bool:
    count = 0
    for run in _DIGITS.finditer(text):
        count += len(run.group())
        if count >= 10:
            return True
    return False


# Where a finding comes from ------------------------------------------------------------

def trace(digits: str, candidates: Iterable[Path]) -> tuple[Path, int | None] | None:
    """The first source file (and line) that holds these ten digits in order, with at most
    a short run of anything else (markup, entities, invisible characters) between them."""
    pattern = re.compile(r"[^0-9]{0,80}?".join(digits), re.DOTALL)
    for path in candidates:
        try:
            text = decode(path.read_bytes())
        except OSError:
            continue
        for variant in (text, visible_text(html.unescape(text))):
            match = pattern.search(variant)
            if match:
                return path, variant.count("\n", 0, match.start()) + 1
    return None


# The gate ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Early:
    """A file read before the names of all files were known (`read_early`): its identity
    then, its findings with no digest masked, and its texts' runs of eight or more digits."""

    identity: tuple
    findings: list[Finding]
    runs: frozenset[str]


def read_early(staging: Path, relatives: Iterable[str], site, read_bilag: BilagReader,
               clean_before: frozenset = frozenset()) -> dict[str, Early]:
    """The files written so far (bilag aside), read while the rest of the site is made.
    `check_published` takes a file's findings from here when the file is unchanged and no
    digest of the final names stands in its runs of digits: masking a digest that is in
    none of the texts changes nothing, so the findings are the ones it would have made."""
    bilag = _bilag(site)
    early = {}
    base = os.path.join(staging, "")
    for relative in sorted(relatives):
        known = identity(base, relative)
        if relative in bilag or known is None or known in clean_before:
            continue
        runs: set[str] = set()
        findings = scan_file(staging / relative, relative, bilag.keys(), read_bilag,
                             frozenset(), runs)
        early[relative] = Early(known, findings, frozenset(runs))
    return early


def _bilag(site) -> dict[str, Path]:
    """The published bilag files (relative paths) and their sources."""
    return {_relative(a.url): a.source for m in site.meetings for i in m.items
            for a in i.attachments if a.source is not None}


def check_published(staging: Path, output: Path, relatives: Iterable[str], site,
                    problems, read_bilag: BilagReader, jobs: int = 1,
                    clean_before: frozenset = frozenset(),
                    early: dict[str, Early] | None = None) -> set[tuple]:
    """Scan every file about to be published (`relatives`, in `staging`); each CPR number
    found is an error at the source it comes from (else at the published file), reported
    into `problems`. A bilag whose text could not all be read is a warning.

    `clean_before`: the identities (`identity`) of the files the last build of this cache
    found clean. A file taken over from that output unchanged is the same file (a hard
    link: same inode, size and time) and is not read again. Returns the identities of the
    files found clean now, with nothing to say about them. `early`: files read already
    (`read_early`)."""
    from ..build.parallel import map_ordered

    bilag = _bilag(site)
    files = sorted(relatives)
    digests = digests_in_names(files)
    base = os.path.join(staging, "")
    identities = {relative: identity(base, relative) for relative in files}
    todo = [r for r in files if identities[r] is None or identities[r] not in clean_before]

    def scan(relative: str) -> tuple[list[Finding], str | None]:
        path = staging / relative
        error = None
        if relative in bilag:
            text, error = read_bilag(path)
            reader = lambda _path: (text, error)  # noqa: E731 (read once, used once)
        else:
            reader = read_bilag
        return scan_file(path, relative, bilag.keys(), reader, digests), error

    early = early or {}
    results = {r: (early[r].findings, None) for r in todo if r in early
               and early[r].identity == identities[r]
               and not any(digest in run for run in early[r].runs for digest in digests)}
    rest = [r for r in todo if r not in results]
    results.update(zip(rest, map_ordered(scan, rest, jobs)))
    sources = _Sources(site.root)  # listed only when there is a finding to trace
    clean = {identities[r] for r in files if r not in results and identities[r]}
    for relative in todo:
        findings, error = results[relative]
        if not findings and not error and identities[relative]:
            clean.add(identities[relative])
        if error:
            problems.warning(bilag[relative], None, None,
                             f"bilaget kunne ikke læses helt ({error}), så dets tekst er "
                             "ikke tjekket for CPR-numre. Gem det igen som PDF, og byg igen")
        if findings and relative in bilag:  # one message for a bilag, however many
            findings = findings[:1]
        for digits, where in dict.fromkeys((f.digits, f.where) for f in findings):
            _report(digits, where, relative, output, bilag.get(relative), sources, problems)
    return clean


def identity(base: str, relative: str) -> tuple | None:
    """(path, device, inode, size, modification time) of a published file; `base`: its
    folder as a string that ends in a separator (the gate asks for every file of the site:
    no Path object for each)."""
    try:
        info = os.stat(base + relative)
    except OSError:
        return None
    return (relative, info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)


def _report(digits: str, where: str, relative: str, output: Path, bilag_source: Path | None,
            sources: Iterable[Path], problems) -> None:
    published = f"{output.name}/{relative}"
    if bilag_source is not None:
        problems.error(bilag_source, None, None,
                       f"CPR-nummer (ddmmåå-xxxx) i bilagets tekst: {published} ville vise "
                       "et personnummer (måske flere). Fjern dem fra bilaget (eller læg en "
                       "udgave uden numre), og byg igen. Sitet er ikke offentliggjort")
        return
    traced = trace(digits, sources)
    message = (f"CPR-nummer (ddmmåå-xxxx) i det færdige site: {published} ville vise et "
               f"personnummer ({where}), når markering, tegn og tabelceller er læst, som en "
               "læser ser dem. ")
    if traced is None:
        problems.error(output / relative, None, None,
                       message + "Det kunne ikke spores til én kildefil; søg efter tallet i "
                       "content/ og data/, slet det, og byg igen. Sitet er ikke offentliggjort")
    else:
        problems.error(traced[0], traced[1], None,
                       message + "Det stammer herfra: slet det, og byg igen. Sitet er ikke "
                       "offentliggjort")


def _relative(url: str) -> str:
    return urls.output_path(url).as_posix()


class _Sources:
    """`_source_candidates`, listed the first time they are gone through."""

    def __init__(self, root: Path) -> None:
        self.root, self._found = root, None

    def __iter__(self):
        if self._found is None:
            self._found = _source_candidates(self.root)
        return iter(self._found)


def _source_candidates(root: Path) -> list[Path]:
    """The editors' text files, content files first: where a finding is traced to."""
    found: list[Path] = []
    for top in ("content", "data"):
        folder = root / top
        if folder.is_dir():
            found += sorted(p for p in folder.rglob("*")
                            if p.is_file() and p.suffix.lower() in
                            (".md", ".yaml", ".yml", ".txt", ".csv", ".tsv", ".html"))
    found.sort(key=lambda p: p.suffix.lower() != ".md")
    return found
