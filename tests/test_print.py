"""A meeting prints as a clean document: Chromium's PDF of the DAS meeting of 25 May 2020,
read back with pdftotext. Every item is printed in full (whatever was folded on screen),
there is no navigation, search or footer, and no item title is left alone at the foot of a
page. The PDF and its first pages as PNG are kept beside the screenshots."""
from __future__ import annotations

import re
import subprocess

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import sync_playwright

from browser_site import DAS_MEETING, serve
from conftest import ROOT, build_site, make_site
from system_deps import CHROMIUM_ARGS, chromium, poppler

OUTPUT = ROOT / "tests" / ".screenshots"
# Text of the screen that has no place on paper.
NAVIGATION_LINES = {"Forside", "Organer", "Aftaler", "Søg", "DAS"}
NAVIGATION_TEXTS = ("Gå til indhold", "Til dagsordenen", "Tilgængelighedserklæring", "Fold alle ud",
                    "Fold alle sammen", "Søg på sitet", "Boulevarden 13", "Brødkrumme")


RUNNING_HEADER = "DAS · møde 25. maj 2020 · referat"
SOURCE_LINE = "Udskrevet fra https://www.rammeaftalernord.dk/organer/das/2020-05-25/"
PAGE_NUMBER = re.compile(r"Side (\d+) af (\d+)")


def _flat(text: str) -> str:
    return " ".join(text.split())


def _body_lines(page: str) -> list[str]:
    """A printed page's lines without its running header and footer (@page margin boxes)."""
    return [line.strip() for line in page.splitlines() if line.strip()
            and line.strip() not in (RUNNING_HEADER, SOURCE_LINE)
            and not PAGE_NUMBER.fullmatch(line.strip())]


@pytest.fixture(scope="module")
def printed(bundled_site):
    """The pages of the printed DAS meeting as text, after folding every item on screen."""
    OUTPUT.mkdir(parents=True, exist_ok=True)
    pdf = OUTPUT / "organer-das-2020-05-25-print.pdf"
    with serve(bundled_site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(base + DAS_MEETING)
        page.get_by_role("button", name="Fold alle sammen").click()
        assert page.locator(".item-content[hidden]").count() >= 10
        page.pdf(path=str(pdf), format="A4")
        browser.close()
    pdftotext, pdftoppm = poppler()
    text = subprocess.run([pdftotext, "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    subprocess.run([pdftoppm, "-png", "-r", "60", "-f", "1", "-l", "2", str(pdf),
                    str(OUTPUT / "organer-das-2020-05-25-print")], check=True)
    return text.split("\f")


@pytest.fixture(scope="module")
def item_titles(bundled_site) -> list[str]:
    html = (bundled_site / DAS_MEETING.strip("/") / "index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    return [_flat(h.get_text(" ")) for h in soup.select(".item-title")]


def test_every_item_is_printed_in_full_even_when_folded_on_screen(printed, item_titles,
                                                                  capsys):
    with capsys.disabled():
        print(f"\n[print] {len(printed) - 1} A4 pages: {OUTPUT}/organer-das-2020-05-25-print"
              ".pdf (first pages as PNG beside it)")
    text = _flat(" ".join(printed))
    assert len(printed) > 5
    assert "Møde den 25. maj 2020" in text
    assert "Sekretariat for rammeaftaler" in text  # the letterhead
    assert len(item_titles) == 13
    for title in item_titles:
        assert title in text, title
    for sentence in ("Dagsordenen blev godkendt", "Ændring af takst på Svenstrupgård",
                     "Tabel 1. Belægning på Aalborg Krisecenter"):
        assert sentence in text, sentence


def test_no_navigation_search_or_footer_on_paper(printed):
    lines = {line.strip() for page in printed for line in page.splitlines()}
    assert lines & NAVIGATION_LINES == set()
    text = _flat(" ".join(printed))
    assert [t for t in NAVIGATION_TEXTS if t in text] == []


def test_no_item_title_is_left_at_the_foot_of_a_page(printed, item_titles):
    """Each title is printed twice: in the agenda at the top, then over its item."""
    seen: dict[str, int] = {}
    stranded = []
    for number, page in enumerate(printed, start=1):
        lines = _body_lines(page)
        for index, line in enumerate(lines):
            starts = [t for t in item_titles if re.match(r"\d+\. ", line) and t.startswith(line)]
            for title in starts:
                seen[title] = seen.get(title, 0) + 1
                if seen[title] == 2 and index == len(lines) - 1 and number < len(printed):
                    stranded.append((number, line))
    assert all(seen.get(t) == 2 for t in item_titles), seen
    assert stranded == []


def test_every_sheet_names_the_meeting_its_source_and_its_page_number(printed):
    sheets = [page for page in printed if page.strip()]
    for number, page in enumerate(sheets, start=1):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        assert lines[0] == RUNNING_HEADER, (number, lines[:2])
        assert SOURCE_LINE in lines, number
        assert f"Side {number} af {len(sheets)}" in lines, (number, lines[-3:])


def test_the_agenda_starts_on_the_first_sheet_and_may_go_on_over_a_break(printed):
    """Kept whole, the agenda moved to page 2 and left the foot of page 1 blank."""
    first = _body_lines(printed[0])
    assert "Dagsorden" in first
    assert any(line.startswith("1. Godkendelse af dagsorden") for line in first)


def test_abbreviations_are_not_underlined_on_paper(bundled_site):
    with serve(bundled_site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(base + DAS_MEETING)
        page.emulate_media(media="print")
        lines = page.locator("main abbr[title]").evaluate_all(
            "abbrs => abbrs.map(a => getComputedStyle(a).textDecorationLine)")
        people = page.locator(".people-columns").evaluate("el => getComputedStyle(el).display")
        browser.close()
    assert lines and set(lines) == {"none"}, lines
    assert people == "grid"  # participants and absentees side by side


def test_links_to_other_sites_and_files_are_written_out(tmp_path):
    site = make_site(tmp_path / "site", {
        "content/moeder/das/2020-05-25.md": """
            ---
            organ: das
            dato: 2020-05-25
            status: referat
            punkter:
              1:
                bilag:
                  - titel: Årsrapport
                    fil: aarsrapport.pdf
                    nummer: 4
            ---

            ## 1. Orientering

            Se [Socialstyrelsens side](https://www.socialstyrelsen.dk/udmeldinger).
            """,
        "content/moeder/das/aarsrapport.pdf": b"%PDF-1.4\n",
    })
    build_site(site, tmp_path / "public")
    pdf = tmp_path / "print.pdf"
    with serve(tmp_path / "public") as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(base + DAS_MEETING)
        page.pdf(path=str(pdf), format="A4")
        browser.close()
    text = _flat(subprocess.run([poppler()[0], "-enc", "UTF-8", str(pdf), "-"],
                                capture_output=True, text=True, check=True).stdout)
    assert "Socialstyrelsens side (https://www.socialstyrelsen.dk/udmeldinger)" in text
    # (pdftotext joins an address broken over two lines at a hyphen without the hyphen)
    address = "https://test.example.org/organer/das/2020-05-25/bilag/aarsrapport.pdf"
    assert re.sub(r"[\s-]", "", f"Bilag 4: Årsrapport (PDF, 9 byte) – {address}") in \
        re.sub(r"[\s-]", "", text)
