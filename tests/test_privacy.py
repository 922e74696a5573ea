"""Nothing private leaves: the privacy guard (CPR numbers, health words, small counts) in
`check` and every build, and canary strings proving that closed items, drafts and embargoed
documents reach no output file at all - whatever files the build writes (HTML, search
index, feeds, calendars, JSON, sitemap, and outputs still to come: every file is read)."""
from __future__ import annotations

import datetime as dt
import gzip
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BUILD_DATE, ROOT, build_site, make_site, output_files, run_cli

from site_builder.guards import privacy
from site_builder.pipeline import BuildOptions, load_and_check
from site_builder.problems import Problems, SiteError

MEETING = "content/moeder/das/2020-05-25.md"


def _meeting(body: str, front: str = "") -> str:
    return ("---\norgan: das\ndato: 2020-05-25\nstatus: referat\n" + front + "---\n\n"
            + body.strip("\n") + "\n")


def _problems(site: Path) -> list[str]:
    """Every privacy problem of a site, formatted as the command line prints it."""
    problems = Problems(site)
    privacy.check_site(site, problems)
    return [p.format() for p in sorted(problems.items)]


def _site(tmp_path: Path, files: dict[str, str]) -> Path:
    return make_site(tmp_path / "site", files)


# CPR numbers ------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Borgerens cpr.nr. er 010203-1234.",
    "Borgerens cpr.nr. er 0102031234.",
    "Borgerens cpr.nr. er 010203 1234.",
    "Skrevet i Word: 010203–1234 (tankestreg).",
    "Skudårsdag: 290200-1234.",  # 29 February 2000
    "Nummeret er (311299-4321).",
])
def test_a_cpr_number_is_found_in_the_text(tmp_path, text):
    site = _site(tmp_path, {MEETING: _meeting(f"## 1. Punkt\n\n### Referat\n\n{text}\n")})
    assert _problems(site) == [
        f"{MEETING}:11: punkt 1, Referat: CPR-nummer (ddmmåå-xxxx): der står et personnummer "
        "her; slet det. CPR-numre må aldrig offentliggøres og må heller ikke stå i kladder, "
        "lukkede punkter eller kommentarer, for filerne gemmes i git"]


@pytest.mark.parametrize("text", [
    "Sagsnr. 2011-14113, dok.nr. 2011-236434, også 2011-2364341234.",
    "Ring på 2133 9211 eller 2133 9184, +45 21 33 92 11 eller +4521339211.",
    "Mødet 2020-05-25 kl. 9.00-12.00, 25.05.2020, perioden 2018-2020.",
    "Beløbet er 1.234.567 kr., 12.345.678,90 kr. eller 2500000 kr.",
    "CVR 29189919, EAN 5790000123456, konto 9570-12345678.",
    "Ugyldige datoer: 320199-1234, 011399-1234, 300290-1234, 290201-1234, 000199-1234.",
    "Tal i række: 9912345678 og 123456789012 og 12345-67890.",
])
def test_case_numbers_phones_dates_and_amounts_are_not_cpr_numbers(tmp_path, text):
    site = _site(tmp_path, {MEETING: _meeting(f"## 1. Punkt\n\n{text}\n",
                                              front="sagsnr: 2011-14113\ndoknr: 2011-236434\n")})
    assert _problems(site) == []


def test_cpr_numbers_over_a_line_break_in_a_table_and_in_front_matter(tmp_path):
    body = """
        ## 1. Punkt

        ### Sagsfremstilling

        Borgeren med nummer 241299-
        1234 er flyttet. Og nummeret 241299
        -1234 igen.

        | Navn | Nummer |
        |---|---|
        | A | 150485-4321 |
    """
    front = ("sted: Hos borger 010170-1111\ndeltagere:\n  - navn: Anne\n"
             "    organisation: 020270-2222\n")
    site = _site(tmp_path, {MEETING: _meeting(body.replace("\n        ", "\n"), front)})
    found = [(line.split(": ")[0], line.split(": ")[1]) for line in _problems(site)]
    assert found == [
        (f"{MEETING}:5", "sted"),
        (f"{MEETING}:8", "deltagere.organisation"),
        (f"{MEETING}:15", "punkt 1, Sagsfremstilling"),
        (f"{MEETING}:16", "punkt 1, Sagsfremstilling"),
        (f"{MEETING}:21", "punkt 1, Sagsfremstilling"),
    ]


