"""Benchmark: the privacy guard's health check, measured both ways.

    python benchmarks/health_precision.py [--meetings 2000] [--seed 1] [--archive DIR]

A health word beside a named person must stop the build; the same word in a general
sentence must give no message at all. This builds the synthetic archive
(`python -m benchmarks.synthetic`, sentences from the real minutes), checks it as it
is, then checks a copy with sentences put into open items of its meetings:

- named: a participant, someone who sent afbud, a title and a last name, a first and last
  name, a first name, initials, also written "syge&shy;meldt", "syge<kbd>meldt</kbd>",
  "syge-" and "meldt" on two lines, "syge meldt", with Cyrillic letters, and in a table
  row; and the one real case in the minutes ("... idet Ann Liljenberg er delvist
  sygemeldt", in a closed item in content/). Each must be an error at its file and line.
- general: every sentence of the real minutes (content/ and examples/) with a health word
  and no person in it, and a few general sentences written for this benchmark; and a few
  sentences that name a person beside a word about a field or a group ("Anni Winther
  orienterede om handicapområdet"). None may give a message.

It also checks the bundled site and the two examples. It prints the figures, and exits
with 1 if a named sentence was missed or a general one got a message. Not a test: it takes
a minute or two (the 2,000-meeting archive is checked twice).
"""
from __future__ import annotations

import argparse
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from site_builder.guards.privacy import HEALTH_WORDS  # noqa: E402

SITES = (("det medfølgende site", ROOT), ("examples/syddanmark", ROOT / "examples" / "syddanmark"),
         ("examples/midtjylland", ROOT / "examples" / "midtjylland"))
CHECK_DATE = "2026-01-01"
# The people named in the real minutes beside a health word (a sentence with one of these
# is a named sentence, not a general one)
NAMED_IN_MINUTES = ("Ann Liljenberg",)
# General sentences as the secretariat writes them, besides those of the minutes
WRITTEN_GENERAL = (
    "Sygefraværet i kommunerne er faldet det seneste år.",
    "Andelen af sygemeldte medarbejdere er uændret i forhold til sidste år.",
    "Indsatsen for borgere med psykiske lidelser styrkes i den kommende socialaftale.",
    "Aalborg Kommune har etableret et tilbud til unge med ADHD og autisme.",
    "Den centrale udmelding om gravide kvinder med et misbrug drøftes på næste møde.",
    "Socialstyrelsen peger på, at personer med en dobbeltdiagnose ofte falder mellem to "
    "stole.",
    "Kommunerne oplever en stigning i antallet af børn med angst og depression.",
    "Fokus skal være på den enkelte borgers funktionsevne snarere end diagnose.",
)
# A named person beside a health word that is about a field of work or a group, not the
# person: no message either
NAMED_FIELD = (
    "Anni Winther orienterede om evalueringen af handicapområdet.",
    "Hanne Gormsen, chef for handicap og psykiatri i Aalborg Kommune, bød velkommen.",
    "Sygeplejerske Lone Kjærgaard fortalte om det nye tilbud.",
    "Dorte Jende fremlagde den centrale udmelding om borgere med svære spiseforstyrrelser.",
    "Jens Vestergaard fra Misbrugscentret i Vrå deltog under punktet.",
    "Morten Lindholm gennemgik tallene for gravide kvinder med et misbrug.",
)
FIRST = ("Hanne", "Lone", "Søren", "Mette", "Kirsten", "Jens", "Birthe", "Morten")
LAST = ("Gormsen", "Kjærgaard", "Vestergaard", "Lindholm", "Bundgaard", "Ravnsborg")
LOOK_ALIKE = str.maketrans({"e": "\u0435", "o": "\u043e", "a": "\u0430"})  # Cyrillic


