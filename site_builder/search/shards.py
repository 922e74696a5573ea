"""The search index as the browser fetches it: a small first file and shards fetched per query.

Why the index can be split without changing a result: lunr scores a document by
dot(query vector, document field vector) / |query vector|, per field, summed. The query
vector is non-zero only at the query's terms, so a document's field vector counts only at
those terms; the inverted index is looked up only at the terms the query's token set
matches. An index that holds just the terms a query can match (with every field vector cut
down to those terms) gives that query lunr's result exactly: the same documents, the same
scores (the same products, summed in the same order), the same order. search-core.js (the
browser, and tests/js/search-in-node.js) puts such an index together and runs lunr.js's own
Index.query on it.

Files (names from urls.py):

- `/soeg/indeks.json`, the first file, fetched when the reader first searches (its name
  never changes; browsers revalidate it): the index's fields, boosts and pipeline; the
  number of documents and, per field, the average length (BM25's length normalisation); a
  catalogue for filters, counts and the newest-first
  order (per document its body, kind, years and date: no titles, no text); the term
  shards and the document groups.
- term shards, `/soeg/soegeindeks.<digest>.json`: the terms that begin with one prefix, each
  with its key (search/index_builder.py: lunr's `_index` order), its idf and its postings per field
  (document, term frequency, the document's length in the field: a first file with every
  document's lengths cost 100 kB gzip at 2,000 meetings, fetched by every search). Prefixes start as single characters; a prefix whose postings
  exceed TERM_SHARD_LIMIT is split by the next character (the term equal to the prefix, if
  any, gets a shard of its own). The browser parses the query with lunr, builds each
  clause's token set with lunr (wildcards and edit distances included) and fetches every
  shard whose prefix the token set can pass through; a term that can match is then always
  loaded (a query like "t*" or "*center" loads many shards: still correct, only slower).
  The field vectors' weights are not stored but computed in the browser from (idf, tf,
  field length, average length) with the operations lunr.py's Builder uses, rounded as
  Python's round(x, 3) rounds (search-core.js; tests/test_search.py compares every weight).
  Stored weights would change all over the index with every edit (every weight depends on
  the average field length); stored counts change only where the edited document's words
  are.
- document files, `/soeg/soegeindeks.<n>.<digest>.json`: what a result shows (title, URL,
  date, label, the text a snippet quotes). The documents of a group (a meeting, an
  agreement, the plain pages) are named by the digest of the group's documents and cut
  into files of DOCUMENTS_PER_FILE, fetched only for the results on screen: twenty results
  are twenty short files, not twenty meetings (at 2,000 meetings about a quarter of the
  bytes; a name per file instead of per group would cost the first file as much again).
  One document per file: a result fetches no neighbour's text (at 2,000 meetings, 20
  results fetch about 40 % of the bytes that files of three documents cost).

The digests make the shard names safe to cache for good; a shard whose content did not
change keeps its name and bytes, so the build cache takes it over. Editing a meeting's text
changes the first file, the meeting's document files and the shards of the terms whose
counts changed. Adding or removing a document renumbers the documents after it and changes
every idf (lunr's N), so then most term shards change.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import re
from dataclasses import dataclass
from collections.abc import Iterable, Iterator, Mapping, Sequence

import orjson
from lunr import __TARGET_JS_VERSION__ as LUNR_VERSION

from .. import urls
from .index_builder import TermIndex

TERM_SHARD_LIMIT = 6000  # postings (plus a few per term) before a prefix is split
DOCUMENT_KEYS = ("t", "u", "dt", "kl", "s")  # what a result shows, in a document file
DOCUMENTS_PER_FILE = 1  # a group's documents are fetched in files of this many
DIGEST = 10  # hex digits in a shard's name (more when two shards would share a name)
_DATE_IN_URL = re.compile(r"/(\d{4}-\d{2}-\d{2})(?=[-/#]|$)")
_EPOCH = dt.date(1970, 1, 1)


@dataclass(frozen=True)
class Layout:
    files: Mapping[str, bytes]  # URL -> content; the first file is urls.search_index()
    term_shards: int
    document_shards: int
    documents: int  # search documents


class Files(Mapping):
    """URL -> content: the first file and the term shards as bytes, the document files made
    from their documents' texts when they are asked for (at 2,000 meetings 26,000 files,
    about 40 MB more at the peak of the build's memory if they were all made at once)."""

    def __init__(self, held: dict[str, bytes], documents: dict[str, tuple[int, int]],
                 texts: Sequence[bytes]):
        self._held = held
        self._documents = documents  # URL -> its documents, texts[start:end]
        self._texts = texts

    def __getitem__(self, url: str) -> bytes:
        if url in self._held:
            return self._held[url]
        start, end = self._documents[url]
        return documents_file(self._texts[start:end])

    def __iter__(self) -> Iterator[str]:
        yield from self._held
        yield from self._documents

    def __len__(self) -> int:
        return len(self._held) + len(self._documents)