def test_a_cpr_number_stops_check_and_build_also_in_closed_items_drafts_and_comments(
        tmp_path):
    files = {
        MEETING: _meeting("## 1. Lukket\n\n### Referat\n\nNr. 010203-1234.\n",
                          front="punkter:\n  1:\n    lukket: ja\n"),
        "content/sider/kladde.md": "---\ntitel: Kladde\nkladde: ja\n---\nNr. 0102031234\n",
        "content/aftaler/a.md": "---\ntitel: A\nperiode: 2020\nstatus: udkast\n"
                                "# husk 311299-1234\n---\nTekst.\n",
    }
    site = _site(tmp_path, files)
    result = run_cli("check", "--site", str(site))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if "CPR-nummer" in line]
    assert [line.split(": CPR")[0] for line in errors] == [
        "content/aftaler/a.md:5", f"{MEETING}:14: punkt 1, Referat",
        "content/sider/kladde.md:5: indledning"]
    for number in ("010203", "0102031234", "311299"):
        assert number not in result.stderr + result.stdout  # CI logs are public too
    output = tmp_path / "public"
    build = run_cli("--site", str(site), "--out", str(output), "--dato", "2020-06-01")
    assert build.returncode == 1 and "CPR-nummer" in build.stderr
    assert not output.exists()


def test_cpr_numbers_in_data_files_and_text_bilag_are_errors(tmp_path):
    site = _site(tmp_path, {MEETING: _meeting("## 1. Punkt\n\nTekst.\n"),
                            "content/moeder/das/2020-05-25/liste.csv": "navn;nr\nA;010203-1234\n"})
    with open(site / "data" / "organer.yaml", "a", encoding="utf-8") as handle:
        handle.write("  beskrivelse: Formand 311299-1234\n")
    problems = _problems(site)
    assert [p.split(": CPR")[0] for p in problems] == [
        "content/moeder/das/2020-05-25/liste.csv:2: bilag", "data/organer.yaml:10"]


# Health words (the rule in full: test_privacy_health.py) -----------------------------------

HEALTH_BODY = """
## 1. Personale

### Referat

Medarbejderen Hanne Gormsen er delvist sygemeldt og på barselsorlov.

Sygefraværet i kommunerne er faldet, og personer med en dobbeltdiagnose får et tilbud.

## 2. Lukket punkt om sygefravær

### Referat

Lone Kjærgaard er indlagt.
"""


def test_health_words_beside_a_name_are_errors_with_path_line_and_place(tmp_path):
    """Not in a closed item's text, nor in a general sentence or a place's name."""
    site = _site(tmp_path, {MEETING: _meeting(HEALTH_BODY, front="sted: Diagnoseklinikken\n"
                                              "punkter:\n  2:\n    lukket: ja\n"
                                              "  # lukket, fordi Lone Kjærgaard er indlagt\n")})
    problems = _problems(site)
    assert [p.split(" står")[0] for p in problems] == [
        f"{MEETING}:16: punkt 1, Referat: helbredsoplysning om en navngiven person: "
        "'barselsorlov'",
        f"{MEETING}:16: punkt 1, Referat: helbredsoplysning om en navngiven person: "
        "'sygemeldt'",
    ]
    assert "skriv ordet og begrundelsen under gennemset: i filens front matter, fx " \
           "'- sygemeldt: navngivet med samtykke (AB, 2026-12-01)'" in problems[1]
    with pytest.raises(SiteError):  # errors stop the build
        build_site(site, tmp_path / "public")
    assert not (tmp_path / "public").exists()


def test_an_acknowledged_word_with_a_reason_stops_the_error_and_the_key_is_valid(tmp_path):
    front = ("punkter:\n  2:\n    lukket: ja\n"
             "gennemset:\n  - sygemeldt: navngivet med samtykke  # gennemset af AB\n"
             "  - orlov: navngivet med samtykke (AB, 2020-05-20)\n"
             "  - SYGEFRAVÆR: generelt, ingen navne\n  - små antal\n")
    site = _site(tmp_path, {MEETING: _meeting(HEALTH_BODY, front=front)})
    assert _problems(site) == []
    site_model, warnings = load_and_check(BuildOptions(site, tmp_path / "out", BUILD_DATE))
    assert site_model.meetings and warnings == []  # gennemset: is a known key


