"""The one place that decides public URLs and output paths.

Public URLs are a contract: lowercase ASCII, æ->ae, ø->oe, å->aa, trailing slash.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import PurePosixPath

_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "ae", "Ø": "oe", "Å": "aa"})
_NOT_SLUG = re.compile(r"[^a-z0-9]+")

RESERVED_TOP_LEVEL = frozenset({
    "organer", "aftaler", "sager", "soeg", "politikere", "kalender", "abonner", "feeds",
    "data", "ordliste", "assets", "redaktoer", "bilag", "404", "sitemap", "robots",
    "was",  # the redirect to the accessibility statement (netlify.py)
    "takster", "beslutninger",  # tariff_pages.py, written_procedures.py
})


def slugify(text: str) -> str:
    # NFC first: a name typed on a Mac arrives decomposed (A + ring), which _DANISH misses
    text = unicodedata.normalize("NFC", text).translate(_DANISH)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NOT_SLUG.sub("-", text.lower()).strip("-")


def file_slug(filename: str) -> str:
    """A safe file name for a bilag: slugged stem, lowercase extension."""
    path = PurePosixPath(filename)
    stem = slugify(path.stem) or "bilag"
    suffix = slugify(path.suffix.lstrip("."))
    return f"{stem}.{suffix}" if suffix else stem


# Ids the agreement page uses for its own headings; a part's anchor never takes one.
AGREEMENT_PAGE_IDS = ("aftaleteksten", "behandlet", "godkendelsesforloeb", "indhold")


def part_anchors(headings) -> list[str]:
    """The anchors of an agreement's parts (/aftaler/<slug>/#<anchor>): the heading as a
    slug; where that is taken (or empty), with the part's number added."""
    used = set(AGREEMENT_PAGE_IDS)
    anchors = []
    for number, heading in enumerate(headings, start=1):
        anchor = slugify(heading)
        if not anchor or anchor in used:
            anchor = f"{anchor or 'del'}-{number}"
        used.add(anchor)
        anchors.append(anchor)
    return anchors


def front() -> str:
    return "/"


def bodies() -> str:
    return "/organer/"


def body(slug: str) -> str:
    return f"/organer/{slug}/"


def meeting(body_slug: str, date: dt.date) -> str:
    return f"/organer/{body_slug}/{date.isoformat()}/"


def item_anchor(number: int) -> str:
    return f"punkt-{number}"


def item(body_slug: str, date: dt.date, number: int) -> str:
    return f"{meeting(body_slug, date)}#{item_anchor(number)}"


def attachment(body_slug: str, date: dt.date, filename: str) -> str:
    return f"{meeting(body_slug, date)}bilag/{file_slug(filename)}"


def agreements() -> str:
    return "/aftaler/"


def agreement(slug: str) -> str:
    return f"/aftaler/{slug}/"


def page(slug: str) -> str:
    return f"/{slug}/"


def search() -> str:
    return "/soeg/"


def search_index() -> str:
    """The search page's first file (search/shards.py): its name stays, so browsers ask
    whether it changed (Netlify's default); it names the shards."""
    return f"{search()}indeks.json"


def search_shard(digest: str) -> str:
    """A part of the search index; the digest of its content in its name lets browsers
    cache it for good (netlify.toml)."""
    return f"{search()}soegeindeks.{digest}.json"


def cases() -> str:
    return "/sager/"


def case(slug: str) -> str:
    return f"/sager/{slug}/"


def politicians() -> str:
    return "/politikere/"


def calendar() -> str:
    return "/kalender/"


# The feed and calendar of everything is named ALL; the feeds of one kind of document are
# named by FEED_KINDS; every other feed and calendar file is named by a body's slug.
ALL = "alle"
FEED_KINDS = ("dagsordener", "referater", "aftaler")


def calendar_file(name: str) -> str:
    """An iCalendar file: ALL or a body's slug."""
    return f"{calendar()}{name}.ics"


def feed(name: str) -> str:
    """An Atom feed: ALL, one of FEED_KINDS or a body's slug."""
    return f"/feeds/{name}.xml"


def subscribe() -> str:
    return "/abonner/"


def glossary() -> str:
    return "/ordliste/"


def open_data() -> str:
    return "/data/"


def open_data_file(name: str) -> str:
    return f"{open_data()}{name}"


def accessibility_statement() -> str:
    """The short address that redirects to the accessibility statement (`_redirects`)."""
    return "/was"


def tariffs() -> str:
    """The tariff register (tariff_pages.py): the newest year's tariffs."""
    return "/takster/"


def tariff_year(year: int) -> str:
    return f"{tariffs()}{year}/"


def tariff_file(year: int, suffix: str) -> str:
    """A year's tariffs to download: suffix csv or json."""
    return f"{tariffs()}takster-{year}.{suffix}"


def offer(slug: str) -> str:
    """A tilbud's page with its tariff history."""
    return f"{tariffs()}tilbud/{slug}/"


def written_procedures() -> str:
    """Every decision by written procedure (written_procedures.py)."""
    return "/beslutninger/"


def written_procedures_of(body_slug: str) -> str:
    return f"{written_procedures()}{body_slug}/"


def written_procedure(body_slug: str, slug: str) -> str:
    return f"{written_procedures_of(body_slug)}{slug}/"


def written_procedure_bilag(body_slug: str, slug: str, filename: str) -> str:
    return f"{written_procedure(body_slug, slug)}bilag/{file_slug(filename)}"


def output_path(url: str) -> PurePosixPath:
    """The file (relative to the output folder) that serves a URL."""
    path = url.split("#", 1)[0].lstrip("/")
    if path == "" or path.endswith("/"):
        path += "index.html"
    result = PurePosixPath(path)
    if result.is_absolute() or ".." in result.parts:
        raise ValueError(f"unsafe output path: {url}")
    return result
