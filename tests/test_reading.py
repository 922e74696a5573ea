"""Reading a meeting in ten seconds (issue 16), measured in Chromium on the bundled site:
decisions first, the page map, tables on a phone, search words marked on arrival; and in
the built HTML: feeds announced, no empty tabs, agreements list where they were discussed."""
from __future__ import annotations

import re
import shutil

import pytest
from bs4 import BeautifulSoup

from browser_site import DAS_MEETING, DESKTOP, PHONE, page_opener
from conftest import ROOT, build_site
from site_builder import urls

AGREEMENT = "/aftaler/nordjysk-socialaftale-2021-2022/"


@pytest.fixture
def open_page(browser, base):
    """open_page(url, viewport) -> a loaded page; script errors fail the test."""
    with page_opener(browser, base, console_errors=True) as open_:
        yield open_


def soup(folder, url: str) -> BeautifulSoup:
    return BeautifulSoup((folder / urls.output_path(url)).read_text(encoding="utf-8"),
                         "html.parser")


# 1. Decisions first ------------------------------------------------------------------------

def test_every_decision_shows_within_2000_px_of_the_folded_page(open_page, bundled_site):
    html = soup(bundled_site, DAS_MEETING)
    decided = [item["id"] for item in html.select("section.item")
               if item.select_one(".prose.decision")]
    assert len(decided) == 12  # item 12 (Næste møde) records no decision
    page = open_page(DAS_MEETING)
    page.locator(".fold-all-button").click()
    assert page.locator(".fold-all-button").inner_text() == "Fold alle ud"
    lines = page.locator(".decision-summary").evaluate_all("""els => els.map(e => ({
        item: e.closest('.item').id, visible: e.checkVisibility(),
        bottom: e.getBoundingClientRect().bottom + scrollY,
        text: e.textContent}))""")
    assert [line["item"] for line in lines] == decided
    for line in lines:
        assert line["visible"] and line["bottom"] <= 2000, line
        assert line["text"].startswith("Beslutning: ")
    # the summary is the decision's own text, and the full sections stay in their order
    seven = html.select_one("#punkt-7")
    assert seven.select_one(".decision-summary").get_text() == \
        "Beslutning: DAS godkendte takststigningen"
    assert [h.get_text() for h in seven.select(".section-heading")] == [
        "Resumé", "Baggrund", "Sagsfremstilling", "Indstilling", "Referat"]
    # Unfolded, the summary sits right under the title, before the item's content.
    page.locator(".fold-all-button").click()
    first = page.locator("#punkt-3 .decision-summary").bounding_box()
    title = page.locator("#punkt-3 .item-title").bounding_box()
    content = page.locator("#punkt-3 .item-content").bounding_box()
    assert title["y"] < first["y"] < content["y"]


# 2. The page map ---------------------------------------------------------------------------

def test_the_page_map_stays_in_view_and_marks_the_item_in_view(open_page, bundled_site):
    page = open_page(DAS_MEETING)
    page_map = page.locator("nav.page-map")
    assert page_map.is_visible()
    groups = page_map.locator("p").all_inner_texts()
    assert groups[:2] == ["Velkomst", "Sager til behandling"]
    assert page_map.locator("a").count() == 13
    for target in ("punkt-7", "punkt-9", "punkt-3"):
        page.evaluate("id => document.getElementById(id).scrollIntoView()", target)
        page.wait_for_function(
            "id => document.querySelector(`.page-map a[href='#${id}']`)"
            ".getAttribute('aria-current') === 'location'", arg=target)
        assert page.locator(".page-map a[aria-current]").count() == 1
        box = page_map.bounding_box()
        assert 0 <= box["y"] < DESKTOP["height"], box  # sticky: still on the screen
        link = page.locator(f".page-map a[href='#{target}']").bounding_box()
        assert 0 <= link["y"] < DESKTOP["height"], link
    # it sits in the right column, beside the items
    item = page.locator("#punkt-3").bounding_box()
    assert box["x"] >= item["x"] + item["width"]
    # Without JavaScript it is there, as links; on a phone the agenda does its job.
    assert soup(bundled_site, DAS_MEETING).select_one("nav.page-map a[href='#punkt-7']")
    phone = open_page(DAS_MEETING, PHONE)
    assert not phone.locator("nav.page-map").is_visible()
    assert phone.locator("nav.toc").is_visible()


# 3. Tables on phones -----------------------------------------------------------------------

