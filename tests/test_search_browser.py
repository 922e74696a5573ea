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


def test_the_index_loads_only_on_the_search_page_or_when_the_box_is_focused(page, site):
    base, requested = site
    requested.clear()
    page.goto(base + "/organer/das/2020-05-25/")
    page.wait_for_load_state("networkidle")
    assert not [p for p in requested if "indeks" in p or "lunr" in p], requested
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    with page.expect_response(lambda response: response.url.endswith(FIRST_FILE)) as response:
        page.locator("[data-search-box] input[name=q]").focus()
    assert response.value.ok
    assert FIRST_FILE in requested, requested
    for name in ("lunr", "lunr.stemmer.support", "lunr.da", "search-core", "search-page"):
        assert any(re.search(rf"/assets/{re.escape(name)}\.[0-9a-f]+\.js$", u) for u in asked)
    assert not [u for u in asked if "/soeg/soegeindeks." in u], asked  # no shard yet


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
