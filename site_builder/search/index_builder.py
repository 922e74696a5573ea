"""The search index, computed fast: the same index lunr.py's Builder makes, without lunr.py.

lunr.py's Builder spends its time on objects: a Token per word, every pipeline function
called per token, a Vector per field with sorted inserts; for the archive (20,000 search
documents, 26 million characters) that is over a minute. The index is counting, so here
it is counted:

- tokens are lunr.py's: the value lowercased and split on lunr.py's separator characters
  (" \\t\\n\\r\\f\\v\\xa0-"). The index whitelists no metadata (no positions are stored),
  so a token is just its string;
- the Danish pipeline (trimmer, stopword filter, stemmer, skip_empty: analysis.py) is a
  pure function of the token's string, so it runs once per distinct token (`Analyser`);
- term frequencies are counted per field with `collections.Counter` (in C). A Counter keeps
  the order in which terms first occur, which is the order in which lunr numbers them;
- the postings are grouped by term with numpy (a stable sort of term ids), not term by term;
- field lengths, averages, document frequencies and BM25 (k1 = 1.2, b = 0.75, lunr 2.3.9's
  idf: log(1 + |(N - df + 0.5) / (df + 0.5)|)) are computed operation by operation as
  lunr's Builder computes them, so every float comes out bit for bit the same.

The result, a `TermIndex`, holds what the index is made of: per term its postings (document,
term frequency) per field, and per document its field lengths. `TermIndex.lunr_index()`
serialises it exactly as `lunr.Builder().build().serialize()` does (tests/test_search_build.py
compares the two); search/shards.py writes it in the form the browser fetches.

Each term has a `key`: where it first occurs, (document, field, rank among the distinct terms
of that field), packed into one integer. lunr's `_index` is the term's rank by key. Unlike
`_index`, a term's key does not change when another term is added or removed, so shards
that did not change stay byte for byte the same.

Documents are counted in blocks, in worker processes when there are many
(parallel.map_ordered); blocks are merged in document order.
"""
from __future__ import annotations

import contextlib
import gc
import math
import re
from array import array
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Sequence

from lunr import __TARGET_JS_VERSION__ as LUNR_VERSION

from ..build.parallel import map_ordered
from . import analysis

if TYPE_CHECKING:
    import numpy as np

K1 = 1.2
B = 0.75
# lunr.py's Tokenizer splits on these characters (lunr/tokenizer.py SEPARATOR_CHARS).
_SEPARATORS = re.compile("[ \t\n\r\f\v\xa0-]+")
# White space str.split() splits on but lunr.py does not. Where a value has none of it,
# str.split() gives lunr.py's tokens, twice as fast as the pattern.
_OTHER_SPACE = re.compile("[\x1c-\x1f\x85\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]")
RANK_BITS = 20  # key = ((document * fields + field) << RANK_BITS) + rank in the field
BLOCK = 200  # documents per counting task
SHORT = 200  # values up to this long are counted once per block


def analyse(token: str) -> str | None:
    """What the index pipeline makes of one token (trimmer-da, stopWordFilter-da,
    stemmer-da, skipEmpty: analysis.configure); None when it drops the token."""
    word = analysis.trim(token)
    if word in _stop_words():
        return None
    return analysis.stem(word) or None


_STOP_WORDS: frozenset[str] = frozenset()


def _stop_words() -> frozenset[str]:
    global _STOP_WORDS
    if not _STOP_WORDS:
        _STOP_WORDS = frozenset(analysis.stop_words())
    return _STOP_WORDS


class Analyser(dict):
    """token -> term (None: dropped), each distinct token analysed once."""

    def __missing__(self, token: str) -> str | None:
        term = self[token] = analyse(token)
        return term


class Numbering(dict):
    """term -> number, numbered in the order they are first asked for."""

    def __missing__(self, term: str) -> int:
        number = self[term] = len(self)
        return number


_analyser = Analyser()


def tokens(value: str) -> list[str]:
    """lunr.py's Tokenizer without Token objects (it may yield "", which `analyse` drops
    as the pipeline's skip_empty does)."""
    if not _OTHER_SPACE.search(value):
        return value.lower().replace("-", " ").split()
    return _SEPARATORS.split(value.lower())


