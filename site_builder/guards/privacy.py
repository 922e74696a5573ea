"""The privacy guard: what must never be published, found in the editors' raw files.

Run on the raw text of every source file (front matter and body, with the file's own line
numbers) in `check` and in every build, whatever the file's publishing state:

- a CPR number (ddmmåå-xxxx or ddmmååxxxx with a valid day and month; also split over a
  line break, in a table or in a YAML comment) is an ERROR everywhere: in drafts, closed
  items and comments too, because the content files themselves live in git. The text is
  searched as a reader would see it (`cpr_text`: no-break spaces, em dashes, entities,
  soft hyphens, Markdown escapes, `<br>`, YAML escapes), and in file and folder names too;
- a health word (illness, diagnosis, mental health, addiction, pregnancy, sick leave: the
  list in data/helbredsord.yaml, else HEALTH_WORDS) in the same sentence as a named person
  is an ERROR in what is published: content files and data/*.yaml. A named person is a
  name from a meeting's deltagere/afbud/referent or a body's medlemmer, or a capitalised
  first and last name ("Hanne Jensen"), a known first name, or a title and a name
  ("formand Jensen"); not an organisation or a place. The same words in a general sentence
  ("borgere med en dobbeltdiagnose", "sygefraværet i kommunerne") give no message at all.
  Split and look-alike spellings are found as for CPR numbers (soft hyphens, tags,
  "syge-meldt", "syge meldt", Cyrillic and Greek letters that look Latin);
- a very small count of people (1-4) in a table about people is a WARNING. 0 is not: a
  count of nobody points at nobody.

What a reader never sees gives no health error or warning: the text of closed items (only
their number and title are published) and YAML comments. An editor who has reviewed a
finding acknowledges it in the file's front matter, with the reason:

    gennemset:
      - sygemeldt: navngivet med samtykke (AB, 2026-12-01)   # a health word and why
      - små antal                   # the small counts in this file's tables

and in a data file with a comment: '# gennemset: kræft: kræftplanen, ikke en person (AB)'.

The check of a file (`check_file`, run as the file is read, in a worker and cached) finds
the sentences with a health word; who counts as a named person is known only when every
file has been read, so `check_site` decides (`_report_named_health`).

Messages never repeat a CPR number: the problems are printed in CI logs. `Problem` masks
anything that looks like one (`mask_cpr`), in other checks' messages and in paths too. For
the same reason a health error names the word and how the name was recognised, not the
name.

This module holds the entry points the loader and the other stages call (`check_site`,
`check_file`, `check_names`, `health_words`, `first_names`): it finds and reads the
editors' raw files and the word lists in data/, reports the CPR numbers and checks the
acknowledgements. The rules are in its siblings: cpr.py (finding and masking CPR numbers,
and `decode`; its names are also importable from here), health.py (health words, with
sentences.py cutting the sentences and person_names.py recognising the people),
small_numbers.py (small counts in tables) and source_lines.py (a file's text, where each
line is, and its `gennemset:`).
"""
from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Iterable

from ..content.source import SourceError, read_yaml_file
from ..problems import Problems
# CPR_MASK, cpr_text and mask_cpr: for those that import them from here (importer, tests)
from .cpr import CPR_MASK, contains_cpr, cpr_spans, cpr_text, decode, mask_cpr  # noqa: F401
from .health import FileFacts, _health_sentences, _report_named_health
from .person_names import FIRST_NAMES, _front_matter_names
from .small_numbers import _small_counts
from .source_lines import ACK_EXAMPLE, ACK_KEY, ACK_SMALL_COUNTS, _Context, _Source

HEALTH_WORDS_FILE = "helbredsord.yaml"
FIRST_NAMES_FILE = "fornavne.yaml"  # a site's own first names, besides FIRST_NAMES
# Matched as part of a word, case-insensitively: "orlov" also finds "barselsorlov", "syg"
# finds "sygdom" and "psykisk syg" (but see _NOT_HEALTH: not "sygehus").
HEALTH_WORDS = (
    # illness and sick leave
    "syg", "sygemeld", "sygefravær", "sygeorlov", "sygdom", "raskmeld", "lægeerklæring",
    "helbred", "indlagt", "indlæggelse", "diagnos", "kræft", "cancer", "blodprop",
    "hjerneblødning", "hjerneskade", "sclerose", "epilep", "handicap", "udviklingshæm",
    "autis", "adhd", "demens",
    # mental health
    "psykisk", "psykiatrisk", "depression", "deprimeret", "stress", "angst", "psykose",
    "skizofren", "bipolar", "spiseforstyrr", "selvmord",
    # addiction
    "misbrug", "alkoholi", "narkoman", "afvænning", "abstinens", "ludoman",
    # pregnancy and leave
    "gravid", "barsel", "svangerskab", "abort", "orlov",
)
# Files in content/ that can be read as text: CPR numbers only (those that are not .md).
# The types that cannot be bilag (documents.BILAG_SUFFIXES) are read too, and files
# without a suffix: they are refused as bilag, but content/ is kept in git.
TEXT_SUFFIXES = {".txt", ".csv", ".tsv", ".json", ".xml", ".html", ".htm", ".xhtml", ".svg",
                 ".js", ".mjs", ".md", ".yaml", ".yml", ".ics", ".rtf", ""}
