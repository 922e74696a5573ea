"""Search: the index file the build writes, Danish analysis identical to lunr.da.js, lunr.js
in Node agreeing with lunr.py on that very file, and nothing private in any search file."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from lunr.index import Index
from lunr.pipeline import Pipeline
from lunr.token import Token
from lunr.tokenizer import Tokenizer

from conftest import BUILD_DATE, ROOT, build_site, make_site, run_cli
from site_builder import search_danish, urls
from site_builder.pipeline import BuildOptions, load_and_check
from site_builder.search_index import search_documents

NODE_CHECK = ROOT / "tests" / "js" / "lunr-check.js"
SOCIAL_2011 = {"/organer/socialdirektoerkredsen/2011-08-11/",
               "/organer/socialdirektoerkredsen/2011-10-06/"}

# Plain words, inflected forms, +must, -must not, prefix*, field:, fuzzy~ and boost^.
QUERIES = [
    "kommunerne", "kommune", "rammeaftaler", "rammeaftalen", "takstreduktionen",
    "takstreduktion", "krisecenter", "krisecentre", "Halfway House", "Socialtilsyn Nord",
    "økonomiske styringsaftale", "+takst* +aalborg", "takst*", "rammeaftal*", "+halfway -oktober",
    "-krisecenter takst*", "titel:krisecenter", "titel:godkendelse referat", "organ:das takst*",
    "type:orientering", "dato:maj", "kommunerne~1", "krisecenter^10 takst*", "Boform Brovst",
]


def _search_file(output: Path) -> Path:
    page = BeautifulSoup((output / "soeg" / "index.html").read_text("utf-8"), "html.parser")
    return output / page.find(attrs={"data-search-page": True})["data-index"].lstrip("/")


def _node(request: dict, tmp_path: Path) -> dict:
    node = shutil.which("node")
    assert node, "the cross-check needs Node.js (`node` on PATH)"
    request_file = tmp_path / "request.json"
    request_file.write_text(json.dumps(request), encoding="utf-8")
    result = subprocess.run([node, str(NODE_CHECK), str(search_danish.mkdocs_search_folder()),
                             str(request_file)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _python_terms(words: list[str]) -> list[str | None]:
    pipeline = Pipeline()
    pipeline.add(search_danish.trimmer, search_danish.register(), search_danish.stemmer)
    return [(lambda out: str(out[0]) if out else None)(pipeline.run([Token(w)])) for w in words]


@pytest.fixture(scope="module")
def model(bundled_site):
    site, _ = load_and_check(BuildOptions(ROOT, bundled_site, BUILD_DATE, jobs=1))
    return site


@pytest.fixture(scope="module")
def search_file(bundled_site) -> Path:
    return _search_file(bundled_site)


@pytest.fixture(scope="module")
def search_data(search_file) -> dict:
    return json.loads(search_file.read_text("utf-8"))


@pytest.fixture(scope="module")
def python_index(search_data) -> Index:
    search_danish.register()  # the index names its search pipeline: stemmer-da
    return Index.load(search_data["index"])


# Danish analysis --------------------------------------------------------------------------

def test_trimmer_and_stemmer_handle_danish_words():
    assert search_danish.trim("»Krisecenter«,") == "Krisecenter"
    assert search_danish.trim("f.eks.") == "f.eks"
    assert search_danish.trim("2011") == ""  # lunr.da.js: digits are not word characters
    assert search_danish.stem("kommunerne") == search_danish.stem("kommune")
    assert search_danish.stem("rammeaftaler") == search_danish.stem("rammeaftalen")
    assert search_danish.stem("jazzen") == "jaz"  # lunr.da.js undoubles any consonant
    assert {"og", "være", "også"} <= set(search_danish.stop_words())


def _edge_words() -> list[str]:
    """Words where Snowball generations differ: doubled letters, apostrophes, accents."""
    stems = ["ka", "jazz", "hobby", "o'brien", "café", "müller", "quiz", "aak’s", "bo", "i"]
    endings = ["", "en", "er", "erne", "ernes", "s", "'s", "'", "ene", "hed", "heden", "igst",
               "løst", "elig", "ligt", "gt", "kt", "et", "ets"]
    doubles = [c * 2 for c in "bcdfghjklmnpqrstvwxzéüöø'"]
    words = {s + e for s in stems for e in endings}
    words |= {s + d + e for s in stems for d in doubles for e in endings}
    words |= {"2011", "§", "–", "f.eks.", "»citat«", "1.000", "x", "ø", "åå", "eeee"}
    return sorted(words)


def test_pipeline_agrees_with_lunr_da_js_on_every_indexed_word(model, tmp_path):
    words = {str(token) for document in search_documents(model)
             for value in document.fields.values() for token in Tokenizer(value)}
    words = sorted(words) + _edge_words()
    assert len(words) > 2000
    expected = _node({"words": words}, tmp_path)["terms"]
    actual = _python_terms(words)
    differences = [(w, a, e) for w, a, e in zip(words, actual, expected) if a != e]
    assert not differences, differences[:20]
    assert None in actual and "" in actual  # stopwords are dropped; numbers trimmed away


# The index file and its agreement with lunr.js ------------------------------------------

def test_lunr_js_in_node_agrees_with_lunr_py_on_the_built_index(search_file, python_index,
                                                                tmp_path):
    answer = _node({"index": str(search_file), "queries": QUERIES}, tmp_path)["results"]
    for query, node_hits in zip(QUERIES, answer):
        python_hits = python_index.search(query)
        assert python_hits, f"{query!r} finds nothing, so it checks nothing"
        assert [h["ref"] for h in node_hits] == [h["ref"] for h in python_hits], query
        for node_hit, python_hit in zip(node_hits, python_hits):
            assert abs(node_hit["score"] - python_hit["score"]) < 1e-6, query


def _urls(index: Index, data: dict, query: str) -> list[str]:
    return [data["docs"][int(hit["ref"])]["u"] for hit in index.search(query)]


def test_inflected_forms_find_the_same_documents(python_index, search_data):
    found = lambda query: _urls(python_index, search_data, query)  # noqa: E731
    assert found("kommunerne") == found("kommune")
    assert found("rammeaftaler") == found("rammeaftalen")
    takst = found("takstreduktionen")
    assert {u.split("#")[0] for u in takst} == SOCIAL_2011
    assert found("krisecenter")[0] == "/organer/das/2020-05-25/#punkt-7"


def test_one_document_per_item_agreement_part_and_page(search_data, model):
    docs = search_data["docs"]
    by_url: dict[str, list[dict]] = {}
    for doc in docs:
        by_url.setdefault(doc["u"], []).append(doc)
    for meeting in model.meetings:
        for item in meeting.items:
            [doc] = by_url[urls.item(meeting.body, meeting.date, item.number)]
            assert doc["t"] == item.title and doc["k"] == "punkt" and doc["o"] == meeting.body
    for agreement in model.agreements:
        assert len(by_url[agreement.url]) == 1 + len(agreement.sections)
    for page in model.pages:
        assert [d["k"] for d in by_url[page.url]] == ["side"]
    items = sum(len(m.items) for m in model.meetings)
    assert len(docs) == items + sum(1 + len(a.sections) for a in model.agreements) \
        + len(model.pages)
    assert search_data["index"]["fields"] == ["titel", "tekst", "organ", "type", "dato"]
    assert search_data["index"]["pipeline"] == ["stemmer-da"]


def test_titles_weigh_more_than_text(tmp_path):
    site = make_site(tmp_path / "site", {"content/moeder/das/2020-05-25.md": """
        ---
        organ: das
        dato: 2020-05-25
        status: referat
        ---

        ## 1. Budget og økonomi

        ### Referat

        Zebraovergangen blev nævnt. Zebraovergangen igen, og zebraovergangen en tredje gang.

        ## 2. Zebraovergangen ved rådhuset

        ### Referat

        Godkendt.
        """})
    build_site(site, tmp_path / "public")
    data = json.loads(_search_file(tmp_path / "public").read_text("utf-8"))
    search_danish.register()
    hits = Index.load(data["index"]).search("zebraovergangen")
    assert [data["docs"][int(h["ref"])]["u"] for h in hits] == [
        "/organer/das/2020-05-25/#punkt-2", "/organer/das/2020-05-25/#punkt-1"]


def test_a_site_without_documents_gets_an_empty_index_lunr_js_can_load(tmp_path):
    site = make_site(tmp_path / "site", {})
    report = build_site(site, tmp_path / "public")
    assert any(note.startswith("Søgeindeks: 0 dokumenter") for note in report.notes)
    answer = _node({"index": str(_search_file(tmp_path / "public")), "queries": ["kommune*"]},
                   tmp_path)
    assert answer["results"] == [[]]


def test_build_prints_index_size_raw_and_gzip(tmp_path):
    result = run_cli("--out", str(tmp_path / "public"), "--dato", "2020-06-01")
    assert result.returncode == 0, result.stderr
    [line] = [line for line in result.stdout.splitlines() if line.startswith("Søgeindeks:")]
    written = next((tmp_path / "public" / "soeg").glob("soegeindeks.*.json"))
    size = f"{written.stat().st_size:,}".replace(",", ".")
    assert f"({size} byte)" in line and "med gzip" in line and written.name in line


def test_search_files_are_fingerprinted_assets_taken_from_mkdocs(bundled_site, search_file):
    page = BeautifulSoup((bundled_site / "soeg" / "index.html").read_text("utf-8"),
                         "html.parser").find(attrs={"data-search-page": True})
    scripts = page["data-scripts"].split()
    folder = search_danish.mkdocs_search_folder()
    for url, (_, relative) in zip(scripts, search_danish.BROWSER_SCRIPTS, strict=True):
        assert (bundled_site / url.lstrip("/")).read_bytes() == (folder / relative).read_bytes()
    assert b"lunr - http://lunrjs.com" in (bundled_site / scripts[0].lstrip("/")).read_bytes()
    assert b"2.3.9" in (bundled_site / scripts[0].lstrip("/")).read_bytes()
    assert search_file.parent == bundled_site / "soeg"
    assert search_file.name.startswith("soegeindeks.") and len(search_file.suffixes) == 2
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True)
    assert not [p for p in tracked.stdout.splitlines() if Path(p).name.startswith("lunr")]


def test_only_the_search_page_loads_lunr_and_the_index(bundled_site, search_file):
    pages = sorted(bundled_site.rglob("*.html"))
    assert len(pages) > 10
    for path in pages:
        html = path.read_text("utf-8")
        soup = BeautifulSoup(html, "html.parser")
        box = soup.find("form", attrs={"data-search-box": True})
        assert box and box["action"] == "/soeg/" and box["method"] == "get", path
        field = box.find("input", attrs={"name": "q"})
        assert soup.find("label", attrs={"for": field["id"]}), path
        assert not soup.find("script", string=True), f"inline script in {path}"
        if path != bundled_site / "soeg" / "index.html":
            assert search_file.name not in html and "lunr" not in html, path


def test_search_page_without_javascript_says_so_and_links_to_the_archives(bundled_site):
    soup = BeautifulSoup((bundled_site / "soeg" / "index.html").read_text("utf-8"), "html.parser")
    page = soup.find(attrs={"data-search-page": True})
    assert "kræver JavaScript" in page.find(attrs={"data-search-status": True}).get_text()
    links = {a["href"] for a in page.find(attrs={"data-search-fallback": True}).find_all("a")}
    assert links == {"/organer/", "/aftaler/"}
    form = page.find("form", attrs={"data-search-form": True})
    assert form["action"] == "/soeg/" and form["method"] == "get"
    for name in ("q", "organ", "type", "aar"):
        control = form.find(attrs={"name": name})
        assert soup.find("label", attrs={"for": control["id"]}), name
    assert {o["value"] for o in form.find("select", attrs={"name": "organ"}).find_all("option")} \
        == {"", "das", "socialdirektoerkredsen"}


# Nothing private ---------------------------------------------------------------------------

def _search_output(output: Path) -> str:
    return "\n".join(p.read_text("utf-8") for p in (output / "soeg").iterdir()).lower()


def test_closed_seed_item_gives_only_its_title(bundled_site, search_data):
    # Item 2 of 2011-08-11 is closed: it names an employee's sick leave.
    [doc] = [d for d in search_data["docs"]
             if d["u"] == "/organer/socialdirektoerkredsen/2011-08-11/#punkt-2"]
    assert doc["t"].startswith("Orientering om Sekretariatets betjening") and doc["s"] == ""
    text = _search_output(bundled_site)
    for word in ("liljenberg", "elmgreen", "sygemeld", "vikar frem til"):
        assert word not in text


def test_closed_drafted_and_embargoed_text_is_in_no_search_file(tmp_path):
    meeting = """
        ---
        organ: das
        dato: {date}
        status: referat
        {extra}
        punkter:
          2:
            lukket: ja
        ---

        ## 1. Offentligt punkt {word}

        ### Referat

        Alle kan læse om offentligkanarie{word}.

        ## 2. Lukket punkt

        ### Referat

        Hemmeligkanarie{word} må ikke ud.
        """
    site = make_site(tmp_path / "site", {
        "content/moeder/das/2020-05-25.md": meeting.format(date="2020-05-25", extra="",
                                                           word="aaa"),
        "content/moeder/das/2020-04-01.md": meeting.format(date="2020-04-01",
                                                           extra="kladde: ja", word="bbb"),
        "content/moeder/das/2020-03-01.md": meeting.format(
            date="2020-03-01", extra="offentlig_fra: 2020-07-01", word="ccc"),
    })
    build_site(site, tmp_path / "public")
    text = _search_output(tmp_path / "public")
    assert "offentligkanarieaaa" in text  # the public item is indexed (stemmed: -e)
    assert "lukket punkt" in text  # the closed item's title is
    for secret in ("hemmeligkanarie", "offentligkanariebbb", "offentligkanarieccc"):
        assert secret not in text
