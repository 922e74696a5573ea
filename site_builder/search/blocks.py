"""Fields counted after the others: one block (index_builder.count) of documents with
`width` fields each, and one block of the same documents' last k fields, put together into
the block that counting all `width + k` fields at once gives (`append_field`); and the
blocks of consecutive groups of documents as one block (`concatenate`).

The variant fields `titelvarianter` and `varianter` (variants.py) need the whole site's
vocabulary, which is known only when every meeting's documents are there; the other fields
are counted per meeting, in worker processes, and kept by the build cache. Terms are
numbered in the order they first occur, document by document and field by field
(index_builder.merge relies on it), so the new fields' terms are put in their places and
everything is numbered again.

What the build cache keeps of a block is `pack`ed: its terms as one string. 2,000 meetings'
parts held over a million term strings (about 100 MB, and most of the time the memo took to
read them back); `concatenate` takes packed blocks and unpacks one at a time.
"""
from __future__ import annotations

from array import array
from typing import Sequence

from .index_builder import Block, Numbering

SEPARATOR = "\n"  # never in a term nor a word: index_builder.tokens splits at it


def pack(block: Block) -> Block:
    """The block with its terms as one string (`split` gives them back)."""
    return (join(block[0]),) + tuple(block[1:])


def join(words: Sequence[str]) -> str:
    return SEPARATOR.join(words)


def split(text: str) -> list[str]:
    """The words `join` joined."""
    return text.split(SEPARATOR) if text else []


def concatenate(blocks: Sequence[Block]) -> Block:
    """The block of the documents of `blocks` (`pack`ed), in their order, as `count`
    would give it."""
    import numpy as np

    # Blocks come in document order: terms are numbered in the order they first occur.
    numbering = Numbering()
    number = numbering.__getitem__
    ids = []
    for packed, local_ids, *_ in blocks:
        terms = split(packed)
        numbers = np.fromiter(map(number, terms), dtype=np.int32, count=len(terms))
        if len(local_ids):
            ids.append(numbers[np.frombuffer(local_ids, dtype=np.int32)])

    def joined(position: int) -> array:
        out = array("i")
        for block in blocks:
            out.extend(block[position])
        return out

    all_ids = np.concatenate(ids) if ids else np.zeros(0, np.int32)
    return (list(numbering), array("i", all_ids.tobytes()), joined(2),
            joined(3), joined(4))


def append_field(block: Block, extra: Block, width: int) -> Block:
    """`block`: n documents with `width` fields; `extra`: the same n documents with one or
    more fields, which come after the others."""
    import numpy as np

    terms, ids, tfs, distinct, lengths = block
    extra_terms, extra_ids, extra_tfs, extra_distinct, extra_lengths = extra
    n = len(distinct) // width
    more = len(extra_distinct) // n if n else 0
    if len(distinct) != n * width or len(extra_distinct) != n * more:
        raise ValueError("the blocks do not hold the same documents")
    known = {term: number for number, term in enumerate(terms)}
    combined = list(terms)
    for term in extra_terms:
        if term not in known:
            known[term] = len(combined)
            combined.append(term)
    mapping = np.fromiter(map(known.__getitem__, extra_terms), dtype=np.int32,
                          count=len(extra_terms))

    distinct_a = np.frombuffer(distinct, dtype=np.int32).reshape(n, width)
    distinct_b = np.frombuffer(extra_distinct, dtype=np.int32).reshape(n, more)
    lengths_a = np.frombuffer(lengths, dtype=np.int32).reshape(n, width)
    lengths_b = np.frombuffer(extra_lengths, dtype=np.int32).reshape(n, more)
    local_a = np.frombuffer(ids, dtype=np.int32)
    local_b = np.frombuffer(extra_ids, dtype=np.int32)
    # Each document's postings of the first fields, then those of the new field: where
    # each posting goes (in 32 bits where they fit: 3.5 million postings at 2,000 meetings).
    position = np.int32 if len(local_a) + len(local_b) < 2 ** 31 else np.int64
    count_a, count_b = (distinct_a.sum(axis=1, dtype=np.int64),
                        distinct_b.sum(axis=1, dtype=np.int64))
    start_a = np.cumsum(count_a) - count_a
    start_b = np.cumsum(count_b) - count_b
    start = start_a + start_b  # of each document's postings, all fields
    to_a = np.arange(len(local_a), dtype=position)
    to_a += np.repeat((start - start_a).astype(position), count_a)
    to_b = np.arange(len(local_b), dtype=position)
    to_b += np.repeat((start + count_a - start_b).astype(position), count_b)
    stream = np.empty(len(local_a) + len(local_b), dtype=np.int32)
    stream[to_a] = local_a
    stream[to_b] = mapping[local_b] if len(local_b) else local_b
    frequencies = np.empty(len(stream), dtype=np.int32)
    frequencies[to_a] = np.frombuffer(tfs, dtype=np.int32)
    frequencies[to_b] = np.frombuffer(extra_tfs, dtype=np.int32)
    # Numbered again in order of first occurrence. Each block numbers its terms so: a
    # term first occurs where the running maximum of the numbers grows.
    first = np.full(len(combined), len(stream), dtype=np.int64)
    first[:len(terms)] = to_a[_firsts(local_a)]
    np.minimum.at(first, mapping, to_b[_firsts(local_b)])
    del to_a, to_b
    by_first = np.argsort(first, kind="stable")
    renumber = np.empty(len(combined), dtype=np.int32)
    renumber[by_first] = np.arange(len(by_first))
    return ([combined[t] for t in by_first.tolist()],
            array("i", renumber[stream].tobytes()),
            array("i", frequencies.tobytes()),
            array("i", np.hstack([distinct_a, distinct_b]).astype(np.int32).tobytes()),
            array("i", np.hstack([lengths_a, lengths_b]).astype(np.int32).tobytes()))


def _firsts(ids):
    """Where each of the numbers 0, 1, ... of a block's postings first occurs."""
    import numpy as np

    if not len(ids):
        return np.zeros(0, np.int64)
    return np.flatnonzero(np.diff(np.maximum.accumulate(ids), prepend=-1) > 0)
