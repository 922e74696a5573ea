"""Decisions by written procedure: content/beslutninger/<organ>/<ÅÅÅÅ-MM-DD>-<navn>.md.

Between meetings a body can decide by e-mail: the secretariat sends a proposal round, and
if nobody has remarks by the deadline it counts as approved; otherwise it goes to the next
meeting. Each such round is a record of its own, with the same guards as a meeting: a
draft (`kladde: ja`) or a record under embargo (`offentlig_fra:`) is not in the model, a
closed record (`lukket: ja`) gives its title and dates only, and the privacy guard reads
the file like every file under content/.

This module reads and checks the records into the model (`load`, `check_references`) and
answers questions about them; it renders nothing. The pages, /beslutninger/ (all),
/beslutninger/<organ>/ (one body's) and one page per record, are made by
outputs/written_procedure_pages.py from what is here; the pipeline copies the records' bilag
files (`write_bilag`, `bilag_urls`). The other outputs take the records from here: feeds
(`feed_entries`), the calendar (the deadline, `occasions`), the politicians' tab (open
rounds, `open_procedures`), case threads, search (`search_documents`) and open data
(`open_data`).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from .. import danish, urls
from ..problems import Problems
from . import input_limits, markdown_html
from .bilag_files import BILAG_SUFFIXES, FILETYPES
from .coerce import Checker
from .markdown_html import MarkdownError, plain_text
from .model import Body, Site
from .model_records import ProcedureBilag, WrittenProcedure
from .schedule import Occasion
from .schema import WRITTEN_PROCEDURE
from .source import SourceFile, read_source
from .tariffs import genitive

FOLDER = "beslutninger"
_FILE_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)$")
_MEETING_KEY = re.compile(r"^([a-z0-9-]+)/(\d{4}-\d{2}-\d{2})$")
UNREADABLE_TEXT = ("teksten kan ikke laves til en side (fx lister i alt for mange niveauer); "
                   "forenkl teksten")


# Loading ---------------------------------------------------------------------------------

def load(root: Path, files: list[tuple[Path, SourceFile]], problems: Problems,
         bodies: list[Body],
         build_date: dt.date, show_unpublished: bool = False
         ) -> tuple[tuple[WrittenProcedure, ...], set[Path]]:
    """The published records, newest first, and the bilag files they name (so the loader
    does not report them as files nobody reads)."""
    slugs = {b.slug for b in bodies}
    records: list[WrittenProcedure] = []
    named: set[Path] = set()
    for path, source in files:
        record = _read(root, path, source, problems, slugs, build_date, show_unpublished,
                       named)
        if record is not None:
            records.append(record)
    records.sort(key=lambda r: (r.sent, r.body, r.slug), reverse=True)
    return tuple(records), named


def _read(root: Path, path: Path, source: SourceFile, problems: Problems, slugs: set[str],
          build_date: dt.date, show_unpublished: bool,
          named: set[Path]) -> WrittenProcedure | None:
    checker = Checker(problems, path)
    values = checker.mapping(source.front_matter, WRITTEN_PROCEDURE)
    lines = source.front_matter.key_lines
    ok = True
    name = _FILE_NAME.match(path.stem)
    if not name:
        checker.error(None, None, "filnavnet skal være datoen, forslaget blev sendt, og et "
                      "kort navn med små bogstaver og bindestreger, fx "
                      "2012-04-02-kapacitetsjustering.md")
        ok = False
    organ = values["organ"]
    folder = path.parent.name
    if organ and organ not in slugs:
        checker.error(lines.get("organ"), "organ", f"'{organ}' er ikke et organ i "
                      f"data/organer.yaml (kendte: {', '.join(sorted(slugs))})")
        ok = False
    elif organ and organ != folder:
        checker.error(lines.get("organ"), "organ", f"'{organ}' passer ikke med mappen "
                      f"content/{FOLDER}/{folder}/")
        ok = False
    sent, deadline = values["sendt"], values["frist"]
    if sent and name and sent.isoformat() != name.group(1):
        checker.error(lines.get("sendt"), "sendt", f"{sent.isoformat()} passer ikke med "
                      f"filnavnet {path.name}")
        ok = False
    if sent and deadline and deadline < sent:
        checker.error(lines.get("frist"), "frist", "fristen ligger før datoen, forslaget "
                      "blev sendt")
        ok = False
    outcome = values["udfald"]
    next_meeting = values["næste_møde"]
    if next_meeting and not _MEETING_KEY.match(next_meeting):
        checker.error(lines.get("næste_møde"), "næste_møde", f"'{next_meeting}' er ikke et "
                      "møde som <organ>/<dato>, fx dassos/2012-08-20")
        ok = False
    if next_meeting and outcome != "bemærkninger":
        checker.error(lines.get("næste_møde"), "næste_møde", "næste_møde: hører kun til "
                      "udfald: bemærkninger (forslaget går videre til næste møde)")
        ok = False
    too_deep = input_limits.html_nesting_problem(source.body, source.body_first_line)
    if too_deep:
        problems.error(path, too_deep[0], None, too_deep[1])
        return None
    try:
        html = markdown_html.render(source.body, parent_level=1)
    except MarkdownError:
        problems.error(path, None, None, UNREADABLE_TEXT)
        return None
    bilag = tuple(b for b in (_bilag(checker, line, entry, path, organ, name, named)
                              for line, entry in values["bilag"]) if b is not None)
    if not (ok and organ and sent and deadline and outcome and values["titel"]):
        return None
    hidden = values["kladde"] or (values["offentlig_fra"] and
                                  values["offentlig_fra"] > build_date)
    if hidden and not show_unpublished:
        return None
    closed = bool(values["lukket"])
    mtime = dt.datetime.fromtimestamp(int(path.stat().st_mtime), tz=dt.timezone.utc)
    return WrittenProcedure(
        body=organ, slug=path.stem, title=values["titel"],
        sender=None if closed else values["afsender"], sent=sent, deadline=deadline,
        outcome=outcome, next_meeting=None if closed else next_meeting,
        case=None if closed else values["sag"], closed=closed,
        html="" if closed else html, text="" if closed else plain_text(html),
        bilag=() if closed else bilag, source=path, updated=mtime)


def _bilag(checker: Checker, line: int, values: dict, path: Path, organ: str | None,
           name, named: set[Path]) -> ProcedureBilag | None:
    title, filename, url = values["titel"], values["fil"], values["url"]
    if filename and url:
        checker.error(line, "bilag", "skriv enten fil: eller url: for hvert bilag")
        return None
    if url:
        suffix = url.rsplit("?", 1)[0].rsplit(".", 1)[-1].lower()
        return ProcedureBilag(title or url, url, FILETYPES.get(suffix), None, None)
    if not filename:
        return ProcedureBilag(title or "", None, None, None, None)
    relative = Path(filename)
    if relative.is_absolute() or ".." in relative.parts:
        checker.error(line, "bilag.fil", f"'{filename}' peger uden for sitets mappe; læg "
                      "filen i mappen ved siden af beslutningsfilen")
        return None
    target = path.parent / relative
    suffix = target.name.rpartition(".")[2].lower() if "." in target.name else ""
    if suffix not in BILAG_SUFFIXES:
        checker.error(line, "bilag.fil", f"'{filename}': filtypen kan ikke offentliggøres "
                      f"som bilag; tilladte filtyper: {', '.join(sorted(BILAG_SUFFIXES))}")
        return None
    if not target.is_file():
        checker.error(line, "bilag.fil", f"filen '{filename}' findes ikke i "
                      f"{checker.problems.relative(path.parent)}/")
        return None
    resolved = target.resolve()
    content = path.parent.parent.parent.resolve()
    if not resolved.is_relative_to(content):
        checker.error(line, "bilag.fil", f"'{filename}' er en genvej, der peger uden for "
                      "content/; læg selve filen her")
        return None
    named.update({target, resolved})
    if not organ or not name:
        return None
    return ProcedureBilag(title or target.name,
                          urls.written_procedure_bilag(organ, path.stem, target.name),
                          FILETYPES.get(suffix), target.stat().st_size, resolved)


def check_references(site_cases, meetings, procedures, problems: Problems) -> None:
    """A record's sag: must name a case of data/sager.yaml."""
    known = sorted(c.slug for c in site_cases)
    for record in procedures:
        if record.case and record.case not in known:
            line = read_source(record.source).front_matter.key_lines.get("sag")
            problems.error(record.source, line, "sag", f"'{record.case}' er ikke en sag i "
                           f"data/sager.yaml (kendte: {', '.join(known) or 'ingen'})")


