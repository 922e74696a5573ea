"""Every page can be reached, and the menu says where the reader is: the footer links the
cases and the plain pages (such as /om-sitet/), and the menu marks the section of the page
shown, /sager/ under "For politikere"."""
from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from browser_site import html_pages
from conftest import build_site, make_site
from site_builder import urls


def soup(folder: Path, url: str) -> BeautifulSoup:
    path = folder / urls.output_path(url)
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def pages(bundled_site) -> dict[str, BeautifulSoup]:
    return {url: soup(bundled_site, url) for url in html_pages(bundled_site)}


def test_the_footer_links_the_cases_and_about_the_site_on_every_page(pages):
    for url, page in pages.items():
        footer = {a["href"]: a.get_text(strip=True) for a in page.select("footer a")}
        assert footer.get("/sager/") == "Sager", url
        assert footer.get("/om-sitet/") == "Om sitet", url


def test_no_page_is_an_orphan(pages):
    linked = {a["href"].split("#")[0].split("?")[0] for page in pages.values()
              for a in page.find_all("a", href=True)}
    orphans = [url for url in pages if url not in linked and url != "/404.html"]
    assert orphans == []


@pytest.mark.parametrize("url, current, state", [
    ("/", "/", "page"),
    ("/politikere/", "/politikere/", "page"),
    ("/sager/", "/politikere/", "true"),
    ("/sager/socialtilsyn-nord-aarsrapport-2019/", "/politikere/", "true"),
    ("/organer/das/", "/organer/", "true"),
    ("/organer/das/2020-05-25/", "/organer/", "true"),
    ("/soeg/", "/soeg/", "page"),
])
def test_the_menu_marks_the_current_section(pages, url, current, state):
    marked = {a["href"]: a["aria-current"] for a in pages[url].select("nav.site-nav a")
              if a.has_attr("aria-current")}
    assert marked == {current: state}


def test_a_site_without_plain_pages_has_no_dead_footer_link(tmp_path):
    site = make_site(tmp_path / "site", {})
    build_site(site)
    footer = [a["href"] for a in soup(site / "public", "/").select("footer a")]
    assert "/om-sitet/" not in footer and "/sager/" in footer
