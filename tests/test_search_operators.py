"""The search page's query language in Node, as the page runs it (search-query.js on top of
search-core.js, through tests/js/search-in-node.js): +word requires, -word excludes, a
quoted phrase requires its words in order, lunr's own syntax still means what lunr says, a
one-letter typo is searched as the word it misses (fetching few shards), and the results
can be ordered newest first. The browser runs the same files (test_search_browser.py)."""
from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from benchmarks.synthetic import generate
from site_builder import urls
from site_builder.pipeline import BuildOptions, build
from site_builder.search import shards
from test_search import _node

KRISECENTER = "/organer/das/2020-05-25/#punkt-7"  # "… takststigning på Aalborg Krisecenter"
SOCIAL_2011 = ("/organer/socialdirektoerkredsen/2011-08-11/",
               "/organer/socialdirektoerkredsen/2011-10-06/")


def _core(output: Path) -> Path:
    page = BeautifulSoup((output / "soeg" / "index.html").read_text("utf-8"), "html.parser")
    [core] = [s["src"] for s in page.find_all("script", src=True) if "/search-core." in s["src"]]
    return output / core.lstrip("/")


def _ask(output: Path, queries: list, tmp_path: Path, **extra) -> dict:
    request = dict({"output": str(output), "first": urls.search_index(),
                    "core": str(_core(output)), "queries": queries, "fresh": True}, **extra)
    return _node(request, tmp_path)


def _page(output: Path, queries: list, tmp_path: Path) -> list[tuple[list[str], str | None]]:
    """Per query: the addresses of the first 20 results as the page shows them, and what
    was searched instead (or None)."""
    answer = _ask(output, queries, tmp_path, page=True)
    return list(zip(answer["shown"], answer["corrected"]))


def test_plus_requires_and_minus_excludes(bundled_site, tmp_path):
    found = dict(zip(["a", "b", "c", "d"], _page(bundled_site, [
        "krisecenter", "krisecenter -takststigning", "krisecenter takstreduktion",
        "+krisecenter takstreduktion"], tmp_path)))
    assert found["a"][0] == [KRISECENTER]
    assert found["b"][0] == []  # item 7 has "takststigning" in its title
    assert KRISECENTER in found["c"][0] and any(u.startswith(SOCIAL_2011) for u in found["c"][0])
    assert found["d"][0] == [KRISECENTER]


def test_a_phrase_requires_its_words_in_the_order_given(bundled_site, tmp_path):
    found = [shown for shown, _ in _page(bundled_site, [
        '"Aalborg Krisecenter"', '"Krisecenter Aalborg"', "»aalborg krisecenter«",
        '+"aalborg krisecenter" takst', '-"aalborg krisecenter" krisecenter',
        '"Orientering om centrale udmeldinger"', "halfway-house", "house-halfway",
        '"halfway house"'], tmp_path)]
    assert found[0] == [KRISECENTER] and found[2] == [KRISECENTER]
    assert found[1] == []  # both words are in item 7, never in this order
    assert found[3] == [KRISECENTER]
    assert found[4] == []
    # "om" is a stopword: the index has no such word, so it is not required
    assert found[5] == ["/organer/das/2020-05-25/#punkt-9"]
    # a hyphenated word is its parts in order, as the index splits it
    assert found[6] and found[6] == found[8]
    assert found[7] == []


def test_lunr_syntax_means_what_lunr_says(bundled_site, tmp_path):
    """For queries in lunr's own syntax the page finds what lunr.js finds (and lunr.js
    agrees with lunr.py: test_search.py)."""
    queries = ["kommunerne", "takst*", "+halfway -oktober", "titel:krisecenter",
               "kommunerne~1", "krisecenter^10 takst*", "-krisecenter", "organ:das takst*",
               "+titel:takst* +aalborg"]
    plain = _ask(bundled_site, queries, tmp_path)["results"]
    page = _ask(bundled_site, queries, tmp_path, page=True, documents=1)["results"]
    for query, expected, got in zip(queries, plain, page):
        assert expected, query
        assert [h["ref"] for h in got] == [h["ref"] for h in expected], query


def test_punctuation_and_broken_syntax_never_fail(bundled_site, tmp_path):
    queries = ["»Krisecenter«,", "titel: krisecenter^", "krisecenter~", "+", "-", '"', "**",
               "titel:", ":krisecenter", "krise\\center", "^2 krisecenter", "krisecenter:"]
    for query, (shown, _) in zip(queries, _page(bundled_site, queries, tmp_path)):
        if re.search("krisecenter", query) and "\\" not in query:
            assert KRISECENTER in shown, query


