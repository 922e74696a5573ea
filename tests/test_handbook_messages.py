"""Every kind of message the engine can give an editor has its entry in
docs/fejlbeskeder.md, with an anchor that the preview's error page links to.

The kinds are collected from the code itself (site_builder/editor/message_kinds.py: the message
argument of every problems.error/warning, checker.error, Problem, SourceError ... call,
followed through constants and helper functions), so a new message without an entry fails
here, and so does an entry whose message is gone."""
from __future__ import annotations

import re
import shutil
import textwrap
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import BUILD_DATE, FIXTURES, ROOT, make_site

from site_builder.editor import message_kinds, serve
from site_builder.editor.message_kinds import Collection, collect, key_pattern
from site_builder.pipeline import BuildOptions, load_and_check
from site_builder.problems import SiteError

PAGE = ROOT / "docs" / message_kinds.HANDBOOK_PAGE
_ANCHOR = re.compile(r'<a id="([a-z0-9-]+)"></a>')
# An entry begins with a list item or a heading at the start of a line.
_ENTRY_START = re.compile(r"^(?:- |#)", re.MULTILINE)

# Reporting calls whose message is passed on from elsewhere, so no text of their own is
# found there: (module, expression) -> why that is fine.
ALLOWED_RELAYS = {
    ("content/documents", "exc.message"): "a SourceError (source.py) or MarkdownError "
                                  "(markdown_html.py) passed on; collected where raised",
    ("content/loader", "exc.message"): "a SourceError from a file in data/, passed on",
    ("guards/privacy", "exc.message"): "a SourceError from a word list in data/, passed on",
    ("mail/subscriptions", "exc.message"): "a SourceError from data/abonnementer.yaml, "
                                           "passed on",
    ("content/documents", "problem.message"): "an AgendaProblem passed on; collected in agenda.py",
    ("editor/serve", "str(exc)"): "an OutputError shown on the preview's page; collected where "
                           "it is raised (publish.py, writer.py)",
}


def entries(page: str) -> dict[str, str]:
    """anchor -> the text of its entry: from the anchor to the next entry (list item or
    heading), with code marks left out and white space collapsed."""
    found = {}
    for match in _ANCHOR.finditer(page):
        line_end = page.find("\n", match.end())
        following = _ENTRY_START.search(page, line_end + 1 if line_end >= 0 else len(page))
        text = page[match.end():following.start() if following else len(page)]
        text = _ANCHOR.sub("", text).replace("`", "")
        found[match.group(1)] = " ".join(text.split())
    return found


def missing_entries(page: str, collection: Collection) -> list[str]:
    """What the page lacks: a line for each kind with no anchor, or whose entry does not
    say the kind's words."""
    have = entries(page)
    problems = []
    for key, templates in collection.kinds().items():
        anchor = message_kinds.anchor(key)
        example = f"{templates[0].where}: {templates[0].shape[:120]}"
        if anchor not in have:
            problems.append(f'no entry <a id="{anchor}"></a> for "{key}" ({example})')
        elif not key_pattern(key).search(have[anchor]):
            problems.append(f'the entry #{anchor} does not say "{key}" ({example})')
    return problems


@pytest.fixture(scope="module")
def collection() -> Collection:
    return collect()


def test_messages_are_found_however_the_code_builds_them(collection: Collection):
    kinds = collection.kinds()
    assert len(kinds) >= 150, len(kinds)
    for key in (
        "filen er en genvej, der peger",          # a module constant (loader.OUTSIDE_FILE)
        "er tom, fordi YAML læser",               # a helper function (lost_value_message)
        "og … fejl mere af samme",                # a helper in another module (input_limits)
        "punkt … har ingen beslutning i",         # decisions.missing_message
        "pladsholderen '…' står der stadig",      # report = problems.warning or .error
        "ugyldig YAML: der står en tabulator",    # a table of (English, Danish) in a loop
        "skriv ja eller nej",                     # message, safe = SAFETY_FLAGS[key]
        "filen er hverken en almindelig fil",     # a (path, problem) list built by append
        "en anden build af … kører",              # LOCKED.format(output=...)
        "er ikke en webadresse, der begynder",    # KIND_HELP['url'] in an f-string
        "filen fylder …, og en indholdsfil",      # input_limits.size_problem via a local
        "HTML er indlejret for dybt",             # a (line, message) tuple, [1]
        "den er beskyttet med en adgangskode",    # bilag_text's _Refused
        "teksten har lister eller citater inden",  # markdown_html's MarkdownError
        "CPR-nummer (ddmmåå-xxxx) i det færdige site",  # message + "..." in publish_gate
    ):
        assert key in kinds, key
    modules = {t.where.split(".py:")[0].rsplit("/", 1)[-1] for t in collection.templates}
    for module in ("publish_gate", "bilag_text", "decisions", "editor_checks", "links",
                   "source", "coerce", "loader", "documents", "privacy", "agenda",
                   "markdown_html"):
        assert module in modules, module
    # a value in a message stays a value: the reason for a disk error is not its own kind
    assert not [k for k in kinds if "disken er skrivebeskyttet" in k]