def test_the_secretariat_extends_the_word_list_in_data(tmp_path):
    site = _site(tmp_path, {MEETING: _meeting("## 1. Punkt\n\nHanne Gormsen har migræne.\n")})
    assert _problems(site) == []  # not a built-in word
    (site / "data" / "helbredsord.yaml").write_text(
        "# egne ord\n- migræne\n- sygemeld\n", encoding="utf-8")
    assert [p.split(" står")[0] for p in _problems(site)] == [
        f"{MEETING}:9: punkt 1: helbredsoplysning om en navngiven person: 'migræne'"]


def test_a_broken_word_list_is_an_error_with_its_line(tmp_path):
    site = _site(tmp_path, {MEETING: _meeting("## 1. Punkt\n\nTekst.\n")})
    (site / "data" / "helbredsord.yaml").write_text("- sygemeld\n- xy\n- [a, b]\n", "utf-8")
    assert [p.split(": hvert")[0] for p in _problems(site)] == [
        "data/helbredsord.yaml:2", "data/helbredsord.yaml:3"]


def test_bundled_word_list_is_the_built_in_one():
    problems = Problems(ROOT)
    assert privacy.health_words(ROOT, problems) == privacy.HEALTH_WORDS
    assert problems.items == []


# Small counts of people in tables -------------------------------------------------------

COUNTS = """
## 1. Tal

Tabel 1. Antal borgere i målgruppen

| Kommune | 2018 | 2019 |
|---|---|---|
| Aalborg | 12 | 9 |
| Læsø | 0 | {small} |

Antal tilbud:

| Tilbud | 2018 | 2019 |
|---|---|---|
| Botilbud | 2 | 3 |

| | 2018 | 2019 |
|---|---|---|
| Pladser | 1 | 2 |
| Kvinder i målgruppen | 7 | {row} |
"""


@pytest.mark.parametrize("small,row,expected", [
    ("0", "8", []),  # 0 points at nobody; 2-3 offers are not people
    ("4", "8", [14]),
    ("**3**", "8", [14]),
    ("0", "1", [25]),  # the row's own label names people
    ("2", "2", [14, 25]),
    ("5", "12", []),
])
def test_small_counts_of_people_in_tables_warn(tmp_path, small, row, expected):
    site = _site(tmp_path, {MEETING: _meeting(COUNTS.format(small=small, row=row))})
    problems = _problems(site)
    assert [int(p.split(":")[1]) for p in problems] == expected
    assert all("advarsel: punkt 1: små antal: tabellen viser 1-4 personer" in p
               for p in problems)


def test_small_counts_can_be_acknowledged(tmp_path):
    site = _site(tmp_path, {MEETING: _meeting(COUNTS.format(small="1", row="1"),
                                              front="gennemset:\n  - små antal\n")})
    assert _problems(site) == []


def test_bundled_site_has_no_privacy_errors_and_the_reviewed_warnings_are_gone():
    site, warnings = load_and_check(BuildOptions(ROOT, ROOT / "public", BUILD_DATE))
    private = [w.format() for w in warnings
               if w.message.startswith(("helbredsoplysning", "små antal"))]
    # seed 003, item 9: three tables with 0-4 people each are aggregates for whole regions,
    # reviewed under the handbook's rule and acknowledged with `gennemset: - små antal: …`
    assert private == []
    closed = next(m for m in site.meetings if m.key == "socialdirektoerkredsen/2011-08-11")
    assert closed.items[1].closed and closed.items[1].sections == ()


def test_bundled_closed_item_title_names_nobody_without_its_acknowledgement(tmp_path):
    """The title ("... et midlertidigt sygefravær") is published and checked, but names no
    one; the named employee ("delvist sygemeldt") is in the closed item's text."""
    site = tmp_path / "site"
    shutil.copytree(ROOT / "data", site / "data")
    shutil.copytree(ROOT / "content", site / "content")
    path = site / "content" / "moeder" / "socialdirektoerkredsen" / "2011-08-11.md"
    text = re.sub(r"gennemset:\n(  .*\n)+", "", path.read_text(encoding="utf-8"))
    path.write_text(text, encoding="utf-8")
    assert "gennemset" not in text
    assert [p for p in _problems(site) if "helbredsoplysning" in p] == []
    path.write_text(text.replace("## 2. Orientering om", "## 2. Orientering fra Ann "
                                 "Liljenberg om"), encoding="utf-8")
    health = [p for p in _problems(site) if "helbredsoplysning" in p]
    assert len(health) == 1 and ": punkt 2: helbredsoplysning om en navngiven person: " \
                                "'sygefravær'" in health[0]