@dataclass
class TermIndex:
    """What lunr's Builder computes, as arrays. Terms are numbered in lunr's `_index` order.

    Postings are grouped by (term, field), documents ascending within a group: group
    `term * F + field` is `refs[starts[g]:starts[g + 1]]` with `tfs` alongside.
    """

    fields: tuple[str, ...]
    boosts: tuple[float, ...]
    count: int  # documents
    lengths: "np.ndarray"  # (count, F): terms per document and field
    terms: list[str]  # by _index
    keys: list[int]  # by _index, ascending
    df: list[int]  # documents (counted once per field) that have the term
    refs: "np.ndarray"
    tfs: "np.ndarray"
    starts: "np.ndarray"  # (terms * F + 1)

    def average_lengths(self) -> list[float]:
        """lunr's averageFieldLength: each field's total length over the documents."""
        return [int(total) / self.count if self.count else 0.0
                for total in self.lengths.sum(axis=0, dtype="int64").tolist()]

    def idf(self, term: int) -> float:
        """lunr's idf (lunr/idf.py), in its order of operations."""
        df = self.df[term]
        return math.log(1 + abs((self.count - df + 0.5) / (df + 0.5)))

    def postings(self, term: int, field: int) -> tuple[list[int], list[int]]:
        group = term * len(self.fields) + field
        start, end = int(self.starts[group]), int(self.starts[group + 1])
        return self.refs[start:end].tolist(), self.tfs[start:end].tolist()

    @staticmethod
    def weight(idf: float, tf: int, length: int, average: float, boost: float) -> float:
        """lunr.Builder's BM25 score of a term in a field, in its order of operations,
        rounded as lunr.py rounds it (round(score, 3))."""
        score = idf * ((K1 + 1) * tf) / (K1 * (1 - B + B * (length / average)) + tf)
        score *= boost
        score *= 1  # the document's boost
        return round(score, 3)

    def lunr_index(self, pipeline: Sequence[str] = ("stemmer-da",)) -> dict:
        """The index exactly as lunr.py's Builder serialises it (refs "0", "1", ...)."""
        fields = self.fields
        lengths = self.lengths.tolist()
        averages = self.average_lengths()
        vectors: list[list[list]] = [[[] for _ in fields] for _ in range(self.count)]
        postings: dict[str, dict] = {}
        for index, term in enumerate(self.terms):  # in _index order: vectors stay sorted
            idf = self.idf(index)
            posting: dict = {}
            for f, name in enumerate(fields):
                refs, tfs = self.postings(index, f)
                posting[name] = {str(ref): {} for ref in refs}
                for ref, tf in zip(refs, tfs):
                    vectors[ref][f] += [index, self.weight(idf, tf, lengths[ref][f], averages[f],
                                                           self.boosts[f])]
            posting["_index"] = index
            postings[term] = posting
        return {
            "version": LUNR_VERSION,
            "fields": list(fields),
            "fieldVectors": [[f"{name}/{ref}", vectors[ref][f]]
                             for ref in range(self.count) for f, name in enumerate(fields)],
            "invertedIndex": [[term, postings[term]] for term in sorted(postings)],
            "pipeline": list(pipeline),
        }


# Counting ---------------------------------------------------------------------------------

_documents: Sequence[Sequence[str]] = ()  # what the (forked) workers count


def _count_block(bounds: tuple[int, int]) -> "Block":
    start, end = bounds
    return count(_documents[start:end])


Block = tuple  # what `count` returns; `merge` puts blocks together in document order


def count(documents: Sequence[Sequence[str]]) -> Block:
    """Counts documents (each a sequence of field values): their terms in first-occurrence
    order and, per (document, field), the number of distinct terms, their term numbers and
    frequencies, and the field's length. Counting a set of documents in one block or in
    several gives the same index."""
    get = _analyser.__getitem__
    numbering = Numbering()
    number = numbering.__getitem__
    ids, tfs, distinct, lengths = array("i"), array("i"), array("i"), array("i")
    short: dict[str, tuple] = {}  # titles, bodies, kinds and dates recur
    for values in documents:
        for value in values:
            counted = short.get(value) if len(value) <= SHORT else None
            if counted is None:
                counts = Counter(map(get, tokens(value)))
                counts.pop(None, None)
                counted = (tuple(counts), tuple(counts.values()), sum(counts.values()))
                if len(value) <= SHORT:
                    short[value] = counted
            terms, frequencies, length = counted
            lengths.append(length)
            distinct.append(len(terms))
            ids.extend(map(number, terms))
            tfs.extend(frequencies)
    return list(numbering), ids, tfs, distinct, lengths