def test_every_kind_of_message_has_an_entry_in_the_handbook(collection: Collection):
    missing = missing_entries(PAGE.read_text(encoding="utf-8"), collection)
    assert not missing, (
        "docs/fejlbeskeder.md has no entry for these messages; add one (the anchor and "
        "the message's first words, then what it means and what to do):\n"
        + "\n".join(missing))


def test_every_entry_is_of_a_message_the_engine_gives(collection: Collection):
    anchors = _ANCHOR.findall(PAGE.read_text(encoding="utf-8"))
    assert len(anchors) == len(set(anchors)), "an anchor stands twice"
    known = {message_kinds.anchor(key) for key in collection.kinds()}
    stale = sorted(set(anchors) - known)
    assert not stale, f"entries for messages the engine no longer gives: {stale}"


def test_only_known_relays_pass_a_message_on(collection: Collection):
    relays = {(r.where.split(".py:")[0], r.expression): r.where for r in collection.relays}
    unknown = {k: v for k, v in relays.items() if k not in ALLOWED_RELAYS}
    assert not unknown, (
        f"messages whose text cannot be followed to where it is written: {unknown}; "
        "build them from a constant or a helper function, or add them to ALLOWED_RELAYS "
        "with the reason")
    assert not set(ALLOWED_RELAYS) - set(relays), "ALLOWED_RELAYS has entries no longer used"


def test_a_message_without_an_entry_fails(collection: Collection, tmp_path: Path):
    page = PAGE.read_text(encoding="utf-8")
    # one entry taken out of the page
    without = re.sub(r'- <a id="ugyldig-yaml-der-staar-en-tabulator"></a>.*?(?=\n- )', "",
                     page, flags=re.DOTALL)
    assert without != page
    added = [m for m in missing_entries(without, collection)
             if m not in missing_entries(page, collection)]
    assert len(added) == 1 and added[0].startswith(
        'no entry <a id="ugyldig-yaml-der-staar-en-tabulator"></a> for "ugyldig YAML: der '
        'står en tabulator" (content/source.py:'), added
    # the entry is there, but says another message
    renamed = page.replace("ugyldig YAML: der står en tabulator; brug", "en tabulator; brug")
    assert [m for m in missing_entries(renamed, collection) if "tabulator" in m]
    # a new message in the code, with no entry
    engine = tmp_path / "site_builder"
    shutil.copytree(ROOT / "site_builder", engine)
    with open(engine / "editor_checks.py", "a", encoding="utf-8") as handle:
        handle.write(textwrap.dedent('''
            def new_check(site, problems):
                problems.warning(site.root, None, None, f"mødet den {site.build_date} "
                                 "har ingen ordstyrer; skriv ordstyrer: i front matter")
            '''))
    grown = collect(engine)
    assert "mødet den … har ingen ordstyrer" in grown.kinds()
    assert [m for m in missing_entries(page, grown) if "ordstyrer" in m]


def test_keys_and_anchors_are_stable_and_readable():
    parts = ("'", None, "' er ikke en gyldig dato; skriv ÅÅÅÅ-MM-DD, fx 2020-05-25")
    assert message_kinds.kind_key(parts) == "er ikke en gyldig dato"
    assert message_kinds.anchor("er ikke en gyldig dato") == "er-ikke-en-gyldig-dato"
    assert message_kinds.kind_key(("punkt ", None, " findes to gange (også i linje ", None,
                                   ")")) == "punkt … findes to gange"
    assert message_kinds.anchor("nøglen '…' står to gange") == "noeglen-staar-to-gange"
    pattern = key_pattern("punkt … findes to gange")
    assert pattern.search("punkt 1 findes to gange (også i linje 7)")
    assert pattern.search("»punkt … findes to gange«")
    assert not pattern.search("punkt 1 står efter punkt 2")


