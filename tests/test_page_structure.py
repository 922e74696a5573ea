"""What a screen reader and a keyboard need, checked on every built page: lang="da", a skip
link to <main>, landmarks with labelled navigations, one h1 and no skipped heading levels,
tables with headers and captions, link texts that make sense out of context, and the footer
link to the accessibility statement."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from browser_site import DAS_MEETING, html_pages
from conftest import ROOT, build_site, make_site

# Link texts that say nothing out of context (WCAG 2.4.4).
VAGUE_LINK_TEXTS = {"her", "klik her", "tryk her", "læs mere", "læs her", "se her", "mere",
                    "link", "linket", "denne side", "denne", "klik", "se mere", "læs videre"}


def _soup(folder: Path, url: str) -> BeautifulSoup:
    path = folder / (url.lstrip("/") + "index.html" if url.endswith("/") else url.lstrip("/"))
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def pages(bundled_site) -> dict[str, BeautifulSoup]:
    return {url: _soup(bundled_site, url) for url in html_pages(bundled_site)}


def headings(soup: BeautifulSoup) -> list[tuple[int, str]]:
    return [(int(h.name[1]), h.get_text(" ", strip=True))
            for h in soup.find_all(re.compile(r"^h[1-6]$"))]


def heading_problems(soup: BeautifulSoup) -> list[str]:
    found = headings(soup)
    problems = []
    if [level for level, _ in found].count(1) != 1:
        problems.append(f"{[level for level, _ in found].count(1)} h1 elements")
    if found and found[0][0] != 1:
        problems.append(f"the first heading is h{found[0][0]} {found[0][1]!r}")
    for (before, _), (level, text) in zip(found, found[1:]):
        if level > before + 1:
            problems.append(f"h{level} {text!r} follows h{before}")
    return problems


def test_every_page_is_danish_and_has_one_h1_and_no_skipped_heading_levels(pages):
    assert len(pages) >= 10
    problems = {url: heading_problems(soup) for url, soup in pages.items()}
    assert {url: p for url, p in problems.items() if p} == {}
    for url, soup in pages.items():
        assert soup.html.get("lang") == "da", url


def test_the_heading_check_catches_a_skipped_level():
    soup = BeautifulSoup("<h1>A</h1><h2>B</h2><h4>C</h4><h1>D</h1>", "html.parser")
    assert heading_problems(soup) == ["2 h1 elements", "h4 'C' follows h2"]


def test_long_minutes_have_a_sensible_heading_outline(pages):
    found = headings(pages[DAS_MEETING])
    assert found[0] == (1, "Møde den 25. maj 2020")
    assert (2, "Dagsorden") in found
    assert (2, "Sager til behandling") in found  # the document's groups
    assert (3, "7. Anmodning om takststigning på Aalborg Krisecenter") in found  # items
    assert (4, "Sagsfremstilling") in found  # their sections
    assert (4, "Ændring af takst på Svenstrupgård") in found  # item 10's untitled section


def test_editors_heading_levels_are_fitted_into_the_page_outline(tmp_path):
    """However an editor numbers sub-headings, the page skips no level."""
    site = make_site(tmp_path / "site", {
        "content/moeder/das/2020-05-25.md": """
            ---
            organ: das
            dato: 2020-05-25
            status: referat
            ---

            # Sager til behandling

            ## 1. Punkt med overskrifter i teksten

            ##### Dybt nede først

            Tekst.

            #### Så en niveau 4

            ###### og en niveau 6 under den

            ### Sagsfremstilling

            ###### Straks niveau 6

            Tekst.
            """,
        "content/moeder/kkr/2020-05-26.md": """
            ---
            organ: kkr
            dato: 2020-05-26
            status: dagsorden
            ---

            ## 1. Punkt uden grupper

            #### Underoverskrift i et punkt uden afsnit

            Tekst.
            """,
        "content/sider/om.md": """
            ---
            titel: Om os
            ---

            #### Indledning der springer over

            Tekst.

            ## Et afsnit

            ##### Under afsnittet

            Tekst.
            """,
    })
    build_site(site, tmp_path / "public")
    for url in ("/organer/das/2020-05-25/", "/organer/kkr/2020-05-26/", "/om/"):
        soup = _soup(tmp_path / "public", url)
        assert heading_problems(soup) == [], (url, headings(soup))
    das = headings(_soup(tmp_path / "public", "/organer/das/2020-05-25/"))
    assert das[-6:] == [(3, "1. Punkt med overskrifter i teksten"), (4, "Dybt nede først"),
                        (4, "Så en niveau 4"), (5, "og en niveau 6 under den"),
                        (4, "Sagsfremstilling"), (5, "Straks niveau 6")]


def test_landmarks_and_skip_link(pages):
    for url, soup in pages.items():
        body = soup.body
        first_link = body.find("a")
        assert "skip-link" in first_link.get("class", []), url
        assert first_link["href"] == "#indhold" and first_link.get_text(strip=True) == \
            "Gå til indhold", url
        mains = soup.find_all("main")
        assert len(mains) == 1 and mains[0].get("id") == "indhold", url
        assert len(body.find_all("header", recursive=False)) == 1, url
        assert len(body.find_all("footer", recursive=False)) == 1, url
        labels = []
        for nav in soup.find_all("nav"):
            if nav.get("aria-labelledby"):
                label = soup.find(id=nav["aria-labelledby"])
                assert label is not None, (url, nav["aria-labelledby"])
                labels.append(label.get_text(strip=True))
            else:
                assert nav.get("aria-label"), (url, "a navigation without a label")
                labels.append(nav["aria-label"])
        assert "Hovedmenu" in labels, url
        assert len(labels) == len(set(labels)), (url, labels)


def test_tables_have_headers_and_captions(pages):
    tables = 0
    for url, soup in pages.items():
        regions = [box.get("aria-label") for box in soup.select("main .tabel")]
        assert all(regions) and len(regions) == len(set(regions)), (url, regions)
        for table in soup.select("main table"):
            tables += 1
            caption = table.find("caption")
            assert caption is not None and caption.get_text(strip=True), (url, str(table)[:200])
            assert table.find("tr").find("th") is not None, (url, caption.get_text())
            for th in table.select("thead th"):
                assert th.get("scope") == "col", (url, th)
            box = table.parent
            assert "tabel" in box.get("class", []) and box.get("role") == "region", url
    assert tables >= 6  # the DAS minutes' tables and the agreement's approval steps


def test_every_link_makes_sense_out_of_context(pages):
    checked = 0
    for url, soup in pages.items():
        for link in soup.find_all("a"):
            text = " ".join(link.get_text(" ").split())
            name = link.get("aria-label") or text
            checked += 1
            assert name, (url, str(link))
            assert name.lower().strip(" .:!»«") not in VAGUE_LINK_TEXTS, (url, str(link))
    assert checked > 100


def test_a_vague_link_in_the_minutes_would_be_caught(tmp_path):
    site = make_site(tmp_path / "site", {"content/sider/om.md": """
        ---
        titel: Om os
        ---

        Læs om os [her](https://example.org/om).
        """})
    build_site(site, tmp_path / "public")
    links = [" ".join(a.get_text(" ").split()).lower()
             for a in _soup(tmp_path / "public", "/om/").find_all("a")]
    assert "her" in links and "her" in VAGUE_LINK_TEXTS


def test_attachment_links_name_number_title_type_and_size(tmp_path):
    site = make_site(tmp_path / "site", {
        "content/moeder/das/2020-05-25.md": """
            ---
            organ: das
            dato: 2020-05-25
            status: referat
            punkter:
              8:
                bilag:
                  - titel: Socialtilsyn Nords årsrapport 2019
                    fil: aarsrapport-2019.pdf
                    nummer: 4
            ---

            ## 8. Socialtilsyn Nords årsrapport 2019

            ### Referat

            Taget til efterretning.
            """,
        "content/moeder/das/aarsrapport-2019.pdf": b"%PDF-1.4\n" + b"0" * 1_200_000,
    })
    build_site(site, tmp_path / "public")
    soup = _soup(tmp_path / "public", "/organer/das/2020-05-25/")
    link = soup.select_one(".attachments a")
    assert link.get_text(strip=True) == \
        "Bilag 4: Socialtilsyn Nords årsrapport 2019 (PDF, 1,2 MB)"
    assert link["href"] == "/organer/das/2020-05-25/bilag/aarsrapport-2019.pdf"
    # Printed, the address is written out in full.
    assert link["data-print-url"] == \
        "https://test.example.org/organer/das/2020-05-25/bilag/aarsrapport-2019.pdf"


def test_footer_links_to_the_accessibility_statement(pages):
    config = yaml.safe_load((ROOT / "data" / "site.yaml").read_text(encoding="utf-8"))
    statement = config["tilgaengelighedserklaering"]
    assert statement.startswith("https://www.was.digst.dk/")
    for url, soup in pages.items():
        links = soup.select("footer a")
        match = [a for a in links if a.get_text(strip=True) == "Tilgængelighedserklæring"]
        assert len(match) == 1 and match[0]["href"] == statement, url


def test_meeting_pages_have_a_table_of_contents_and_nothing_hidden_without_javascript(pages):
    meetings = [url for url in pages if re.fullmatch(r"/organer/[^/]+/\d{4}-\d{2}-\d{2}/", url)]
    assert DAS_MEETING in meetings
    for url in meetings:
        soup = pages[url]
        items = soup.select("section.item")
        toc = soup.select_one("nav.toc")
        assert items and toc is not None, url
        for item in items:
            assert toc.find("a", href=f"#{item['id']}"), (url, item["id"])
            content = item.select_one(".item-content")
            assert content["id"] == f"{item['id']}-indhold", url
            assert item.select_one(".to-top a")["href"] == "#indholdsfortegnelse", url
        assert soup.select("main [hidden]") == [], url
        assert not soup.select("main button"), "fold buttons are made by site.js, not HTML"
        # The agenda comes before the list of participants (on a phone it would otherwise
        # start several screens down).
        people = soup.select_one("section.people")
        if people is not None:
            assert people in toc.find_all_next("section"), url