_WORD_CHARS = re.compile(r"\w")


def check_site(root: Path, problems: Problems, words: tuple[str, ...] | None = None,
               checked: frozenset[Path] | set[Path] = frozenset(),
               facts: Iterable[FileFacts | None] = ()) -> None:
    """Check every source file of the site at `root` (content/ and data/) but `checked`,
    the files already checked one by one (`check_file`, as the loader reads them, which
    gave their `facts`); then report the health words beside named people in them all."""
    if words is None:
        words = health_words(root, problems)
    tree = {top: _tree(root / top) for top in ("content", "data")}
    check_names(root, problems, tree)
    first = first_names(root, problems)
    found = [f for f in facts if f is not None]
    for path, kind in _source_files(root, tree):
        if path not in checked:
            found.append(check_file(path, kind, words, problems))
    _report_named_health(root, found, first, problems)


def _tree(top: Path) -> list[tuple[Path, bool]]:
    """Every folder and file under `top`, sorted, each with whether it is a folder; walked
    once for both checks (an archive has thousands of bilag)."""
    found: list[tuple[Path, bool]] = []
    for directory, folders, files in os.walk(top):  # a link to a folder: not walked into
        base = Path(directory)
        found += [(base / name, True) for name in folders]
        found += [(base / name, False) for name in files]
    return sorted(found)


def check_names(root: Path, problems: Problems,
                tree: dict[str, list[tuple[Path, bool]]] | None = None) -> None:
    """A CPR number in a file or folder name under content/ or data/ is an error like one
    in a text: the names become addresses (/aftaler/aftale-0102031234/), and git keeps
    them. Only the outermost such folder is reported, not each file in it."""
    for top in ("content", "data"):
        flagged: list[Path] = []
        for path, is_folder in tree[top] if tree else _tree(root / top):
            if not contains_cpr(path.name) or \
                    any(path.is_relative_to(folder) for folder in flagged):
                continue
            folder = is_folder and not path.is_symlink()
            if folder:
                flagged.append(path)
            problems.error(path, None, None, (
                "CPR-nummer (ddmmåå-xxxx) i mappens navn" if folder else
                "CPR-nummer (ddmmåå-xxxx) i filnavnet") + ": omdøb "
                f"{'mappen' if folder else 'filen'}, så nummeret ikke står i navnet. "
                "Navne bliver til adresser på sitet, og git gemmer dem")


def check_file(path: Path, kind: str, words: tuple[str, ...], problems: Problems
               ) -> FileFacts:
    """One file; `kind` is meeting, document (agreements and pages), data or bilag. What it
    says about health, and who it names, go to `check_site` (they are kept in the cache)."""
    source = _read(path, kind)
    if source is None:
        return FileFacts()
    return _check_source(source, words, problems)


def health_words(root: Path, problems: Problems) -> tuple[str, ...]:
    """The secretariat's list (data/helbredsord.yaml), else the built-in one."""
    return _word_list(root / "data" / HEALTH_WORDS_FILE, root, problems, HEALTH_WORDS,
                      "- sygemeld", lower=True)


def first_names(root: Path, problems: Problems) -> frozenset[str]:
    """Common Danish first names (FIRST_NAMES) and the site's own (data/fornavne.yaml)."""
    own = _word_list(root / "data" / FIRST_NAMES_FILE, root, problems, (), "- Hanne",
                     lower=False)
    return frozenset(FIRST_NAMES) | frozenset(own)


