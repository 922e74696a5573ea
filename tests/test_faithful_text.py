"""Editors' text is shown as written, and errors point where the mistake is: Danish dates
that begin a line stay dates, placeholders from `new` never reach the public site, YAML and
bilag errors name the line to fix, a cause comes before its follow-on errors, and a bilag
without a published file says so on the page."""
from __future__ import annotations

import threading
import urllib.request
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import BUILD_DATE, ROOT, build_site, make_site, output_files, run_cli

from site_builder.content import markdown_html
from site_builder.content.source import read_text, split_front_matter
from site_builder.editor import scaffold, serve
from site_builder.pipeline import BuildOptions, build, load_and_check
from site_builder.problems import SiteError

MEETING = "content/moeder/das/2020-05-25.md"
FRONT = "---\norgan: das\ndato: 2020-05-25\nstatus: referat\n---\n"


def _meeting_page(output: Path) -> BeautifulSoup:
    html = (output / "organer" / "das" / "2020-05-25" / "index.html").read_text("utf-8")
    return BeautifulSoup(html, "html.parser")


def _problems(site: Path) -> list:
    """The errors of a site that does not build (in the order they are listed)."""
    with pytest.raises(SiteError) as caught:
        load_and_check(BuildOptions(site, site / "public", BUILD_DATE, jobs=1))
    return caught.value.problems