# Reading the records ----------------------------------------------------------------------

def state(site: Site, record: WrittenProcedure) -> str:
    return record.state_on(site.build_date)


def state_label(site: Site, record: WrittenProcedure) -> str:
    return record.state_label_on(site.build_date)


def open_procedures(site: Site) -> list[WrittenProcedure]:
    """Rounds still open on the build date, nearest deadline first."""
    return sorted((r for r in site.procedures if state(site, r) == "afventer"),
                  key=lambda r: (r.deadline, r.body, r.slug))


def of_body(site: Site, slug: str) -> list[WrittenProcedure]:
    return [r for r in site.procedures if r.body == slug]


def of_case(site: Site, slug: str) -> list[WrittenProcedure]:
    return sorted((r for r in site.procedures if r.case == slug), key=lambda r: r.sent)


def body_label(site: Site, slug: str) -> str:
    body = site.body(slug)
    return (body.abbreviation or body.name) if body else slug


def next_meeting_link(site: Site, record: WrittenProcedure) -> dict | None:
    if not record.next_meeting:
        return None
    organ, date = record.next_meeting.split("/", 1)
    meeting = site.meeting(record.next_meeting)
    return {"url": meeting.url if meeting else None,
            "body": genitive(body_label(site, organ)),
            "date": dt.date.fromisoformat(date)}


