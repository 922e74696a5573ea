"""Conservation of text: every word an editor writes reaches the page that file becomes.

The site is a public authority's record, so text that is accepted and then silently dropped
is worse than an error. For every source file (meetings, agreements, pages) of the bundled
site, both examples, a synthetic archive, a site of hand-written constructs and fuzzed
variants of a bundled meeting, the WORDS of the file are extracted here - deliberately not
with the engine's Markdown, but by splitting the raw text and dropping what is markup - and
each must stand on the built page (BeautifulSoup, `main`'s text and its title/alt
attributes) at least as many times as in the source. The text of closed items (`lukket:
ja`) is excepted, and a word that only the closed item's text has must NOT be on the page.

A word: a run of at least two letters or digits after NFKC, casefolding and removing soft
hyphens. Front matter counts with the values the page shows (SHOWN); the keys it does not
show are listed in NOT_SHOWN with the reason, and every key of site_builder/content/schema.py must
be in one of the two.
"""
from __future__ import annotations

import collections
import datetime as dt
import html
import re
import shutil
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import BUILD_DATE, ROOT, build_site, make_site
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from benchmarks.synthetic import generate
from site_builder import urls
from site_builder.content import schema
from site_builder.pipeline import BuildOptions, build
from site_builder.problems import SiteError

# --- Front matter: which values the page shows ------------------------------------------

SHOWN = {
    "Møde": {"titel", "tid", "sted", "status", "deltagere", "afbud", "referent", "sagsnr",
             "doknr", "punkter"},
    "Dagsordenspunkt": {"type", "sagsnr", "bilag"},
    "Bilag": {"titel", "nummer"},
    "Person": {"navn", "organisation", "rolle", "stedfortræder"},
    "Godkendelse af referat": set(),
    "Aftale": {"titel", "periode", "resumé", "dele", "godkendelser"},
    # instans: shown as written unless it is a body's slug (then the body's name, below);
    # resultat: shown once the step has taken place (a later step says "Planlagt")
    "Godkendelsestrin": {"instans", "resultat"},
    "Side": {"titel", "beskrivelse"},
}
_PUBLISHING = {
    "kladde": "a switch: the file is published or not",
    "offentlig_fra": "a date that decides when the file is published",
    "gennemset": "the editor's notes for the privacy check, not for readers",
}
NOT_SHOWN = {
    "Møde": {
        "organ": "the body's slug; the page shows the body's name from data/organer.yaml",
        "dato": "shown as a Danish date (11. august 2011), not as written (2011-08-11)",
        "godkendt": "its dates are shown as Danish dates and the meeting as a link",
        **_PUBLISHING,
    },
    "Dagsordenspunkt": {
        "lukket": "a switch: the page says 'Lukket punkt' instead",
        "sag": "a case's slug; the page shows the case's title from data/sager.yaml",
    },
    "Bilag": {
        "fil": "a file name; it becomes the link's address (slugged), not text",
        "url": "an address; it becomes the link's href, not text",
    },
    "Person": {},
    "Godkendelse af referat": {
        "dato": "shown as a Danish date",
        "møde": "<organ>/<dato>; shown as a link to that meeting, named by its date",
    },
    "Aftale": {
        "status": "shown as the state on the build date (Gældende, Udløbet, ...)",
        "sag": "a case's slug; the page links to the case",
        **_PUBLISHING,
    },
    "Godkendelsestrin": {"dato": "shown as a Danish date"},
    "Side": dict(_PUBLISHING),
}
# (the key it stands under, key): not shown there
NOT_SHOWN_WITHIN = {
    ("deltagere", "stedfortræder"): "only an absentee's substitute is shown; `check` warns "
                                    "(editor_checks.substitutes_among_participants)",
}
_YES = {"ja", "yes", "true", "on"}
_MONTHS = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august",
           "september", "oktober", "november", "december")


def test_every_schema_key_is_classified_shown_or_not_shown():
    for content_schema in schema.CONTENT_SCHEMAS:
        shown = SHOWN[content_schema.name]
        not_shown = set(NOT_SHOWN[content_schema.name])
        assert not shown & not_shown, content_schema.name
        assert set(content_schema.keys) == shown | not_shown, (
            f"{content_schema.name}: classify every key as shown or not shown "
            f"(unclassified: {set(content_schema.keys) - shown - not_shown}, "
            f"not in the schema: {(shown | not_shown) - set(content_schema.keys)})")
        assert all(reason for reason in NOT_SHOWN[content_schema.name].values())


# --- Words ------------------------------------------------------------------------------

_WORD = re.compile(r"[^\W_]+")


def normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text).replace("\u00ad", "").casefold()


def words(text: str) -> list[str]:
    return [w for w in _WORD.findall(normalise(text)) if len(w) >= 2]


