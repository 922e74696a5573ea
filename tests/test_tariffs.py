"""The tariff register (data/takster.yaml): /takster/ per year, one page per tilbud, the
CSV and JSON downloads, the links both ways between a tariff change and the agenda item
that decided it, and path:line errors for invalid data. On built output."""
from __future__ import annotations

import csv
import io
import json

import jsonschema
import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, build_site, make_site

from site_builder.content.tariffs import parse_kroner
from site_builder.outputs.tariff_pages import CSV_COLUMNS
from site_builder.pipeline import BuildOptions, load_and_check
from site_builder.problems import SiteError

DAS_ITEM_7 = "/organer/das/2020-05-25/#punkt-7"
DAS_ITEM_10 = "/organer/das/2020-05-25/#punkt-10"


def soup(folder, url: str) -> BeautifulSoup:
    path = folder / url.strip("/") / "index.html" if url != "/" else folder / "index.html"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def text(node) -> str:
    return " ".join(node.get_text(" ", strip=True).split())


def test_the_2020_page_has_the_krisecentre_of_the_das_table(bundled_site):
    page = soup(bundled_site, "/takster/2020/")
    rows = {text(tr.th): [text(td) for td in tr.find_all("td")]
            for tr in page.select("table tbody tr")}
    assert set(rows) == {"Aalborg Krisecenter", "Hjørring Krisecenter",
                         "Frederikshavn Krisecenter", "Søhavegård Krisecenter",
                         "Hobro Krisecenter"}
    aalborg = rows["Aalborg Krisecenter"]
    assert aalborg[0] == "Aalborg Kommune" and aalborg[2] == "7"
    assert aalborg[3].startswith("1.933 kr.")
    assert "2.139 kr. (+206 kr.) fra 1. august 2020" in aalborg[4]
    assert "Godkendt af DAS den 25. maj 2020" in aalborg[4]
    assert rows["Søhavegård Krisecenter"][0] == "privat tilbud i Sindal"
    assert rows["Hjørring Krisecenter"][3].startswith("2.719 kr.")
    link = page.find("a", href=DAS_ITEM_7)
    assert link is not None and "punkt 7" in text(link)


def test_takster_shows_the_newest_year_and_links_every_year(bundled_site):
    page = soup(bundled_site, "/takster/")
    assert text(page.find("h1")) == "Takster 2021"
    years = [a["href"] for a in page.select(".tariff-years a")]
    assert years == ["/takster/2021/", "/takster/2020/"]
    row = page.select_one("table tbody tr")
    assert text(row.th) == "Forsorgshjemmet Svenstrupgård"
    cells = [text(td) for td in row.find_all("td")]
    assert cells[3] == "Ikke oplyst"  # the seed gives the rise, not the tariff
    assert "+50 kr. pr. døgn fra 1. januar 2021" in cells[4]
    assert "Godkendt af FU" in cells[4] and "meddelt i punkt 10" in cells[4]
    assert row.find("a", href=DAS_ITEM_10) is not None


def test_the_tilbud_page_and_the_agenda_item_link_both_ways(bundled_site):
    offer = soup(bundled_site, "/takster/tilbud/aalborg-krisecenter/")
    assert offer.find("a", href=DAS_ITEM_7) is not None
    history = text(offer.select_one(".tariff-history"))
    assert "Hele året: 1.933 kr. pr. døgn" in history
    assert "Fra 1. august 2020: 2.139 kr. pr. døgn (+206 kr.)" in history
    meeting = soup(bundled_site, "/organer/das/2020-05-25/")
    item7 = meeting.find(id="punkt-7")
    assert item7.select_one(".item-tariffs a")["href"] == "/takster/tilbud/aalborg-krisecenter/"
    item10 = meeting.find(id="punkt-10")
    assert item10.select_one(".item-tariffs a")["href"] == \
        "/takster/tilbud/forsorgshjemmet-svenstrupgaard/"
    assert meeting.find(id="punkt-8").select_one(".item-tariffs") is None