@dataclass
class Injected:
    path: Path
    line: int
    kind: str  # named | general
    variant: str
    text: str


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python benchmarks/health_precision.py",
                                     description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--meetings", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--archive", type=Path, default=None,
                        help="an archive written by python -m benchmarks.synthetic "
                             "(default: written anew in a temporary folder)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="health-") as folder:
        work = Path(folder)
        archive = args.archive or _synthetic(work / "arkiv", args.meetings, args.seed)
        general = _general_sentences()
        print(f"general sentences with a health word: {len(general)} "
              f"({len(general) - len(WRITTEN_GENERAL)} from content/ and examples/, "
              f"{len(WRITTEN_GENERAL)} written for this benchmark)")

        own = _health_lines(archive)
        messages, seconds = _check(archive)
        print(f"\nsynthetic archive as generated ({archive}): {len(own)} lines with a health "
              f"word in meeting text; health messages: {len(messages)} (checked in "
              f"{seconds:.1f} s)")
        failed = len(messages)

        copy = work / "indsat"
        shutil.copytree(archive, copy, ignore=shutil.ignore_patterns(".cache", "public"))
        injected = _inject(copy, general, random.Random(args.seed))
        messages, seconds = _check(copy)
        failed += _report(copy, injected, messages, seconds)

        print()
        for name, site in SITES:
            messages, _ = _check(site)
            lines = _health_lines(site)
            print(f"{name}: {len(lines)} lines with a health word in meeting text; health "
                  f"messages: {len(messages)}")
            failed += len(messages)
    print("\nOK: every named sentence caught, no message on a general sentence" if not failed
          else f"\nFAILED: {failed} wrong results")
    return 1 if failed else 0


def _synthetic(out: Path, meetings: int, seed: int) -> Path:
    subprocess.run([sys.executable, "-m", "benchmarks.synthetic", "--meetings", str(meetings),
                    "--seed", str(seed), "--out", str(out)], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    return out


def _check(site: Path) -> tuple[list[str], float]:
    """The health messages of `python build.py check` on the site, and how long it took."""
    start = time.perf_counter()
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "check", "--site",
                             str(site), "--uden-cache", "--dato", CHECK_DATE],
                            cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if "Traceback" in result.stderr:
        raise SystemExit(result.stderr)
    return [line for line in result.stderr.splitlines() if "helbredsoplysning" in line], seconds


def _general_sentences() -> list[str]:
    """The sentences with a health word in the real minutes' Markdown (content/ and
    examples/) that name nobody, and WRITTEN_GENERAL."""
    found: dict[str, None] = {}
    for path in sorted(ROOT.glob("content/**/*.md")) + sorted(ROOT.glob("examples/**/*.md")):
        for sentence in _sentences(_body(path.read_text(encoding="utf-8"))):
            lower = sentence.lower()
            if any(word in lower for word in HEALTH_WORDS) and \
                    not any(name in sentence for name in NAMED_IN_MINUTES):
                found.setdefault(sentence)
    return list(found) + list(WRITTEN_GENERAL)


def _body(text: str) -> str:
    if text.startswith("---"):
        end = text.find("\n---", 3)
        text = text[end + 4:] if end != -1 else text
    return text


def _sentences(text: str) -> list[str]:
    """Prose sentences: paragraphs and list items, not headings, tables or code."""
    result = []
    for block in re.split(r"\n\s*\n", text):
        lines = [line.strip() for line in block.splitlines()]
        if not lines or lines[0].startswith(("#", "|", "```", "<")):
            continue
        for line in lines:
            line = re.sub(r"^(?:[-*+]|\d+\.)\s+", "", line)
            for sentence in re.split(r"(?<=[.!?])\s+(?=[A-ZÆØÅ])", line):
                if len(sentence) >= 25 and sentence[0].isupper() and "|" not in sentence:
                    result.append(sentence)
    return result