@dataclass
class SourceWords:
    path: Path
    url: str
    shown: list[tuple[str, int]] = field(default_factory=list)  # (word, line)
    closed: list[tuple[str, int]] = field(default_factory=list)

    def add(self, text: str, line: int, closed: bool = False) -> None:
        (self.closed if closed else self.shown).extend((w, line) for w in words(text))


# --- The Markdown body, read independently of the engine ---------------------------------

_FENCE = re.compile(r"^[ \t]*(?:>[ \t]?)*(`{3,}|~{3,})(.*)$")
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.DOTALL)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
# tags whose content the sanitiser removes with them (markdown_html.CLEAN_CONTENT_TAGS):
# active content, never text for readers
_ACTIVE = re.compile(r"<(script|style|iframe|object|embed|template|noscript|svg|math)\b"
                     r".*?</\1\s*>", re.DOTALL | re.IGNORECASE)
# An HTML tag: a known element, or one with a prefix as Word writes them (<o:p>). Any other
# <word> ("skriv til <kontaktperson>") is text the editor meant to show.
_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9]*(?::[A-Za-z0-9]+)?)"
                  r"(?:\s+(?:[^<>\"']|\"[^\"]*\"|'[^']*')*)?/?>")
HTML_ELEMENTS = frozenset("""
    a abbr address area article aside audio b base bdi bdo blockquote body br button canvas
    caption center cite code col colgroup data datalist dd del details dfn dialog div dl dt
    em embed fieldset figcaption figure font footer form h1 h2 h3 h4 h5 h6 head header hgroup
    hr html i iframe img input ins kbd label legend li link main map mark math menu meta
    meter nav noscript object ol optgroup option output p param picture pre progress q rp
    rt ruby s samp script search section select slot small source span strike strong style
    sub summary sup svg table tbody td template textarea tfoot th thead time title tr track
    tt u ul var video wbr""".split())
_LINK_DESTINATION = re.compile(
    r"\]\(\s*(<[^>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)"
    r"(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)")
_REFERENCE_DEFINITION = re.compile(
    r"^ {0,3}\[(?!\^)([^\]\n]+)\]:[ \t]*(?:<[^>\n]*>|\S+)"
    r"(?:[ \t]+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^)\n]*\)))?[ \t]*$", re.MULTILINE)
_REFERENCE_LABEL = re.compile(r"\]\[([^\]\n]+)\]")


def _label(text: str) -> str:
    return " ".join(text.split()).casefold()


# an ordered list's number: list markers and quote signs before it; a list's number is
# not text on the page - unless it is the day of a Danish date ("16. juni: ..."), which
# the site keeps as written (markdown_html.escape_dates)
_LIST_NUMBER = re.compile(r"^((?:[ \t]*(?:>|[-*+](?=[ \t])))*[ \t]*)(\d{1,9})([.)])(?=[ \t]|$)",
                          re.MULTILINE)
_DATE_AFTER = re.compile(r"[ \t]+(?:" + "|".join(_MONTHS) + r")\b", re.IGNORECASE)


def markdown_words(body: str) -> list[tuple[str, int]]:
    """(word, 0-based line) of a Markdown text, as a reader of the rendered page reads it:
    markup, HTML tags and attributes, link addresses, comments and active content are
    dropped; code is taken as written; entities are decoded."""
    lines = body.split("\n")
    verbatim_lines: set[int] = set()
    blank_lines: set[int] = set()
    fence: str | None = None
    for number, line in enumerate(lines):
        match = _FENCE.match(line)
        if fence is None and match:
            fence = match.group(1)
            blank_lines.add(number)  # the fence and its info string are not shown
        elif fence is not None and match and match.group(1)[0] == fence[0] \
                and len(match.group(1)) >= len(fence) and not match.group(2).strip():
            fence = None
            blank_lines.add(number)
        elif fence is not None:
            verbatim_lines.add(number)
    text = "\n".join("" if n in blank_lines or n in verbatim_lines else line
                     for n, line in enumerate(lines))
    chars = list(text)
    verbatim = [False] * len(chars)

    def blank(start: int, end: int) -> None:
        for i in range(start, end):
            if chars[i] != "\n" and not verbatim[i]:
                chars[i] = " "

    for match in _CODE_SPAN.finditer(text):
        blank(match.start(), match.start(2))
        blank(match.end(2), match.end())
        for i in range(match.start(2), match.end(2)):
            verbatim[i] = True
    for pattern in (_COMMENT, _ACTIVE, _REFERENCE_DEFINITION, _TAG):
        for match in pattern.finditer(text):
            if pattern is _TAG and ":" not in match.group(1) \
                    and match.group(1).lower() not in HTML_ELEMENTS:
                continue
            if not any(verbatim[match.start():match.end()]):
                blank(match.start(), match.end())
    for match in _LINK_DESTINATION.finditer(text):
        blank(match.start(1), match.end(1))
    defined = {_label(m.group(1)) for m in _REFERENCE_DEFINITION.finditer(text)}
    for match in _REFERENCE_LABEL.finditer(text):  # [text][label]: the label is not shown
        if _label(match.group(1)) in defined:
            blank(match.start(1), match.end(1))
    for match in _LIST_NUMBER.finditer(text):
        if match.group(3) == "." and 1 <= int(match.group(2)) <= 31 \
                and _DATE_AFTER.match(text, match.end()):
            continue
        blank(match.start(2), match.end(2))

    found: list[tuple[str, int]] = []
    position = 0
    for number, line in enumerate("".join(chars).split("\n")):
        if number in verbatim_lines:
            found += [(w, number) for w in words(lines[number])]
        else:
            runs = re.finditer(r"(.)\1*", "".join("v" if v else "t" for v in
                                                  verbatim[position:position + len(line)]))
            for run in runs:
                piece = line[run.start():run.end()]
                found += [(w, number) for w in words(
                    piece if run.group(1) == "v" else html.unescape(piece))]
        position += len(line) + 1
    return found


