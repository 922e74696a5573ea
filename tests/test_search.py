"""Search: the index files the build writes, Danish analysis identical to lunr.da.js, lunr.js
in Node (through search-core.js, on the shards the build wrote) agreeing with lunr.py's whole
index, the payload a query fetches, and nothing private in any search file."""
from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import random
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import BUILD_DATE, ROOT, build_site, make_site, run_cli
from lunr.index import Index
from lunr.pipeline import Pipeline
from lunr.token import Token
from lunr.tokenizer import Tokenizer
from lunr_reference import lunr_py_index

from benchmarks.synthetic import generate
from site_builder import urls
from site_builder.pipeline import BuildOptions, build, load_and_check
from site_builder.search import analysis as search_danish
from site_builder.search import index_builder as search_build
from site_builder.search import shards as search_shards
from site_builder.search.index import FIELDS, search_documents

NODE_CHECK = ROOT / "tests" / "js" / "search-in-node.js"
SOCIAL_2011 = {"/organer/socialdirektoerkredsen/2011-08-11/",
               "/organer/socialdirektoerkredsen/2011-10-06/"}
SYNTHETIC_DATE = dt.date(2026, 1, 15)  # after the synthetic archive's last meeting

# Plain words, inflected forms, +must, -must not, only -must not, prefix*, *suffix, in*fix,
# field:, fuzzy~ and boost^.
QUERIES = [
    "kommunerne", "kommune", "rammeaftaler", "rammeaftalen", "takstreduktionen",
    "takstreduktion", "krisecenter", "krisecentre", "Halfway House", "Socialtilsyn Nord",
    "økonomiske styringsaftale", "+takst* +aalborg", "takst*", "rammeaftal*", "+halfway -oktober",
    "-krisecenter takst*", "-krisecenter", "-kommune -takst", "*cent", "kri*cent", "t*",
    "titel:krisecenter", "titel:godkendelse referat", "organ:das takst*", "+titel:takst* +aalborg",
    "type:orientering", "dato:maj", "kommunerne~1", "kommunerne~2", "krisecenter^10 takst*",
    "budget^3 økonomi~1", "Boform Brovst", "socialaftale",
]
SYNTHETIC_QUERIES = [
    "socialaftale", "kommunerne", "takst*", "+rammeaftale -takst", "-socialtilsyn",
    "titel:godkendelse", "kommunerne~1", "budget^5 økonomi", "s*", "*ing", "tilsyn^2 +takst*",
]


def _first_file(output: Path) -> Path:
    page = BeautifulSoup((output / "soeg" / "index.html").read_text("utf-8"), "html.parser")
    return output / page.find(attrs={"data-search-page": True})["data-index"].lstrip("/")


def _search_scripts(output: Path) -> list[str]:
    """The scripts the search page loads in its head, in order."""
    page = BeautifulSoup((output / "soeg" / "index.html").read_text("utf-8"), "html.parser")
    return [script["src"] for script in page.head.find_all("script", src=True)]


def _core_script(output: Path) -> Path:
    """The search-core.js the build wrote (its name carries a digest)."""
    [core] = [s for s in _search_scripts(output) if "/search-core." in s]
    return output / core.lstrip("/")