def _word_list(path: Path, root: Path, problems: Problems, default: tuple[str, ...],
               example: str, lower: bool) -> tuple[str, ...]:
    """One word a line: health words (at least three letters, lowercased) or first names
    (at least two, as written)."""
    shortest = 3 if lower else 2
    if not path.is_file():
        return default
    if not path.resolve().is_relative_to(root.resolve()):
        problems.error(path, None, None, "filen er en genvej, der peger uden for sitets "
                       "mappe; læg selve filen her")
        return default
    try:
        located = read_yaml_file(path)
    except SourceError as exc:
        problems.error(path, exc.line, exc.field, exc.message)
        return default
    entries = located.value if isinstance(located.value, list) else None
    if entries is None:
        problems.error(path, located.line, None, "forventede en liste med ét ord pr. linje, "
                       f"der begynder med '- ', fx '{example}'")
        return default
    words = []
    for entry in entries:
        word = entry.value.strip() if isinstance(entry.value, str) else None
        if not word or len(word) < shortest or not _WORD_CHARS.match(word):
            problems.error(path, entry.line, None, "hvert ord skal være mindst "
                           f"{'tre' if lower else 'to'} bogstaver og stå alene på sin linje, "
                           f"fx '{example}'")
            continue
        words.append(word.lower() if lower else word)
    return tuple(words)


def _source_files(root: Path, tree: dict[str, list[tuple[Path, bool]]]
                  ) -> list[tuple[Path, str]]:
    content, data = root / "content", root / "data"
    files: list[tuple[Path, str]] = []
    if content.is_dir():
        for path, is_folder in tree["content"]:
            if is_folder or path.suffix.lower() not in TEXT_SUFFIXES or not path.is_file():
                continue
            if path.suffix.lower() == ".md":
                kind = "meeting" if path.relative_to(content).parts[0] == "moeder" \
                    else "document"
            else:
                kind = "bilag"
            files.append((path, kind))
    if data.is_dir():
        files += [(p, "data") for p in sorted(data.glob("*.y*ml")) if p.is_file()]
    return files


def _read(path: Path, kind: str) -> _Source | None:
    """The file's text as the editor sees it; a file that is not UTF-8 is still checked
    (the loader reports the encoding)."""
    try:
        raw = path.read_bytes()
    except OSError:
        return None  # the loader reports files it cannot read
    text = decode(raw).replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith("\ufeff"):
        text = text[1:]
    return _Source(path, text, kind)


def _check_source(source: _Source, words: tuple[str, ...], problems: Problems) -> FileFacts:
    context = _Context(source)
    for line in _cpr_lines(source):
        problems.error(source.path, line, context.place(line).where,
                       "CPR-nummer (ddmmåå-xxxx): der står et personnummer her; slet det. "
                       "CPR-numre må aldrig offentliggøres og må heller ikke stå i kladder, "
                       "lukkede punkter eller kommentarer, for filerne gemmes i git")
    if source.kind == "bilag" or source.path.name in (HEALTH_WORDS_FILE, FIRST_NAMES_FILE):
        return FileFacts()
    if ACK_KEY in source.text:
        _check_acknowledgements(source, context, problems)
    # data/*.yaml too: what it says is published (kalender, sager …)
    sentences = _health_sentences(source, context, words)
    if source.kind != "data":
        _small_counts(source, context, problems)
    names = _front_matter_names(source) if source.kind == "meeting" else ()
    return FileFacts(names, sentences)


def _cpr_lines(source: _Source) -> list[int]:
    """Lines where a CPR number begins."""
    return [source.search_line_of(start) for start, _end in cpr_spans(source.search)]


# Acknowledgements: each says why (read in source_lines.py) ----------------------------

def _has_reason(reason: str) -> bool:
    return sum(char.isalpha() for char in reason) >= 3


def _check_acknowledgements(source: _Source, context: _Context, problems: Problems) -> None:
    """Every acknowledgement of a health word says why: it lets a named person's health be
    published. `små antal` needs no reason (it is a warning)."""
    data = source.kind == "data"
    for ack in context.acks:
        field_name = None if data else ACK_KEY
        if not ack.words:
            problems.error(source.path, ack.line, field_name, (
                f"forventede ét ord og en begrundelse pr. linje, fx '{ACK_EXAMPLE}' eller "
                "'- små antal'"))
            continue
        health = [w for w in ack.words if w not in ACK_SMALL_COUNTS]
        if health and not _has_reason(ack.reason):
            example = (f"'# {ACK_KEY}: {health[0]}: kræftplanen, ikke en person "
                       "(AB, 2026-12-01)'" if data else
                       f"'- {health[0]}: navngivet med samtykke (AB, 2026-12-01)'")
            problems.error(source.path, ack.line, field_name, (
                f"{'gennemset: ' if data else ''}'{', '.join(health)}' mangler en "
                "begrundelse: skriv efter ordet, hvorfor teksten må offentliggøres, og hvem "
                f"der har vurderet det, fx {example}"))