# --- Source files -----------------------------------------------------------------------

def split_source(path: Path) -> tuple[str, str, int]:
    """(front matter, body, the body's first line) of a content file."""
    text = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    assert lines[0].strip() == "---", f"{path}: no front matter"
    end = next(n for n in range(1, len(lines)) if lines[n].strip() in ("---", "..."))
    return "\n".join(lines[1:end]), "\n".join(lines[end + 1:]), end + 2


def _scalars(node) -> list[yaml.ScalarNode]:
    if isinstance(node, yaml.ScalarNode):
        return [node] if node.tag != "tag:yaml.org,2002:null" else []
    if isinstance(node, yaml.SequenceNode):
        return [s for child in node.value for s in _scalars(child)]
    return [s for _key, child in node.value for s in _scalars(child)]


@dataclass
class _FrontMatterReader:
    out: SourceWords
    body_slugs: set[str]
    build_date: dt.date
    closed_items: set[int] = field(default_factory=set)

    def mapping(self, node, content_schema: schema.Schema, closed: bool = False,
                within: str = "") -> None:
        assert isinstance(node, yaml.MappingNode), (self.out.path, node.start_mark.line)
        values = {k.value: v for k, v in node.value}
        for key_node, value in node.value:
            key = key_node.value
            f = content_schema.field(key)
            assert f is not None, f"{self.out.path}: key {key!r} is not in {content_schema.name}"
            if key in NOT_SHOWN[content_schema.name]:
                continue
            if (within, key) in NOT_SHOWN_WITHIN:
                continue
            if content_schema is schema.APPROVAL_STEP and not self._step_shows(key, value,
                                                                                values):
                continue
            if f.kind == "punkter":
                for number_node, item in value.value:
                    props = {k.value: v for k, v in item.value} \
                        if isinstance(item, yaml.MappingNode) else {}
                    lukket = props.get("lukket")
                    item_closed = lukket is not None and lukket.value.lower() in _YES
                    if item_closed:
                        self.closed_items.add(int(number_node.value))
                    if isinstance(item, yaml.MappingNode):
                        self.mapping(item, schema.ITEM, closed or item_closed)
            elif f.schema is not None and isinstance(value, yaml.SequenceNode):
                for element in value.value:
                    if isinstance(element, yaml.MappingNode):
                        self.mapping(element, f.schema, closed, within=key)
                    else:
                        self.scalars(element, closed)
            elif f.schema is not None:
                self.mapping(value, f.schema, closed)
            else:
                self.scalars(value, closed)

    def scalars(self, node, closed: bool) -> None:
        for scalar in _scalars(node):
            # the front matter starts on the file's second line
            self.out.add(scalar.value, scalar.start_mark.line + 2, closed)

    def _step_shows(self, key: str, value, values: dict) -> bool:
        if key == "instans":  # a body's slug is shown as the body's name
            return value.value not in self.body_slugs
        if key == "resultat":  # a step still ahead says "Planlagt"
            date = values.get("dato")
            return date is None or dt.date.fromisoformat(date.value) <= self.build_date
        return True


_ITEM_HEADING = re.compile(r"^##[ \t]+(\d{1,3})\.?[ \t]")
_UPPER_HEADING = re.compile(r"^#{1,2}[ \t]")