def _node(request: dict, tmp_path: Path) -> dict:
    node = shutil.which("node")
    assert node, "the cross-check needs Node.js (`node` on PATH)"
    request_file = tmp_path / "request.json"
    request_file.write_text(json.dumps(request), encoding="utf-8")
    scripts = [str(path) for path in search_danish.browser_scripts().values()]
    result = subprocess.run([node, str(NODE_CHECK), *scripts, str(request_file)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _search_in_node(output: Path, queries: list[str], tmp_path: Path, **extra) -> dict:
    """search-core.js in Node on the files the build wrote to `output`."""
    return _node(dict({"output": str(output), "first": urls.search_index(),
                       "core": str(_core_script(output)), "queries": queries}, **extra), tmp_path)


def _document_files(first: dict) -> list[list[str]]:
    """Per group of documents (a meeting, an agreement, the pages), the shard names of
    its document files, in order (shards.py: a group's documents in files of
    `documentsPerFile`, or in one file)."""
    per = first.get("documentsPerFile")
    if not per:
        return [[name] for _, name in first["documents"]]
    return [[search_shards.document_file(name, part) for part in range(-(-count // per))]
            for count, name in first["documents"]]


def _documents_shown(output: Path, refs: list[str]) -> list[dict]:
    """What results show of the given documents, from the document files."""
    first = json.loads(_first_file(output).read_text("utf-8"))
    shown = []
    for files in _document_files(first):
        for name in files:
            path = output / urls.search_shard(name).lstrip("/")
            shown += json.loads(path.read_text("utf-8"))["d"]
    return [shown[int(ref)] for ref in refs]


def _python_terms(words: list[str]) -> list[str | None]:
    pipeline = Pipeline()
    pipeline.add(search_danish.trimmer, search_danish.register(), search_danish.stemmer)
    return [(lambda out: str(out[0]) if out else None)(pipeline.run([Token(w)])) for w in words]


@pytest.fixture(scope="module")
def model(bundled_site):
    site, _ = load_and_check(BuildOptions(ROOT, bundled_site, BUILD_DATE, jobs=1))
    return site


@pytest.fixture(scope="module")
def first_file(bundled_site) -> Path:
    return _first_file(bundled_site)


@pytest.fixture(scope="module")
def first_data(first_file) -> dict:
    return json.loads(first_file.read_text("utf-8"))


@pytest.fixture(scope="module")
def python_index(model) -> Index:
    """lunr.py's whole index of the bundled site: what the shards must answer like."""
    return lunr_py_index(search_documents(model))


# Danish analysis --------------------------------------------------------------------------

def test_trimmer_and_stemmer_handle_danish_words():
    assert search_danish.trim("»Krisecenter«,") == "Krisecenter"
    assert search_danish.trim("f.eks.") == "f.eks"
    # lunr-languages >= 1.18: digits are word characters, so numbers are words
    assert search_danish.trim("2011") == "2011" and search_danish.trim("§") == ""
    assert search_danish.trim("»11/171«,") == "11/171"
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

def _assert_same_results(node_results: list, python_index: Index, queries: list[str]):
    for query, node_hits in zip(queries, node_results):
        python_hits = python_index.search(query)
        assert python_hits, f"{query!r} finds nothing, so it checks nothing"
        assert [h["ref"] for h in node_hits] == [h["ref"] for h in python_hits], query
        for node_hit, python_hit in zip(node_hits, python_hits):
            assert abs(node_hit["score"] - python_hit["score"]) < 1e-9, query


def test_lunr_js_on_the_shards_agrees_with_lunr_py_on_the_whole_index(bundled_site,
                                                                      python_index, tmp_path):
    answer = _search_in_node(bundled_site, QUERIES, tmp_path)
    _assert_same_results(answer["results"], python_index, QUERIES)


def test_the_shards_hold_lunr_py_s_index_weight_for_weight(bundled_site, model, tmp_path):
    """Put together from every term shard, the index is lunr.py's: every posting and every
    field vector weight (computed in search-core.js) the same, terms numbered by key."""
    everything = _search_in_node(bundled_site, [], tmp_path, everything=True)["everything"]
    expected = lunr_py_index(search_documents(model)).serialize()
    keys = sorted(posting["_index"] for _, posting in everything["invertedIndex"])
    rank = {key: i for i, key in enumerate(keys)}
    for _, posting in everything["invertedIndex"]:
        posting["_index"] = rank[posting["_index"]]
    for _, elements in everything["fieldVectors"]:
        elements[0::2] = [rank[key] for key in elements[0::2]]
    assert everything["invertedIndex"] == expected["invertedIndex"]
    assert everything["fieldVectors"] == expected["fieldVectors"]
    assert len(expected["fieldVectors"]) == len(FIELDS) * len(search_documents(model))


def test_search_core_rounds_weights_as_python_does(tmp_path, bundled_site):
    rng = random.Random(5)
    numbers = [rng.uniform(0, 40) for _ in range(20000)]
    numbers += [rng.uniform(0, 0.01) for _ in range(5000)]
    numbers += [rng.random() * 10 ** rng.uniform(-4, 3) for _ in range(10000)]
    numbers += [n / 16 for n in range(0, 8000)]  # exact halves: ties
    numbers += [n / 2000 for n in range(0, 8000)]  # near ties
    numbers += [k / 1000 + d for k in range(0, 3000) for d in (5e-4, -5e-4, 4.9999e-4)]
    answer = _search_in_node(bundled_site, [], tmp_path, round=numbers)
    wrong = [(x, got, round(x, 3)) for x, got in zip(numbers, answer["round"])
             if got != round(x, 3)]
    assert not wrong, wrong[:10]


@pytest.fixture(scope="module")
def synthetic_site(tmp_path_factory):
    """A 40-meeting synthetic archive with small term shards: prefixes split several
    levels deep, and terms get shards of their own."""
    site = tmp_path_factory.mktemp("synthetic") / "site"
    generate(site, 40, seed=3)
    output = site / "public"
    limit = search_shards.TERM_SHARD_LIMIT
    search_shards.TERM_SHARD_LIMIT = 300
    try:
        build(BuildOptions(site, output, SYNTHETIC_DATE, jobs=2))
    finally:
        search_shards.TERM_SHARD_LIMIT = limit
    model, _ = load_and_check(BuildOptions(site, output, SYNTHETIC_DATE, jobs=1))
    return output, model


def test_small_shards_of_a_synthetic_archive_agree_with_lunr_py(synthetic_site, tmp_path):
    output, model = synthetic_site
    first = json.loads(_first_file(output).read_text("utf-8"))
    prefixes = [shard[0] for shard in first["terms"]]
    assert len(prefixes) > 100 and max(map(len, prefixes)) >= 4
    assert any(len(shard) == 3 for shard in first["terms"])  # a term with a shard of its own
    answer = _search_in_node(output, SYNTHETIC_QUERIES, tmp_path)
    _assert_same_results(answer["results"], lunr_py_index(search_documents(model)),
                         SYNTHETIC_QUERIES)
    # a plain word needs few shards; a prefix of one letter many
    fetched = dict(zip(SYNTHETIC_QUERIES, answer["fetched"]))
    assert len(fetched["socialaftale"]) <= 3
    assert len(fetched["s*"]) > 10


def _search_files(output: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in (output / "soeg").iterdir() if p.suffix == ".json"}


def _posting_refs(entry: list, fields: int) -> set[int]:
    """The documents of a term shard's entry (shards.py's encoding: per field, d or -d, tf,
    then the document's length in the field)."""
    refs: set[int] = set()
    for values in entry[3:3 + fields]:
        ref, i = -1, 0
        while i < len(values):
            ref += abs(values[i])
            i += 3 if values[i] < 0 else 2
            refs.add(ref)
    return refs


def test_editing_a_meeting_changes_only_the_shards_of_its_words(synthetic_site, tmp_path):
    output, _ = synthetic_site
    site = tmp_path / "site"
    shutil.copytree(output.parent, site, ignore=shutil.ignore_patterns("public"))
    build(BuildOptions(site, tmp_path / "before", SYNTHETIC_DATE))
    sentence = "Sekretariatet har efterfølgende tilføjet en bemærkning om Quaxbyggeriet."
    meeting = sorted((site / "content" / "moeder").glob("*/*.md"))[7]
    with open(meeting, "a", encoding="utf-8") as handle:
        handle.write(f"\n{sentence}\n")
    build(BuildOptions(site, tmp_path / "after", SYNTHETIC_DATE))
    before, after = _search_files(tmp_path / "before"), _search_files(tmp_path / "after")
    changed = {name for name in after if before.get(name) != after[name]}
    first = json.loads(after["indeks.json"])
    prefixes = {f"soegeindeks.{name}.json": prefix for prefix, name, *_ in first["terms"]}
    groups = {f"soegeindeks.{name}.json": group
              for group, files in enumerate(_document_files(first)) for name in files}
    documents = set(groups)
    assert len(first["terms"]) > 30
    assert changed == {"indeks.json"} | (changed & documents) | (changed & set(prefixes))
    [group] = {groups[name] for name in changed & documents}  # the meeting's
    start = sum(count for count, _ in first["documents"][:group])
    edited = set(range(start, start + first["documents"][group][0]))
    # a term shard changes only when it holds the edited meeting's words (their counts,
    # or the edited document's field lengths, which its postings carry); the new words'
    # shards are among them
    fields = len(first["fields"])
    holding = {name for name in prefixes if any(
        _posting_refs(entry, fields) & edited
        for entry in json.loads(after[name])["t"])}
    changed_terms = changed & set(prefixes)
    assert changed_terms and changed_terms <= holding
    words = {search_build.analyse(w) for w in search_build.tokens(sentence)} - {None}
    assert all(any(word.startswith(prefixes[name]) for name in changed_terms)
               for word in words)  # the new words are in changed shards
    assert len(changed_terms) < len(prefixes) / 4


@pytest.fixture(scope="module")
def archive_200(tmp_path_factory):
    site = tmp_path_factory.mktemp("archive") / "site"
    generate(site, 200, seed=1)
    output = site / "public"
    build(BuildOptions(site, output, SYNTHETIC_DATE))
    model, _ = load_and_check(BuildOptions(site, output, SYNTHETIC_DATE, jobs=1))
    return output, model


def _gzip(data: bytes) -> int:
    return len(gzip.compress(data, 6, mtime=0))


def test_a_query_fetches_far_less_than_the_single_index_file(archive_200, tmp_path):
    """Before its first result, a query fetches the first file, the term shards it can
    match and the document shards of the first page of results; the single file of issue 3
    (lunr's index, every document's display data) was all of it."""
    output, model = archive_200
    documents = search_documents(model)
    single = json.dumps({
        "index": search_build.build([[d.fields[n] for n, _ in FIELDS] for d in documents],
                                    [n for n, _ in FIELDS], [b for _, b in FIELDS]).lunr_index(),
        "docs": [d.display for d in documents],
        "organer": {b.slug: b.name for b in model.bodies},
    }, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    queries = ["socialaftale", "kommunerne", "Halfway House", "takst*"]
    answer = _search_in_node(output, queries, tmp_path, fresh=True, documents=20)
    first = _gzip((output / urls.search_index().lstrip("/")).read_bytes())
    print(f"\n[search payload, {len(documents)} documents] single index file: "
          f"{len(single):,} bytes, {_gzip(single):,} with gzip")
    for query, hits, fetched in zip(queries, answer["results"], answer["fetched"]):
        shards = sum(_gzip((output / url.lstrip("/")).read_bytes()) for url in fetched)
        print(f"  {query!r}: {len(hits)} results; before the first page of results: "
              f"first file {first:,} + {len(fetched)} shards {shards:,} = "
              f"{first + shards:,} bytes with gzip")
        assert hits, query
        assert (first + shards) * 8 < _gzip(single), query


def test_documents_encoded_one_by_one_make_the_files_json_would_make():
    """shards.shown encodes each document once (kept by the build cache); a document file
    is those encodings joined. Quotes, backslashes, control and non-BMP characters, Danish
    letters and numbers must come out as the JSON of the whole list."""
    displays = [{"t": 'Punkt 1 "Takster" \\ æøå', "u": "/organer/das/2020-05-01/#punkt-1",
                 "dt": "1. maj 2020", "kl": "Punkt", "s": "linje\nlinje\t\x00 \U0001f600 \u2028",
                 "k": "punkt", "o": "das", "y": [2020, 2020]},
                {"t": "", "u": "/aftaler/x/", "dt": "", "kl": "Aftale", "s": "",
                 "k": "aftale", "o": "", "y": [], "d": "2019-01-01"}]
    encoded = [search_shards.shown("g", display)[1] for display in displays]
    for count in range(len(displays) + 1):
        expected = json.dumps(
            {"d": [{key: d[key] for key in search_shards.DOCUMENT_KEYS}
                   for d in displays[:count]]},
            ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        assert search_shards.documents_file(encoded[:count]) == expected
    assert [search_shards.shown("g", d)[2] for d in displays] == [
        ("das", "punkt", 2020, 2020, (dt.date(2020, 5, 1) - dt.date(1970, 1, 1)).days),
        ("", "aftale", 0, 0, (dt.date(2019, 1, 1) - dt.date(1970, 1, 1)).days)]


def _inflected(index: Index, query: str, output: Path) -> list[str]:
    refs = [hit["ref"] for hit in index.search(query)]
    return [display["u"] for display in _documents_shown(output, refs)]


def test_inflected_forms_find_the_same_documents(python_index, bundled_site):
    found = lambda query: _inflected(python_index, query, bundled_site)  # noqa: E731
    assert found("kommunerne") == found("kommune")
    assert found("rammeaftaler") == found("rammeaftalen")
    takst = found("takstreduktionen")
    assert {u.split("#")[0] for u in takst} == SOCIAL_2011
    assert found("krisecenter")[0] == "/organer/das/2020-05-25/#punkt-7"


def test_one_document_per_meeting_item_agreement_part_page_and_case(bundled_site, first_data,
                                                                    model):
    count = first_data["count"]
    docs = _documents_shown(bundled_site, [str(ref) for ref in range(count)])
    catalogue = first_data["catalogue"]
    by_url: dict[str, list[tuple[int, dict]]] = {}
    for ref, doc in enumerate(docs):
        by_url.setdefault(doc["u"], []).append((ref, doc))
    kind = lambda ref: catalogue["kinds"][catalogue["k"][ref]]  # noqa: E731
    organ = lambda ref: catalogue["organs"][catalogue["o"][ref]]  # noqa: E731
    for meeting in model.meetings:
        [(ref, doc)] = by_url[meeting.url]
        assert kind(ref) == "moede" and organ(ref) == meeting.body
        for item in meeting.items:  # (the bundled site has no bilag files)
            [(ref, doc)] = by_url[urls.item(meeting.body, meeting.date, item.number)]
            assert doc["t"] == item.title and kind(ref) == "punkt"
            assert organ(ref) == meeting.body
            assert (catalogue["y0"][ref], catalogue["y1"][ref]) == (meeting.date.year,) * 2
    for agreement in model.agreements:  # the introduction, then each part at its anchor
        assert len(by_url[agreement.url]) == 1
        for anchor in agreement.part_anchors:
            assert len(by_url[f"{agreement.url}#{anchor}"]) == 1
    for page in model.pages:
        assert [kind(ref) for ref, _ in by_url[page.url]] == ["side"]
    for case in model.cases:
        assert [kind(ref) for ref, _ in by_url[case.url]] == ["sag"]
    items = sum(len(m.items) for m in model.meetings)
    assert count == len(model.meetings) + items + len(model.cases) + len(model.pages) \
        + sum(1 + len(a.sections) for a in model.agreements)
    assert first_data["fields"] == ["titel", "beslutning", "tekst", "organ", "type", "dato",
                                    "titelvarianter", "varianter"]
    assert first_data["pipeline"] == ["trimmer-da", "stemmer-da"]
    # one document shard per meeting, per agreement, one for the pages, one for the cases
    assert len(first_data["documents"]) == len(model.meetings) + len(model.agreements) + 2


def test_the_first_file_holds_no_titles_and_no_text(first_file, model):
    text = first_file.read_text("utf-8")
    for meeting in model.meetings:
        for item in meeting.items:
            assert item.title not in text


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
    [hits] = _search_in_node(tmp_path / "public", ["zebraovergangen"], tmp_path)["results"]
    shown = _documents_shown(tmp_path / "public", [hit["ref"] for hit in hits])
    assert [display["u"] for display in shown] == [
        "/organer/das/2020-05-25/#punkt-2", "/organer/das/2020-05-25/#punkt-1"]


def test_a_site_without_documents_gets_an_empty_index_lunr_js_can_load(tmp_path):
    site = make_site(tmp_path / "site", {})
    report = build_site(site, tmp_path / "public")
    assert any(note.startswith("Søgeindeks: 0 dokumenter") for note in report.notes)
    answer = _search_in_node(tmp_path / "public", ["kommune*", "-kommune"], tmp_path)
    assert answer["results"] == [[], []]


def test_build_prints_index_size_raw_and_gzip(tmp_path):
    result = run_cli("--out", str(tmp_path / "public"), "--dato", "2020-06-01")
    assert result.returncode == 0, result.stderr
    [line] = [line for line in result.stdout.splitlines() if line.startswith("Søgeindeks:")]
    folder = tmp_path / "public" / "soeg"
    first = (folder / "indeks.json").stat().st_size
    files = [p for p in folder.iterdir() if p.suffix == ".json"]
    total = sum(p.stat().st_size for p in files)
    packed = len(gzip.compress((folder / "indeks.json").read_bytes(), 9, mtime=0))
    number = lambda size: f"{size:,}".replace(",", ".")  # noqa: E731
    assert f"({number(total)} byte) i {len(files)} filer" in line, line
    assert f"/soeg/indeks.json: " in line and f"({number(first)} byte)" in line, line
    assert f"{number(packed)} byte med gzip" in line or f"({number(packed)} byte) med gzip" \
        in line, line


def test_search_files_are_fingerprinted_assets_taken_from_npm(bundled_site, first_file,
                                                              first_data):
    scripts = [s for s in _search_scripts(bundled_site) if "/site." not in s]
    sources = search_danish.browser_scripts()
    for url, (name, package, file) in zip(scripts[:3], search_danish.BROWSER_SCRIPTS,
                                          strict=True):
        source = sources[name]
        assert source == search_danish.NODE_MODULES / package / file
        assert "node_modules" in source.parts and ".git" not in source.parts
        assert (bundled_site / url.lstrip("/")).read_bytes() == source.read_bytes()
    assert b"lunr - http://lunrjs.com" in (bundled_site / scripts[0].lstrip("/")).read_bytes()
    assert b"2.3.9" in (bundled_site / scripts[0].lstrip("/")).read_bytes()
    # then the page's own: search-core.js (shared with the Node check), search-query.js,
    # search-page.js
    assert [re.sub(r"\.[0-9a-f]+\.js$", ".js", s) for s in scripts[3:]] == [
        "/assets/search-core.js", "/assets/search-query.js", "/assets/search-page.js"]
    page = BeautifulSoup((bundled_site / "soeg" / "index.html").read_text("utf-8"),
                         "html.parser")
    assert page.find("link", rel="preload") is None  # issue 13: nothing before a search
    # The first file keeps its name (browsers revalidate it); every shard is named by
    # the digest of its content, so browsers may keep it for good.
    assert first_file == bundled_site / "soeg" / "indeks.json"
    terms = [name for _, name, *_ in first_data["terms"]]
    for name in terms:
        shard = bundled_site / urls.search_shard(name).lstrip("/")
        assert hashlib.sha256(shard.read_bytes()).hexdigest().startswith(name), shard
    documents = [name for files in _document_files(first_data) for name in files]
    assert sorted(p.name for p in (bundled_site / "soeg").iterdir()) == sorted(
        ["index.html", "indeks.json"]
        + [f"soegeindeks.{name}.json" for name in terms + documents])
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True)
    assert not [p for p in tracked.stdout.splitlines() if Path(p).name.startswith("lunr.")]


def test_only_the_search_page_loads_lunr_and_the_index(bundled_site):
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
            assert "indeks.json" not in html and "lunr" not in html, path
            assert "search-core" not in html and "search-page" not in html, path


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


def test_closed_seed_item_gives_only_its_title(bundled_site, first_data):
    # Item 2 of 2011-08-11 is closed: it names an employee's sick leave.
    docs = _documents_shown(bundled_site, [str(ref) for ref in range(first_data["count"])])
    [doc] = [d for d in docs if d["u"] == "/organer/socialdirektoerkredsen/2011-08-11/#punkt-2"]
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