def _json(data) -> bytes:
    """Compact UTF-8 JSON. orjson writes the same bytes as json.dumps(data,
    ensure_ascii=False, separators=(",", ":")) for these files' strings and integers, and
    the same numbers for their floats (0.00001 where Python writes 1e-05), four times as
    fast: at 2,000 meetings the index's 54,000 encodings took 1 s of every build.

    Copied into bytes of their own size: orjson's bytes keep the room it reserved for long
    lists of numbers, about 400 kB for a term shard of 12 kB; the 1,900 term shards at
    2,000 meetings held 145 MB more of the build's memory than their 22 MB."""
    return bytes(memoryview(orjson.dumps(data)))


# A search document as its result shows it, ready for the files (`shown`): its group
# (documents of one group share a name), its JSON in a document file, and its entry in the
# first file's catalogue (body, kind, first and last year, `_day`). Made with the meeting's
# part of the index and kept by the build cache, so that after an edit the files of the
# 26,000 documents at 2,000 meetings are put together from bytes, not encoded again.
Shown = tuple[str, bytes, tuple[str, str, int, int, int]]


def shown(group: str, display: dict) -> Shown:
    """`display`: what the result shows (t, u, k, o, y, dt, kl, s; d, an ISO date, if the
    date is not in its URL)."""
    years = display["y"]
    return (group, _json({key: display[key] for key in DOCUMENT_KEYS}),
            (display["o"], display["k"], years[0] if years else 0, years[1] if years else 0,
             _day(display)))


def documents_file(encoded: Sequence[bytes]) -> bytes:
    """`_json({"d": documents})` of documents encoded one by one (`shown`): compact JSON
    is its parts joined by commas."""
    return b"".join(_documents_file_parts(encoded))


def _documents_file_parts(encoded: Sequence[bytes]) -> Iterator[bytes]:
    """`documents_file`, piece by piece."""
    yield b'{"d":['
    for number, document in enumerate(encoded):
        if number:
            yield b","
        yield document
    yield b"]}"