def source_words(path: Path, site_root: Path, build_date: dt.date = BUILD_DATE
                 ) -> SourceWords | None:
    """The words of a content file and the URL of its page; None for an unpublished file."""
    front_text, body, first_line = split_source(path)
    front = yaml.compose(front_text, Loader=yaml.SafeLoader)
    values = {k.value: v for k, v in front.value}
    if values.get("kladde") is not None and values["kladde"].value.lower() in _YES:
        return None
    start = values.get("offentlig_fra")
    if start is not None and dt.date.fromisoformat(start.value) > build_date:
        return None
    kind = path.relative_to(site_root / "content").parts[0]  # moeder, aftaler or sider
    if kind == "moeder":
        url, content_schema = urls.meeting(values["organ"].value,
                                           dt.date.fromisoformat(values["dato"].value)), \
            schema.MEETING
    elif kind == "aftaler":
        url, content_schema = urls.agreement(urls.slugify(path.stem)), schema.AGREEMENT
    else:
        url, content_schema = urls.page(urls.slugify(path.stem)), schema.PAGE
    bodies = yaml.safe_load((site_root / "data" / "organer.yaml").read_text("utf-8"))
    out = SourceWords(path, url)
    reader = _FrontMatterReader(out, {b["slug"] for b in bodies}, build_date)
    reader.mapping(front, content_schema)
    closed_lines = _closed_lines(body, reader.closed_items) if kind == "moeder" else set()
    for word, offset in markdown_words(body):
        (out.closed if offset in closed_lines else out.shown).append((word, first_line + offset))
    return out


def _closed_lines(body: str, closed: set[int]) -> set[int]:
    """The 0-based body lines under a closed item's heading (its text, not its title)."""
    result: set[int] = set()
    inside = False
    fence = False
    for number, line in enumerate(body.split("\n")):
        if _FENCE.match(line):
            fence = not fence
        if not fence and _UPPER_HEADING.match(line):
            item = _ITEM_HEADING.match(line)
            inside = bool(item) and int(item.group(1)) in closed
            continue
        if inside:
            result.add(number)
    return result


def content_files(site_root: Path) -> list[Path]:
    content = site_root / "content"
    return sorted([*content.glob("moeder/*/*.md"), *content.glob("aftaler/*.md"),
                   *content.glob("sider/*.md")])


# --- Pages ------------------------------------------------------------------------------

def page_words(output: Path, url: str) -> collections.Counter:
    """The words a reader gets from a page: `main`'s text and its title/alt attributes."""
    soup = BeautifulSoup((output / urls.output_path(url)).read_text("utf-8"), "html.parser")
    main = soup.find("main")
    assert main is not None, url
    texts = [main.get_text(" ")]
    texts += [tag[a] for a in ("title", "alt") for tag in main.find_all(attrs={a: True})]
    return collections.Counter(w for t in texts for w in words(t))


def chrome_words(site_root: Path) -> set[str]:
    """Words a page may have that no content file wrote: templates and the site's data."""
    # dates, times and file sizes as site_builder/danish.py writes them
    found = set(_MONTHS) | {"mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag",
                            "søndag", "kl", "byte", "kb", "mb"}
    for path in [*(ROOT / "templates").rglob("*.html"), *(site_root / "data").glob("*.yaml")]:
        found.update(words(path.read_text("utf-8")))
    return found


def conservation_problems(source: SourceWords, output: Path, chrome: set[str],
                          relative_to: Path) -> list[str]:
    """One line per word the page lacks (or shows though only a closed item has it)."""
    name = source.path.relative_to(relative_to).as_posix()
    on_page = page_words(output, source.url)
    written = collections.Counter(w for w, _line in source.shown)
    problems = []
    for word, count in sorted(written.items()):
        if on_page[word] < count:
            where = [line for w, line in source.shown if w == word]
            problems += [f"{name}:{line}: '{word}' missing from {source.url} (written "
                         f"{count} times, on the page {on_page[word]} times)"
                         for line in where]
    for word, line in source.closed:
        if word not in written and word not in chrome and on_page[word]:
            problems.append(f"{name}:{line}: '{word}' of a closed item is on {source.url}")
    return problems


def check_site(site_root: Path, output: Path, build_date: dt.date = BUILD_DATE
               ) -> tuple[list[str], collections.Counter]:
    """The problems of a built site, and how many files, words and closed words it has."""
    chrome = chrome_words(site_root)
    problems, counts = [], collections.Counter()
    for path in content_files(site_root):
        source = source_words(path, site_root, build_date)
        if source is None:
            continue
        counts.update(files=1, words=len(source.shown), closed=len(source.closed))
        problems += conservation_problems(source, output, chrome, site_root)
    return problems, counts


def _report(problems: list[str]) -> str:
    shown = problems[:60]
    more = f"\n... and {len(problems) - 60} more" if len(problems) > 60 else ""
    return "words dropped on the way to the page:\n" + "\n".join(shown) + more


# --- The sites --------------------------------------------------------------------------

def _build(site_root: Path, output: Path) -> Path:
    build(BuildOptions(site_root, output, BUILD_DATE, jobs=1))
    return output


