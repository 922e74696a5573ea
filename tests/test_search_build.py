"""search/index_builder.py makes exactly the index lunr.py's Builder makes: the same serialised JSON,
byte for byte, on the bundled site and on a synthetic archive."""
from __future__ import annotations

import datetime as dt
import json

import pytest
from conftest import BUILD_DATE, ROOT
from lunr_reference import lunr_py_index

from benchmarks.synthetic import generate
from site_builder.pipeline import BuildOptions, load_and_check
from site_builder.search import index_builder as search_build
from site_builder.search import blocks
from site_builder.search.index import FIELDS, PIPELINE, SearchDocument, search_documents

NAMES = [name for name, _ in FIELDS]
BOOSTS = [boost for _, boost in FIELDS]


def _documents(site_root, output, date) -> list[SearchDocument]:
    site, _ = load_and_check(BuildOptions(site_root, output, date, jobs=1))
    return search_documents(site)


def _fast(documents: list[SearchDocument], jobs: int = 1) -> search_build.TermIndex:
    return search_build.build([[d.fields[n] for n in NAMES] for d in documents], NAMES, BOOSTS,
                              jobs)


def _serialised(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False)


@pytest.fixture(scope="module")
def bundled_documents(tmp_path_factory):
    return _documents(ROOT, tmp_path_factory.mktemp("unused") / "public", BUILD_DATE)


@pytest.fixture(scope="module")
def synthetic_documents(tmp_path_factory):
    site = tmp_path_factory.mktemp("synthetic") / "site"
    generate(site, 40, seed=3)
    return _documents(site, site / "public", dt.date(2026, 1, 15))


@pytest.mark.parametrize("which", ["bundled_documents", "synthetic_documents"])
def test_the_index_is_byte_for_byte_the_one_lunr_py_builds(which, request):
    documents = request.getfixturevalue(which)
    expected = lunr_py_index(documents).serialize()
    actual = _fast(documents).lunr_index(PIPELINE)
    assert len(expected["invertedIndex"]) > 1000 and len(expected["fieldVectors"]) > 100
    # Every posting, _index, field vector and weight (floats compared as they serialise).
    assert _serialised(actual) == _serialised(expected)


def test_counting_in_blocks_and_processes_changes_nothing(synthetic_documents, monkeypatch):
    whole = _fast(synthetic_documents)
    monkeypatch.setattr(search_build, "BLOCK", 7)  # > 40 tasks: worker processes are used
    split = _fast(synthetic_documents, jobs=2)
    assert _serialised(split.lunr_index()) == _serialised(whole.lunr_index())
    assert split.keys == whole.keys
    assert whole.keys == sorted(whole.keys)  # keys order terms as lunr's _index does


def test_unusual_white_space_and_hyphens_are_tokenised_as_lunr_py_does():
    values = ["a\u2003b\x1cc-d\u00a0e\tf", "kommune-\u3000-aftaler  –  Nord",
              "--", "", "kommunerne\u2028rammeaftalen"]
    documents = [SearchDocument(dict(zip(NAMES, [value] * len(NAMES))), {}) for value in values]
    assert _serialised(_fast(documents).lunr_index(PIPELINE)) == \
        _serialised(lunr_py_index(documents).serialize())


def test_a_term_keeps_its_key_when_a_new_term_appears_before_it(synthetic_documents):
    before = _fast(synthetic_documents)
    first = synthetic_documents[0]
    edited = [SearchDocument(dict(first.fields, tekst="zyxwvutsrq " + first.fields["tekst"]),
                             first.display)] + synthetic_documents[1:]
    after = _fast(edited)
    keys = dict(zip(before.terms, before.keys))
    moved = [t for t, k in zip(after.terms, after.keys) if t in keys and keys[t] != k]
    # only terms first seen in the edited field after the new word shift (by one rank)
    assert len(moved) < len(keys) // 10
    assert after.terms.index("zyxwvutsrq") < len(after.terms) // 10
    assert set(after.terms) - set(before.terms) == {"zyxwvutsrq"}


def test_a_field_counted_last_gives_the_index_of_all_fields_counted_at_once(
        synthetic_documents):
    """The variant fields are counted once the whole site is known and put together
    with each meeting's block (search/blocks.py): the same index, key for key."""
    whole = _fast(synthetic_documents)
    values = [[d.fields[n] for n in NAMES] for d in synthetic_documents]
    assert sum(bool(v[-1]) for v in values) > len(values) // 2  # variants are there
    assert sum(bool(v[-2]) for v in values) > len(values) // 10  # the titles' too
    merged = []
    for start in range(0, len(values), 37):  # groups of documents, as meetings' parts
        group = values[start:start + 37]
        merged.append(blocks.append_field(search_build.count([v[:-2] for v in group]),
                                          search_build.count([v[-2:] for v in group]),
                                          len(NAMES) - 2))
    together = search_build.merge(merged, NAMES, BOOSTS, len(values))
    assert _serialised(together.lunr_index()) == _serialised(whole.lunr_index())
    assert together.keys == whole.keys


def test_packed_blocks_put_together_give_the_index_of_all_documents_at_once(
        synthetic_documents):
    """The build cache keeps each meeting's block `pack`ed (its terms in one string) and
    the index is put together from those (blocks.concatenate): the same index as counting
    every document at once, key for key, also with a group of documents without words
    and a group of none."""
    values = [[d.fields[n] for n in NAMES] for d in synthetic_documents[:300]]
    values[37:37] = [["" for _ in NAMES]]  # a document without words
    groups = [values[:37], values[37:38], [], values[38:]]
    packed = [blocks.pack(search_build.count(group)) for group in groups]
    assert isinstance(packed[0][0], str) and packed[1][0] == "" and packed[2][0] == ""
    together = search_build.merge([blocks.concatenate(packed)], NAMES, BOOSTS, len(values))
    whole = search_build.build(values, NAMES, BOOSTS)
    assert _serialised(together.lunr_index()) == _serialised(whole.lunr_index())
    assert together.keys == whole.keys
