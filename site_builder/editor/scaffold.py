"""`python build.py new ...`: a new meeting, agreement or page file, ready to fill in.

A new meeting gets its front matter from data/organer.yaml (the body's members as
participants, its usual place and time), status `dagsorden`, the standard opening items
(approval of the agenda and of the minutes of the body's previous meeting, with its date
and a link to its page) and a third item with placeholders. An existing file is never
overwritten. The placeholders (`PLACEHOLDERS`, the one list of them) are plain text that
`check` and the build stop on until they are replaced, and that the preview shows with a
banner (`editor_checks.py`), so a forgotten one never reaches the public site.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from .. import danish, urls
from ..content.coerce import TRUE_WORDS, Checker, parse_date
from ..content.model import Body, Person
from ..content.schema import AGREEMENT
from ..content.source import Located, SourceError, read_source
from ..problems import Problems

ITEM_TITLE = "Skriv punktets titel"
SUMMARY = "Skriv et kort resumé af sagen."
RECOMMENDATION = "Skriv, hvad der indstilles."
AGREEMENT_TEXT = "Skriv aftalens tekst her."
PAGE_TEXT = "Skriv sidens tekst her."
# every text written for the editor to replace; editor_checks.py looks for these
PLACEHOLDERS = (ITEM_TITLE, SUMMARY, RECOMMENDATION, AGREEMENT_TEXT, PAGE_TEXT)

KINDS = {"møde": "meeting", "mode": "meeting", "moede": "meeting",
         "aftale": "agreement", "side": "page"}

_PLAIN = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`][^\n]*$")
_YAML_WORDS = {"null", "~", "true", "false", "yes", "no", "on", "off", "y", "n"}


class ScaffoldError(Exception):
    """The file cannot be made; the message says why, in Danish."""


def new_meeting(site_root: Path, organ: str | None, date_text: str | None) -> Path:
    if not organ:
        raise ScaffoldError("skriv hvilket organ, fx --organ das")
    if not date_text:
        raise ScaffoldError("skriv mødets dato, fx --dato 2026-12-01")
    date = parse_date(date_text)
    if date is None:
        raise ScaffoldError(f"--dato: '{date_text}' er ikke en gyldig dato; skriv "
                            "ÅÅÅÅ-MM-DD, fx 2026-12-01")
    bodies = _bodies(site_root)
    body = next((b for b in bodies if b.slug == organ), None)
    if body is None:
        known = ", ".join(sorted(b.slug for b in bodies))
        raise ScaffoldError(f"--organ: '{organ}' er ikke et organ i data/organer.yaml "
                            f"(kendte: {known})")
    folder = site_root / "content" / "moeder" / body.slug
    previous = _previous_meeting(folder, date)
    linked = previous is not None and _published(folder / f"{previous.isoformat()}.md")
    return _write(site_root, folder / f"{date.isoformat()}.md",
                  meeting_text(body, date, previous, link_previous=linked))


def meeting_text(body: Body, date: dt.date, previous: dt.date | None,
                 link_previous: bool = False) -> str:
    """The new meeting file; `link_previous`: item 2 links to the previous meeting's page
    (only when that page is published: a link to a draft would fail the build)."""
    lines = ["---", "# Ny dagsorden: udfyld pladsholderne (se docs/ny-dagsorden.md).",
             f"organ: {body.slug}", f"dato: {date.isoformat()}"]
    if body.usual_time is not None:
        start, end = body.usual_time.start, body.usual_time.end
        lines.append(f"tid: {danish.clock(start)}" + (f"-{danish.clock(end)}" if end else ""))
    if body.usual_place:
        lines.append(f"sted: {_scalar(body.usual_place)}")
    lines.append("status: dagsorden")
    if body.members:
        lines.append("deltagere:")
        lines += [line for person in body.members for line in _person(person)]
    lines += ["punkter:", "  1:", "    type: beslutning", "  2:", "    type: beslutning",
              "  3:", "    type: beslutning", "---", ""]
    approve = (f"fra mødet den {danish.long_date(previous)}" if previous
               else "fra forrige møde")
    minutes = "referatet"
    if previous:
        minutes = f"referatet fra {danish.long_date(previous)}"
        if link_previous:
            minutes = f"[{minutes}]({urls.meeting(body.slug, previous)})"
    lines += [
        "## 1. Godkendelse af dagsorden", "", "### Indstilling", "", "Det indstilles, at", "",
        f"- {body.name} godkender dagsordenen", "",
        f"## 2. Godkendelse af referat {approve}", "", "### Indstilling", "",
        "Det indstilles, at", "",
        f"- {body.name} godkender {minutes}", "",
        f"## 3. {ITEM_TITLE}", "", "### Resumé", "", SUMMARY, "", "### Indstilling", "",
        RECOMMENDATION, "",
    ]
    return "\n".join(lines)


def new_agreement(site_root: Path, title: str | None, period_text: str | None,
                  slug: str | None = None) -> Path:
    if not title:
        raise ScaffoldError("skriv aftalens titel, fx --titel \"Nordjysk Socialaftale "
                            "2027-2028\"")
    if not period_text:
        raise ScaffoldError("skriv aftalens periode, fx --periode 2027-2028")
    problems = Problems(site_root)
    Checker(problems, Path("--periode")).value(
        Located(period_text, 0), AGREEMENT.field("periode"), "periode")
    if problems.errors:
        raise ScaffoldError(f"--periode: {problems.errors[0].message}")
    slug = _slug(slug or title, "aftalens")
    text = "\n".join([
        "---", "# Ny aftale: udfyld pladsholderen. Nøglerne resumé:, dele: og godkendelser: "
        "står under »Aftale« på håndbogens side »Alle nøgler« (i python build.py serve: "
        "/__haandbog/noegler.md).",
        f"titel: {_scalar(title)}", f"periode: {period_text.strip()}", "status: udkast",
        "---", "", AGREEMENT_TEXT, ""])
    return _write(site_root, site_root / "content" / "aftaler" / f"{slug}.md", text)


def new_page(site_root: Path, title: str | None, slug: str | None = None) -> Path:
    if not title:
        raise ScaffoldError("skriv sidens titel, fx --titel \"Om sekretariatet\"")
    slug = _slug(slug or title, "sidens")
    if slug in urls.RESERVED_TOP_LEVEL:
        raise ScaffoldError(f"adressen /{slug}/ er reserveret til sitets egne sider; vælg "
                            "et andet kortnavn med --kortnavn")
    text = "\n".join([
        "---", "# Ny side: udfyld pladsholderen (overskrifter, links og tabeller: se "
        "docs/skriv-tekst.md).", f"titel: {_scalar(title)}", "---", "", PAGE_TEXT, ""])
    return _write(site_root, site_root / "content" / "sider" / f"{slug}.md", text)


def _bodies(site_root: Path) -> list[Body]:
    """The bodies of data/organer.yaml, checked like a build checks them (no content read)."""
    from ..content.loader import load_site  # (here: the command line starts sooner)
    problems = Problems(site_root)
    site = load_site(site_root, dt.date.today(), problems, read_files=lambda tasks, ctx: [])
    problems.raise_if_errors()
    return list(site.bodies)


def _previous_meeting(folder: Path, date: dt.date) -> dt.date | None:
    dates = [parse_date(p.stem) for p in folder.glob("*.md")] if folder.is_dir() else []
    earlier = [d for d in dates if d is not None and d < date]
    return max(earlier) if earlier else None


def _published(path: Path) -> bool:
    """Whether a meeting file is on the public site today (not a draft, no embargo)."""
    try:
        source = read_source(path)
    except SourceError:
        return False
    values = source.front_matter.value
    draft = values.get("kladde")
    if draft is not None and str(draft.value).strip().lower() in TRUE_WORDS:
        return False
    start = values.get("offentlig_fra")
    start_date = parse_date(str(start.value).strip()) if start is not None else None
    return not (start_date and start_date > dt.date.today())


def _person(person: Person) -> list[str]:
    if not (person.organisation or person.role):
        return [f"  - {_scalar(person.name)}"]
    lines = [f"  - navn: {_scalar(person.name)}"]
    if person.organisation:
        lines.append(f"    organisation: {_scalar(person.organisation)}")
    if person.role:
        lines.append(f"    rolle: {_scalar(person.role)}")
    return lines


def _scalar(text: str) -> str:
    """A YAML scalar: plain where that reads back as the same text, else double-quoted."""
    plain = (_PLAIN.match(text) and ": " not in text and " #" not in text
             and not text.endswith((":", " ")) and text.lower() not in _YAML_WORDS)
    return text if plain else json.dumps(text, ensure_ascii=False)


def _slug(text: str, whose: str) -> str:
    slug = urls.slugify(text)
    if not slug:
        raise ScaffoldError(f"{whose} kortnavn bliver tomt; skriv et med --kortnavn")
    return slug


def _write(site_root: Path, path: Path, text: str) -> Path:
    shown = Problems(site_root).relative(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        raise ScaffoldError(f"{shown} findes allerede; den bliver ikke overskrevet. Ret i "
                            "den, eller vælg en anden dato eller titel") from None
    except OSError as exc:
        raise ScaffoldError(f"{shown} kan ikke skrives ({exc.strerror})") from None
    return path


KINDS["beslutning"] = "procedure"  # a decision by written procedure (written_procedures.py)
PROCEDURE_DAYS = 14  # the deadline the new file suggests, after the day it is sent


def new_written_procedure(site_root: Path, organ: str | None, date_text: str | None,
                          title: str | None, slug: str | None = None) -> Path:
    """content/beslutninger/<organ>/<dato>-<kortnavn>.md, as a draft (`kladde: ja`), so
    nothing is published before the editor has written the proposal and removed the line."""
    if not organ:
        raise ScaffoldError("skriv hvilket organ, fx --organ das")
    if not title:
        raise ScaffoldError("skriv forslagets titel, fx --titel \"Kapacitetsjustering\"")
    date = parse_date(date_text) if date_text else dt.date.today()
    if date is None:
        raise ScaffoldError(f"--dato: '{date_text}' er ikke en gyldig dato; skriv "
                            "ÅÅÅÅ-MM-DD, fx 2026-12-01")
    bodies = _bodies(site_root)
    if organ not in {b.slug for b in bodies}:
        known = ", ".join(sorted(b.slug for b in bodies))
        raise ScaffoldError(f"--organ: '{organ}' er ikke et organ i data/organer.yaml "
                            f"(kendte: {known})")
    name = _slug(slug or title, "beslutningens")
    deadline = date + dt.timedelta(days=PROCEDURE_DAYS)
    text = "\n".join([
        "---", "# Ny beslutning ved skriftlig procedure (se docs/skriftlig-procedure.md).",
        "# Slet linjen 'kladde: ja', når forslaget er skrevet og må offentliggøres.",
        f"organ: {organ}", f"titel: {_scalar(title)}", "afsender: Sekretariat for rammeaftaler",
        f"sendt: {date.isoformat()}", f"frist: {deadline.isoformat()}  # ret til den rigtige frist",
        "udfald: afventer  # godkendt, når fristen er gået uden bemærkninger; ellers bemærkninger",
        "kladde: ja", "---", "", "Skriv forslaget og begrundelsen her.", ""])
    return _write(site_root, site_root / "content" / "beslutninger" / organ
                  / f"{date.isoformat()}-{name}.md", text)