@pytest.fixture(scope="module")
def synthetic_site(tmp_path_factory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("synthetic") / "site"
    generate(root, 40, seed=11)
    return root, _build(root, root / "public")


@pytest.fixture(scope="module")
def built(bundled_site, synthetic_site, tmp_path_factory):
    out = tmp_path_factory.mktemp("examples")
    sites = {"bundled": (ROOT, bundled_site), "synthetic": synthetic_site}
    for name in ("syddanmark", "midtjylland"):
        root = ROOT / "examples" / name
        sites[name] = (root, _build(root, out / name))
    return sites


@pytest.mark.parametrize("name", ["bundled", "syddanmark", "midtjylland", "synthetic"])
def test_every_word_of_every_source_file_is_on_its_page(built, name):
    site_root, output = built[name]
    problems, counts = check_site(site_root, output)
    assert counts["files"] and counts["words"] >= 20 * counts["files"], counts
    if name in ("bundled", "synthetic"):  # both have closed items
        assert counts["closed"], counts
    assert not problems, _report(problems)


def test_the_closed_item_of_the_bundled_site_is_excepted_and_absent(bundled_site):
    path = ROOT / "content/moeder/socialdirektoerkredsen/2011-08-11.md"
    source = source_words(path, ROOT)
    closed_only = {w for w, _line in source.closed} - {w for w, _line in source.shown}
    # the closed item 2: "... er ansat som vikar ... Liljenberg er delvist sygemeldt."
    assert {"vikar", "liljenberg", "sygemeldt"} <= closed_only
    on_page = page_words(bundled_site, source.url)
    assert not {w for w in closed_only if on_page[w]}
    # its number and title are published
    assert on_page["sygefravær"] and on_page["betjening"]


# --- Constructs editors write, one meeting each ------------------------------------------

_FRONT = """\
---
organ: das
dato: {date}
titel: Konstruktionsmøde om {name}
tid: 9.00-11.30
sted: Rådhuset, mødelokale Kastanjen
status: referat
deltagere:
  - navn: Bodil Kragh
    organisation: Testrup Kommune
    rolle: formand
  - Gorm Hedegaard
  - navn: Hanne Iversen
    stedfortræder: Ikke Vist
afbud:
  - navn: Carsten Lund
    organisation: Anden Kommune
    stedfortræder: Dorthe Wulff
referent:
  - Erik Moos
sagsnr: 2020-4711
doknr: 2020-81533
punkter:
  1:
    lukket: ja
    type: orientering
    sagsnr: 2020-99999
    bilag:
      - titel: Fortroligt personaleskema
  2:
    type: beslutning
    sagsnr: 2020-12345
    bilag:
      - titel: Notat om kvalitetsstandarder
        nummer: 3
      - titel: Ekstern rapport fra ministeriet
        url: https://www.example.dk/rapport.pdf
---
"""
# the closed item first, so a construct added after _ITEMS is in the open item 2
_ITEMS = """
## 1. Personalesag

### Sagsfremstilling

Hemmeligholdt ordlyd om medarbejderens fraværsperiode.

## 2. Punkt om budgettet

### Resumé

Resuméet nævner budgetrammen.
"""
# name: (the body; its text before, between or after the two items above), and the reason
# when the engine is known to drop the construct's words
CONSTRUCTS: dict[str, tuple[str, str | None]] = {
    "intro before the first heading": (
        "Indledende bemærkning om mødets forløb og frokostpausen.\n" + _ITEMS, None),
    "group intro before its first item": (
        "# Sager til behandling\n\nGruppens indledning nævner høringssvarene.\n" + _ITEMS,
        None),
    "group without items at the end": (
        _ITEMS + "\n# Eventuelt\n\nIntet at bemærke om kantineordningen.\n", None),
    "text between sections": (_ITEMS.replace(
        "### Resumé", "### Baggrund\n\nBaggrundsteksten.\n\nMellemteksten efter "
        "baggrunden.\n\n### Resumé"), None),
    "lists": (_ITEMS + """
- Første punktopstilling
    - Indrykket underpunkt
        1. Nummereret underpunkt
* Stjernepunkt med **fed** skrift
+ Pluspunkt

10. Tiende tiltag
11. Ellevte tiltag

1) Januarplanen
2) Februarplanen
""", None),
    "tables": (_ITEMS + """
Tabel 3. Pladser fordelt på kommuner

| Kommune | Pladser | Bemærkning |
|:--------|--------:|:----------:|
| Testrup | 12 | Venteliste |
| Anden | 1.234 | Ingen \\| bemærkning |
""", None),
    "block quotes": (_ITEMS + """
> Citat fra høringssvaret
> - Punkt i citatet
>
> > Indlejret citat om ventetider
""", None),
    "HTML blocks": (_ITEMS + """
<div>
<p class=MsoNormal>Indsat fra tekstbehandlingen<o:p></o:p></p>
</div>

<table><tr><td>Rå tabelcelle</td><td>Anden rå celle</td></tr></table>

<font face="Arial">Skrifttypen</font> og <span style="color:red">rød tekst</span> og
<b>fed</b> <i>kursiv</i> <u>understreget</u> <sub>sænket</sub>.

<!-- en redaktionel kommentar, som ikke skal vises -->
<script>alert("fjernes")</script>
""", None),
    "after a --- rule": (_ITEMS + "\nTekst før stregen.\n\n---\n\nTekst efter stregen.\n\n"
                         "***\n\nTekst efter stjernestregen.\n", None),
    "headings with trailing #'s": ("""
# Gruppe med lukkende havelåger ##

## 1. Personalesag

Hemmeligholdt ordlyd om medarbejderens fraværsperiode.

## 2. Punkt med lukkende havelåger ##

### Resumé ###

Resumétekst under lukket overskrift.

#### Underoverskrift med havelåger ####

Tekst under underoverskriften.
""", None),
    "Danish dates at the start of a line": (_ITEMS + """
16. juni: koordinationsforummet mødes.

- 17. august: rapporterne forelægges styregruppen
- 14. september: rapporterne behandles i kontaktrådet

> 23. marts: citatet står, som det er skrevet

Aftalen er godkendt.
1. januar 2021 træder aftalen i kraft.

18. december 2020 og 14. februar 2021 er fristerne.
""", None),
    "links": (_ITEMS + """
Se [Socialstyrelsens vejledning](https://www.example.dk/v.pdf "Vejledning om tilbuddene")
og <https://www.example.dk/autolink> og https://www.example.dk/nøgne og
[referencelinket][ref] og kontakt@example.dk.

[ref]: https://www.example.dk/reference
""", None),
    "code": (_ITEMS + """
Ordet `kodeordet i linjen` og

```text
## 3. ikke et punkt i en kodeblok
kodelinjen
```
""", None),
    "setext heading and entities": (_ITEMS + """
Underoverskriften i setext
--------------------------

Forsikring &amp; pension &ndash; forsk&shy;ning og 5&nbsp;pladser.
Linjen slutter med hårdt linjeskift\\
og fortsætter *kursivt*, **fedt**, ~~overstreget~~ og _understreget_.
""", None),
    "entities in headings": (_ITEMS + """
### Økonomi &amp; jura i Caf&eacute;en

#### Caf&eacute;ordningen
""", None),
    "image": (_ITEMS + "\n![Organisationsdiagram over samarbejdet](diagram.png)\n", None),
    "block tags the sanitiser strips, side by side": (_ITEMS + """
<section>Afsnittet</section><section>Næste</section>

<details><summary>Sammendraget</summary>Detaljerne</details>

<h1>Hovedoverskriften</h1>Brødteksten

<figure>Figuren<figcaption>Figurteksten</figcaption></figure>
""", None),
    "a word in angle brackets": (_ITEMS + "\nSkriv til <kontaktpersonen> senest fredag.\n",
                                 None),
}


# name: (file, its whole text, the reason when the engine is known to drop words)
DOCUMENTS: dict[str, tuple[str, str, str | None]] = {
    "agreement": ("content/aftaler/testaftale-2021-2022.md", """\
---
titel: Testaftale om samarbejdet 2021-2022
periode: 2021-2022
status: høring
resumé: Aftalen beskriver samarbejdet om specialtilbuddene.
dele:
  - Udviklingsstrategien
  - Styringsaftalen
godkendelser:
  - instans: das
    dato: 2020-05-25
    resultat: Udkastet drøftet og anbefalet
  - instans: Byrådene i regionen
    dato: 2020-03-01
    resultat: Vedtaget uden bemærkninger
  - instans: kkr
    dato: 2020-09-14
---

Indledningen før første del nævner høringsperioden.

# Overskrift med ét havelåge

## Visionen ##

Visionens tekst om egenmestring.

### Underafsnittet

- Listepunktet om **borgerne**
- 16. juni: workshoppen holdes

| Tilbud | Pladser |
|---|---|
| Botilbuddet Engen | 12 |

## Fokusområde 3: Effektive indsatser

<div><p>Indsat afsnit fra tekstbehandlingen</p></div>
""", None),
    "page": ("content/sider/om-samarbejdet.md", """\
---
titel: Om samarbejdet i regionen
beskrivelse: Siden forklarer, hvordan kommunerne samarbejder.
---

Indledningen før første overskrift.

## Organiseringen ##

Styregruppen mødes fire gange om året.

> Citat fra kommunekontaktrådet

## Kontakt

Skriv til sekretariatet på [mailadressen](mailto:test@example.org "Sekretariatets postkasse").
""", None),
    "headings of an agreement with entities": ("content/aftaler/entiteter.md", """\
---
titel: Aftale om R&amp;D
periode: 2022
status: udkast
---

## Caf&eacute;ordningen

Tekst.
""", None),
}


@pytest.fixture(scope="module")
def constructs_site(tmp_path_factory) -> tuple[Path, Path, dict[str, Path]]:
    root = tmp_path_factory.mktemp("constructs") / "site"
    files = {}
    for day, (name, (body, _reason)) in enumerate(CONSTRUCTS.items(), start=1):
        path = f"content/moeder/das/2020-01-{day:02d}.md"
        files[name] = (path, _FRONT.format(date=f"2020-01-{day:02d}", name=name) + body)
    files.update({name: (path, text) for name, (path, text, _r) in DOCUMENTS.items()})
    make_site(root, {})
    for path, text in files.values():  # as written: make_site would dedent them
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")
    output = _build(root, root / "public")
    return root, output, {name: root / path for name, (path, _text) in files.items()}


_REASONS = {**{name: reason for name, (_body, reason) in CONSTRUCTS.items()},
            **{name: reason for name, (_path, _text, reason) in DOCUMENTS.items()}}


@pytest.mark.parametrize("name", [
    pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=reason)) if reason
    else name for name, reason in _REASONS.items()])
