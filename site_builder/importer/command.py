"""`python build.py importer <fil.docx|fil.pdf|mappe>`: a Word or PDF agenda or minutes as
a meeting file (a draft, `kladde: ja`) for the editor to review in `serve` and commit.

    read (docx_blocks.py, pdf_lines.py) -> structure (importer/structure.py)
    -> flags (OCR damage, CPR numbers, health words, closed-looking items)
    -> write content/moeder/<organ>/<dato>.md (never over an existing file)
    -> check the site; an item the privacy guard stops is closed (lukket: ja) and flagged.
"""
from __future__ import annotations

import datetime as dt
import re
import shutil
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

import yaml

from ..guards import privacy
from ..pipeline import BuildOptions, load_and_check
from ..problems import SiteError
from . import docx_blocks, pdf_lines
from .structure import Draft, Item, meeting_facts, parse, strip_page_reference

SUFFIXES = (".docx", ".pdf")
UNPLACED_HEADING = "#### Ikke placeret ved importen (gennemse: flyt teksten eller slet den)"
BILAG_SUFFIXES = (".pdf", ".docx", ".doc", ".xlsx", ".xls", ".odt", ".ods", ".pptx", ".txt")
_CLOSED = re.compile(r"\b(lukket punkt|lukket møde|fortrolig\w*|personsag\w*|"
                     r"ikke offentlig\w*|tavshedspligt)\b", re.IGNORECASE)
_OCR_PATTERNS = (
    (re.compile(r"\b\w*ii\w*\b"), "dobbelt i", ""),
    (re.compile(r"\b\w*(?<![nrl])[bcdfhjkmpstvz]g[bcdfhjkmpstvz]\w*\b"), "g for ø", "ø"),
    (re.compile(r"\b(?!(?:michael|israel|rafael)\b)\w*ae\w*\b", re.IGNORECASE), "ae for æ",
     "æ"),
    (re.compile(r"\b(pa|ogsa|saledes|mader|arlige?|pagaeldende)\b"), "a for å", "å"),
    (re.compile(r"(?:(?<=\s)|^)[|&](?=\s?[a-zæøå])", re.MULTILINE), "tegn for I/å", ""),
)


class ImportError_(Exception):
    """A document that cannot be imported; the message is for the editor."""


@dataclass
class Result:
    source: Path
    status: str  # importeret | skal gennemses | afvist
    target: Path | None = None
    message: str = ""
    flags: list[str] = field(default_factory=list)
    unplaced: list[str] = field(default_factory=list)
    draft: Draft | None = None


def import_document(source: Path, site_root: Path, organ: str | None = None,
                    date: dt.date | None = None) -> Result:
    try:
        return _import(source, site_root, organ, date)
    except (ImportError_, docx_blocks.DocxError, pdf_lines.PdfError) as exc:
        return Result(source, "afvist", message=str(exc))


def import_folder(folder: Path, site_root: Path, organ: str | None = None) -> list[Result]:
    results = []
    for source in sorted(folder.iterdir()):
        if source.is_file() and source.suffix.lower() in SUFFIXES \
                and not source.name.startswith(("~$", ".")):
            results.append(import_document(source, site_root, organ, None))
    return results


def _import(source: Path, site_root: Path, organ: str | None, date: dt.date | None
            ) -> Result:
    suffix = source.suffix.lower()
    links: list[str] = []
    if suffix == ".docx":
        blocks, links = docx_blocks.read_blocks(source)
    elif suffix == ".pdf":
        blocks = pdf_lines.read_blocks(source)
    else:
        raise ImportError_(f"kan kun læse .docx og .pdf, ikke '{source.suffix or source.name}'")
    draft = parse(blocks)
    facts = meeting_facts(draft)
    date = date or facts.pop("dato", None)
    facts.pop("dato", None)
    organ = organ or _organ_from_title(site_root, facts.get("titel", ""))
    if date is None:
        raise ImportError_("mødets dato står ikke i dokumentet: angiv den med --dato ÅÅÅÅ-MM-DD")
    if organ is None:
        raise ImportError_("organet kan ikke genkendes i dokumentet: angiv det med --organ, "
                           "fx --organ das")
    if not draft.items:
        raise ImportError_("dokumentet har ingen nummererede dagsordenspunkter (1. Titel)")
    target = site_root / "content" / "moeder" / organ / f"{date.isoformat()}.md"
    if target.exists():
        raise ImportError_(f"{_relative(target, site_root)} findes allerede og overskrives "
                           "ikke")
    result = Result(source, "importeret", target, draft=draft)
    closed = _closed_looking(draft, result.flags)
    bilag = _copy_bilag(source, links, target, result.flags)
    if suffix == ".docx":
        _copy_embedded(source, target, result.flags)
    text = render(draft, facts, organ, date, closed, bilag)
    text = _mask_cpr(text, result.flags)
    _ocr_flags(text, result.flags)
    result.unplaced = list(draft.unplaced)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    _check_and_close(site_root, target, draft, facts, organ, date, closed, bilag, result)
    if result.flags or result.unplaced:
        result.status = "skal gennemses"
    return result


