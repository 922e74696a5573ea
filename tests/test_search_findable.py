"""What readers type finds what the site shows (issue 13): numbers as written, meeting pages
and everything on them, compounds by their parts, words spelled without æøå, the text
inside PDF bilag; and section headings are not text, and a title or decision outranks a
word in passing. Every query runs in Node's lunr.js through the search-core.js the build
wrote, on the index files the build wrote (tests/test_search.py's helpers)."""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import BUILD_DATE, build_site, make_site
from seed_documents import FONT
from test_search import _documents_shown, _search_in_node

from site_builder.pipeline import BuildOptions, build

MEETING = "content/moeder/das/2020-05-25.md"
ITEM = "/organer/das/2020-05-25/#punkt-{}"

SMALL = """
    ---
    organ: das
    dato: 2020-05-25
    sted: Rådhuset i Vesthimmerland
    status: referat
    deltagere:
      - navn: Gudrun Quistgaard
        organisation: Læsø Kommune
    afbud:
      - navn: Bodil Ravnsholt
        organisation: Thisted Kommune
    punkter:
      1:
        type: beslutning
        sagsnr: 2020-077305
        bilag:
          - titel: Notat om zebrafinker
            fil: 2020-05-25/notat.pdf
          - titel: Beskadiget oversigt
            fil: 2020-05-25/beskadiget.pdf
      2:
        lukket: ja
        bilag:
          - titel: Lukket notat
            fil: 2020-05-25/lukket.pdf
    ---

    Mødet indledes med velkomstkaffe i kantinen.

    ## 1. Bevilling til kvægavl

    ### Indstilling

    Sekretariatet indstiller, at sag 11/171 og sag 20/0877 (journalnr. 00.30.10-S00-4-20)
    godkendes efter servicelovens § 109, og at 1.250.000 kr. afsættes i 2019.

    ### Beslutning

    Godkendt.

    ## 2. Lukket punkt

    ### Referat

    Hemmeligt.

    ## 3. Handicapområdet og specialundervisning

    ### Sagsfremstilling

    Handicapområdet er i vækst, og takststigningen på specialundervisningsområdet er
    drøftet. Undervisning gives på stedet. Børnene i målgruppen får en årsrapport om sygefraværet.

    ### Referat

    Taget til efterretning.

    ## 4. Takst for 2021

    ### Sagsfremstilling

    Taksten for 2021 er beregnet for hvert handicap.

    ### Referat

    Godkendt.

    ## 5. Evt.

    ### Referat

    Intet.

    ## 6. Orientering om puljerne

    ### Sagsfremstilling

    Status for puljerne, herunder rugbrød.

    ## 7. Bageriets fremtid

    ### Sagsfremstilling

    Sekretariatet orienterer om status for de tre puljer, om fordelingen mellem kommunerne,
    om tidsplanen for det videre arbejde, om næste års budget og om bageriets ejere, der
    har drevet bageriet i mange år og nu overvejer, hvordan driften kan fortsætte.

    ### Beslutning

    Bageriet sælger fremover rugbrød til kantinen.

    ## 8. Rugbrød i kantinen

    ### Sagsfremstilling

    Forslaget drøftes.
    """


def _pdf(path: Path, lines: list[str]) -> None:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", "", FONT)
    pdf.set_font("DejaVu", "", 11)
    pdf.add_page()
    for line in lines:
        pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))


def _small_site(root: Path) -> Path:
    site = make_site(root, {MEETING: SMALL})
    folder = site / "content/moeder/das/2020-05-25"
    _pdf(folder / "notat.pdf", ["Bilag: Zebrafinkernes yngletid", "Zebrafinker yngler "
                                "hele året, oplyser Dyrenes Beskyttelse i Ålestrup."])
    _pdf(folder / "lukket.pdf", ["Hemmelighedsfulde papegøjer"])
    (folder / "beskadiget.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\ngarbage")
    return site


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> tuple[Path, object]:
    root = tmp_path_factory.mktemp("findable")
    site = _small_site(root / "site")
    report = build_site(site, root / "public")
    return root / "public", report