def test_every_word_of_a_construct_is_on_the_page(constructs_site, name):
    root, output, paths = constructs_site
    source = source_words(paths[name], root)
    if name in CONSTRUCTS:  # each meeting has the closed item 1
        closed_only = {w for w, _ in source.closed} - {w for w, _ in source.shown}
        assert {"hemmeligholdt", "fraværsperiode", "personaleskema"} <= closed_only
    problems = conservation_problems(source, output, chrome_words(root), root)
    assert not problems, _report(problems)


def test_a_dropped_word_is_named_with_its_file_and_line(constructs_site, tmp_path):
    """The check can fail: a page without a word gives the file, the line and the word."""
    root, output, paths = constructs_site
    source = source_words(paths["lists"], root)
    page = output / urls.output_path(source.url)
    copy = tmp_path / "public"
    shutil.copytree(output, copy)
    (copy / urls.output_path(source.url)).write_text(
        page.read_text("utf-8").replace("Ellevte tiltag", "tiltag"), "utf-8")
    problems = conservation_problems(source, copy, chrome_words(root), root)
    line = paths["lists"].read_text("utf-8").split("\n").index("11. Ellevte tiltag") + 1
    assert problems == [f"content/moeder/das/2020-01-05.md:{line}: 'ellevte' missing from "
                        f"{source.url} (written 1 times, on the page 0 times)"]


