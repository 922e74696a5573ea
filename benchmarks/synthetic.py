"""A synthetic archive for benchmarks: 15 years of meetings in the project's content format.

    python -m benchmarks.synthetic --meetings 2000 --out DIR [--seed N] [--seeds DIR]

The text is made of sentences and titles taken from the seed documents (read at generation
time), so Markdown conversion, rendering and search see realistic Danish minutes. The
result depends only on the parameters and the seed texts: one seeded random.Random, no
set iteration, no clock (file times are derived from the meeting dates).
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import random
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from benchmarks.synthetic_corpus import CPR_LIKE, DEFAULT_SEEDS, HEALTH_WORDS, Corpus, read_corpus
from site_builder import urls

__all__ = ["CPR_LIKE", "HEALTH_WORDS", "Corpus", "generate", "generator_fingerprint",
           "read_corpus"]

MARKER = ".synthetic.json"
FIRST_YEAR, LAST_YEAR = 2011, 2025
TARGET_CHARS = 13_000  # Markdown characters per meeting file, on average

MONTHS = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august",
          "september", "oktober", "november", "december")
FIRST_NAMES = ("Anne", "Bente", "Birgitte", "Charlotte", "Dorte", "Helle", "Jette", "Karen",
               "Lene", "Lotte", "Mette", "Pia", "Susanne", "Tina", "Anders", "Bo", "Claus",
               "Henrik", "Jens", "Jesper", "Lars", "Martin", "Niels", "Ole", "Peter",
               "Rasmus", "Søren", "Thomas", "Torben", "Ulrik")
LAST_NAMES = ("Andersen", "Christensen", "Frandsen", "Hansen", "Holm", "Jensen", "Jørgensen",
              "Kristensen", "Larsen", "Madsen", "Mikkelsen", "Møller", "Nielsen", "Olesen",
              "Pedersen", "Poulsen", "Rasmussen", "Schmidt", "Sørensen", "Thomsen")
MUNICIPALITIES = ("Aalborg", "Brønderslev", "Frederikshavn", "Hjørring", "Jammerbugt", "Læsø",
                  "Mariagerfjord", "Morsø", "Rebild", "Thisted", "Vesthimmerland")
PLACES = ("Boulevarden 13, repræsentationslokale 1", "Boulevarden 13, repræsentationslokale 3",
          "Skype - Link i kalenderbooking", "Aalborg Rådhus, mødelokale 2",
          "Hjørring Rådhus, byrådssalen")
TIMES = ("9.00-12.00", "10.30", "13.00-16.00", "9.30-11.30")


@dataclass(frozen=True)
class BodySpec:
    slug: str
    name: str
    abbreviation: str | None
    kind: str
    parent: str | None
    weight: float
    keyword: str  # a word that finds a fitting description sentence in the seeds


BODIES = (
    BodySpec("das", "Den Administrative Styregruppe på socialområdet", "DAS", "administrativ",
             "kkr", 3.0, "DAS"),
    BodySpec("socialdirektoerkredsen", "Socialdirektørkredsen", None, "administrativ", None,
             2.0, "socialdirektør"),
    BodySpec("fu", "Forretningsudvalget", "FU", "administrativ", "socialdirektoerkredsen", 3.0,
             "FU"),
    BodySpec("kdk", "Kommunaldirektørkredsen", "KDK", "administrativ", None, 1.0, "KDK"),
    BodySpec("kkr", "KKR Nordjylland", "KKR", "politisk", None, 1.0, "KKR"),
    BodySpec("socialdirektoerforum", "Socialdirektørforum", None, "administrativ", None, 1.5,
             "Socialdirektørforum"),
    BodySpec("udviklingsnetvaerk", "Udviklingsnetværket", None, "administrativ", "das", 1.5,
             "netværk"),
    BodySpec("kontaktforum-for-specialundervisning", "Kontaktforum for Specialundervisning",
             None, "administrativ", "das", 1.0, "specialundervisning"),
)


# The archive ---------------------------------------------------------------------------------

@dataclass
class Summary:
    meetings: int = 0
    items: int = 0
    characters: int = 0  # of meeting Markdown files
    bytes: int = 0  # of every file written
    files: int = 0
    attachments: int = 0
    closed_items: int = 0
    tables: int = 0

    def line(self, out: Path) -> str:
        return (f"synthetic archive: {self.meetings} meetings ({len(BODIES)} bodies, "
                f"{FIRST_YEAR}-{LAST_YEAR}), {self.items} items ({self.closed_items} closed), "
                f"{self.tables} tables, {self.attachments} bilag files, "
                f"{self.characters:,} characters of meeting Markdown, "
                f"{self.bytes:,} bytes in {self.files} files -> {out}")


@dataclass
class _Person:
    name: str
    organisation: str
    role: str | None = None


@dataclass
class _Meeting:
    body: BodySpec
    date: dt.date
    status: str
    previous: dt.date | None = None
    following: "_Meeting | None" = None


def generate(out: Path, meetings: int, seed: int = 1, seeds: Path | None = None) -> Summary:
    """Write a complete site folder (data/, content/) with `meetings` meetings into `out`."""
    if meetings < 1:
        raise SystemExit("--meetings must be at least 1")
    corpus = read_corpus(seeds)
    _prepare(out)
    writer = _Writer(out)
    generator = _Generator(random.Random(seed), corpus, writer)
    generator.run(meetings)
    params = {"generator": generator_fingerprint(), "corpus": corpus.fingerprint,
              "meetings": meetings, "seed": seed}
    writer.text(MARKER, json.dumps(params, indent=1, sort_keys=True) + "\n", _DATA_TIME)
    return writer.summary


def generator_fingerprint() -> str:
    """Changes whenever the generator's code does (a reused archive must be regenerated)."""
    digest = hashlib.sha256()
    for name in ("synthetic.py", "synthetic_corpus.py"):
        digest.update((Path(__file__).parent / name).read_bytes())
    return digest.hexdigest()[:16]


