"""The layout of the bundled site in headless Chromium, measured: the long minutes' heading
hierarchy and right edges, phones (header, agenda, tables), navigation and the search page.
Each test names the review finding it keeps fixed (/tmp/review-visual.md, December 2026)."""
from __future__ import annotations

import pytest
from playwright.sync_api import Page

from browser_site import DAS_MEETING, DESKTOP, PHONE, page_opener

SDK_2011_08 = "/organer/socialdirektoerkredsen/2011-08-11/"  # no groups, a closed item
SDK_2011_10 = "/organer/socialdirektoerkredsen/2011-10-06/"  # no groups


@pytest.fixture
def open_page(browser, base):
    """open_page(url, viewport) -> a loaded page; script errors fail the test."""
    with page_opener(browser, base) as open_:
        yield open_


def _style(page: Page, selector: str, *properties: str) -> dict:
    return page.locator(selector).first.evaluate(
        "(el, props) => Object.fromEntries(props.map(p => [p, getComputedStyle(el)[p]]))",
        list(properties))


def _box(page: Page, selector: str) -> dict:
    return page.locator(selector).first.bounding_box()


# 3. Long minutes ---------------------------------------------------------------------------

def test_item_titles_have_one_size_with_or_without_groups(open_page):
    sizes = {}
    for url in (DAS_MEETING, SDK_2011_10):
        page = open_page(url)
        tag = page.locator(".item-title").first.evaluate("el => el.tagName")
        sizes[tag] = _style(page, ".item-title", "fontSize")["fontSize"]
    assert set(sizes) == {"H2", "H3"}  # SDK has no groups: its item titles are h2
    assert len(set(sizes.values())) == 1, sizes


def test_section_headings_are_stronger_than_the_sub_headings_inside_them(open_page):
    page = open_page(DAS_MEETING)
    section = _style(page, "#punkt-3 .section-heading", "fontSize", "fontWeight", "color",
                     "textTransform", "borderTopWidth")
    sub = _style(page, "#punkt-3 .prose h5", "fontSize", "fontWeight", "color")
    assert float(section["fontSize"][:-2]) > float(sub["fontSize"][:-2]), (section, sub)
    assert int(section["fontWeight"]) >= int(sub["fontWeight"])
    assert section["color"] == sub["color"]  # both the text colour, not a grey label
    assert section["textTransform"] == "none" and section["borderTopWidth"] != "0px"


def test_agenda_items_and_group_headings_share_one_right_edge(open_page):
    page = open_page(DAS_MEETING)
    edges = {selector: round(_box(page, selector)["x"] + _box(page, selector)["width"])
             for selector in ("header.meeting-header", "nav.toc", "section.item",
                              "h2.group-heading", ".fold-all")}
    assert len(set(edges.values())) == 1, edges
    # and running text keeps a readable measure (at most 40rem, about 68 characters)
    width = _box(page, "#punkt-3 .prose p")["width"]
    assert width <= 40 * 16 + 1, width


def test_on_a_phone_the_header_is_slim_and_the_agenda_starts_on_the_first_screen(open_page):
    page = open_page(DAS_MEETING, PHONE)
    header = _box(page, "header.site-header")
    assert header["height"] <= 160, header
    assert not page.locator("header [data-search-box]").is_visible()  # the menu has "Søg"
    assert page.locator("nav.site-nav a[href='/soeg/']").is_visible()
    toc = _box(page, "nav.toc")
    assert toc["y"] < PHONE["height"], toc
    # The participants come after the agenda, not before it.
    assert _box(page, "section.people")["y"] > toc["y"] + toc["height"]


def test_a_closed_item_has_no_fold_button_and_its_tag_stays_with_its_title(open_page):
    page = open_page(SDK_2011_08, PHONE)
    assert page.locator("#punkt-2.item-closed .item-title button").count() == 0
    assert page.locator("#punkt-3 .item-title button").count() == 1
    link = page.locator("nav.toc a[href='#punkt-2']")
    tag = link.locator(".tag")
    assert tag.inner_text() == "Lukket punkt"
    # The tag sits inside the link, right of the item number, not under the next item's.
    number = _box(page, "nav.toc a[href='#punkt-2'] .toc-number")
    assert tag.bounding_box()["x"] > number["x"] + number["width"]


# 4. Tables on phones ------------------------------------------------------------------------