# --- Fuzzed variants of a bundled meeting -------------------------------------------------

FUZZ_MEETING = "content/moeder/das/2020-05-25.md"
_LETTERS = "abcdefghijklmnopqrstuvwxyzæøå"
_word = st.text(alphabet=_LETTERS, min_size=3, max_size=10)
_decorated = st.one_of(
    _word, _word.map(lambda w: f"**{w}**"), _word.map(lambda w: f"*{w}*"),
    _word.map(lambda w: f"`{w}`"), _word.map(lambda w: f"[{w}](https://example.dk/{w})"),
    _word.map(lambda w: f"{w} &amp;"), _word.map(lambda w: w.capitalize()))
_phrase = st.lists(_decorated, min_size=1, max_size=6).map(" ".join)
_PLACES = ("group intro", "before the first heading", "between sections", "list",
           "table", "block quote", "HTML block", "after a rule", "heading with #'s",
           "new item at the end", "Danish date", "Danish date in a list", "move a line",
           "close an item")


def _html_block(text: str, kind: int) -> list[str]:
    return [
        ["<div>", text, "</div>"],
        [f"<p>{text}</p>"],
        [f"<table><tr><td>{text}</td><td>{text}</td></tr></table>"],
        [f"<div><font face=\"Arial\">{text}</font><o:p></o:p></div>"],
        [f"<ul><li>{text}</li><li>{text}</li></ul>"],
        [f"<section>{text}</section><details><summary>{text}</summary>{text}</details>"],
    ][kind % 6]