# Canaries: closed items, drafts and embargo reach no output file ---------------------------

def _canary(kind: str) -> str:
    return f"qx{kind}kanariefugl"


CLOSED, DRAFT_MEETING, DRAFT_PAGE, EMBARGO, EMBARGO_MEETING = (
    _canary(k) for k in ("lukket", "kladdemoede", "kladdeside", "embargo", "embargomoede"))
CANARIES = (CLOSED, DRAFT_MEETING, DRAFT_PAGE, EMBARGO, EMBARGO_MEETING)


def _canary_site(root: Path, closed: str = "ja") -> Path:
    return make_site(root, {
        MEETING: f"""
            ---
            organ: das
            dato: 2020-05-25
            status: referat
            punkter:
              2:
                type: beslutning
                sagsnr: 2020-{CLOSED}sag
                lukket: {closed}
                bilag:
                  - titel: Bilag {CLOSED} titel
                    fil: 2020-05-25/{CLOSED}.txt
                    nummer: 1
            ---

            ## 1. Godkendelse af dagsorden

            ### Referat

            Godkendt uden bemærkninger.

            ## 2. Personaleforhold

            Indledning {CLOSED} indledning.

            ### Resumé

            Resumé {CLOSED} resumé, [link](https://example.org/{CLOSED}).

            ### Referat

            | Navn | Forhold |
            |---|---|
            | {CLOSED} | tabel |

            - liste {CLOSED}

            #### {CLOSED} underoverskrift
            """,
        f"content/moeder/das/2020-05-25/{CLOSED}.txt": f"bilagets tekst {CLOSED}\n",
        "content/moeder/das/2020-04-20.md": f"""
            ---
            organ: das
            dato: 2020-04-20
            titel: Møde {DRAFT_MEETING} titel
            tid: 9.00
            sted: {DRAFT_MEETING} sted
            status: dagsorden
            kladde: ja
            deltagere:
              - navn: {DRAFT_MEETING} navn
                organisation: {DRAFT_MEETING} organisation
            referent:
              - {DRAFT_MEETING} referent
            sagsnr: 2020-{DRAFT_MEETING}
            punkter:
              1:
                bilag:
                  - titel: {DRAFT_MEETING} bilag
                    fil: {DRAFT_MEETING}.txt
            ---

            Indledning {DRAFT_MEETING}.

            ## 1. Punkt {DRAFT_MEETING} titel

            ### Indstilling

            Tekst {DRAFT_MEETING} tekst.
            """,
        f"content/moeder/das/{DRAFT_MEETING}.txt": f"bilag {DRAFT_MEETING}\n",
        "content/moeder/das/2020-07-09.md": f"""
            ---
            organ: das
            dato: 2020-07-09
            titel: Kommende møde {EMBARGO_MEETING}
            sted: {EMBARGO_MEETING} sted
            status: dagsorden
            offentlig_fra: 2020-07-01
            ---

            ## 1. Punkt {EMBARGO_MEETING} titel

            Tekst {EMBARGO_MEETING}.
            """,
        f"content/sider/{DRAFT_PAGE}.md": f"""
            ---
            titel: Side {DRAFT_PAGE} titel
            beskrivelse: Beskrivelse {DRAFT_PAGE}
            kladde: ja
            ---
            Tekst {DRAFT_PAGE} tekst.

            ## Afsnit {DRAFT_PAGE}

            Mere {DRAFT_PAGE}.
            """,
        "content/sider/om.md": "---\ntitel: Om sitet\n---\nOffentlig tekst.\n",
        "content/aftaler/socialaftale-2021.md": f"""
            ---
            titel: Socialaftale {EMBARGO} titel
            periode: 2021
            status: udkast
            resumé: Resumé {EMBARGO}
            dele:
              - Del {EMBARGO}
            godkendelser:
              - instans: {EMBARGO} instans
                dato: 2020-09-14
            offentlig_fra: 2020-07-01
            ---
            Indledning {EMBARGO}.

            ## Styringsaftale {EMBARGO}

            Tekst {EMBARGO}.
            """,
    })