def _health_lines(site: Path) -> list[tuple[Path, int]]:
    """The lines of meeting text (not front matter) with a health word: what the old rule
    warned about, one warning per word."""
    found = []
    for path in sorted((site / "content" / "moeder").glob("*/*.md")):
        text = _body(path.read_text(encoding="utf-8"))
        offset = path.read_text(encoding="utf-8").count("\n") - text.count("\n")
        for number, line in enumerate(text.split("\n"), start=offset + 1):
            lower = line.lower()
            if any(word in lower for word in HEALTH_WORDS):
                found.append((path, number))
    return found


# Putting sentences into the archive -------------------------------------------------------

_CLOSED = re.compile(r"^  (\d+):\n(?:    .*\n)*?    lukket: ja", re.MULTILINE)
_PERSON = re.compile(r"^  - navn: (.+)$", re.MULTILINE)


def _inject(site: Path, general: list[str], rng: random.Random) -> list[Injected]:
    """One general sentence in every meeting, and a named one in every fourth, each as a
    paragraph of its own right under an open item's '### ...' heading."""
    injected: list[Injected] = []
    variants = _NAMED_VARIANTS
    for index, path in enumerate(sorted((site / "content" / "moeder").glob("*/*.md"))):
        text = path.read_text(encoding="utf-8")
        front_end = text.index("\n---", 3)
        front = text[:front_end]
        people = _people(front)
        closed = {int(m.group(1)) for m in _CLOSED.finditer(front)}
        lines = text.split("\n")
        spots = _open_sections(lines, closed)
        if not spots or not people["deltagere"]:
            continue
        paragraphs = [("general", "minutes", rng.choice(general))]
        if index % 4 == 2:
            paragraphs.append(("field", "field", rng.choice(NAMED_FIELD)))
        if index % 4 == 0:
            variant = variants[(index // 4) % len(variants)]
            paragraphs.append(("named", variant.__name__.removeprefix("_named_"),
                               variant(people, rng)))
        for kind, name, paragraph in paragraphs:
            spot = rng.choice(spots)
            lines[spot:spot] = paragraph.split("\n") + [""]
            spots = [s + (paragraph.count("\n") + 2 if s >= spot else 0) for s in spots]
            for item in injected:
                if item.path == path and item.line > spot:
                    item.line += paragraph.count("\n") + 2
            first = next(i for i, line in enumerate(paragraph.split("\n"))
                         if any(w in line.lower() for w in HEALTH_WORDS) or "\u0435" in line
                         or "<kbd>" in line or "&shy;" in line)
            injected.append(Injected(path, spot + 1 + first, kind, name, paragraph))
        path.write_text("\n".join(lines), encoding="utf-8")
    return injected


def _people(front: str) -> dict[str, list[str]]:
    people = {"deltagere": [], "afbud": []}
    for key in people:
        match = re.search(rf"^{key}:\n((?:  .*\n?)*)", front, re.MULTILINE)
        if match:
            people[key] = [m.group(1).strip() for m in _PERSON.finditer(match.group(1))]
    return people


def _open_sections(lines: list[str], closed: set[int]) -> list[int]:
    """The line indexes right after '### X' and its blank line, in open items."""
    spots, item = [], None
    for index, line in enumerate(lines):
        heading = re.match(r"^## (\d+)\. ", line)
        if heading:
            item = int(heading.group(1))
        elif line.startswith("### ") and item is not None and item not in closed and \
                index + 2 < len(lines) and not lines[index + 1].strip():
            spots.append(index + 2)
    return spots


def _named_participant(people, rng):
    return f"{rng.choice(people['deltagere'])} er delvist sygemeldt."


def _named_absent(people, rng):
    name = rng.choice(people["afbud"] or people["deltagere"])
    return f"{name} har meldt afbud på grund af sygdom."


def _named_title(people, rng):
    last = rng.choice(people["deltagere"]).split()[-1]
    return f"Formand {last} er på barselsorlov frem til nytår."


def _named_first_last(people, rng):
    return ("Marie Elmgreen Nielsen er ansat som vikar frem til nytår, idet "
            f"{rng.choice(FIRST)} {rng.choice(LAST)} er delvist sygemeldt.")


def _named_real_case(people, rng):
    return ("Marie Elmgreen Nielsen er ansat som vikar frem til nytår, idet Ann Liljenberg "
            "er delvist sygemeldt.")


def _named_first_name(people, rng):
    return f"{rng.choice(FIRST)} er indlagt med en depression, oplyste formanden."


def _named_initials(people, rng):
    return f"Det blev oplyst, at H.C. {rng.choice(LAST)} har fået konstateret kræft."


def _named_soft_hyphen(people, rng):
    return f"{rng.choice(people['deltagere'])} er syge&shy;meldt."


def _named_tag(people, rng):
    return f"{rng.choice(people['deltagere'])} er syge<kbd>meldt</kbd> indtil videre."


def _named_line_break(people, rng):
    return f"{rng.choice(people['deltagere'])} er syge-\nmeldt resten af måneden."


def _named_space(people, rng):
    return f"Det blev oplyst, at {rng.choice(people['deltagere'])} er syge meldt."


def _named_look_alike(people, rng):
    return f"{rng.choice(people['deltagere']).translate(LOOK_ALIKE)} er syg\u0435meldt."


def _named_table(people, rng):
    return f"| Navn | Fravær |\n|---|---|\n| {rng.choice(people['deltagere'])} | sygemeldt |"


_NAMED_VARIANTS = (_named_participant, _named_absent, _named_title, _named_first_last,
                   _named_real_case, _named_first_name, _named_initials, _named_soft_hyphen,
                   _named_tag, _named_line_break, _named_space, _named_look_alike,
                   _named_table)


def _report(site: Path, injected: list[Injected], messages: list[str], seconds: float) -> int:
    where: dict[tuple[str, int], list[str]] = {}
    for message in messages:
        match = re.match(r"^(.+?):(\d+): (.*)$", message)
        if match:
            where.setdefault((match.group(1), int(match.group(2))), []).append(match.group(3))
    named = [i for i in injected if i.kind == "named"]
    general = [i for i in injected if i.kind == "general"]
    field = [i for i in injected if i.kind == "field"]

    def found(item: Injected) -> list[str]:
        return where.get((item.path.relative_to(site).as_posix(), item.line), [])

    caught = [i for i in named if any("navngiven person" in m and "advarsel" not in m
                                      for m in found(i))]
    flagged = [i for i in general + field if found(i)]
    placed = {(i.path.relative_to(site).as_posix(), i.line) for i in injected}
    elsewhere = [m for key, found_there in where.items() if key not in placed
                 for m in found_there]
    print(f"\ncopy with sentences put in ({len(injected)} in {len({i.path for i in injected})} "
          f"meetings; checked in {seconds:.1f} s):")
    print(f"  named person + health word: {len(named)}, errors at their line: {len(caught)} "
          f"({100 * len(caught) / max(1, len(named)):.1f} %)")
    for variant in sorted({i.variant for i in named}):
        these = [i for i in named if i.variant == variant]
        hit = sum(i in caught for i in these)
        print(f"    {variant:12} {hit:4} of {len(these)}")
    print(f"  general sentences: {len(general)}, with a message: "
          f"{sum(i.kind == 'general' for i in flagged)}")
    print(f"  named person + health word about a field or a group: {len(field)}, with a "
          f"message: {sum(i.kind == 'field' for i in flagged)}")
    print(f"  health messages elsewhere in the archive: {len(elsewhere)}")
    for item in [i for i in named if i not in caught][:10]:
        print(f"    missed: {item.path.relative_to(site)}:{item.line}: {item.text!r}")
    for item in flagged[:10]:
        print(f"    flagged: {item.path.relative_to(site)}:{item.line}: {item.text!r}")
    for message in elsewhere[:10]:
        print(f"    elsewhere: {message[:200]}")
    return len(named) - len(caught) + len(flagged) + len(elsewhere)


if __name__ == "__main__":
    sys.exit(main())
