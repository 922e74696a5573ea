"""Search in a real headless Chromium, on the built site served over HTTP with a strict
Content Security Policy (no 'unsafe-inline'): typing into the search box, the results,
filters and the back button, keyboard-only use, lazy loading, and data shown as text."""
from __future__ import annotations

import contextlib
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page

from browser_site import Handler
from browser_site import serve as served
from conftest import build_site, make_site
from site_builder import urls

SOCIAL_2011 = {"/organer/socialdirektoerkredsen/2011-08-11/",
               "/organer/socialdirektoerkredsen/2011-10-06/"}
FIRST_FILE = urls.search_index()
class _Recording(Handler):
    requested: list[str]

    def do_GET(self):  # noqa: N802 (http.server's name)
        self.requested.append(self.path)
        super().do_GET()


@contextlib.contextmanager
def serve(folder: Path):
    """The built site on 127.0.0.1 (strict CSP); yields (base URL, requested paths)."""
    requested: list[str] = []
    with served(folder, type("Handler", (_Recording,), {"requested": requested})) as base:
        yield base, requested


@pytest.fixture(scope="module")
def site(bundled_site):
    with serve(bundled_site) as served:
        yield served


@pytest.fixture
def page(browser):
    """A fresh page; at the end, no script error and no CSP violation may have happened."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    page.on("console", lambda message: problems.append(message.text)
            if message.type == "error" and "favicon" not in (message.location or {}).get(
                "url", "") and "404" not in message.text else None)
    yield page
    context.close()
    assert not problems, problems


def _status(page: Page) -> str:
    return page.locator("[data-search-status]").inner_text()


def _wait_for_results(page: Page) -> str:
    page.wait_for_function(
        "() => / resultat/.test(document.querySelector('[data-search-status]').textContent)"
        " || /Ingen resultater/.test(document.querySelector('[data-search-status]').textContent)")
    return _status(page)


def _result_links(page: Page) -> list[str]:
    return page.locator(".search-result-title a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))")


def _search_from_header(page: Page, base: str, query: str, start: str = "/") -> list[str]:
    page.goto(base + start)
    page.locator("[data-search-box] input[name=q]").fill(query)
    page.locator("[data-search-box] input[name=q]").press("Enter")
    page.wait_for_url(re.compile(r"/soeg/\?q="))
    _wait_for_results(page)
    return _result_links(page)


def test_keyboard_only_search_for_an_inflected_word_finds_the_2011_items(page, site):
    base, _ = site
    page.goto(base + "/")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "q":
            break
    else:
        pytest.fail("the search box cannot be reached with Tab")
    page.keyboard.type("takstreduktionen")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/soeg/\?q=takstreduktionen$"))
    status = _wait_for_results(page)
    links = _result_links(page)
    assert status.startswith(f"{len(links)} resultater for »takstreduktionen«")
    assert links and all(re.fullmatch(
        r"/organer/socialdirektoerkredsen/2011-(08-11|10-06)/#punkt-\d+", link) for link in links)
    assert {link.split("#")[0] for link in links} == SOCIAL_2011
    marks = page.locator(".search-result mark").all_inner_texts()
    assert marks and all(m.lower().startswith("takstreduktion") for m in marks), marks
    # On to the first result with the keyboard alone.
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('.search-result-title') !== null"):
            break
    else:
        pytest.fail("no result link can be reached with Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(base + links[0])))
    assert page.locator(f"#{links[0].split('#')[1]}").is_visible()


def test_krisecenter_finds_item_7_of_the_das_meeting_at_its_anchor(page, site):
    base, _ = site
    links = _search_from_header(page, base, "krisecenter", start="/organer/")
    assert links[0] == "/organer/das/2020-05-25/#punkt-7"
    first = page.locator(".search-result").first
    assert "Anmodning om takststigning på Aalborg Krisecenter" in first.inner_text()
    assert "Den Administrative Styregruppe" in first.inner_text()
    assert "Møde den 25. maj 2020" in first.inner_text()
    assert first.locator("mark").all_inner_texts()[:2] == ["Krisecenter", "Krisecenter"]


def test_halfway_house_finds_both_2011_meetings(page, site):
    base, _ = site
    links = _search_from_header(page, base, "Halfway House")
    assert {link.split("#")[0] for link in links} == SOCIAL_2011


def test_filters_narrow_the_results_and_back_restores_them(page, site):
    base, _ = site
    everything = _search_from_header(page, base, "kommunerne")
    assert any(link.startswith("/organer/das/") for link in everything)
    assert any(link.startswith("/organer/socialdirektoerkredsen/") for link in everything)

    page.select_option("#soeg-organ", "das")
    page.wait_for_url(re.compile(r"organ=das"))
    das = _result_links(page)
    assert das and len(das) < len(everything)
    assert all(link.startswith("/organer/das/") for link in das)
    assert "med de valgte afgrænsninger" in _status(page)

    page.select_option("#soeg-aar", "2011")
    page.wait_for_url(re.compile(r"aar=2011"))
    assert _result_links(page) == [] and _status(page).startswith("Ingen resultater")

    page.select_option("#soeg-organ", "")
    page.select_option("#soeg-type", "aftale")
    page.wait_for_url(re.compile(r"type=aftale"))
    assert all(link.startswith("/aftaler/") for link in _result_links(page))

    page.go_back()
    page.go_back()
    page.wait_for_url(re.compile(r"\?q=kommunerne&organ=das&aar=2011$"))
    page.go_back()
    page.wait_for_url(re.compile(r"\?q=kommunerne&organ=das$"))
    _wait_for_results(page)
    assert _result_links(page) == das
    assert page.locator("#soeg-organ").input_value() == "das"
    page.go_back()
    page.wait_for_url(re.compile(r"\?q=kommunerne$"))
    assert _result_links(page) == everything


def test_a_query_without_hits_says_so_in_danish(page, site):
    base, _ = site
    assert _search_from_header(page, base, "xyzzyqwv") == []
    assert _status(page) == "Ingen resultater for »xyzzyqwv«."
    fallback = page.locator("[data-search-fallback]")
    assert fallback.is_visible()
    assert fallback.locator("a").evaluate_all("a => a.map(x => x.getAttribute('href'))") == [
        "/organer/", "/aftaler/"]


def test_punctuation_and_lunr_syntax_errors_do_not_break_the_search(page, site):
    base, _ = site
    assert _search_from_header(page, base, "»Krisecenter«,")[0] == \
        "/organer/das/2020-05-25/#punkt-7"
    links = _search_from_header(page, base, "titel: krisecenter^")
    assert "/organer/das/2020-05-25/#punkt-7" in links


SEARCH_FILES = re.compile(r"/soeg/(indeks|soegeindeks)|/assets/(lunr|search-core|search-query)")


def _recording(page: Page) -> list[str]:
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    return asked


def test_the_header_box_fetches_nothing_before_a_search(page, site):
    base, _ = site
    asked = _recording(page)
    page.goto(base + "/organer/das/2020-05-25/")
    page.wait_for_load_state("networkidle")
    assert not [u for u in asked if SEARCH_FILES.search(u) or "/soeg/" in u
                or "/assets/search" in u], asked  # not even a script for the box
    asked.clear()
    box = page.locator("[data-search-box] input[name=q]")
    box.focus()
    box.type("krisecenter")
    page.wait_for_timeout(800)  # what a prefetch would take to start
    assert asked == []
    box.press("Enter")
    page.wait_for_url(re.compile(r"/soeg/\?q=krisecenter$"))
    _wait_for_results(page)
    assert any(u.endswith(FIRST_FILE) for u in asked)


def test_the_search_page_fetches_nothing_before_a_search(page, site):
    base, _ = site
    asked = _recording(page)
    page.goto(base + "/soeg/")
    page.wait_for_load_state("networkidle")
    assert not [u for u in asked if SEARCH_FILES.search(u)], asked
    asked.clear()
    page.locator("#soeg-q").focus()
    page.keyboard.type("krisecenter")
    page.locator("#soeg-organ").focus()
    page.wait_for_timeout(800)
    assert asked == []
    page.locator("#soeg-q").press("Enter")
    _wait_for_results(page)
    assert _result_links(page)[0] == "/organer/das/2020-05-25/#punkt-7"
    for name in (FIRST_FILE, "/assets/lunr.", "/assets/lunr.da.", "/assets/search-core.",
                 "/assets/search-query.", "/soeg/soegeindeks."):
        assert any(name in u for u in asked), (name, asked)


def test_a_query_fetches_only_the_shards_it_needs(page, site, bundled_site):
    base, requested = site
    shards = len(list((bundled_site / "soeg").glob("soegeindeks.*.json")))
    requested.clear()
    assert _search_from_header(page, base, "krisecenter")[0] == \
        "/organer/das/2020-05-25/#punkt-7"
    fetched = [p for p in requested if p.startswith("/soeg/soegeindeks.")]
    # one term shard, the document shard of the one meeting found
    assert 2 <= len(fetched) <= 3 and len(fetched) * 5 < shards, (fetched, shards)


def test_more_results_are_shown_on_request_and_get_the_focus(page, site):
    base, _ = site
    links = _search_from_header(page, base, "a*")
    status = _status(page)
    total = int(re.search(r"af (\d+) resultater", status).group(1))
    assert len(links) == 20 < total and status.startswith("Viser de 20 bedste af")
    more = page.locator("[data-search-more]")
    assert more.is_visible()
    more.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(
        f"() => document.querySelectorAll('.search-result').length === {min(total, 40)}")
    after = _result_links(page)
    assert after[:20] == links and len(after) == min(total, 40)
    assert page.evaluate("document.activeElement.getAttribute('href')") == after[20]
    if total <= 40:
        assert not more.is_visible()
        assert _status(page) == f"Viser alle {total} resultater for »a*«."


def test_a_script_in_a_title_is_shown_as_text_and_never_run(browser, tmp_path):
    site = make_site(tmp_path / "site", {"content/moeder/das/2020-05-25.md": """
        ---
        organ: das
        dato: 2020-05-25
        status: referat
        ---

        ## 1. <script>window.__pwned=1</script> Testpunkt om skraldespande

        ### Referat

        Skraldespande &lt;img src=x onerror="window.__pwned=2"&gt; blev drøftet.
        """})
    build_site(site, tmp_path / "public")
    with serve(tmp_path / "public") as (base, _):
        context = browser.new_context()
        page = context.new_page()
        page.set_default_timeout(15000)
        page.goto(base + "/soeg/?q=skraldespande")
        _wait_for_results(page)
        title = page.locator(".search-result-title").inner_text()
        assert "<script>window.__pwned=1</script>" in title
        snippet = page.locator(".search-result-snippet").inner_text()
        assert '<img src=x onerror="window.__pwned=2">' in snippet
        assert page.locator(".search-results script, .search-results img").count() == 0
        assert page.evaluate("window.__pwned") is None
        context.close()


# What the search tips promise ------------------------------------------------------------

KRISECENTER = "/organer/das/2020-05-25/#punkt-7"  # "… takststigning på Aalborg Krisecenter"


def _search_here(page: Page, query: str) -> list[str]:
    """Searches from the search page's own box (the page is open)."""
    page.locator("#soeg-q").fill(query)
    page.locator("#soeg-q").press("Enter")
    page.wait_for_function(
        "q => new URLSearchParams(location.search).get('q') === q", arg=query)
    _wait_for_results(page)
    return _result_links(page)