def _output_texts(folder: Path) -> dict[str, str]:
    """Every output file as lowercase text (gzip unpacked), keyed by its path."""
    texts = {}
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        texts[path.relative_to(folder).as_posix()] = data.decode("utf-8", "replace").lower()
    return texts


def _leaks(folder: Path, canaries=CANARIES) -> dict[str, list[str]]:
    """Where each canary shows up: in a file's path or its contents. Search indexes hold
    stemmed words, so the end of each canary is not required."""
    found: dict[str, list[str]] = {}
    for name, text in _output_texts(folder).items():
        for canary in canaries:
            core = canary.lower()[:-4]
            if core in name.lower() or core in text:
                found.setdefault(canary, []).append(name)
    return found


@pytest.fixture(scope="module")
def canary_output(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("canary")
    site = _canary_site(root / "site")
    output = root / "public"
    build_site(site, output)
    return output


def test_no_canary_reaches_any_output_file(canary_output):
    files = _output_texts(canary_output)
    assert any(name.endswith(".html") for name in files)
    assert any(name.startswith("soeg/") and name.endswith(".json") for name in files)
    assert "sitemap.xml" in files
    assert _leaks(canary_output) == {}


def test_what_is_public_of_them_is_published(canary_output):
    texts = _output_texts(canary_output)
    meeting = texts["organer/das/2020-05-25/index.html"]
    assert "personaleforhold" in meeting and "godkendt uden bemærkninger" in meeting
    assert "/om/" in texts["sitemap.xml"] and "2020-05-25" in texts["sitemap.xml"]
    assert not any("2020-04-20" in name or "2020-07-09" in name for name in texts)
    assert not (canary_output / "aftaler" / "socialaftale-2021").exists()


def test_the_canary_check_finds_an_open_item(tmp_path):
    """The same fixture with the item open: the walk must find its text everywhere."""
    site = _canary_site(tmp_path / "site", closed="nej")
    build_site(site, tmp_path / "public")
    leaks = _leaks(tmp_path / "public")
    assert set(leaks) == {CLOSED}
    assert "organer/das/2020-05-25/index.html" in leaks[CLOSED]
    assert any(name.startswith("soeg/") for name in leaks[CLOSED])
    assert any(name.endswith(".txt") for name in leaks[CLOSED])  # the bilag itself


def test_an_embargoed_document_appears_once_the_build_date_passes(tmp_path):
    site = _canary_site(tmp_path / "site")
    before, after = tmp_path / "before", tmp_path / "after"
    environment = dict(os.environ, SITE_BUILD_DATE="2020-06-30")
    for output, date in ((before, "2020-06-30"), (after, "2020-07-01")):
        environment["SITE_BUILD_DATE"] = date
        result = subprocess.run(
            [sys.executable, str(ROOT / "build.py"), "--site", str(site), "--out", str(output),
             "--uden-cache"], cwd=ROOT, env=environment, capture_output=True, text=True,
            timeout=120)
        assert result.returncode == 0, result.stderr
    assert set(_leaks(before)) == set()
    assert set(_leaks(after)) == {EMBARGO, EMBARGO_MEETING}
    assert (after / "aftaler" / "socialaftale-2021" / "index.html").is_file()
    assert (after / "organer" / "das" / "2020-07-09" / "index.html").is_file()
    # --dato wins over the environment
    dated = tmp_path / "dated"
    result = run_cli("--site", str(site), "--out", str(dated), "--dato", "2020-07-01",
                     "--uden-cache")
    assert result.returncode == 0, result.stderr
    assert set(_leaks(dated)) == {EMBARGO, EMBARGO_MEETING}


def test_a_draft_is_published_when_it_stops_being_a_draft(tmp_path):
    site = _canary_site(tmp_path / "site")
    page = site / "content" / "sider" / f"{DRAFT_PAGE}.md"
    page.write_text(page.read_text(encoding="utf-8").replace("kladde: ja", "kladde: nej"),
                    encoding="utf-8")
    build_site(site, tmp_path / "public", date=dt.date(2020, 6, 1))
    assert set(_leaks(tmp_path / "public")) == {DRAFT_PAGE}