CLIPPED = """() => {
  const width = document.documentElement.clientWidth, bad = [];
  for (const cell of document.querySelectorAll('main td, main th, main caption')) {
    if (!cell.checkVisibility() || cell.closest('.visually-hidden, thead.visually-hidden')
        || getComputedStyle(cell.closest('thead') || cell).clipPath !== 'none') continue;
    const r = cell.getBoundingClientRect();
    if (!r.width) continue;
    const box = cell.closest('.tabel');
    const scrolls = box && box.scrollWidth > box.clientWidth + 1;
    let inside;
    if (scrolls) {
      const b = box.getBoundingClientRect();
      const left = b.left - box.scrollLeft, right = left + box.scrollWidth;
      inside = r.left >= left - 1 && r.right <= right + 1 && b.left >= -1 && b.right <= width + 1;
      if (cell.tagName === 'CAPTION') inside = r.left >= -1 && Math.min(r.right, b.right) <= width + 1;
    } else {
      inside = r.left >= -1 && r.right <= width + 1;
    }
    if (!inside) bad.push(cell.textContent.trim().slice(0, 40) + ' ' + Math.round(r.left) + '-' + Math.round(r.right));
  }
  return bad;
}"""


@pytest.mark.parametrize("url", [DAS_MEETING, AGREEMENT])
def test_no_table_cell_is_clipped_on_a_phone(open_page, url):
    page = open_page(url, PHONE)
    assert page.evaluate(CLIPPED) == []


def test_narrow_tables_stack_with_labelled_cells_and_wide_ones_pin_their_first_column(open_page):
    page = open_page(DAS_MEETING, PHONE)
    table = page.locator("#punkt-7 .tabel").nth(1)  # Krisecentre: 3 columns
    assert "tabel-stack" in table.get_attribute("class")
    takst = table.locator("td", has_text="2.719*")
    assert takst.get_attribute("data-label") == "Døgntakst"
    box = takst.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    label = takst.evaluate("td => getComputedStyle(td, '::before').content")
    assert label == '"Døgntakst: "'
    assert table.locator("table").get_attribute("role") == "table"  # still a table
    assert takst.get_attribute("role") == "cell"
    wide = page.locator("#punkt-9 .tabel").first  # four columns: scrolls
    assert "tabel-stack" not in wide.get_attribute("class")
    first = wide.locator("tbody tr > :first-child").first
    before = first.bounding_box()["x"]
    wide.evaluate("box => { box.scrollLeft = 200; }")
    assert abs(first.bounding_box()["x"] - before) < 1  # pinned
    # The agreement's approval table shows its outcome column on a phone.
    agreement = open_page(AGREEMENT, PHONE)
    outcome = agreement.locator(".tabel td[data-label='Udfald']").first
    box = outcome.bounding_box()
    assert box and box["x"] + box["width"] <= PHONE["width"]
    # At 1280 px the same tables are ordinary tables.
    wide_page = open_page(DAS_MEETING)
    cell = wide_page.locator("#punkt-7 .tabel").nth(1).locator("td").first
    assert cell.evaluate("td => getComputedStyle(td).display") == "table-cell"


# 4. Arriving from search -------------------------------------------------------------------

def test_search_words_are_marked_on_arrival_and_can_be_removed(open_page):
    page = open_page("/soeg/?q=krisecenter")
    page.wait_for_function("() => document.querySelectorAll('.search-result').length > 0")
    link = page.locator(".search-result-title a").first
    assert link.get_attribute("href") == DAS_MEETING + "#punkt-7"
    link.click()
    page.wait_for_url(re.compile(r"/organer/das/2020-05-25/#punkt-7$"))  # its own address
    page.wait_for_selector("#punkt-7 mark.search-mark")
    marked = page.locator("#punkt-7 mark.search-mark").all_inner_texts()
    assert len(marked) >= 5 and all(m.lower().startswith("krisecent") for m in marked), marked
    assert page.locator("mark.search-mark").count() == len(marked)  # the target item only
    assert page.locator("#punkt-3 mark").count() == 0
    bar = page.locator("#punkt-7 [data-marked]")
    assert bar.is_visible() and f"({len(marked)})" in bar.inner_text()
    bar.locator("button", has_text="Fjern markeringen").click()
    assert page.locator("mark.search-mark").count() == 0
    assert page.locator("[data-marked]").count() == 0
    assert "soegeord" not in page.url and page.url.endswith("#punkt-7")
    assert "Aalborg Krisecenter" in page.locator("#punkt-7 .item-title").inner_text()
    # Reloaded, the page is plain again; an address with ?soegeord= marks, as a link can.
    page.reload()
    page.wait_for_load_state("load")
    assert page.locator("mark.search-mark").count() == 0
    linked = open_page(DAS_MEETING + "?soegeord=takst#punkt-7")
    linked.wait_for_selector("#punkt-7 mark.search-mark")
    assert {m.lower() for m in linked.locator("mark").all_inner_texts()} >= {"takststigning"}