def test_wide_tables_scroll_with_a_visible_cue_instead_of_being_squeezed(open_page):
    page = open_page(DAS_MEETING, PHONE)
    box = page.locator("#punkt-9 .tabel").first
    state = box.evaluate("""b => ({scroll: b.scrollWidth, client: b.clientWidth,
        first: b.querySelector('tbody tr > :first-child').getBoundingClientRect().width,
        background: getComputedStyle(b).backgroundImage,
        hint: b.previousElementSibling && b.previousElementSibling.className,
        hintShown: b.previousElementSibling.checkVisibility()})""")
    assert state["scroll"] > state["client"], state
    assert state["first"] >= 11 * 16 - 1, state  # row labels keep 11rem
    assert state["background"].count("gradient") == 4, state  # the edge shadows
    assert state["hint"] == "tabel-hint" and state["hintShown"], state
    assert "skub den til siden" in page.locator(".tabel-hint").first.inner_text()
    # At 1280 px the same table fits: no hint.
    wide = open_page(DAS_MEETING)
    assert not wide.locator("#punkt-7 .tabel-hint").first.is_visible()


def test_dates_in_tables_keep_to_one_line_and_bodies_are_abbreviated_on_phones(open_page):
    url = "/aftaler/nordjysk-socialaftale-2021-2022/"
    page = open_page(url, PHONE)
    lines = page.locator(".tabel td time").evaluate_all(
        "times => times.map(t => t.getClientRects().length)")
    assert lines and set(lines) == {1}, lines
    organs = page.locator(".tabel tbody td:nth-child(2)").all_inner_texts()
    assert organs[:3] == ["DAS", "DAS", "KKR"], organs
    desktop = open_page(url)
    organs = desktop.locator(".tabel tbody td:nth-child(2)").all_inner_texts()
    assert organs[0] == "Den Administrative Styregruppe på socialområdet", organs


def test_numeric_cells_are_right_aligned_with_tabular_figures(open_page):
    """The builder marks a cell that holds a number with class="num" (see the report for
    markdown_html.py); the style sheet aligns such cells and sets every table's figures
    in equal widths."""
    page = open_page(DAS_MEETING)
    cell = page.locator("#punkt-7 table tbody td").nth(1)
    cell.evaluate("td => td.classList.add('num')")
    style = cell.evaluate("td => [getComputedStyle(td).textAlign, "
                          "getComputedStyle(td).fontVariantNumeric]")
    assert style == ["right", "tabular-nums"], style


def test_data_page_field_names_are_never_broken_inside_a_word(open_page):
    for viewport in (DESKTOP, PHONE):
        page = open_page("/data/", viewport)
        broken = page.locator("table th code").evaluate_all(
            "codes => codes.filter(c => c.getClientRects().length > 1).map(c => c.textContent)")
        assert broken == [], (viewport, broken)


# 5. Navigation and the search page -----------------------------------------------------------

def _search(open_page, url: str, viewport: dict) -> Page:
    page = open_page(url, viewport)
    page.wait_for_function(
        "() => document.querySelectorAll('[data-search-results] > li').length > 0")
    return page


def test_the_search_page_has_one_search_box(open_page):
    for viewport in (DESKTOP, PHONE):
        page = _search(open_page, "/soeg/?q=krisecenter", viewport)
        visible = [f for f in page.locator("input[name=q]").all() if f.is_visible()]
        assert len(visible) == 1 and visible[0].get_attribute("id") == "soeg-q", viewport


def test_on_a_phone_the_first_result_is_on_the_first_screen(open_page):
    page = _search(open_page, "/soeg/?q=krisecenter&organ=das", PHONE)
    first = _box(page, "[data-search-results] > li")
    assert first["y"] < PHONE["height"] - 60, first
    filters = page.locator("details[data-search-filters]")
    assert filters.evaluate("d => d.open") is False
    assert page.locator("details[data-search-filters] summary").inner_text() == \
        "Afgræns resultaterne (1 valgt)"
    # The help is one line until asked for.
    assert page.locator("details.search-help").evaluate("d => d.open") is False
    page.locator("details.search-help summary").click()
    assert page.locator("#soeg-hjaelp").is_visible()


def test_on_a_desktop_the_filters_are_open_on_one_row(open_page):
    page = _search(open_page, "/soeg/?q=krisecenter", DESKTOP)
    assert page.locator("details[data-search-filters]").evaluate("d => d.open") is True
    tops = {round(_box(page, f"#soeg-{name}")["y"]) for name in ("organ", "type", "aar")}
    assert len(tops) == 1, tops
    page.select_option("#soeg-type", "aftale")
    page.wait_for_url("**type=aftale")
    assert page.locator("details[data-search-filters] summary").inner_text() == \
        "Afgræns resultaterne (1 valgt)"


def test_without_javascript_the_search_filters_are_not_folded(open_page):
    page = open_page("/soeg/", PHONE, java_script_enabled=False)
    assert page.locator("#soeg-organ").is_visible()


# Further findings ------------------------------------------------------------------------------