def _problems_of(site: Path) -> list:
    try:
        _site, warnings = load_and_check(BuildOptions(site, site / "public", BUILD_DATE))
        return warnings
    except SiteError as exc:
        return exc.problems


INVALID = sorted(p for p in (FIXTURES / "invalid").iterdir() if p.is_dir())


def test_every_message_of_the_fixtures_leads_to_its_entry(tmp_path: Path):
    """The real messages of tests/fixtures/invalid/, as the check gives them, each map to
    the anchor of an entry that is on the page."""
    have = entries(PAGE.read_text(encoding="utf-8"))
    seen = set()
    for case in INVALID:
        site = make_site(tmp_path / case.name, {})
        shutil.copytree(case, site, dirs_exist_ok=True)
        for problem in _problems_of(site):
            anchor = message_kinds.handbook_anchor(problem.message)
            assert anchor in have, (case.name, problem.format(), anchor)
            seen.add(anchor)
    assert {"er-ikke-en-gyldig-dato", "ukendt-noegle", "ugyldig-yaml-der-staar-en-tabulator",
            "filen-findes-ikke-i", "mangler"} <= seen
    assert message_kinds.handbook_anchor("noget helt andet, som ingen besked siger") is None


MEETING = "---\norgan: das\ndato: 2020-05-25\nstatus: referat\ntid: 25.00\n---\n"
BROKEN = {
    "content/moeder/das/2020-05-25.md": MEETING,  # a time that is no time
    "content/sider/yaml.md": "---\ntitel: Yaml\n\tbeskrivelse: Tabulator\n---\n",
    "content/sider/om.md": """\
        ---
        titl: Om
        ---

        ## 1. Ikke et punkt
        """,
}


def test_the_error_page_links_each_message_to_its_entry(tmp_path: Path):
    site = make_site(tmp_path / "site", BROKEN)
    problems = _problems_of(site)
    assert len(problems) == 3, [p.format() for p in problems]
    soup = BeautifulSoup(serve.error_page(problems), "html.parser")
    handbook = BeautifulSoup(serve.handbook_page(message_kinds.HANDBOOK_PAGE), "html.parser")
    items = soup.select("#forhaandsvisning-fejl ol > li")
    assert len(items) == len(problems)
    for item, problem in zip(items, problems):
        link = item.select_one("a.help")
        assert link is not None, item
        page, _, anchor = link["href"].partition("#")
        assert page == serve.HANDBOOK + message_kinds.HANDBOOK_PAGE
        assert anchor == message_kinds.handbook_anchor(problem.message)
        target = handbook.find(id=anchor)
        assert target is not None, anchor
        # the anchor stands in the entry that explains this message
        entry = target.find_parent("li") or target.parent
        key = message_kinds.template_for(problem.message).key
        assert key_pattern(key).search(" ".join(entry.get_text(" ").split())), key


def test_the_preview_serves_the_link_and_the_entry(tmp_path: Path):
    from test_serve import Preview

    site = make_site(tmp_path / "site", {"content/moeder/das/2020-05-25.md": MEETING})
    preview = Preview(site, "--port", "0")
    try:
        base = preview.url()
        try:
            urllib.request.urlopen(base, timeout=30)
            raise AssertionError("the error page should be a 500")
        except urllib.error.HTTPError as error:
            page = BeautifulSoup(error.read().decode("utf-8"), "html.parser")
        link = page.select_one("#forhaandsvisning-fejl li a.help")
        assert link["href"] == "/__haandbog/fejlbeskeder.md#er-ikke-et-gyldigt-klokkeslaet"
        with urllib.request.urlopen(base + link["href"].lstrip("/").split("#")[0],
                                    timeout=30) as answer:
            handbook = answer.read().decode("utf-8")
        assert '<a id="er-ikke-et-gyldigt-klokkeslaet"></a>' in handbook
    finally:
        assert preview.stop() == 0
    assert "Traceback" not in preview.stderr