def test_plus_minus_and_quotes_work_as_the_search_tips_say(page, site):
    base, _ = site
    assert _search_from_header(page, base, "krisecenter takstreduktion")[0] == KRISECENTER
    assert len(_result_links(page)) > 1
    assert _search_here(page, "+krisecenter takstreduktion") == [KRISECENTER]
    assert _search_here(page, "krisecenter -takststigning") == []
    assert _status(page) == "Ingen resultater for »krisecenter -takststigning«."
    assert _search_here(page, '"Aalborg Krisecenter"') == [KRISECENTER]
    assert _search_here(page, '"Krisecenter Aalborg"') == []  # not in this order


def test_a_one_letter_typo_shows_the_word_searched_instead(page, site):
    base, _ = site
    assert _search_from_header(page, base, "krisesenter") == [KRISECENTER]
    assert _status(page) == \
        "Viser resultater for »krisecenter« i stedet for »krisesenter«: 1 resultat."
    assert page.locator("[data-search-status]").get_attribute("aria-live") == "polite"
    assert page.locator(".search-result mark").first.inner_text() == "Krisecenter"
    links = _search_here(page, "specialundervisnig")
    assert links and _status(page).startswith(
        "Viser resultater for »specialundervisning« i stedet for »specialundervisnig«: ")


