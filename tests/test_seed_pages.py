"""The real documents, converted: every item, section, person and table reaches its page."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import ROOT, build_site, make_site, output_files

SEED_MEETINGS = {
    # meeting file -> number of agenda items in the original document
    "content/moeder/socialdirektoerkredsen/2011-08-11.md": 7,
    "content/moeder/socialdirektoerkredsen/2011-10-06.md": 12,
    "content/moeder/das/2020-05-25.md": 13,
    "examples/syddanmark/content/moeder/socialdirektoerforum/2011-08-16.md": 13,
}


def _front_and_body(path: Path) -> tuple[dict, str]:
    _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
    return yaml.safe_load(front), body


def _page_for(source: Path, output: Path) -> BeautifulSoup:
    html = (output / "organer" / source.parent.name / source.stem / "index.html")
    return BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def syddanmark(tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("syd") / "public"
    build_site(ROOT / "examples" / "syddanmark", output)
    return output


@pytest.mark.parametrize("relative", sorted(SEED_MEETINGS))
def test_meeting_page_has_every_item_section_and_person(relative, bundled_site, syddanmark):
    source = ROOT / relative
    output = syddanmark if relative.startswith("examples/") else bundled_site
    front, body = _front_and_body(source)
    page = _page_for(source, output)
    text = page.get_text(" ")

    items = re.findall(r"^## (\d+)\. (.+)$", body, re.MULTILINE)
    assert len(items) == SEED_MEETINGS[relative]
    closed = {n for n, props in (front.get("punkter") or {}).items()
              if props and props.get("lukket") in ("ja", True)}
    for number, title in items:
        section = page.find(id=f"punkt-{number}")
        assert section is not None, f"no anchor #punkt-{number}"
        assert title.strip() in section.get_text(" "), title
        assert page.find("nav", class_="toc").find("a", href=f"#punkt-{number}")

    for number, section_text in _sections_by_item(body).items():
        if int(number) in closed:
            continue
        item_text = page.find(id=f"punkt-{number}").get_text(" ")
        for heading in section_text:
            assert heading in item_text, f"item {number}: section {heading!r} missing"

    for person in (front.get("deltagere") or []) + (front.get("afbud") or []):
        name = person if isinstance(person, str) else person["navn"]
        assert name in text, name

    tables_in_source = len(re.findall(r"^\|[-| :]+\|$", body, re.MULTILINE))
    assert len(page.select("main table")) == tables_in_source


def _sections_by_item(body: str) -> dict[str, list[str]]:
    result: dict[str, list[str]] = {}
    current = None
    for line in body.splitlines():
        item = re.match(r"^## (\d+)\. ", line)
        if item:
            current = item.group(1)
            result[current] = []
        elif current and (heading := re.match(r"^#{3,5} (.+)$", line)):
            result[current].append(heading.group(1).strip().strip("*"))
    return result


def test_das_meeting_of_25_may_2020(bundled_site):
    page = _page_for(ROOT / "content/moeder/das/2020-05-25.md", bundled_site)
    assert page.find("h1").get_text(strip=True) == "Møde den 25. maj 2020"
    assert "kl. 9.00–12.00" in page.get_text()
    caption = page.find("caption", string="Tabel 1. Belægning på Aalborg Krisecenter")
    table = caption.find_parent("table")
    assert [th.get_text(strip=True) for th in table.select("thead th")] == ["", "2017", "2018",
                                                                            "2019"]
    assert "Aalborg Krisecenter" in page.find(id="punkt-7").get_text()
    groups = [h.get_text(strip=True) for h in page.select("h2.group-heading")]
    assert groups == ["Velkomst", "Sager til behandling", "Sager til orientering",
                      "Afslutning", "Kommunale sager"]


def test_body_page_lists_meetings_by_year_newest_first(bundled_site):
    page = BeautifulSoup((bundled_site / "organer" / "socialdirektoerkredsen" /
                          "index.html").read_text(), "html.parser")
    years = [h.get_text(strip=True) for h in page.select("main h3[id^=aar-]")]
    assert years == sorted(years, reverse=True)
    links = [a["href"] for a in page.select("section[aria-labelledby=aar-2011] a")]
    assert links == ["/organer/socialdirektoerkredsen/2011-10-06/",
                     "/organer/socialdirektoerkredsen/2011-08-11/"]


def test_minutes_approved_at_the_next_meeting_are_shown_as_approved(bundled_site):
    page = _page_for(ROOT / "content/moeder/socialdirektoerkredsen/2011-08-11.md",
                     bundled_site)
    status = page.find(class_="meeting-status")
    assert "Godkendt den 6. oktober 2011" in status.get_text(" ", strip=True)
    assert status.find("a")["href"] == "/organer/socialdirektoerkredsen/2011-10-06/"


def test_public_urls(bundled_site):
    expected = ["index.html", "404.html", "sitemap.xml", "robots.txt",
                "organer/index.html", "organer/das/index.html",
                "organer/das/2020-05-25/index.html",
                "organer/socialdirektoerkredsen/2011-08-11/index.html",
                "aftaler/index.html", "aftaler/nordjysk-socialaftale-2021-2022/index.html",
                "om-sitet/index.html"]
    for relative in expected:
        assert (bundled_site / relative).is_file(), relative
    for path in bundled_site.rglob("*"):
        relative = path.relative_to(bundled_site).as_posix()
        assert re.fullmatch(r"[a-z0-9./_-]+", relative), relative


def test_sitemap_lists_every_page(bundled_site):
    sitemap = (bundled_site / "sitemap.xml").read_text()
    assert "<loc>https://www.rammeaftalernord.dk/organer/das/2020-05-25/</loc>" in sitemap
    assert "404" not in sitemap


def test_closed_item_text_reaches_no_output(tmp_path):
    canary = "KANARIE-7f3a-lukket"
    site = make_site(tmp_path / "site", {
        "content/moeder/das/2020-05-25.md": f"""
            ---
            organ: das
            dato: 2020-05-25
            status: referat
            punkter:
              2:
                lukket: ja
                sagsnr: {canary}-sagsnr
                bilag:
                  - titel: {canary} bilag
                    fil: hemmelig.pdf
            ---

            ## 1. Åbent punkt

            Åben tekst.

            ## 2. Personalesag

            ### Sagsfremstilling

            {canary} må aldrig offentliggøres.
            """,
        "content/moeder/das/hemmelig.pdf": b"%PDF-1.4 " + canary.encode(),
    })
    build_site(site)
    files = output_files(site / "public")
    assert "organer/das/2020-05-25/index.html" in files
    leaks = [name for name, data in files.items() if canary.encode() in data]
    assert leaks == []
    page = BeautifulSoup(files["organer/das/2020-05-25/index.html"], "html.parser")
    assert "Personalesag" in page.find(id="punkt-2").get_text()
    assert "Lukket punkt" in page.find(id="punkt-2").get_text()


@pytest.mark.parametrize("example", ["syddanmark", "midtjylland"])
def test_example_sites_build(example, tmp_path):
    report = build_site(ROOT / "examples" / example, tmp_path / "public")
    assert report.pages >= 5
    assert (tmp_path / "public" / "index.html").is_file()


def test_midtjylland_note_restored_danish_letters(tmp_path):
    build_site(ROOT / "examples" / "midtjylland", tmp_path / "public")
    html = (tmp_path / "public" / "organisering" / "index.html").read_text()
    assert "tværkommunale koordinering på det specialiserede område" in html
    assert "feelles" not in html and " pa " not in html
