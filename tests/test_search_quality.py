"""Search quality (issue 13): every judged query of tests/search_judgements.yaml, on the
bundled site and a 40-meeting synthetic archive, run through the built search - lunr.js with
the built search-core.js in Node, and the search page /soeg/ in headless Chromium, typed as a
reader types it - must put the judged results in the top 3, find nothing where nothing may be
found, and show the page's notices. benchmarks/search_quality.py prints the same set's
recall@3 and MRR beside Pagefind's."""
from __future__ import annotations

import contextlib
import json
import re
from pathlib import Path

import pytest
import search_quality_harness as harness
from bs4 import BeautifulSoup
from browser_site import serve
from test_search import _documents_shown, _first_file, _search_in_node

from site_builder import urls

JUDGED = harness.load()
IN_NODE = [judged for judged in JUDGED if not judged.page_only]


def _ids(cases: list[harness.Judged]) -> list[str]:
    return [judged.id for judged in cases]


@pytest.fixture(scope="session")
def quality_sites(tmp_path_factory) -> dict[str, Path]:
    """The bundled site and the synthetic archive, built once for the session."""
    return harness.build_sites(tmp_path_factory.mktemp("search-quality"))


def _urls_by_ref(output: Path) -> list[str]:
    count = json.loads(_first_file(output).read_text("utf-8"))["count"]
    return [doc["u"] for doc in _documents_shown(output, [str(ref) for ref in range(count)])]


@pytest.fixture(scope="session")
def node_answers(quality_sites, tmp_path_factory) -> dict[tuple[str, str], harness.Answer]:
    """(site, query) -> lunr.js's results through search-core.js on the built files."""
    answers = {}
    for site, output in quality_sites.items():
        queries = sorted({judged.q for judged in IN_NODE if judged.site == site})
        answer = _search_in_node(output, queries, tmp_path_factory.mktemp(f"node-{site}"))
        refs = _urls_by_ref(output)
        for query, results in zip(queries, answer["results"]):
            answers[site, query] = harness.Answer.of_links(
                [refs[int(hit["ref"])] for hit in results])
    return answers


@pytest.fixture(scope="module")
def search_pages(browser, quality_sites):
    """site -> its search page in Chromium, the site served on 127.0.0.1 (strict CSP)."""
    with contextlib.ExitStack() as stack:
        pages = {}
        for site, output in quality_sites.items():
            base = stack.enter_context(serve(output))
            pages[site] = harness.SearchPage(browser, base)
            stack.callback(pages[site].close)
        yield pages


# The judged set itself ------------------------------------------------------------------------

def test_the_judged_set_covers_what_issue_13_asks():
    kinds = {judged.kind for judged in JUDGED}
    assert len(JUDGED) >= 60
    assert set(harness.KINDS) <= kinds, set(harness.KINDS) - kinds
    assert {judged.site for judged in JUDGED} == set(harness.SITES)
    assert len({judged.id for judged in JUDGED}) == len(JUDGED)  # no query judged twice
    assert sum(judged.empty for judged in JUDGED) >= 5


def _anchors(html: str) -> set[str]:
    return set(re.findall(r'\sid="([^"]+)"', html))


def test_every_judged_url_is_a_page_or_an_anchor_the_build_wrote(quality_sites):
    missing = []
    for judged in JUDGED:
        output = quality_sites[judged.site]
        for url in sorted(judged.urls()):
            path, _, anchor = url.partition("#")
            page = output / urls.output_path(path)
            if not page.is_file() or (anchor and anchor not in _anchors(page.read_text("utf-8"))):
                missing.append(f"{judged.id}: {url}")
    assert not missing, missing


def _page_texts(output: Path) -> str:
    return "\n".join(" ".join(BeautifulSoup(p.read_text("utf-8"), "html.parser").get_text(" ")
                              .split()) for p in output.rglob("*.html")).lower()


def test_what_must_not_be_found_is_in_the_sources_and_on_no_page(quality_sites):
    """The private probes are real: their text is in a source file, and no page shows it."""
    wrong = []
    for site, output in quality_sites.items():
        sources = harness.source_folder(site, output)
        source = "\n".join(p.read_text("utf-8") for folder in ("content", "data")
                           for p in sorted((sources / folder).rglob("*"))
                           if p.suffix in (".md", ".yaml")).lower()
        pages = _page_texts(output)
        for judged in (j for j in JUDGED if j.empty and j.site == site):
            word = judged.q.lower()
            if word not in source or word in pages:
                wrong.append(judged.id)
    assert not wrong, wrong


# The judgements -------------------------------------------------------------------------------

@pytest.mark.parametrize("judged", IN_NODE, ids=_ids(IN_NODE))
def test_lunr_in_node_puts_the_judged_results_first(judged, node_answers):
    answer = node_answers[judged.site, judged.q]
    wrong = harness.problems(judged, answer)
    assert not wrong, f"{judged.note}; found {answer.first()[:5]}: {wrong}"


@pytest.mark.parametrize("judged", JUDGED, ids=_ids(JUDGED))
def test_the_search_page_in_chromium_puts_the_judged_results_first(judged, search_pages):
    page = search_pages[judged.site]
    answer = page.search(judged)
    assert not page.errors, page.errors
    wrong = harness.problems(judged, answer)
    assert not wrong, f"{judged.note}; found {answer.first()[:5]}: {wrong}"