def _prepare(out: Path) -> None:
    if out.exists() and any(out.iterdir()):
        if not (out / MARKER).is_file():
            raise SystemExit(f"{out} is not empty and was not made by this generator; "
                             "choose an empty or new folder")
        # .cache: a build cache keyed on file size and mtime must not outlive the files
        for name in ("content", "data", ".cache", MARKER):
            target = out / name
            if target.is_dir():
                shutil.rmtree(target)
            elif target.exists():
                target.unlink()
    out.mkdir(parents=True, exist_ok=True)


_DATA_TIME = dt.datetime(2026, 1, 2, 12, 0, tzinfo=dt.timezone.utc)


class _Writer:
    def __init__(self, root: Path):
        self.root = root
        self.summary = Summary()

    def text(self, relative: str, text: str, when: dt.datetime) -> int:
        self.data(relative, text.encode("utf-8"), when)
        return len(text)

    def data(self, relative: str, payload: bytes, when: dt.datetime) -> None:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(payload)
        stamp = when.timestamp()
        os.utime(path, (stamp, stamp))
        self.summary.files += 1
        self.summary.bytes += len(payload)


class _Generator:
    def __init__(self, rng: random.Random, corpus: Corpus, writer: _Writer):
        self.rng = rng
        self.corpus = corpus
        self.writer = writer
        self.members: dict[str, list[_Person]] = {}

    # sentences and small pieces ----------------------------------------------------------

    def sentence(self) -> str:
        return self.rng.choice(self.corpus.sentences)

    def paragraph(self, low: int = 1, high: int = 4) -> str:
        text = " ".join(self.sentence() for _ in range(self.rng.randint(low, high)))
        roll = self.rng.random()
        if roll < 0.03:
            return f"*{text}*"
        if roll < 0.05:
            first, _, rest = text.partition(" ")
            return f"**{first}** {rest}"
        return text

    def title(self) -> str:
        return self.rng.choice(self.corpus.titles)

    def label(self) -> str:
        return self.rng.choice(self.corpus.labels)

    def person(self, taken: Sequence[_Person] = ()) -> _Person:
        while True:
            name = f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"
            if all(p.name != name for p in taken):
                return _Person(name, f"{self.rng.choice(MUNICIPALITIES)} Kommune")

    # the whole archive -----------------------------------------------------------------

    def run(self, count: int) -> None:
        self.write_data()
        plan = self.plan(count)
        for meeting in plan:
            self.write_meeting(meeting)
        self.write_agreements()
        self.write_pages()

    def plan(self, count: int) -> list[_Meeting]:
        days = [FIRST_YEAR_START + dt.timedelta(days=n)
                for n in range((LAST_YEAR_END - FIRST_YEAR_START).days + 1)]
        days = [d for d in days if d.weekday() < 4 and d.month != 7]
        meetings: list[_Meeting] = []
        for body, number in zip(BODIES, _shares(count, [b.weight for b in BODIES])):
            if number > len(days):
                raise SystemExit(f"too many meetings for {body.slug}: at most {len(days)}")
            dates = sorted(self.rng.sample(days, number))
            own = [_Meeting(body, d, "referat") for d in dates]
            for before, after in zip(own, own[1:]):
                before.following = after
                after.previous = before.date
            for meeting in own:
                if meeting.following is None or self.rng.random() < 0.02:
                    meeting.status = "dagsorden"
            meetings.extend(own)
        return meetings

    def write_data(self) -> None:
        self.writer.text("data/site.yaml", SITE_YAML, _DATA_TIME)
        lines = ["# Syntetiske organer til benchmark; slug er mappenavnet i content/moeder/."]
        for body in BODIES:
            members: list[_Person] = []
            for _ in range(self.rng.randint(6, 14)):
                members.append(self.person(members))
            members[0].role = "formand"
            self.members[body.slug] = members
            fitting = [s for s in self.corpus.sentences if body.keyword in s]
            description = self.rng.choice(fitting or list(self.corpus.sentences))
            lines += [f"- slug: {body.slug}", f"  navn: {body.name}"]
            if body.abbreviation:
                lines.append(f"  forkortelse: {body.abbreviation}")
            lines.append(f"  type: {body.kind}")
            if body.parent:
                lines.append(f"  overordnet: {body.parent}")
            lines.append(f"  beskrivelse: {_yaml(description)}")
            lines.append(f"  sted: {_yaml(self.rng.choice(PLACES))}")
            lines.append("  tid: 9.00-12.00")
            lines.append("  medlemmer:")
            for person in members:
                lines += [f"    - navn: {person.name}",
                          f"      organisation: {person.organisation}"]
                if person.role:
                    lines.append(f"      rolle: {person.role}")
        self.writer.text("data/organer.yaml", "\n".join(lines) + "\n", _DATA_TIME)
        municipalities = ["# Kommunerne og regionen i samarbejdet."]
        for name in MUNICIPALITIES:
            municipalities += [f"- navn: {name} Kommune", "  type: kommune"]
        municipalities += ["- navn: Region Nordjylland", "  type: region"]
        self.writer.text("data/kommuner.yaml", "\n".join(municipalities) + "\n", _DATA_TIME)

    # one meeting ---------------------------------------------------------------------------

    def write_meeting(self, meeting: _Meeting) -> None:
        rng = self.rng
        body, date = meeting.body, meeting.date
        target = max(3000, int(rng.gauss(TARGET_CHARS, 2500)))
        items = _MeetingText(self, meeting).items(target)
        members = self.members[body.slug]
        absent = rng.sample(members, rng.randint(0, min(3, len(members) - 1)))
        front = [
            "---", f"organ: {body.slug}", f"dato: {date.isoformat()}",
            f"titel: Møde i {body.name}", f"tid: {rng.choice(TIMES)}",
            f"sted: {_yaml(rng.choice(PLACES))}", f"status: {meeting.status}", "deltagere:",
        ]
        for person in members:
            if person not in absent:
                front += [f"  - navn: {person.name}", f"    organisation: {person.organisation}"]
                if person.role:
                    front.append(f"    rolle: {person.role}")
        if absent:
            front.append("afbud:")
            for person in absent:
                front += [f"  - navn: {person.name}", f"    organisation: {person.organisation}"]
                if rng.random() < 0.3:
                    front.append(f"    stedfortræder: {self.person().name}")
        referent = self.person().name
        front += ["referent:", f"  - {referent}",
                  f"sagsnr: {date.year}-{rng.randint(10000, 99999)}",
                  f"doknr: {date.year}-{rng.randint(100000, 999999)}"]
        following = meeting.following
        if meeting.status == "referat" and following and following.status == "referat":
            front += ["godkendt:", f"  dato: {following.date.isoformat()}",
                      f"  møde: {body.slug}/{following.date.isoformat()}"]
        front.append("punkter:")
        folder = f"content/moeder/{body.slug}"
        for item in items:
            front += [f"  {item.number}:", f"    type: {item.kind}"]
            if item.case_number:
                front.append(f"    sagsnr: {item.case_number}")
            if item.closed:
                front.append("    lukket: ja")
            if item.attachments:
                front.append("    bilag:")
                for number, title, name in item.attachments:
                    front += [f"      - titel: {_yaml(title)}", f"        nummer: {number}"]
                    if name.startswith("https://"):
                        front.append(f"        url: {name}")
                    else:
                        front.append(f"        fil: {name}")
                        self.writer.data(f"{folder}/{name}", _pdf(title, [
                            self.sentence() for _ in range(rng.randint(3, 24))]),
                            _file_time(date))
                        self.writer.summary.attachments += 1
        front.append("---")
        text = "\n".join(front) + "\n\n" + "\n\n".join(i.markdown for i in items
                                                     if i.markdown) + "\n"
        _check_clean(text, f"{folder}/{date.isoformat()}.md")
        summary = self.writer.summary
        summary.characters += self.writer.text(f"{folder}/{date.isoformat()}.md", text,
                                               _file_time(date))
        summary.meetings += 1
        summary.items += len(items)
        summary.closed_items += sum(i.closed for i in items)

    # agreements and pages ----------------------------------------------------------------

    def write_agreements(self) -> None:
        for start in range(FIRST_YEAR + 1, LAST_YEAR + 1, 2):
            end = start + 1
            status = "godkendt" if end < LAST_YEAR else "udkast"
            lines = ["---", f"titel: Socialaftale {start}-{end}", f"periode: {start}-{end}",
                     f"status: {status}", f"resumé: {_yaml(self.sentence())}",
                     "dele:", "  - Udviklingsstrategi", "  - Styringsaftale", "godkendelser:"]
            steps = [("das", dt.date(start - 1, 5, 25)), ("kkr", dt.date(start - 1, 9, 14))]
            for slug, when in steps:
                lines += [f"  - instans: {slug}", f"    dato: {when.isoformat()}"]
                if status == "godkendt":
                    lines.append("    resultat: godkendt")
            lines += ["  - instans: De nordjyske byråd og regionsrådet", "---", "",
                      self.paragraph(2, 4), ""]
            for number in range(1, self.rng.randint(3, 6) + 1):
                lines += [f"## Fokusområde {number}: {self.title()}", "",
                          self.paragraph(2, 5), "", self.paragraph(1, 4), ""]
            self.writer.text(f"content/aftaler/socialaftale-{start}-{end}.md",
                             "\n".join(lines), _file_time(dt.date(start - 1, 10, 1)))

    def write_pages(self) -> None:
        for slug, title in (("om-sitet", "Om sitet"), ("organisering", "Organisering"),
                            ("kontakt", "Kontakt")):
            lines = ["---", f"titel: {title}", f"beskrivelse: {_yaml(self.sentence())}", "---",
                     "", self.paragraph(2, 3), ""]
            for number in range(1, self.rng.randint(2, 5) + 1):
                lines += [f"## {number}. {self.title()}", "", self.paragraph(2, 5), ""]
                if self.rng.random() < 0.5:
                    lines += [f"- {self.sentence()}" for _ in range(3)] + [""]
            self.writer.text(f"content/sider/{slug}.md", "\n".join(lines), _DATA_TIME)