def layout(index: TermIndex, documents: Sequence[Shown], organs: dict[str, str],
           kinds: Sequence[str], pipeline: Sequence[str]) -> Layout:
    """`documents`: per search document (in ref order), `shown`."""
    term_groups, term_contents = _term_shards(index, TERM_SHARD_LIMIT)
    runs = _runs([group for group, _, _ in documents])
    texts = [text for _, text, _ in documents]
    starts = [0, *itertools.accumulate(runs)][:len(runs)]
    names = _names([_digest([content]) for content in term_contents]
                   + [_digest(_documents_file_parts(texts[start:start + count]))
                      for start, count in zip(starts, runs)])
    term_names, group_names = names[:len(term_contents)], names[len(term_contents):]
    document_files = {
        urls.search_shard(document_file(name, part)):
            (start + offset, start + min(offset + DOCUMENTS_PER_FILE, count))
        for start, count, name in zip(starts, runs, group_names)
        for part, offset in enumerate(range(0, count, DOCUMENTS_PER_FILE))}

    catalogue = [entry for _, _, entry in documents]
    organ_slugs = sorted({organ for organ, *_ in catalogue if organ})
    organ_number = {slug: i + 1 for i, slug in enumerate(organ_slugs)}  # 0: none
    kind_number = {kind: i for i, kind in enumerate(kinds)}
    first = {
        "version": LUNR_VERSION,
        "fields": list(index.fields),
        "boosts": list(index.boosts),
        "pipeline": list(pipeline),
        "count": index.count,
        "averages": index.average_lengths(),
        "organer": organs,
        "catalogue": {
            "organs": [""] + organ_slugs,
            "kinds": list(kinds),
            "o": [organ_number.get(organ, 0) for organ, *_ in catalogue],
            "k": [kind_number[kind] for _, kind, *_ in catalogue],
            "y0": [entry[2] for entry in catalogue],
            "y1": [entry[3] for entry in catalogue],
            "d": _as_runs([entry[4] for entry in catalogue]),
        },
        "documents": [[count, name] for count, name in zip(runs, group_names)],
        "documentsPerFile": DOCUMENTS_PER_FILE,
        "terms": [[prefix, name] + ([1] if exact else [])
                  for (prefix, exact, _), name in zip(term_groups, term_names)],
        "shardUrl": urls.search_shard("*"),
    }
    files = {urls.search_index(): _json(first)}
    for name, content in zip(term_names, term_contents):
        files[urls.search_shard(name)] = content
    return Layout(Files(files, document_files, texts), len(term_contents),
                  len(document_files), index.count)


def document_file(group: str, part: int) -> str:
    """The shard name of a group's `part`th file of documents (from 0). The group's digest
    stands last, as in every digest-named file, so that the publishing gate knows it for a
    digest (guards/publish_gate.py)."""
    return f"{part}.{group}"


def _day(display: dict) -> int:
    """A document's date for the newest-first order, as days since 1 January 1970 (0: none):
    its display's `d` (an ISO date) when it has one, else the date in its URL (a meeting's
    items, a written procedure), else 1 January of its first year (an agreement)."""
    found = display.get("d") or ""
    match = _DATE_IN_URL.search(display.get("u", ""))
    for text in (found, match.group(1) if match else ""):
        try:
            return (dt.date.fromisoformat(text) - _EPOCH).days
        except ValueError:
            continue
    return (dt.date(display["y"][0], 1, 1) - _EPOCH).days if display.get("y") else 0


def _as_runs(values: Sequence[int]) -> list:
    """A list as runs: a value repeated n > 1 times as [value, n] (search-core.js expands
    it). The dates of one meeting's items are one run."""
    out: list = []
    for value in values:
        if out and isinstance(out[-1], list) and out[-1][0] == value:
            out[-1][1] += 1
        elif out and not isinstance(out[-1], list) and out[-1] == value:
            out[-1] = [value, 2]
        else:
            out.append(value)
    return out


def _runs(groups: Iterable[str]) -> list[int]:
    runs: list[int] = []
    previous = object()
    for group in groups:
        if group == previous:
            runs[-1] += 1
        else:
            runs.append(1)
            previous = group
    return runs


def _digest(pieces: Iterable[bytes]) -> str:
    """The SHA-256 of the pieces joined."""
    digest = hashlib.sha256()
    for piece in pieces:
        digest.update(piece)
    return digest.hexdigest()


def _names(digests: Sequence[str]) -> list[str]:
    for length in (DIGEST, 64):
        names = [digest[:length] for digest in digests]
        if len(set(names)) == len(set(digests)):
            return names
    raise ValueError("two search shards with the same digest")  # sha256: not in practice