# Keyboard and history -----------------------------------------------------------------------

def _focused(page: Page) -> dict:
    return page.evaluate("""() => {
        const el = document.activeElement;
        return {heading: el.matches('[data-search-heading]'),
                href: el.getAttribute('href'), tag: el.tagName};
    }""")


def test_after_a_search_the_results_heading_has_the_focus_and_tab_reaches_the_first_result(
        page, site):
    base, _ = site
    for search in ("header", "here"):
        if search == "header":  # arriving at /soeg/?q=… from another page
            links = _search_from_header(page, base, "kommunerne")
        else:
            links = _search_here(page, "takstreduktion")
        assert _focused(page)["heading"], search
        heading = page.locator("[data-search-heading]")
        assert heading.evaluate("h => h.tagName") == "H2"
        assert heading.inner_text() == _status(page)
        page.keyboard.press("Tab")
        assert _focused(page)["href"] == links[0], search


def _watch_searches(page: Page) -> None:
    """Counts the searches the page starts from now on (each says "Søger …" first)."""
    page.evaluate("""() => {
        window.__searches = 0;
        const status = document.querySelector('[data-search-status]');
        new MutationObserver(() => {
            if (status.textContent.startsWith('Søger')) { window.__searches += 1; }
        }).observe(status, {childList: true, characterData: true, subtree: true});
    }""")