def _urls(output: Path, queries: list[str], tmp_path: Path) -> list[list[str]]:
    """Per query, the addresses of its results, best first."""
    answer = _search_in_node(output, queries, tmp_path)
    return [[d["u"] for d in _documents_shown(output, [h["ref"] for h in hits])]
            for hits in answer["results"]]


def _found(output: Path, queries: list[str], tmp_path: Path) -> dict[str, list[str]]:
    return dict(zip(queries, _urls(output, queries, tmp_path)))


# Numbers --------------------------------------------------------------------------------

def test_case_numbers_years_sums_and_paragraphs_find_their_item(small, tmp_path):
    output, _ = small
    found = _found(output, ["11/171", "20/0877", "2020-077305", "00.30.10-S00-4-20",
                            "§ 109", "§109", "2019", "1.250.000"], tmp_path)
    for query, urls in found.items():
        assert urls and urls[0] == ITEM.format(1), (query, urls)


# Meeting pages and what they show -------------------------------------------------------

def test_a_meeting_page_is_found_by_its_kind_date_people_place_and_intro(small, tmp_path):
    output, _ = small
    meeting = "/organer/das/2020-05-25/"
    found = _found(output, ["DAS referat maj 2020", "Quistgaard", "Ravnsholt",
                            "Vesthimmerland", "velkomstkaffe"], tmp_path)
    for query, urls in found.items():
        assert urls and urls[0] == meeting, (query, urls)


def test_the_bundled_meeting_is_found_by_body_kind_and_month(bundled_site, tmp_path):
    [urls] = _urls(bundled_site, ["DAS referat maj 2020"], tmp_path)
    assert urls[0] == "/organer/das/2020-05-25/"
    [urls] = _urls(bundled_site, ["Hanne Madsen"], tmp_path)  # an absentee
    assert urls[0] == "/organer/das/2020-05-25/"


def test_case_pages_are_found(bundled_site, tmp_path):
    [urls] = _urls(bundled_site, ["koordinationsforum"], tmp_path)  # a step of a case
    assert "/sager/centrale-udmeldinger-2020/" in urls


# Headings are not text; ranking ------------------------------------------------------------

def test_section_headings_are_not_text(small, tmp_path):
    output, _ = small
    found = _found(output, ["indstilling", "sagsfremstilling", "referat"], tmp_path)
    assert found["indstilling"] == found["sagsfremstilling"] == []
    assert found["referat"] == ["/organer/das/2020-05-25/"]  # the minutes, not "Evt."


def test_a_title_and_a_decision_outrank_a_word_in_passing(small, tmp_path):
    output, _ = small
    [rugbrod] = _urls(output, ["rugbrød"], tmp_path)
    # item 8 says it in its title, item 7 in its decision (a long item), item 6 once in
    # its text (a short one: without the decision's boost, it would come before item 7)
    assert rugbrod == [ITEM.format(8), ITEM.format(7), ITEM.format(6)]


def test_a_short_item_does_not_float_up_on_its_heading(bundled_site, tmp_path):
    """Today "referat" matched 28 of 38 documents: every item with a Referat heading."""
    [urls] = _urls(bundled_site, ["referat"], tmp_path)
    assert 0 < len(urls) <= 12
    assert not any(u.endswith(("#punkt-7", "#punkt-11")) for u in urls[:5])  # Evt.


# Compounds and spellings ------------------------------------------------------------------

def test_a_part_of_a_compound_finds_the_compound(small, tmp_path):
    output, _ = small
    found = _found(output, ["handicap", "takst", "special"], tmp_path)
    for query, urls in found.items():
        assert ITEM.format(3) in urls, (query, urls)
    # the word itself outranks the word inside a compound in the same or a weaker field
    # ("Takst for 2021" above item 3's "takststigningen" in its text), and an item whose
    # title holds the compound outranks one whose text names the word once (issue 13,
    # point 7: "Handicapområdet og specialundervisning" above "... for hvert handicap")
    assert found["takst"][:2] == [ITEM.format(4), ITEM.format(3)]
    assert found["handicap"][:2] == [ITEM.format(3), ITEM.format(4)]
    # no fragments: "mål" is too short to be a part of "målgruppen"
    assert _found(output, ["mål"], tmp_path)["mål"] == []