def render(draft: Draft, facts: dict, organ: str, date: dt.date, closed: set[int],
           bilag: dict[int, list[str]]) -> str:
    front: dict = {"organ": organ, "dato": date, **{k: v for k, v in facts.items()
                                                    if k in ("titel", "tid", "sted")}}
    front["status"] = "referat" if _has_minutes(draft) else "dagsorden"
    front["kladde"] = True
    for key in ("deltagere", "afbud", "referent", "sagsnr", "doknr"):
        if facts.get(key):
            front[key] = facts[key]
    items: dict = {}
    for item in draft.items:
        entry: dict = {}
        if item.number in closed:
            entry["lukket"] = True
        if bilag.get(item.number):
            entry["bilag"] = [{"fil": name} for name in bilag[item.number]]
        if entry:
            items[item.number] = entry
    if items:
        front["punkter"] = items
    head = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=1000)
    head = head.replace(": true\n", ": ja\n")
    lines = ["---", head.rstrip("\n"), "---", ""]
    if draft.unplaced:
        lines += [UNPLACED_HEADING, ""]
        for text in draft.unplaced:
            lines += [text, ""]
    group = None
    for item in draft.items:
        if item.group and item.group != group:
            group = item.group
            lines += [f"# {group}", ""]
        lines += [f"## {item.number}. {_title(item)}", ""]
        for name, body in item.sections:
            if name:
                lines += [f"### {name}", ""]
            for text in body:
                lines += [text, ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def _title(item: Item) -> str:
    title = strip_page_reference(item.title).replace("**", "").strip().rstrip("*").strip()
    return " ".join(title.split())


def _has_minutes(draft: Draft) -> bool:
    return any(name in ("Referat", "Beslutning") for item in draft.items
               for name, _ in item.sections)


def _organ_from_title(site_root: Path, title: str) -> str | None:
    path = site_root / "data" / "organer.yaml"
    try:
        organs = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return None
    entries = organs if isinstance(organs, list) else []
    lower = title.lower()
    found = None
    for organ in entries:
        if not isinstance(organ, dict) or not organ.get("slug"):
            continue
        for key in ("navn", "forkortelse"):
            name = str(organ.get(key) or "")
            if len(name) > 2 and re.search(rf"\b{re.escape(name.lower())}\b", lower):
                if found is None or len(name) > found[1]:
                    found = (str(organ["slug"]), len(name))
    return found[0] if found else None


def _closed_looking(draft: Draft, flags: list[str]) -> set[int]:
    closed = set()
    for item in draft.items:
        text = item.title + "\n" + "\n".join(line for _, body in item.sections for line in body)
        match = _CLOSED.search(text)
        if match:
            closed.add(item.number)
            flags.append(f"punkt {item.number} ligner et lukket punkt ('{match.group(0)}'): "
                         "sat til lukket: ja – gennemse")
    return closed


def _copy_bilag(source: Path, links: list[str], target: Path, flags: list[str]
                ) -> dict[int, list[str]]:
    """Linked files next to the document are copied beside the meeting file. They are
    listed in the output; which item each belongs to is the editor's call."""
    copied: dict[int, list[str]] = {}
    for link in links:
        if re.match(r"^[a-z][a-z0-9+.-]*:", link, re.IGNORECASE):
            continue
        path = (source.parent / unquote(link)).resolve()
        if not path.is_file() or path.suffix.lower() not in BILAG_SUFFIXES:
            continue
        folder = target.parent / target.stem
        if (folder / path.name).exists():
            continue
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, folder / path.name)
        flags.append(f"bilaget {path.name} er kopieret til {folder.name}/: hæft det ved "
                     "det rigtige punkt under punkter:")
    return copied


def _copy_embedded(source: Path, target: Path, flags: list[str]) -> None:
    """Documents embedded in a .docx (word/embeddings/: an Excel sheet, a PDF, another
    Word file) are copied beside the meeting file like linked ones. An old OLE object
    (.bin) is no file a reader can open: it is flagged for the editor instead."""
    try:
        with zipfile.ZipFile(source) as archive:
            members = [m for m in archive.infolist()
                       if m.filename.startswith("word/embeddings/") and not m.is_dir()]
            folder = target.parent / target.stem
            for member in members:
                name = Path(member.filename).name
                if Path(name).suffix.lower() not in BILAG_SUFFIXES:
                    flags.append(f"dokumentet har et indlejret objekt ({name}), som ikke kan "
                                 "lægges på som bilag: gem det som PDF, og hæft det ved")
                    continue
                if (folder / name).exists() or member.file_size > EMBEDDED_LIMIT:
                    continue
                folder.mkdir(parents=True, exist_ok=True)
                with archive.open(member) as reader, open(folder / name, "xb") as writer:
                    shutil.copyfileobj(reader, writer)
                flags.append(f"det indlejrede dokument {name} er kopieret til {folder.name}/: "
                             "hæft det ved det rigtige punkt under punkter:")
    except (zipfile.BadZipFile, OSError) as exc:
        flags.append(f"de indlejrede dokumenter kunne ikke læses ({type(exc).__name__})")