def test_arrowing_through_a_filter_neither_searches_nor_adds_history(page, site):
    base, _ = site
    page.goto(base + "/soeg/?q=kommunerne")
    _wait_for_results(page)
    everything = _result_links(page)
    entries = page.evaluate("history.length")
    _watch_searches(page)
    page.locator("#soeg-organ").focus()
    for _ in range(2):
        page.keyboard.press("ArrowDown")
    page.wait_for_timeout(500)
    chosen = page.locator("#soeg-organ").input_value()
    assert chosen  # the arrows moved through the list ...
    assert page.evaluate("history.length") == entries  # ... without a history entry
    assert page.evaluate("window.__searches") == 0 and _result_links(page) == everything
    assert page.url.endswith("/soeg/?q=kommunerne")
    page.keyboard.press("Tab")  # leaving the list chooses: one search, one entry
    page.wait_for_url(re.compile(rf"organ={chosen}$"))
    _wait_for_results(page)
    assert page.evaluate("history.length") == entries + 1
    assert page.evaluate("window.__searches") == 1
    assert all(link.startswith(f"/organer/{chosen}/") for link in _result_links(page))
    # Enter chooses too
    page.locator("#soeg-type").focus()
    page.keyboard.press("ArrowDown")
    page.wait_for_timeout(300)
    assert page.evaluate("window.__searches") == 1
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"type=punkt"))
    assert page.evaluate("history.length") == entries + 2


def _scroll_to_result(page: Page, index: int) -> float:
    page.locator(".search-result").nth(index).scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, 123)")
    page.wait_for_timeout(300)
    return page.evaluate("window.scrollY")


def test_back_from_a_result_returns_to_where_the_reader_was(page, site):
    base, _ = site
    page.goto(base + "/soeg/?q=a*")
    _wait_for_results(page)
    # further down the first page of results
    y = _scroll_to_result(page, 14)
    assert y > 500
    target = _result_links(page)[14]
    page.locator(".search-result-title a").nth(14).click()
    page.wait_for_url(re.compile(re.escape(target.split("#")[0])))
    page.go_back()
    page.wait_for_url(re.compile(r"/soeg/\?q=a\*$"))
    _wait_for_results(page)
    page.wait_for_function(f"() => Math.abs(window.scrollY - {y}) < 2", timeout=5000)
    # and after "Vis flere resultater"
    page.locator("[data-search-more]").click()
    # (the bundled site has over 40 results for "a*"; they appear as their files arrive)
    page.wait_for_function("() => document.querySelectorAll('.search-result').length === 40")
    shown = len(_result_links(page))
    y = _scroll_to_result(page, shown - 2)
    target = _result_links(page)[shown - 2]
    page.locator(".search-result-title a").nth(shown - 2).click()
    page.wait_for_url(re.compile(re.escape(target.split("#")[0])))
    page.go_back()
    page.wait_for_function(f"() => document.querySelectorAll('.search-result').length === {shown}")
    page.wait_for_function(f"() => Math.abs(window.scrollY - {y}) < 2", timeout=5000)


DANISH_MONTHS = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august",
                 "september", "oktober", "november", "december"]


def _meeting_dates(page: Page) -> list[tuple[int, int, int]]:
    dates = []
    for meta in page.locator(".search-result-meta").all_inner_texts():
        found = re.search(r"Møde den (\d+)\. (\w+) (\d{4})", meta)
        assert found, meta
        dates.append((int(found[3]), DANISH_MONTHS.index(found[2]) + 1, int(found[1])))
    return dates


def test_newest_first_orders_the_results_by_meeting_date(page, site):
    base, _ = site
    page.goto(base + "/soeg/?q=kommunerne&type=punkt")
    _wait_for_results(page)
    best = _result_links(page)
    assert _meeting_dates(page) != sorted(_meeting_dates(page), reverse=True)
    assert page.locator("label[for=soeg-sortering]").inner_text() == "Sortering"
    assert page.locator("#soeg-sortering").input_value() == ""  # relevance by default
    page.select_option("#soeg-sortering", "nyeste")
    page.wait_for_url(re.compile(r"sortering=nyeste"))
    _wait_for_results(page)
    assert sorted(_result_links(page)) == sorted(best)
    dates = _meeting_dates(page)
    assert dates == sorted(dates, reverse=True) and dates[0][0] == 2020
    assert "Afgræns resultaterne (1 valgt)" in page.locator(
        "details[data-search-filters] summary").inner_text()  # an order is no filter
