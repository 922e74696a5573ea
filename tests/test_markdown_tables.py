"""What the site adds to tables from the editors' Markdown (markdown_html.py)."""
from __future__ import annotations

from bs4 import BeautifulSoup

from site_builder.content.markdown_html import render


def test_number_cells_are_marked_for_right_alignment():
    html = render("| Kommune | Pladser | Andel | Note |\n|---|---|---|---|\n"
                  "| Aalborg | 1.234 | 92,1 % | ca. 40 |\n| Hjørring | 12* | -5 | 2011-14113 |\n", 2)
    cells = BeautifulSoup(html, "html.parser").select("td")
    assert [("num" in (c.get("class") or [])) for c in cells] == [
        False, True, True, False, False, True, True, False]