def test_the_bundled_compounds_are_found(bundled_site, tmp_path):
    found = _found(bundled_site, ["handicap", "undervisning", "takst"], tmp_path)
    assert "/organer/socialdirektoerkredsen/2011-10-06/#punkt-8" in found["undervisning"]
    assert "/organer/das/2020-05-25/#punkt-7" in found["takst"]  # takststigning
    assert len(found["handicap"]) >= 4  # handicapområdet is in several items


def test_words_typed_without_aeoeaa_find_the_danish_spelling(small, tmp_path):
    output, _ = small
    found = _found(output, ["aarsrapport", "boernene", "sygefravaeret", "maalgruppen",
                            "handicappede", "Aalestrup"], tmp_path)
    for query in ("aarsrapport", "boernene", "sygefravaeret", "maalgruppen"):
        assert found[query] == [ITEM.format(3)], (query, found[query])
    # "handicapområdet" in item 3's title, "handicap" in item 4's text
    assert found["handicappede"] == [ITEM.format(3), ITEM.format(4)]
    assert found["Aalestrup"] == [ITEM.format(1)]  # in the bilag: Ålestrup


def test_the_bundled_spellings_are_found(bundled_site, tmp_path):
    found = _found(bundled_site, ["aarsrapport", "boern", "sygefravaer", "Aalborg"],
                   tmp_path)
    assert "/organer/das/2020-05-25/#punkt-8" in found["aarsrapport"][:3]
    assert found["boern"] and found["sygefravaer"]
    assert found["Aalborg"][0] == "/organer/das/2020-05-25/#punkt-7"


# Bilag ------------------------------------------------------------------------------------

def test_text_inside_a_pdf_bilag_finds_its_item(small, tmp_path):
    output, _ = small
    answer = _search_in_node(output, ["yngletid"], tmp_path)
    [[hit]] = answer["results"]
    [shown] = _documents_shown(output, [hit["ref"]])
    assert shown["u"] == ITEM.format(1)
    assert shown["t"] == "Bevilling til kvægavl"
    assert shown["kl"] == "Punkt 1, i bilag: Notat om zebrafinker"
    assert "Zebrafinker yngler" in shown["s"]


def test_a_closed_item_s_bilag_is_in_no_search_file(small):
    output, _ = small
    text = "\n".join(p.read_text("utf-8") for p in (output / "soeg").iterdir()).lower()
    assert "zebrafink" in text  # the open item's bilag is there
    assert "papegøj" not in text and "hemmelighedsfuld" not in text


def test_a_damaged_bilag_is_a_warning_and_the_build_goes_on(small):
    output, report = small
    [warning] = [w for w in report.warnings if "beskadiget.pdf" in str(w.path)]
    assert "kunne ikke læses" in warning.message
    assert (output / "soeg" / "indeks.json").is_file()


def test_a_changed_bilag_changes_the_index_with_and_without_cache(tmp_path):
    site = _small_site(tmp_path / "site")
    cached = BuildOptions(site, tmp_path / "cached", BUILD_DATE, cache_dir=tmp_path / "cache")
    build(cached)
    notat = site / "content/moeder/das/2020-05-25/notat.pdf"
    _pdf(notat, ["Bilag: Struttenes rugetid"])
    build(cached)
    build(BuildOptions(site, tmp_path / "fresh", BUILD_DATE))
    search = lambda output: _urls(output, ["rugetid", "yngletid"], tmp_path)  # noqa: E731
    assert search(tmp_path / "cached") == [[ITEM.format(1)], []]
    for name in ("indeks.json",):
        assert (tmp_path / "cached/soeg" / name).read_bytes() == \
            (tmp_path / "fresh/soeg" / name).read_bytes()
    assert sorted(p.name for p in (tmp_path / "cached/soeg").iterdir()) == \
        sorted(p.name for p in (tmp_path / "fresh/soeg").iterdir())