# The bilag files ------------------------------------------------------------------------

def write_bilag(site: Site, writer) -> None:
    for record in site.procedures:
        for bilag in record.bilag:
            if bilag.source is not None and bilag.url and bilag.url.startswith("/"):
                writer.copy(urls.output_path(bilag.url).as_posix(), bilag.source,
                            "written_procedures")


def bilag_urls(site: Site) -> list[str]:
    return [b.url for r in site.procedures for b in r.bilag
            if b.url and b.url.startswith("/")]


# What the other outputs take from here ----------------------------------------------------

def feed_title(site: Site, record: WrittenProcedure) -> str:
    return (f"{body_label(site, record.body)}: skriftlig procedure, {record.title} "
            f"(frist {danish.long_date(record.deadline)})")


def feed_summary(site: Site, record: WrittenProcedure) -> str:
    return (f"Sendt {danish.long_date(record.sent)}, frist for bemærkninger "
            f"{danish.long_date(record.deadline)}. {state_label(site, record)}.")


@dataclass(frozen=True)
class DeadlineOccasion(Occasion):
    """A record's deadline for remarks, as one occasion of the calendar."""

    record_url: str = ""

    @property
    def url(self) -> str | None:
        return self.record_url

    @property
    def status_label(self) -> str:
        return "Frist, skriftlig procedure"


def occasions(site: Site) -> list[Occasion]:
    return [DeadlineOccasion(
        date=r.deadline, end_date=None, time=None, body=None,
        title=f"Frist for bemærkninger: {r.title} ({body_label(site, r.body)})",
        place=None, description=state_label(site, r) + ".", cancelled=False, meeting=None,
        updated=r.updated, status="milepael",
        uid=f"skriftlig-{r.body}-{urls.slugify(r.slug)}", record_url=r.url)
        for r in site.procedures]


def search_texts(site: Site, record: WrittenProcedure) -> dict:
    """What search/index.py indexes of a record."""
    return {"title": record.title, "text": " ".join(filter(None, (
                state_label(site, record), record.sender, record.text,
                " ".join(b.title for b in record.bilag)))),
            "organ": body_label(site, record.body), "date": danish.long_date(record.sent),
            "url": record.url, "year": record.sent.year, "body": record.body}


def open_data(site: Site) -> list[dict]:
    base = site.info.base_url
    result = []
    for record in sorted(site.procedures, key=lambda r: (r.sent, r.body, r.slug)):
        common = {"id": base + record.url, "organization": base + urls.body(record.body),
                  "name": record.title, "sent": record.sent.isoformat(),
                  "deadline": record.deadline.isoformat(), "web": base + record.url}
        if record.closed:
            result.append({**common, "public": False})
            continue
        following = next_meeting_link(site, record)
        result.append({**common, "public": True, "sender": record.sender,
                       "state": state(site, record), "text": record.text,
                       "nextMeeting": base + following["url"]
                       if following and following["url"] else None,
                       "case": base + urls.case(record.case) if record.case else None,
                       "bilag": [{"title": b.title,
                                  "url": (base + b.url if b.url.startswith("/") else b.url)
                                  if b.url else None} for b in record.bilag]})
    return result