def test_the_csv_opens_with_the_documented_columns(bundled_site):
    raw = (bundled_site / "takster" / "takster-2020.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 only with the BOM
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert tuple(rows[0]) == CSV_COLUMNS
    rise = next(r for r in rows if r["fra"] == "2020-08-01")
    assert (rise["tilbud"], rise["døgntakst_kr"], rise["ændring_kr"], rise["godkendt_af"]) \
        == ("Aalborg Krisecenter", "2139", "206", "DAS")
    assert rise["beslutning"].endswith(DAS_ITEM_7)
    # whole kroner without a thousands separator: Danish Excel reads them as numbers
    assert all(r["døgntakst_kr"].isdigit() for r in rows if r["døgntakst_kr"])
    handbook = (ROOT / "docs" / "takster.md").read_text(encoding="utf-8")
    assert all(f"`{column}`" in handbook for column in CSV_COLUMNS)


def test_the_json_downloads_follow_the_schema(bundled_site):
    schema = json.loads((ROOT / "site_builder" / "outputs" / "schemas" / "takster.schema.json")
                        .read_text(encoding="utf-8"))
    for name in ("takster/takster-2021.json", "data/takster.json"):
        data = json.loads((bundled_site / name).read_text(encoding="utf-8"))
        jsonschema.validate(data, schema, format_checker=jsonschema.FormatChecker())
    year = json.loads((bundled_site / "takster" / "takster-2021.json").read_text("utf-8"))
    assert [o["identifier"] for o in year["data"]] == ["forsorgshjemmet-svenstrupgaard"]
    assert year["data"][0]["tariffs"][0]["change"] == 50


def test_open_data_page_lists_the_register(bundled_site):
    page = soup(bundled_site, "/data/")
    assert page.find("a", href="/data/takster.json") is not None


@pytest.mark.parametrize("text_, expected", [("1933", 1933), ("1.933", 1933), ("+206", 206),
                                             ("-50", -50), ("2.139 kr.", 2139),
                                             ("19,5", None), ("1.93", None), ("", None)])
def test_kroner_are_read_as_danish_whole_kroner(text_, expected):
    assert parse_kroner(text_) == expected


MEETING = """\
    ---
    organ: das
    dato: 2020-05-25
    status: referat
    ---
    ## 1. Takst
    Tekst.
    """


def problems_of(tmp_path, register: str) -> list[str]:
    root = make_site(tmp_path / "site", {"content/moeder/das/2020-05-25.md": MEETING,
                                         "data/takster.yaml": register})
    with pytest.raises(SiteError) as caught:
        load_and_check(BuildOptions(root, tmp_path / "out", build_date_for_tests()))
    return [p.format() for p in caught.value.problems]


def build_date_for_tests():
    import datetime as dt
    return dt.date(2020, 6, 1)


def test_invalid_tariff_data_gives_path_line_errors(tmp_path):
    found = problems_of(tmp_path, """\
        - slug: et-tilbud
          navn: Et tilbud
          driftsherre: Ukendt Kommune
          pladser: mange
          takster:
            - år: 20x0
              døgntakst: 1933
            - år: 2020
              døgntakst: 19,50
            - år: 2020
              fra: 2021-01-01
              ændring: 10
            - år: 2020
              døgntakst: 2000
              møde: das/2020-05-25
              punkt: 9
            - år: 2020
              note: intet beløb
        - slug: et-tilbud
          navn: Igen
          takster:
            - år: 2020
              døgntakst: 1
        """)
    expected = [
        "data/takster.yaml:3: driftsherre: 'Ukendt Kommune' er ikke en kommune",
        "data/takster.yaml:4: pladser: 'mange' er ikke et antal pladser",
        "data/takster.yaml:6: takster.år: '20x0' er ikke et årstal",
        "data/takster.yaml:9: takster.døgntakst: '19,50' er ikke et helt antal kroner",
        "data/takster.yaml:11: takster.fra: 2021-01-01 ligger ikke i år 2020",
        "data/takster.yaml:16: takster.punkt: mødet 'das/2020-05-25' har intet punkt 9",
        "data/takster.yaml:17: takster.døgntakst: skriv døgntakst:, ændring: eller begge",
        "data/takster.yaml:19: slug: tilbuddet 'et-tilbud' findes allerede (linje 1)",
    ]
    for start in expected:
        assert any(p.startswith(start) for p in found), (start, found)


def test_a_meeting_that_does_not_exist_is_an_error_and_a_draft_is_not_linked(tmp_path):
    found = problems_of(tmp_path, """\
        - slug: et-tilbud
          navn: Et tilbud
          takster:
            - år: 2020
              døgntakst: 1
              møde: das/2020-01-01
              punkt: 1
        """)
    assert any(p.startswith("data/takster.yaml:6: takster.møde: mødet 'das/2020-01-01' "
                            "findes ikke") for p in found), found
    root = make_site(tmp_path / "draft", {
        "content/moeder/das/2020-05-25.md": MEETING.replace("status: referat",
                                                            "status: referat\n    kladde: ja"),
        "data/takster.yaml": """\
            - slug: et-tilbud
              navn: Et tilbud
              takster:
                - år: 2020
                  døgntakst: 1
                  ændring: 1
                  godkendt_af: das
                  møde: das/2020-05-25
                  punkt: 1
            """})
    build_site(root, tmp_path / "out")
    page = (tmp_path / "out" / "takster" / "tilbud" / "et-tilbud" / "index.html").read_text()
    assert "/organer/das/2020-05-25/" not in page  # the draft meeting is not linked