def _line(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


# 1. Danish dates are not list numbers ------------------------------------------------

DATES = FRONT.replace("status: referat", "status: dagsorden") + """
## 1. Tidsplan

### Resumé

- Primo juni: data er indhentet
- 16. juni: KL's koordinationsforum
- 17. August: rapporterne forelægges DAS

Aftalen er godkendt.
1. januar 2021 træder aftalen i kraft.

> 3. marts: citatet står, som det er skrevet

1. Godkendelse af dagsorden
2. Orientering

```
16. juni i en kodeblok
```
"""


def test_dates_at_the_start_of_a_line_are_shown_as_written(tmp_path: Path):
    site = make_site(tmp_path / "site", {MEETING: DATES})
    report = build_site(site)
    page = _meeting_page(site / "public")
    body = page.select_one("#punkt-1 .item-body")
    items = [li.get_text(" ", strip=True) for li in body.select("ul > li")]
    assert items == ["Primo juni: data er indhentet", "16. juni: KL's koordinationsforum",
                     "17. August: rapporterne forelægges DAS"]
    paragraphs = [" ".join(p.get_text().split()) for p in body.select("p")]
    assert "Aftalen er godkendt. 1. januar 2021 træder aftalen i kraft." in paragraphs
    assert body.select_one("blockquote").get_text(strip=True) == \
        "3. marts: citatet står, som det er skrevet"
    # a real numbered list stays one, and a code block keeps its text without a backslash
    lists = body.select("ol")
    assert len(lists) == 1 and not lists[0].has_attr("start")
    assert [li.get_text() for li in lists[0].select("li")] == ["Godkendelse af dagsorden",
                                                                "Orientering"]
    assert body.select_one("pre code").get_text() == "16. juni i en kodeblok\n"
    assert "\\" not in body.get_text()

    # ... and the editor is told how to write them so that GitHub's preview agrees
    text = (site / MEETING).read_text("utf-8")
    dates = [w.format() for w in report.warnings]
    assert dates == [
        f"{MEETING}:{_line(text, wanted)}: advarsel: '{wanted}' i begyndelsen af en linje "
        f"læses i Markdown som nummer {wanted.split('.')[0]} i en nummereret liste, så dagen "
        f"forsvinder i GitHubs forhåndsvisning (sitet viser den); skriv "
        f"{wanted.replace('.', chr(92) + '.', 1)} med \\ foran punktummet"
        for wanted in ("16. juni", "17. August", "1. januar", "3. marts")]


def test_the_checks_of_a_files_text_say_the_same_from_the_build_cache(tmp_path: Path):
    """What the checks of one file's text find (dates read as list numbers, table rows
    wider than their header) is kept with the file in the build cache: a build that takes
    the file from there warns and stops as one that reads it, at the same lines."""
    site = make_site(tmp_path / "site", {MEETING: DATES})
    cache = tmp_path / "cache"

    def warned() -> list[str]:
        report = build(BuildOptions(site, site / "public", BUILD_DATE, cache_dir=cache))
        return [w.format() for w in report.warnings]
    first = warned()
    assert len(first) == 4 and all("nummereret liste" in w for w in first)
    (site / "content" / "sider").mkdir(parents=True, exist_ok=True)
    (site / "content" / "sider" / "om.md").write_text("---\ntitel: Om\n---\n\nTekst.\n",
                                                      "utf-8")  # another file: a new build
    assert warned() == first
    wide = DATES + "\n| Kommune | Pladser |\n|---|---|\n| Testrup | 12 | for meget |\n"
    (site / MEETING).write_text(wide, "utf-8")
    for _ in range(2):  # read from the file, then from the cache (after another edit)
        with pytest.raises(SiteError) as caught:
            build(BuildOptions(site, site / "public", BUILD_DATE, cache_dir=cache))
        [error] = caught.value.problems
        assert (error.path, error.line) == (MEETING, _line(wide, "for meget"))
        (site / "content" / "sider" / "om.md").write_text(
            "---\ntitel: Om os\n---\n\nTekst.\n", "utf-8")


def test_the_escape_the_warning_asks_for_is_the_one_the_site_makes(tmp_path: Path):
    """Written as the warning says, the page is the same and the warnings are gone."""
    escaped = DATES
    for date in ("16. juni", "17. August", "1. januar", "3. marts"):
        escaped = escaped.replace(date, date.replace(".", "\\.", 1), 1)
    first = make_site(tmp_path / "a", {MEETING: DATES})
    second = make_site(tmp_path / "b", {MEETING: escaped})
    build_site(first)
    report = build_site(second)
    assert report.warnings == []
    assert str(_meeting_page(first / "public").select_one("#punkt-1")) == \
        str(_meeting_page(second / "public").select_one("#punkt-1"))


def test_the_bundled_meeting_shows_its_dates_and_needs_no_escape_warning(bundled_site):
    item = _meeting_page(bundled_site).find(
        lambda tag: tag.name == "li" and "koordinationsforum" in tag.get_text())
    assert item.get_text(" ", strip=True).startswith("16. juni: KL's koordinationsforum")
    assert item.find("ol") is None
    _front, _line_no, body, _first = split_front_matter(read_text(ROOT / MEETING))
    assert markdown_html.escape_dates(body)[1] == []  # the source is escaped already


# 2. Placeholders never reach the public site -----------------------------------------

@pytest.fixture
def scaffolded(tmp_path: Path) -> Path:
    """A site with a new meeting, agreement and page, their placeholders not replaced."""
    site = make_site(tmp_path / "site", {MEETING: FRONT + "\n## 1. Godkendelse\n\nOK.\n"})
    for args in (("møde", "--organ", "das", "--dato", "2020-08-01"),
                 ("aftale", "--titel", "Aftale 2027", "--periode", "2027"),
                 ("side", "--titel", "Om os")):
        assert run_cli("new", *args, "--site", str(site)).returncode == 0
    return site


PLACED = {  # file -> (placeholder, the field named in the error)
    "content/moeder/das/2020-08-01.md": [(scaffold.ITEM_TITLE, "punkt 3, titel"),
                                         (scaffold.SUMMARY, "punkt 3, Resumé"),
                                         (scaffold.RECOMMENDATION, "punkt 3, Indstilling")],
    "content/aftaler/aftale-2027.md": [(scaffold.AGREEMENT_TEXT, "tekst")],
    "content/sider/om-os.md": [(scaffold.PAGE_TEXT, "tekst")],
}


def _expected_placeholder_errors(site: Path) -> list[str]:
    lines = []
    for name, placed in sorted(PLACED.items()):
        text = (site / name).read_text("utf-8")
        for placeholder, field in placed:
            lines.append(f"{name}:{_line(text, placeholder)}: {field}: pladsholderen "
                         f"'{placeholder}' står der stadig; skriv den rigtige tekst i stedet "
                         "(teksten fra python build.py new offentliggøres aldrig)")
    return lines


def test_placeholders_are_errors_in_check_and_build(scaffolded: Path, tmp_path: Path):
    assert sorted(p for placed in PLACED.values() for p, _ in placed) == \
        sorted(scaffold.PLACEHOLDERS)
    expected = _expected_placeholder_errors(scaffolded)
    check = run_cli("check", "--site", str(scaffolded), "--dato", "2020-06-01")
    assert check.returncode == 1
    assert [line for line in check.stderr.splitlines() if "pladsholder" in line] == expected

    output = tmp_path / "public"
    build_site(make_site(tmp_path / "good", {MEETING: FRONT + "\n## 1. A\n\nOK.\n"}), output)
    before = output_files(output)
    built = run_cli("--site", str(scaffolded), "--out", str(output), "--dato", "2020-06-01")
    assert built.returncode == 1 and "Traceback" not in built.stderr
    assert [line for line in built.stderr.splitlines() if "pladsholder" in line] == expected
    assert output_files(output) == before


def test_every_text_new_writes_for_the_editor_is_a_known_placeholder(scaffolded: Path):
    """Once PLACEHOLDERS are replaced, nothing of new's "Skriv ..." text is left, and the
    site builds: the list in scaffold.py is complete."""
    for name in PLACED:
        path = scaffolded / name
        text = path.read_text("utf-8")
        for placeholder in scaffold.PLACEHOLDERS:
            text = text.replace(placeholder, "Rigtig tekst.")
        assert not [line for line in text.splitlines() if line.lstrip("# 0123456789.")
                    .startswith("Skriv")], text
        path.write_text(text, "utf-8")
    check = run_cli("check", "--site", str(scaffolded), "--dato", "2020-06-01")
    assert check.returncode == 0, check.stderr


def test_the_preview_builds_with_placeholders_and_shows_them_in_a_banner(scaffolded: Path):
    options = serve.preview_options(BuildOptions(scaffolded, scaffolded / "public",
                                                 BUILD_DATE, jobs=1))
    state = serve.BuildState()
    serve.rebuild(options, state)
    assert state.errors == []
    server = serve._start_server(0, state, options.output)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"

        def banner(path: str):
            with urllib.request.urlopen(base + path, timeout=30) as response:
                page = BeautifulSoup(response.read().decode("utf-8"), "html.parser")
            return page, page.select_one("#forhaandsvisning-pladsholdere")

        expected = _expected_placeholder_errors(scaffolded)
        page, shown = banner("/organer/das/2020-08-01/")
        assert shown.select_one("strong").get_text() == "Kan ikke offentliggøres endnu."
        assert [li.get_text() for li in shown.select("li")] == \
            [line for line in expected if "2020-08-01" in line]
        assert scaffold.ITEM_TITLE in page.select_one("#punkt-3").get_text()  # the page
        assert [li.get_text() for li in banner("/om-os/")[1].select("li")] == \
            [line for line in expected if "om-os" in line]
        assert banner("/organer/das/2020-05-25/")[1] is None  # no placeholders there
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# 3. Errors point where the mistake is ------------------------------------------------

@pytest.mark.parametrize("later", [
    '      - titel: "Årsrapport"',   # a later quote closes the open one ...
    "      - titel: Tilsynets 'årsrapport'",
])
def test_an_unclosed_quote_is_reported_where_it_opens(tmp_path: Path, later: str):
    quote = "'" if "'" in later else '"'
    text = (f"---\norgan: das\ndato: 2020-05-25\nsted: {quote}Skype - Link i kalenderbooking\n"
            "status: referat\npunkter:\n  1:\n    type: beslutning\n    bilag:\n"
            f"{later}\n        fil: a.pdf\n---\n\n## 1. Punkt\n\nTekst.\n")
    site = make_site(tmp_path / "site", {MEETING: text})
    [problem] = _problems(site)
    assert problem.format().startswith(
        f"{MEETING}:4: ugyldig YAML: et anførselstegn er ikke lukket; sæt det samme "
        "anførselstegn i slutningen af værdien (YAML læste værdien helt til linje 10)")


def test_a_quote_that_swallows_the_keys_below_is_an_error_although_yaml_reads_it(
        tmp_path: Path):
    text = ("---\norgan: das\ndato: 2020-05-25\nstatus: referat\ndeltagere:\n"
            '  - navn: "Anne Hansen\n    organisation: Aalborg Kommune\n'
            '  - navn: Bo Jensen "\n    organisation: KKR\n---\n\n## 1. Punkt\n\nTekst.\n')
    site = make_site(tmp_path / "site", {MEETING: text})
    [problem] = _problems(site)
    assert problem.format() == (
        f"{MEETING}:6: navn: ugyldig YAML: et anførselstegn er ikke lukket; sæt det samme "
        "anførselstegn i slutningen af værdien (YAML læste værdien helt til linje 8)")


def test_a_value_over_two_lines_in_quotes_is_still_read(tmp_path: Path):
    text = ('---\norgan: das\ndato: 2020-05-25\ntitel: "Møde om aftalen,\n  bemærk: '
            'ny dato"\nstatus: referat\n---\n\n## 1. Punkt\n\nTekst.\n')
    site = make_site(tmp_path / "site", {MEETING: text})
    build_site(site)
    assert "bemærk: ny dato" in (site / "public" / "organer" / "das" / "2020-05-25" /
                                 "index.html").read_text("utf-8")


@pytest.mark.parametrize("entry, line", [
    ("      - titel: Årsrapport\n        nummer: 2\n        fil: aarsrapport.pdf\n", 10),
    ("      - fil: aarsrapport.pdf\n        titel: Årsrapport\n", 8),
])
def test_a_missing_bilag_is_reported_at_its_fil_line(tmp_path: Path, entry: str, line: int):
    text = ("---\norgan: das\ndato: 2020-05-25\nstatus: referat\npunkter:\n  1:\n"
            f"    bilag:\n{entry}---\n\n## 1. Punkt\n\nTekst.\n")
    site = make_site(tmp_path / "site", {MEETING: text})
    [problem] = _problems(site)
    assert problem.format() == (f"{MEETING}:{line}: bilag.fil: filen 'aarsrapport.pdf' "
                                "findes ikke i content/moeder/das/")


def test_a_duplicated_item_number_is_listed_before_the_errors_it_causes(tmp_path: Path):
    text = ("---\norgan: das\ndato: 2020-05-25\nstatus: referat\npunkter:\n  3:\n"
            "    type: beslutning\n---\n\n## 1. Første\n\nSe [punkt 3](#punkt-3).\n\n"
            "## 2. Andet\n\nTekst.\n\n## 2. Tredje\n\nTekst.\n")
    site = make_site(tmp_path / "site", {MEETING: text})
    result = run_cli("check", "--site", str(site), "--dato", "2020-06-01")
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith(MEETING)]
    assert errors == [
        f"{MEETING}:18: punkt 2 findes to gange (også i linje 14)",
        f"{MEETING}:6: punkter.3: der er intet punkt '## 3.' i teksten",
        f"{MEETING}:12: link: linket '#punkt-3' peger på punkt 3, som ikke findes på siden",
    ]