# 5.-7. Agreements, feeds, no empty promises ----------------------------------------------

def test_the_agreement_lists_the_items_that_discussed_it_newest_first(bundled_site):
    page = soup(bundled_site, AGREEMENT)
    heading = page.find(id="behandlet")
    links = [a["href"] for a in heading.find_next("ul", class_="discussed").select("a")]
    assert DAS_MEETING + "#punkt-4" in links
    dates = [t["datetime"] for t in heading.find_next("ul").select("time")]
    assert dates == sorted(dates, reverse=True) and len(dates) == len(links) >= 1


def test_an_item_that_links_to_an_agreement_is_listed_on_it(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(ROOT / "content", site / "content")
    shutil.copytree(ROOT / "data", site / "data")
    meeting = site / "content" / "moeder" / "das" / "2020-05-25.md"
    text = meeting.read_text(encoding="utf-8")
    text = text.replace("Orienteringen blev taget til efterretning.",
                        "Orienteringen blev taget til efterretning, se [den gamle aftale]"
                        "(/aftaler/nordjysk-socialaftale-2018-2020/).", 1)
    meeting.write_text(text, encoding="utf-8")
    older = site / "content" / "moeder" / "socialdirektoerkredsen" / "2011-08-11.md"
    text = older.read_text(encoding="utf-8").replace(
        "## 5. Orientering om sekretariatets logo og status på hjemmeside\n\n### Referat\n",
        "## 5. Orientering om sekretariatets logo og status på hjemmeside\n\n### Referat\n\n"
        "Se [aftalen](https://www.rammeaftalernord.dk/aftaler/nordjysk-socialaftale-2018-2020/).\n", 1)
    older.write_text(text, encoding="utf-8")
    build_site(site)
    page = soup(site / "public", "/aftaler/nordjysk-socialaftale-2018-2020/")
    links = [a["href"] for a in page.select("ul.discussed a")]
    assert DAS_MEETING + "#punkt-10" in links, links
    assert links[-1] == "/organer/socialdirektoerkredsen/2011-08-11/#punkt-5", links
    dates = [t["datetime"] for t in page.select("ul.discussed time")]
    assert dates == sorted(dates, reverse=True), dates


def test_front_and_body_pages_announce_their_feed(bundled_site):
    for url, feed in (("/", urls.feed(urls.ALL)), ("/organer/das/", urls.feed("das"))):
        page = soup(bundled_site, url)
        alternate = page.select('head link[rel="alternate"][type="application/atom+xml"]')
        assert [link["href"] for link in alternate] == [feed], url
        assert (bundled_site / feed.lstrip("/")).is_file()
    body = soup(bundled_site, "/organer/das/")
    main = body.find("main")
    assert len(main.find_all("a", href=urls.feed("das"))) == 1
    assert len(main.find_all("a", href=urls.calendar_file("das"))) == 1
    subscribe = main.find(id="abonner").find_parent("section")
    assert subscribe.find("a", href=urls.feed("das")) and \
        subscribe.find("a", href=urls.calendar_file("das"))


@pytest.mark.parametrize("example", ["syddanmark", "midtjylland"])
def test_the_example_sites_show_no_empty_tabs(tmp_path, example):
    output = tmp_path / "public"
    build_site(ROOT / "examples" / example, output)
    for url in ("/", "/organer/"):
        page = soup(output, url)
        tabs = [a.get_text(strip=True) for a in page.select("nav.site-nav a")]
        assert "Aftaler" not in tabs and "For politikere" not in tabs, tabs
        assert {"Forside", "Organer", "Kalender", "Søg"} <= set(tabs)
        footer = [a["href"] for a in page.select("footer a")]
        assert "/aftaler/" not in footer
        assert "Der er ingen aftaler" not in page.get_text()
    # the pages themselves are still made (public addresses are a contract)
    assert (output / "aftaler" / "index.html").is_file()


def test_the_bundled_site_keeps_its_tabs_and_no_link_says_only_her(bundled_site):
    tabs = [a.get_text(strip=True) for a in soup(bundled_site, "/").select("nav.site-nav a")]
    assert "Aftaler" in tabs and "For politikere" in tabs
    vague = re.compile(r"^(her|klik her|læs mere|link)$", re.IGNORECASE)
    for path in bundled_site.rglob("*.html"):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        assert not [a for a in page.select("a") if vague.match(a.get_text(strip=True))], path