def apply_edit(front: list[str], body: list[str], place: str, text: str, pick: int,
               day: int, month: int) -> None:
    """One editor's edit of a meeting file's body (and, to close an item, its front
    matter); `pick` chooses among the places of that kind in the file."""
    def where(pattern: str) -> list[int]:
        return [n for n, line in enumerate(body) if re.match(pattern, line)] or [len(body)]

    def insert(index: int, lines: list[str]) -> None:
        body[index:index] = lines

    sections = where(r"^### ")
    section = sections[pick % len(sections)]
    date = f"{day}. {_MONTHS[month]}"
    if place == "group intro":
        groups = where(r"^# ")
        insert(groups[pick % len(groups)] + 1, ["", text, ""])
    elif place == "before the first heading":
        insert(0, ["", text, ""])
    elif place == "between sections":
        insert(section, ["", text, ""])
    elif place == "list":
        items = where(r"^\s*- ")
        index = items[pick % len(items)]
        indent = re.match(r"^\s*", body[index]).group() if index < len(body) else ""
        insert(index + 1, [f"{indent}- {text}"])
    elif place == "table":
        rows = [n for n in where(r"^\|") if n < len(body) and not re.match(r"^\|[-|: ]+$",
                                                                              body[n])]
        if not rows:
            return
        row = rows[pick % len(rows)]
        cells = body[row].strip().strip("|").count("|") + 1
        insert(row + 1, ["| " + " | ".join([text.replace("|", " ")] * cells) + " |"])
    elif place == "block quote":
        insert(section, ["", f"> {text}", ">", f"> - {text}", ""])
    elif place == "HTML block":
        insert(section, ["", *_html_block(text, pick), ""])
    elif place == "after a rule":
        insert(section, ["", "---", "", text, ""])
    elif place == "heading with #'s":
        insert(section, ["", f"#### {text} ####", "", text, ""])
    elif place == "new item at the end":
        numbers = [int(m.group(1)) for line in body if (m := _ITEM_HEADING.match(line))]
        number = max(numbers, default=0) + 1
        body += ["", f"# {text} #", "", text, "", f"## {number}. {text} ##", "",
                 "### Referat ###", "", text]
    elif place == "Danish date":
        insert(section, ["", f"{date}: {text}", ""])
    elif place == "Danish date in a list":
        items = where(r"^- ")
        insert(items[pick % len(items)] + 1, [f"- {date}: {text}",
                                              f"- {(day + 7) % 28 + 1}. {_MONTHS[month]}: "
                                              f"{text}"])
    elif place == "move a line":
        lines = [n for n, line in enumerate(body)
                 if line.strip() and not line.startswith("#") and not line.startswith("|")]
        moved = body.pop(lines[pick % len(lines)])
        # before a section, under a group heading, or before the first heading
        targets = where(r"^### ") + [n + 1 for n in where(r"^# ")] + [0]
        insert(targets[(pick // 3) % len(targets)], ["", moved, ""])
    elif place == "close an item":
        numbers = [int(m.group(1)) for line in body if (m := _ITEM_HEADING.match(line))]
        number = numbers[pick % len(numbers)]
        heading = next(n for n, line in enumerate(body) if (m := _ITEM_HEADING.match(line))
                       and int(m.group(1)) == number)
        insert(heading + 1, ["", f"Fortroligt {text} hemmeligt{_LETTERS[pick % 26]}ord", ""])
        entry = next((n for n, line in enumerate(front) if line == f"  {number}:"), None)
        if entry is None:
            entry = front.index("punkter:")
            front[entry + 1:entry + 1] = [f"  {number}:"]
            entry += 1
        front[entry + 1:entry + 1] = ["    lukket: ja"]


@pytest.fixture(scope="module")
def fuzz_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("conservation-fuzz") / "site"
    shutil.copytree(ROOT / "data", root / "data")
    (root / FUZZ_MEETING).parent.mkdir(parents=True)
    return root


# (where, the text, which place of that kind, a date's day and month)
_edits = st.lists(st.tuples(st.sampled_from(_PLACES), _phrase, st.integers(0, 1000),
                            st.integers(1, 28), st.integers(0, 11)), min_size=1, max_size=4)


@settings(max_examples=30, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(edits=_edits)
def test_every_word_survives_editors_edits_of_a_bundled_meeting(fuzz_site, edits):
    front_text, body_text, _first = split_source(ROOT / FUZZ_MEETING)
    front, body = front_text.split("\n"), body_text.split("\n")
    for place, text, pick, day, month in edits:
        apply_edit(front, body, place, text, pick, day, month)
    path = fuzz_site / FUZZ_MEETING
    path.write_text("---\n" + "\n".join(front) + "\n---\n" + "\n".join(body), "utf-8")
    try:
        _build(fuzz_site, fuzz_site / "public")
    except SiteError as error:  # refused with a message: nothing was dropped silently
        assert error.problems
        event(f"refused: {error.problems[0].message[:60]}")
        return
    event("built")
    source = source_words(path, fuzz_site)
    problems = conservation_problems(source, fuzz_site / "public", chrome_words(fuzz_site),
                                     fuzz_site)
    assert not problems, _report(problems) + "\n\nthe edits: " + repr(edits)


def test_a_table_row_wider_than_its_header_stops_the_build(tmp_path):
    """GitHub's Markdown drops the cells beyond the header's: refused at the row's line."""
    text = ("---\norgan: das\ndato: 2020-05-25\nstatus: dagsorden\n---\n\n## 1. Pladser\n\n"
            "| Kommune | Pladser |\n|---|---|\n| Testrup | 12 | overskydende kommentar |\n")
    site = make_site(tmp_path / "site", {"content/moeder/das/2020-05-25.md": text})
    with pytest.raises(SiteError) as caught:
        build_site(site)
    [problem] = caught.value.problems
    assert (problem.path, problem.line) == ("content/moeder/das/2020-05-25.md", 11)
    assert problem.message.startswith("tabelrækken har 3 celler, men tabellens overskrift "
                                      "har 2")
