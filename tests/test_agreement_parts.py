"""An agreement's parts have anchors of their own: the agreement page, the search index and
the link check take them from one function (urls.part_anchors), so a search hit on a part
lands on the part, and an editor's link to a part is checked like a link to an item."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import build_site, make_site
from site_builder import urls
from site_builder.problems import SiteError

AGREEMENT = "aftaler/nordjysk-socialaftale-2021-2022"


def test_part_anchors_are_slugs_made_unique_and_never_an_id_of_the_page():
    headings = ["Vision", "Vision", "Godkendelsesforløb", "日本", "Fokusområde 3: Færre ressourcer"]
    assert urls.part_anchors(headings) == [
        "vision", "vision-2", "godkendelsesforloeb-3", "del-4",
        "fokusomraade-3-faerre-ressourcer"]


def test_the_page_and_the_search_index_agree_on_each_part_s_anchor(bundled_site):
    page = BeautifulSoup((bundled_site / AGREEMENT / "index.html").read_text(encoding="utf-8"),
                         "html.parser")
    ids = [h3["id"] for h3 in page.select("section.agreement-part > h3")]
    assert "vision" in ids
    shown = []
    for shard in (bundled_site / "soeg").glob("soegeindeks.*.json"):
        data = json.loads(shard.read_text(encoding="utf-8"))
        shown += [d["u"] for d in data.get("d", []) if d["u"].startswith(f"/{AGREEMENT}/")]
    parts = sorted(u.split("#", 1)[1] for u in shown if "#" in u)
    assert parts == sorted(ids)
    assert f"/{AGREEMENT}/" in shown  # the agreement's introduction: the page itself


def test_the_search_results_show_the_period_with_an_en_dash(bundled_site):
    shown = []
    for shard in (bundled_site / "soeg").glob("soegeindeks.*.json"):
        shown += json.loads(shard.read_text(encoding="utf-8")).get("d", [])
    periods = {d["dt"] for d in shown if d["u"].startswith(f"/{AGREEMENT}/")}
    assert periods == {"Periode 2021\u20132022"}


AGREEMENT_FILE = """\
    ---
    titel: Socialaftale 2030
    periode: 2030
    status: udkast
    ---

    Indledning.

    ## Vision

    Tekst.
    """


@pytest.mark.parametrize("anchor, ok", [("vision", True), ("godkendelsesforloeb", True),
                                        ("visionen", False)])
def test_links_to_a_part_of_an_agreement_are_checked(tmp_path: Path, anchor: str, ok: bool):
    site = make_site(tmp_path / "site", {
        "content/aftaler/socialaftale-2030.md": AGREEMENT_FILE,
        "content/sider/om.md": f"""\
            ---
            titel: Om
            ---

            Se [visionen](/aftaler/socialaftale-2030/#{anchor}).
            """,
    })
    if ok:
        build_site(site, tmp_path / "public")
        return
    with pytest.raises(SiteError) as error:
        build_site(site, tmp_path / "public")
    assert "#visionen" in str(error.value) or "visionen" in str(error.value)

