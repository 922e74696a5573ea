"""Meeting times as editors write them on Danish agendas: 9.00, 9:00, kl. 9-12."""
from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from conftest import build_site, make_site

from site_builder.content.coerce import parse_time_range


@pytest.mark.parametrize("text, start, end", [
    ("9.00-12.00", (9, 0), (12, 0)), ("9:00 – 12:30", (9, 0), (12, 30)),
    ("10.30", (10, 30), None), ("9-12", (9, 0), (12, 0)), ("kl. 9-12", (9, 0), (12, 0)),
    ("9", (9, 0), None), ("kl 9 - 11.30", (9, 0), (11, 30)),
])
def test_accepted(text, start, end):
    parsed = parse_time_range(text)
    assert parsed.start == dt.time(*start)
    assert parsed.end == (dt.time(*end) if end else None)


@pytest.mark.parametrize("text", ["25", "930", "9-8", "9.5", "2020", "9.00-", "ni"])
def test_refused(text):
    assert parse_time_range(text) is None


def test_a_whole_hour_is_shown_as_danish_agendas_write_it(tmp_path):
    site = make_site(tmp_path / "site", {"content/moeder/das/2020-05-25.md": """\
        ---
        organ: das
        dato: 2020-05-25
        tid: kl. 9-12
        status: dagsorden
        ---

        ## 1. Godkendelse af dagsorden
        """})
    build_site(site, tmp_path / "public")
    page = BeautifulSoup((tmp_path / "public/organer/das/2020-05-25/index.html")
                         .read_text(encoding="utf-8"), "html.parser")
    assert "kl. 9.00–12.00" in page.get_text(" ")