@contextlib.contextmanager
def collector_paused():
    """Millions of small objects are made and kept: without this, Python's cyclic garbage
    collector would walk the whole model again and again while they are made."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def build(documents: Sequence[Sequence[str]], fields: Sequence[str],
          boosts: Sequence[float], jobs: int = 1) -> TermIndex:
    """The index of `documents`, each a sequence of field values in `fields` order."""
    global _documents
    _documents = documents
    try:
        with collector_paused():
            blocks = map_ordered(_count_block, [(start, start + BLOCK) for start in
                                                range(0, len(documents), BLOCK)], jobs)
            return merge(blocks, fields, boosts, len(documents))
    finally:
        _documents = ()


def merge(blocks: Sequence[Block], fields: Sequence[str], boosts: Sequence[float],
          total: int) -> TermIndex:
    """The index of the `total` documents of `blocks` (from `count`), in their order."""
    import numpy as np

    fields, boosts = tuple(fields), tuple(boosts)

    width = len(fields)
    numbering = Numbering()
    id_parts, tf_parts, distinct_parts, length_parts = [], [], [], []
    for terms, ids, tfs, distinct, lengths in blocks:
        # Blocks come in document order, so terms are numbered in the order they first occur.
        local = np.fromiter(map(numbering.__getitem__, terms), dtype=np.int32, count=len(terms))
        id_parts.append(local[np.frombuffer(ids, dtype=np.int32)] if len(ids) else
                        np.zeros(0, np.int32))
        tf_parts.append(np.frombuffer(tfs, dtype=np.int32))
        distinct_parts.append(np.frombuffer(distinct, dtype=np.int32))
        length_parts.append(np.frombuffer(lengths, dtype=np.int32))
    ids = np.concatenate(id_parts) if id_parts else np.zeros(0, np.int32)
    tfs = np.concatenate(tf_parts) if tf_parts else np.zeros(0, np.int32)
    distinct = np.concatenate(distinct_parts) if distinct_parts else np.zeros(0, np.int32)
    lengths = (np.concatenate(length_parts) if length_parts else np.zeros(0, np.int32))
    del id_parts, tf_parts, distinct_parts, length_parts
    if len(distinct) and int(distinct.max()) >= 1 << RANK_BITS:
        raise ValueError("a search document has too many distinct words")
    terms = list(numbering)
    # Per posting 32-bit numbers where they fit (at 2,000 meetings, 3.5 million postings:
    # each 64-bit array of them took 28 MB, at the peak of the build's memory).
    small = np.int32 if max(total, len(terms)) * width < 2 ** 31 else np.int64
    slots = np.repeat(np.arange(total * width, dtype=small), distinct)  # document*F + field
    slot_starts = np.cumsum(distinct, dtype=np.int64) - distinct
    # Terms are numbered in order of first occurrence: a term first occurs where the
    # running maximum of the numbers grows. Its key: its slot and its rank there.
    highest = np.maximum.accumulate(ids) if len(ids) else ids
    first = np.flatnonzero(np.diff(highest, prepend=-1) > 0)
    del highest
    first_slots = slots[first].astype(np.int64)
    keys = ((first_slots << RANK_BITS) + (first - slot_starts[first_slots])).tolist()
    del first, first_slots
    groups = ids.astype(small)
    groups *= width
    groups += slots % width
    order = np.argsort(groups, kind="stable")  # documents stay ascending within a group
    starts = np.zeros(len(terms) * width + 1, dtype=np.int64)
    np.cumsum(np.bincount(groups, minlength=len(terms) * width), out=starts[1:])
    del groups
    refs = slots[order]
    refs //= width
    return TermIndex(
        fields=fields, boosts=boosts, count=total,
        lengths=lengths.reshape(total, width),
        terms=terms, keys=keys,
        df=np.bincount(ids, minlength=len(terms)).tolist(),
        refs=refs.astype(np.int32, copy=False), tfs=tfs[order], starts=starts)