def test_abbreviations_in_links_and_glossaries_have_no_second_underline(open_page):
    page = open_page("/")
    in_link = page.locator("main a abbr[title]")
    assert in_link.count() >= 1
    assert in_link.first.evaluate("a => getComputedStyle(a).textDecorationLine") == "none"
    # Running text keeps the dotted line that says "there is more to know here".
    meeting = open_page(DAS_MEETING)
    assert "underline" in meeting.locator("main p abbr[title]").first.evaluate(
        "a => getComputedStyle(a).textDecorationLine")
    glossary = open_page("/politikere/")
    lines = glossary.locator(".glossary-short abbr").evaluate_all(
        "abbrs => abbrs.map(a => getComputedStyle(a).textDecorationLine)")
    assert set(lines) <= {"none"}, lines


def test_one_button_folds_and_unfolds_all_items_and_says_which(open_page):
    page = open_page(DAS_MEETING)
    buttons = page.locator(".fold-all button")
    assert buttons.count() == 1 and buttons.inner_text() == "Fold alle sammen"
    buttons.click()
    assert buttons.inner_text() == "Fold alle ud"
    page.locator("#punkt-3-titel button").click()  # one open again: folding all is next
    assert buttons.inner_text() == "Fold alle sammen"


def test_folded_items_are_evenly_spaced_and_wrapped_titles_hang(open_page):
    page = open_page(DAS_MEETING, PHONE)
    page.locator(".fold-all button").click()
    gaps = page.locator("section.item:not(.item-closed)").evaluate_all("""items =>
        items.map(item => { const s = item.getBoundingClientRect(),
                                  t = item.querySelector('.item-title').getBoundingClientRect();
                            return [t.top - s.top, s.bottom - t.bottom]; })""")
    assert all(abs(above - below) <= 3 for above, below in gaps), gaps
    lines = page.locator("#punkt-6-titel button").evaluate("""button => {
        const number = button.querySelector('.item-number').getBoundingClientRect();
        const text = [...button.childNodes].find(n => n.nodeType === 3 && n.textContent.trim());
        const range = document.createRange(); range.selectNodeContents(text);
        return {number: number.right, lines: [...range.getClientRects()].map(r => r.left)};
    }""")
    assert len(lines["lines"]) >= 2, lines  # the title wraps at 360 px
    assert all(left > lines["number"] for left in lines["lines"]), lines
    assert len({round(left) for left in lines["lines"]}) == 1, lines


def test_til_dagsordenen_is_a_24_px_target_that_leads_to_the_agenda(open_page):
    page = open_page(DAS_MEETING, PHONE)
    link = page.locator("#punkt-7 .to-top a")
    assert link.inner_text() == "Til dagsordenen"
    assert link.bounding_box()["height"] >= 24
    link.click()
    page.wait_for_url("**#indholdsfortegnelse")
    assert 8 <= _box(page, "#indholdsfortegnelse")["y"] < 100  # with room above it


def test_explanations_outside_prose_keep_a_readable_measure(open_page):
    for url in ("/abonner/", "/data/", "/kalender/", "/organer/kkr/"):
        page = open_page(url)
        widths = page.locator("main > p, main section > p, .occasion-description").evaluate_all(
            "els => els.map(e => e.getBoundingClientRect().width)")
        assert widths and max(widths) <= 40 * 16 + 1, (url, max(widths))


def test_the_politicians_timeline_keeps_its_columns(open_page):
    page = open_page("/politikere/")
    lefts = page.locator(".process-who").evaluate_all(
        "els => els.map(e => Math.round(e.getBoundingClientRect().left))")
    assert len(set(lefts)) == 1, lefts  # "senest 1. december 2020" no longer pushes it
    political = page.locator(".process-step-political .tag-political")
    assert political.count() >= 1 and political.first.inner_text() == "Politisk behandling"


def test_glossary_terms_are_separated_on_phones_and_quotes_are_upright(open_page):
    page = open_page("/ordliste/", PHONE)
    dt = _style(page, ".glossary dt", "borderTopWidth", "color")
    assert dt["borderTopWidth"] == "1px" and dt["color"] == "rgb(20, 80, 110)"  # --brand
    quote = open_page(SDK_2011_08)
    style = _style(quote, "blockquote", "fontStyle", "color")
    inner = _style(quote, "blockquote em", "fontStyle")
    assert style == {"fontStyle": "normal", "color": "rgb(27, 36, 48)"}  # --ink, not muted
    assert inner["fontStyle"] == "normal"


def test_on_a_phone_the_politicians_summary_is_on_the_first_screen(open_page):
    page = open_page("/politikere/", PHONE)
    glance = _box(page, ".at-a-glance")
    assert glance["y"] + glance["height"] <= PHONE["height"], glance