EMBEDDED_LIMIT = 100 * 1024 * 1024  # an embedded file larger than this is left in Word


def _mask_cpr(text: str, flags: list[str]) -> str:
    if not privacy.contains_cpr(text):
        return text
    count = len(privacy.cpr_spans(text))
    flags.append(f"{count} CPR-nummer/-numre er skjult som {privacy.CPR_MASK}: gennemse, "
                 "om der står andre personoplysninger ved dem")
    return privacy.mask_cpr(text)


def _ocr_flags(text: str, flags: list[str]) -> None:
    body = text.split("\n---\n", 1)[-1]
    found: dict[str, list[str]] = {}
    for pattern, kind, letter in _OCR_PATTERNS:
        matches = list(pattern.finditer(body))
        if letter and body.lower().count(letter) >= len(matches):
            continue  # the letter is written where it belongs: these words are real
        for match in matches:
            word = match.group(0).strip()
            if word and not word.isupper() and word not in found.setdefault(kind, []):
                found[kind].append(word)
    for kind, words in found.items():
        if words:
            shown = ", ".join(f"'{word}'" for word in words[:6])
            more = f" og {len(words) - 6} til" if len(words) > 6 else ""
            flags.append(f"ligner tekstgenkendelsesfejl ({kind}): {shown}{more}")


def _check_and_close(site_root: Path, target: Path, draft: Draft, facts: dict, organ: str,
                     date: dt.date, closed: set[int], bilag: dict, result: Result) -> None:
    """Checks the site with the new file. An item with a health word by a named person is
    closed (what the privacy guard asks); anything else the check says is listed."""
    for _attempt in range(3):
        problems = _problems_for(site_root, target)
        health = [problem for problem in problems if "helbred" in problem.message.lower()]
        lines = target.read_text(encoding="utf-8").split("\n")
        newly = {number for problem in health
                 if (number := _item_at(lines, problem.line)) is not None} - closed
        if not newly:
            result.flags += [f"tjek: {problem.format()}" for problem in problems]
            return
        for number in sorted(newly):
            result.flags.append(f"punkt {number} nævner en person ved et helbredsord: sat "
                                "til lukket: ja – gennemse, om det skal være offentligt")
        closed |= newly
        text = _mask_cpr(render(draft, facts, organ, date, closed, bilag), [])
        target.write_text(text, encoding="utf-8")


def _problems_for(site_root: Path, target: Path) -> list:
    options = BuildOptions(site_root, site_root / "public", dt.date.today(), jobs=1,
                           cache_dir=None)
    try:
        _site, warnings = load_and_check(options)
        found = warnings
    except SiteError as exc:
        found = exc.problems
    return [problem for problem in found if Path(str(problem.path)).name == target.name
            and target.parent.name in str(problem.path)]


def _item_at(lines: list[str], line: int | None) -> int | None:
    if not line:
        return None
    for text in reversed(lines[:line]):
        match = re.match(r"^## (\d+)\.", text)
        if match:
            return int(match.group(1))
    return None


def _relative(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def run(source: Path, site_root: Path, organ: str | None, date: dt.date | None) -> int:
    """The command: one line per document and a summary; exit 1 if one was refused."""
    if source.is_dir():
        results = import_folder(source, site_root, organ)
        if not results:
            print(f"fejl: {source} har ingen .docx- eller .pdf-filer")
            return 1
    elif source.is_file():
        results = [import_document(source, site_root, organ, date)]
    else:
        print(f"fejl: {source} findes ikke")
        return 1
    for result in results:
        where = f" -> {_relative(result.target, site_root)}" if result.target else ""
        reason = f": {result.message}" if result.message else ""
        print(f"{result.source.name}: {result.status}{where}{reason}")
        for flag in result.flags:
            print(f"    - {flag}")
        if result.unplaced:
            print(f"    - {len(result.unplaced)} tekstafsnit kunne ikke placeres; de står "
                  f"under '{UNPLACED_HEADING[5:]}' øverst i filen")
    counts = {status: sum(r.status == status for r in results)
              for status in ("importeret", "skal gennemses", "afvist")}
    print(f"\n{len(results)} dokument(er): {counts['importeret']} importeret, "
          f"{counts['skal gennemses']} skal gennemses, {counts['afvist']} afvist. "
          "Filerne er kladder (kladde: ja): se dem med python build.py serve.")
    return 1 if counts["afvist"] else 0