FIRST_YEAR_START = dt.date(FIRST_YEAR, 1, 1)
LAST_YEAR_END = dt.date(LAST_YEAR, 12, 31)

SITE_YAML = """\
# Et syntetisk site til benchmarks, lavet af benchmarks.synthetic.
navn: Sekretariat for rammeaftaler (syntetisk arkiv)
region: Nordjylland
base_url: https://www.rammeaftaler.example
beskrivelse: >-
  Et syntetisk mødearkiv over 15 år, lavet af sætninger fra rigtige dagsordener og referater.
kontakt:
  adresse: Boulevarden 13, Aalborg
  email: sekretariat@rammeaftaler.example
tilgaengelighedserklaering: https://www.was.digst.dk/rammeaftaler-example
"""


@dataclass
class _Item:
    number: int
    kind: str
    closed: bool = False
    case_number: str | None = None
    attachments: list[tuple[int, str, str]] = field(default_factory=list)  # nr, title, fil|url
    markdown: str = ""


class _MeetingText:
    """The body of one meeting file: groups, items, sections."""

    def __init__(self, generator: _Generator, meeting: _Meeting):
        self.g = generator
        self.rng = generator.rng
        self.meeting = meeting
        self.tables = 0
        self.bilag_number = 0

    def items(self, target: int) -> list[_Item]:
        rng, meeting = self.rng, self.meeting
        count = rng.randint(6, 14)
        closing = ["Evt.", "Næste møde"]
        opening = ["Godkendelse af dagsorden"]
        if meeting.previous:
            opening.append(f"Godkendelse af referat fra mødet den {_long_date(meeting.previous)}")
        middle = max(1, count - len(opening) - len(closing))
        informing = rng.randint(1, max(1, middle // 3)) if middle > 2 else 0
        deciding = middle - informing
        municipal = 1 if deciding > 3 and rng.random() < 0.15 else 0
        deciding -= municipal
        titles = self._distinct_titles(middle)
        plan: list[tuple[str, str, str]] = [("Velkomst", t, "beslutning") for t in opening]
        plan += [("Sager til behandling", titles.pop(), rng.choice(("beslutning", "drøftelse")))
                 for _ in range(deciding)]
        plan += [("Sager til orientering", titles.pop(), "orientering") for _ in range(informing)]
        plan += [("Afslutning", t, "orientering") for t in closing]
        plan += [("Kommunale sager", titles.pop(), "drøftelse") for _ in range(municipal)]
        grouped = rng.random() < 0.85
        # per case item; the last block of each item overshoots by about half a block
        budget = max(200, target - 2500) // max(1, deciding + informing + municipal) - 700
        result, group = [], None
        for number, (group_name, title, kind) in enumerate(plan, start=1):
            item = _Item(number, kind)
            lines = []
            if grouped and group_name != group:
                lines += [f"# {group_name}", ""]
                group = group_name
            lines += [f"## {number}. {title}", ""]
            if group_name in ("Velkomst", "Afslutning"):
                lines += self._routine(number, title)
            else:
                item.closed = rng.random() < 0.05
                if rng.random() < 0.4:
                    item.case_number = f"{self.meeting.date.year}-{rng.randint(1000, 99999)}"
                lines += self._case(item, int(budget * rng.uniform(0.5, 1.5)))
            item.markdown = "\n".join(lines).rstrip("\n")
            result.append(item)
        return result

    def _distinct_titles(self, count: int) -> list[str]:
        titles = self.g.corpus.titles
        if count <= len(titles):
            return self.rng.sample(titles, count)
        return [self.rng.choice(titles) for _ in range(count)]

    def _routine(self, number: int, title: str) -> list[str]:
        meeting, body = self.meeting, self.meeting.body
        lines: list[str] = []
        if title == "Godkendelse af dagsorden":
            lines += ["### Indstilling", "", "Det indstilles, at", "",
                      f"- {body.name} godkender dagsordenen", ""]
            result = "Dagsordenen blev godkendt"
        elif title.startswith("Godkendelse af referat"):
            previous = urls.meeting(body.slug, meeting.previous)
            lines += ["### Indstilling", "", "Det indstilles, at", "",
                      f"- {body.name} godkender referatet fra {_long_date(meeting.previous)}", "",
                      "### Bilag", "", f"Referatet kan findes [her]({previous})", ""]
            result = "Referatet blev godkendt"
        elif title == "Næste møde":
            following = meeting.following
            result = (f"Næste møde afholdes den {_long_date(following.date)}." if following
                      else self.g.sentence())
        else:
            result = self.g.paragraph(1, 2)
        if meeting.status == "referat":
            lines += ["### Referat", "", result, ""]
        return lines

    def _case(self, item: _Item, budget: int) -> list[str]:
        """A case item whose Markdown is about `budget` characters long."""
        rng, g = self.rng, self.g
        before: list[str] = []
        if rng.random() < 0.1:
            before += [g.paragraph(1, 2), ""]
        if rng.random() < 0.8:
            before += ["### Resumé", "", g.paragraph(1, 2), ""]
        if rng.random() < 0.5:
            before += ["### Baggrund", "", g.paragraph(1, 3), ""]
        label = "Orientering" if item.kind == "orientering" and rng.random() < 0.5 \
            else "Sagsfremstilling"
        before += [f"### {label}", ""]
        after: list[str] = []
        if rng.random() < 0.1:
            after += ["### FU behandling", "", g.paragraph(1, 2), ""]
        verb = {"beslutning": "godkender", "drøftelse": "drøfter",
                "orientering": "tager orienteringen til efterretning om"}[item.kind]
        after += ["### Indstilling", "", "Det indstilles, at", ""]
        after += [f"- {self.meeting.body.name} {verb} {_lower_first(g.title())}"
                  for _ in range(rng.randint(1, 2))] + [""]
        if rng.random() < 0.2:
            after += ["### Bilag", ""] + self._attachments(item)
        if self.meeting.status == "referat":
            after += ["### Referat", ""]
            for _ in range(rng.randint(1, 2)):
                after += [g.paragraph(1, 2), ""]
        middle: list[str] = []
        used = _length(before) + _length(after)
        while not middle or used < budget:
            block = self._block() + [""]
            middle += block
            used += _length(block)
        return before + middle + after

    def _attachments(self, item: _Item) -> list[str]:
        lines = []
        for _ in range(self.rng.randint(1, 3)):
            self.bilag_number += 1
            title = self.g.title()
            if self.rng.random() < 0.1:
                target = f"https://www.example.dk/dokumenter/{urls.slugify(title)[:50]}.pdf"
            else:
                target = (f"{self.meeting.date.isoformat()}/bilag-{self.bilag_number}-"
                          f"{urls.slugify(title)[:40].strip('-')}.pdf")
            item.attachments.append((self.bilag_number, title, target))
            lines += [f"Bilag {self.bilag_number}. {title}", ""]
        return lines

    def _block(self) -> list[str]:
        """One piece of a Sagsfremstilling: paragraph, list, sub-heading or table."""
        rng, g = self.rng, self.g
        roll = rng.random()
        if roll < 0.55:
            return [g.paragraph()]
        if roll < 0.68:
            lines = [f"- {g.sentence()}" for _ in range(rng.randint(2, 6))]
            if rng.random() < 0.3:
                lines[1:1] = [f"    - {g.label()}" for _ in range(rng.randint(2, 3))]
            return [g.paragraph(1, 1), ""] + lines
        if roll < 0.74:
            return [g.paragraph(1, 1), ""] + [f"{n}. {g.sentence()}"
                                                for n in range(1, rng.randint(3, 5) + 1)]
        if roll < 0.86:
            return [f"#### {g.title()}", "", g.paragraph()]
        return self._table()

    def _table(self) -> list[str]:
        rng, g = self.rng, self.g
        self.tables += 1
        self.g.writer.summary.tables += 1
        if rng.random() < 0.5:
            year = self.meeting.date.year
            head = [""] + [str(y) for y in range(year - rng.randint(2, 4), year + 1)]
        else:
            head = [""] + rng.sample(g.corpus.labels, min(len(g.corpus.labels),
                                                           rng.randint(2, 4)))
        rows = [[g.label()] + [_number(rng) for _ in head[1:]]
                for _ in range(rng.randint(3, 9))]
        lines = [f"Tabel {self.tables}. {g.label()}", "",
                 "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        if rng.random() < 0.2:
            lines += ["", g.sentence()]
        return lines


# small helpers -------------------------------------------------------------------------------

def _shares(total: int, weights: list[float]) -> list[int]:
    """Split `total` by weight (largest remainder), deterministically."""
    raw = [total * w / sum(weights) for w in weights]
    counts = [int(r) for r in raw]
    order = sorted(range(len(raw)), key=lambda i: (counts[i] - raw[i], i))
    for index in order[: total - sum(counts)]:
        counts[index] += 1
    return counts


def _length(lines: list[str]) -> int:
    return sum(len(line) + 1 for line in lines)


def _lower_first(text: str) -> str:
    """'Status på Halfway House' -> 'status på Halfway House'; 'DAS ...' stays."""
    return text[0].lower() + text[1:] if text[1:2].islower() else text


def _long_date(date: dt.date) -> str:
    return f"{date.day}. {MONTHS[date.month - 1]} {date.year}"


def _number(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return f"{rng.uniform(0, 100):.1f}".replace(".", ",")
    value = rng.randint(1, 9999)
    return f"{value // 1000}.{value % 1000:03d}" if value >= 1000 else str(value)


def _file_time(date: dt.date) -> dt.datetime:
    return dt.datetime.combine(date + dt.timedelta(days=3), dt.time(12),
                               tzinfo=dt.timezone.utc)


def _yaml(text: str) -> str:
    """A YAML scalar that the loader reads back as exactly this text."""
    plain = re.match(r"^[A-Za-zÆØÅæøå0-9(]", text) and ": " not in text and " #" not in text \
        and not text.endswith(":") and text == text.strip()
    return text if plain else json.dumps(text, ensure_ascii=False)


def _check_clean(text: str, where: str) -> None:
    lower = text.lower()
    if CPR_LIKE.search(text) or any(w in lower for w in HEALTH_WORDS):
        raise AssertionError(f"{where}: generated text has a CPR-like number or a health word")


def _pdf(title: str, sentences: list[str]) -> bytes:
    """A small, valid one-page PDF with the title and some sentences (ASCII only)."""
    def ascii_text(text: str) -> str:
        text = text.translate(str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae",
                                             "Ø": "Oe", "Å": "Aa"}))
        text = text.encode("ascii", "replace").decode("ascii")
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    lines = ["BT /F1 14 Tf 56 790 Td", f"({ascii_text(title)}) Tj", "/F1 9 Tf"]
    for sentence in sentences:
        lines += ["0 -14 Td", f"({ascii_text(sentence)}) Tj"]
    lines.append("ET")
    stream = "\n".join(lines).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream
        + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n"
            "%%EOF\n").encode()
    return bytes(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.synthetic",
        description="Write a deterministic synthetic archive (data/ and content/) for "
                    "benchmarks, made from sentences of the seed documents.")
    parser.add_argument("--meetings", type=int, default=2000)
    parser.add_argument("--out", required=True, type=Path, help="the site folder to write")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--seeds", type=Path, default=None,
                        help=f"folder of seed texts (default: {DEFAULT_SEEDS}; without it, "
                             "the repository's own content/)")
    args = parser.parse_args(argv)
    summary = generate(args.out.resolve(), args.meetings, args.seed, args.seeds)
    print(summary.line(args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