def partition(terms: Sequence[str], sizes: Sequence[int],
              limit: int) -> list[tuple[str, bool, list[int]]]:
    """The term shards: (prefix, exact, term numbers). A shard holds every term that begins
    with its prefix, unless `exact`: then just the term equal to the prefix. Prefixes
    begin empty and grow by a character while their terms weigh more than `limit`."""
    shards: list[tuple[str, bool, list[int]]] = []

    def split(prefix: str, members: list[int]) -> None:
        if sum(sizes[t] for t in members) <= limit or \
                all(len(terms[t]) == len(prefix) for t in members):
            shards.append((prefix, False, members))
            return
        depth = len(prefix)
        own = [t for t in members if len(terms[t]) == depth]
        if own:
            shards.append((prefix, True, own))
        children: dict[str, list[int]] = {}
        for t in members:
            if len(terms[t]) > depth:
                children.setdefault(terms[t][depth], []).append(t)
        for char in sorted(children):
            split(prefix + char, children[char])

    if terms:
        split("", sorted(range(len(terms)), key=terms.__getitem__))
    return shards


def _term_shards(index: TermIndex, limit: int) -> tuple[list[tuple[str, bool, list[int]]],
                                                         list[bytes]]:
    """The term shards (`partition`) and their contents: per term, in the order of the
    terms, [term, key, idf, postings of each field] (`_encode_postings`). Made shard by
    shard: at 2,000 meetings the postings of the whole index as Python lists took 230 MB
    at once."""
    import numpy as np

    width = len(index.fields)
    out, bounds = _encode_postings(index)
    term_bounds = bounds[::width]
    sizes = np.diff(term_bounds) + 8
    groups = partition(index.terms, sizes.tolist(), limit)
    where = bounds.tolist()  # where each (term, field) begins in `out`
    contents = []
    for _, _, members in groups:
        ordered = sorted(members, key=index.terms.__getitem__)
        chosen = np.asarray(ordered, dtype=np.int64)
        starts, lengths = term_bounds[chosen], sizes[chosen] - 8
        offsets = np.cumsum(lengths) - lengths  # where each term's values begin in `values`
        values = out[np.arange(int(lengths.sum())) + np.repeat(starts - offsets, lengths)]
        values = values.tolist()
        entries = []
        for term, offset in zip(ordered, offsets.tolist()):
            first = where[term * width]
            ends = where[term * width:(term + 1) * width + 1]
            entries.append([index.terms[term], index.keys[term], index.idf(term)]
                           + [values[offset + ends[f] - first:offset + ends[f + 1] - first]
                              for f in range(width)])
        contents.append(_json({"t": entries}))
    return groups, contents


def _encode_postings(index: TermIndex):
    """(values, where): per term, per field, its postings as one run of integers in
    `values` (an int32 array) from where[g] to where[g + 1], g = term * fields + field: for
    each document, the distance d >= 1 from the previous one (the first from -1), as `d`
    when the term occurs once in the field and as `-d, tf` when it occurs tf > 1 times,
    then the document's length in that field (BM25's length normalisation needs it for the
    documents a query matches only, so it travels with them instead of in the first
    file)."""
    import numpy as np

    width = len(index.fields)
    # Values in 32 bits (distances, frequencies and lengths are below the number of
    # documents and terms), positions in 64: at 2,000 meetings (3.5 million postings)
    # each 64-bit array of them took 28 MB, and this was the peak of the build's memory.
    refs, tfs, starts = index.refs, index.tfs, index.starts
    distance = refs.copy()
    if len(refs):
        distance[1:] -= refs[:-1]
        group_starts = starts[:-1][np.diff(starts) > 0]
        distance[group_starts] = refs[group_starts] + 1  # the first from -1
    fields = np.repeat((np.arange(len(starts) - 1) % width).astype(np.min_scalar_type(width)),
                       np.diff(starts))
    lengths = index.lengths[refs, fields] if len(refs) else np.zeros(0, np.int32)
    del fields
    repeated = tfs > 1
    widths = repeated.astype(np.int8)
    widths += 2
    ends = np.cumsum(widths, dtype=np.int64)
    out = np.empty(int(ends[-1]) if len(ends) else 0, dtype=np.int32)
    positions = ends - widths
    del widths
    np.negative(distance, out=distance, where=repeated)
    out[positions] = distance
    del distance
    out[positions[repeated] + 1] = tfs[repeated]
    del positions
    out[ends - 1] = lengths
    return out, np.concatenate(([0], ends))[starts]