def test_a_one_letter_typo_is_searched_as_the_word_it_misses(bundled_site, tmp_path):
    found = _page(bundled_site, ["krisesenter", "Krisesenter", "kirsecenter", "krisecnter",
                                 "specialundervisnig", "xyzzyqwv", "kommunerne",
                                 "+krisesenter -aalborg"], tmp_path)
    assert found[0] == ([KRISECENTER], "krisecenter")
    assert found[1] == ([KRISECENTER], "Krisecenter")
    assert found[2] == ([KRISECENTER], "krisecenter")  # two letters swapped
    assert found[3][1] == "krisecenter"  # a letter missing
    assert found[4][0] and found[4][1] == "specialundervisning"
    assert found[5] == ([], None)
    assert found[6][1] is None  # a word the index has is never replaced
    assert found[7] == ([], None)  # corrected, it still finds nothing: nothing to show


@pytest.fixture(scope="module")
def small_shards(tmp_path_factory):
    """A 40-meeting synthetic archive with small term shards (many prefixes)."""
    site = tmp_path_factory.mktemp("synthetic") / "site"
    generate(site, 40, seed=3)
    limit = shards.TERM_SHARD_LIMIT
    shards.TERM_SHARD_LIMIT = 300
    try:
        build(BuildOptions(site, site / "public", dt.date(2026, 1, 15), jobs=1))
    finally:
        shards.TERM_SHARD_LIMIT = limit
    return site / "public"


def test_a_typo_fetches_only_the_shards_its_neighbours_can_be_in(small_shards, tmp_path):
    first = json.loads((small_shards / urls.search_index().lstrip("/")).read_text("utf-8"))
    term_shards = {urls.search_shard(name) for _, name, *_ in first["terms"]}
    answer = _ask(small_shards, ["socialaftale", "socialaftlae", "sociaalftale"], tmp_path,
                  page=True, documents=1)
    assert answer["corrected"] == [None, "socialaftale", "socialaftale"]
    assert answer["results"][1] == answer["results"][0] == answer["results"][2]
    for fetched in answer["fetched"][1:]:
        fetched_terms = [url for url in fetched if url in term_shards]
        assert 0 < len(fetched_terms) * 10 < len(term_shards), (len(fetched_terms),
                                                                len(term_shards))


def _dates(shown: list[str]) -> list[str]:
    return [m.group(0) for u in shown for m in [re.search(r"\d{4}-\d{2}-\d{2}", u)] if m]


def test_newest_first_orders_the_results_by_date(bundled_site, tmp_path):
    [(best, _), (newest, _), (filtered, _)] = _page(bundled_site, [
        {"q": "kommunerne", "type": "punkt"},
        {"q": "kommunerne", "type": "punkt", "sortering": "nyeste"},
        {"q": "kommunerne", "organ": "socialdirektoerkredsen", "sortering": "nyeste"}],
        tmp_path)
    assert sorted(best) == sorted(newest) and best != newest
    assert _dates(newest) == sorted(_dates(best), reverse=True)
    assert len(_dates(newest)) == len(newest)
    assert filtered and all(u.startswith(SOCIAL_2011) for u in filtered)
    assert _dates(filtered) == sorted(_dates(filtered), reverse=True)


def test_the_first_file_dates_every_meeting_item(bundled_site):
    first = json.loads((bundled_site / urls.search_index().lstrip("/")).read_text("utf-8"))
    days = []
    for run in first["catalogue"]["d"]:
        days += [run[0]] * run[1] if isinstance(run, list) else [run]
    assert len(days) == first["count"]
    epoch = dt.date(1970, 1, 1)
    dates = {(epoch + dt.timedelta(days=d)).isoformat() for d in days if d}
    assert {"2011-08-11", "2011-10-06", "2020-05-25"} <= dates


def test_documents_without_a_date_in_their_address_are_dated_by_their_content(bundled_site):
    """An agreement by its last approval, a case page by its last step: the newest-first
    order does not put them at 1 January of their first year, nor last."""
    from test_search import _documents_shown

    first = json.loads((bundled_site / urls.search_index().lstrip("/")).read_text("utf-8"))
    days = []
    for run in first["catalogue"]["d"]:
        days += [run[0]] * run[1] if isinstance(run, list) else [run]
    shown = _documents_shown(bundled_site, [str(ref) for ref in range(first["count"])])
    epoch = dt.date(1970, 1, 1)
    dated = {doc["u"]: (epoch + dt.timedelta(days=day)).isoformat()
             for doc, day in zip(shown, days) if day}
    agreement = "/aftaler/nordjysk-socialaftale-2021-2022/"
    assert dated[agreement] == "2020-09-14"  # approved by the last body then
    assert all(dated[url] == "2020-09-14" for url in dated if url.startswith(agreement + "#"))
    assert dated["/sager/centrale-udmeldinger-2020/"] == "2020-12-01"
    assert dated["/sager/socialtilsyn-nord-aarsrapport-2019/"] == "2020-06-30"
    assert "/sager/socialaftale-2021-2022/" not in dated  # no dated step: no date