# 4. Bilag without a published file, and links that promise a document ----------------

def test_a_bilag_without_a_file_is_marked_as_not_published(tmp_path: Path):
    text = ("---\norgan: das\ndato: 2020-05-25\nstatus: referat\npunkter:\n  1:\n"
            "    bilag:\n      - titel: Årsrapport\n        fil: aarsrapport.txt\n"
            "        nummer: 1\n      - titel: Fortroligt notat\n        nummer: 2\n"
            "---\n\n## 1. Punkt\n\nTekst.\n")
    site = make_site(tmp_path / "site", {MEETING: text,
                                         "content/moeder/das/aarsrapport.txt": b"Rapport.\n"})
    report = build_site(site)
    assert report.warnings == []
    items = _meeting_page(site / "public").select("#punkt-1 ul.attachments > li")
    assert [li.get_text(" ", strip=True) for li in items] == [
        "Bilag 1: Årsrapport (Tekst, 9 byte)",
        "Bilag 2: Fortroligt notat (ikke offentliggjort på sitet)"]
    assert items[0].select_one("a")["href"] == "/organer/das/2020-05-25/bilag/aarsrapport.txt"
    assert items[1].select_one("a") is None


def test_a_link_that_promises_a_document_but_leads_nowhere_is_warned_about(tmp_path: Path):
    text = FRONT + """
## 1. Punkt

Rapporten [findes her]().

Se [bilag 3](#) og [vedhæftet].

Til sidst [til toppen](#) og [rapporten](https://www.example.dk/rapport.pdf).
"""
    site = make_site(tmp_path / "site", {MEETING: text})
    report = build_site(site)
    how = ("skriv adressen i ( ) lige efter teksten, fx [findes her]"
           "(https://www.example.dk/rapport.pdf), eller hæft dokumentet ved punktet som bilag "
           "(se docs/bilag.md)")
    assert [w.format() for w in report.warnings] == [
        f"{MEETING}:9: advarsel: link: linket 'findes her' lover et dokument, men fører ingen "
        f"steder hen (intet mål); {how}",
        f"{MEETING}:11: advarsel: link: '[vedhæftet]' ligner et link, men har ingen adresse; "
        f"{how}",
        f"{MEETING}:11: advarsel: link: linket 'bilag 3' lover et dokument, men fører ingen "
        f"steder hen (#); {how}",
    ]

