"""Full-text search: the search page /soeg/ and the index the browser searches.

One search document per meeting, per agenda item (its URL ends in `#punkt-<n>`) and per
bilag with text (search/meeting_documents.py), per agreement (its introduction) and per
part of an agreement, per plain page, per written procedure and per case page
(search/documents.py); its ref is its position in `search_documents`. The index is lunr's
(lunr.js 2.3.9, with the Danish pipeline of search/analysis.py), computed by
index_builder.py exactly as lunr.py's Builder computes it, and written by shards.py as a
small first file plus shards the browser fetches per query
(templates/assets/search-core.js puts them together for lunr.js).

The last fields, `titelvarianter` and `varianter` (search/variants.py: compounds' parts,
spellings without æøå, of the title's words and of the others), need the whole site's
vocabulary: they are counted when every meeting's part is there (blocks.py puts them
together with the other fields), the other fields per meeting, in worker processes. The
build cache keeps both per meeting: the variant fields with a digest of the variants of
the meeting's words, so that they are counted again only for meetings whose words gained or
lost a variant (a word added elsewhere that splits one of their compounds anew).
"""
from __future__ import annotations

import dataclasses
import gzip
import itertools
from array import array
from dataclasses import dataclass
from typing import Callable, Sequence

from babel.numbers import format_decimal

from .. import danish, urls
from ..build.cache import Memo
from ..build.digests import fingerprint
from ..build.writer import OutputWriter
from ..content.model import Meeting, Site
from ..outputs.templating import PageEntry
from . import analysis, bilag_search, blocks, index_builder, shards, variants
from .documents import SearchDocument, other_groups
from .meeting_documents import meeting_documents

# (name, boost): the field names are Danish because readers can type them ("titel:takst").
# An item's decision weighs more than its other text; a word's variants (compounds' parts,
# spellings) less than the word itself: the title's variants (`titelvarianter`: "takst" of
# the title "Anmodning om takststigning") less than the title, more than the text; the
# other words' variants (`varianter`) least. The variant fields are last: they are
# counted last (blocks.py).
FIELDS = (("titel", 10), ("beslutning", 4), ("tekst", 1), ("organ", 1), ("type", 1),
          ("dato", 1), ("titelvarianter", 4), ("varianter", 0.5))
VARIANT_FIELDS = 2
COUNTED = FIELDS[:-VARIANT_FIELDS]  # the fields each meeting's part counts
KINDS = (("punkt", "Dagsordenspunkter"), ("moede", "Møder"), ("bilag", "Bilag"),
         ("aftale", "Aftaler"), ("sag", "Sager"), ("side", "Sider"),
         ("beslutning", "Skriftlige beslutninger"))
PIPELINE = ("trimmer-da", "stemmer-da")  # the search pipeline the index names (configure)


# The search page -----------------------------------------------------------------------

def page_entries(site: Site) -> list[PageEntry]:
    years = sorted({m.date.year for m in site.meetings}
                   | {y for a in site.agreements for y in range(a.period[0], a.period[1] + 1)},
                   reverse=True)
    bodies_with_meetings = {m.body for m in site.meetings}
    return [PageEntry(urls.search(), "search.html", "Søg", {
        "search": {
            "index_url": urls.search_index(),
            "organs": [(b.slug, b.name) for b in site.bodies if b.slug in bodies_with_meetings],
            "kinds": list(KINDS),
            "years": years,
        },
    }, (("Forside", urls.front()),))]


# The documents -------------------------------------------------------------------------

# What the index takes from one meeting (`meeting_part`), made on its own so that it can be
# made in a worker process and kept for the next build, and no more than the index needs of
# it (the build cache reads 2,000 of these after one edit):
#   shown   each document's result as shards.shown makes it, ready for the files
#   block   its documents' fields counted (index_builder.count), but the variant fields
#           (blocks.pack: its terms in one string)
#   words   the distinct words of its documents that may have variants (document_words),
#           in one string (blocks.join)
#   spans   which of them each document has, its title's first: (positions in `words`,
#           where each document's positions end, how many of them are its title's)
Part = tuple[list[shards.Shown], index_builder.Block, str, tuple[array, array, array]]
# A part's variant fields counted (`_with_variants`): with the digest of its words' variants
# they were counted with (variants.table_digests), they stay right while that is the same.
Counted = tuple[str, index_builder.Block]
Kept = tuple  # a Part with its Counted after it: what the memo keeps


def search_documents(site: Site) -> list[SearchDocument]:
    """The search documents of a site, in ref order, with every field."""
    meetings = [_meeting_documents(site, index) for index in range(len(site.meetings))]
    documents = [d for documents in meetings + other_groups(site) for d in documents]
    return [dataclasses.replace(d, fields=dict(d.fields, titelvarianter=title, varianter=text))
            for d, (title, text) in zip(documents, _variant_texts(documents))]


def _variant_texts(documents: list[SearchDocument]) -> list[tuple[str, str]]:
    """Each document's `titelvarianter` and `varianter` text."""
    return variants.variant_texts([d.words for d in documents],
                                  [_title_words(d) for d in documents])


def _title_words(document: SearchDocument) -> tuple[str, ...]:
    """The title's words (variants.document_words): the first of the document's words."""
    return variants.document_words([document.fields["titel"]])


def meeting_part(site: Site, index: int) -> Part:
    return _part(_meeting_documents(site, index))


def _meeting_documents(site: Site, index: int) -> list[SearchDocument]:
    meeting = site.meetings[index]
    return meeting_documents(site, meeting, _organ(site, meeting), danish.long_date(meeting.date))


def _part(documents: list[SearchDocument]) -> Part:
    words = tuple(dict.fromkeys(itertools.chain.from_iterable(d.words for d in documents)))
    position = {word: number for number, word in enumerate(words)}
    positions, ends, titles = array("i"), array("i"), array("i")
    for document in documents:
        positions.extend(map(position.__getitem__, document.words))
        ends.append(len(positions))
        titles.append(len(_title_words(document)))
    return ([shards.shown(d.group, d.display) for d in documents],
            blocks.pack(index_builder.count([_values(d) for d in documents])),
            blocks.join(words), (positions, ends, titles))


def _document_words(part: Part) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]]]:
    """Each document's words and its title's words (variants.document_words), from the
    part's `spans`."""
    words, (positions, ends, titles) = blocks.split(part[2]), part[3]
    documents, start = [], 0
    for end in ends:
        documents.append(tuple(words[i] for i in positions[start:end]))
        start = end
    return documents, [own[:title] for own, title in zip(documents, titles)]


@dataclass
class Plan:
    """Which meetings' parts the memo has from the last build (their meeting, body name
    and date unchanged), and which must be made (`todo`: indexes for `meeting_part`)."""

    keys: list[str | None]
    found: dict[int, Part | Kept]
    todo: list[int]


def plan(site: Site, memo: Memo | None = None) -> Plan:
    memo = memo or Memo(None)
    keys, found, todo = [], {}, []
    analysis_digest = _analysis_digest()
    for index, meeting in enumerate(site.meetings):
        key, part = memo.find(_part_inputs(site, meeting, analysis_digest))
        keys.append(key)
        if part is None:
            todo.append(index)
        else:
            found[index] = part
    return Plan(keys, found, todo)


def parts_to_make(site: Site, memo: Memo) -> int:
    """How many meetings' parts the memo does not have (the others are not read here)."""
    analysis_digest = _analysis_digest()
    return sum(not memo.stored(_part_inputs(site, meeting, analysis_digest))
               for meeting in site.meetings)


def _part_inputs(site: Site, meeting: Meeting, analysis_digest: str) -> tuple:
    """What a meeting's part is made from, for the build cache's key: the meeting (its
    digest covers what its file and its bilag hold, and the bodies), its body's name and the
    date in words, and `_analysis_digest`."""
    return ("møde", meeting, _organ(site, meeting), danish.long_date(meeting.date),
            analysis_digest)


def _analysis_digest() -> str:
    """The Danish analysis (lunr.da.js's word characters and stopwords, from node_modules/)
    and the bilag reader's version: the same for every meeting, so digested once a build."""
    return fingerprint(analysis.word_characters(), analysis.stop_words(),
                       bilag_search.version())


def _organ(site: Site, meeting: Meeting) -> str:
    body = site.body(meeting.body)
    return " ".join(filter(None, (body.name, body.abbreviation))) if body else meeting.body


def _values(document: SearchDocument) -> list[str]:
    return [document.fields[name] for name, _ in COUNTED]


def _with_variants(parts: Sequence[Part | Kept], table: variants.Table
                   ) -> tuple[index_builder.Block, list[Counted]]:
    """The parts' blocks as one, with every document's variant fields counted against the
    site's vocabulary (its `table`), and each part's variant fields as counted: a part
    kept with them (`Kept`) is not counted again while its words' variants are the same."""
    counted = []
    digests = variants.table_digests(table, (blocks.split(part[2]) for part in parts))
    for part, digest in zip(parts, digests):
        done = part[4] if len(part) > 4 else None
        if done is None or done[0] != digest:
            texts = variants.texts(table, *_document_words(part))
            done = (digest, blocks.pack(index_builder.count([list(pair) for pair in texts])))
        counted.append(done)
    return blocks.append_field(
        blocks.concatenate([part[1] for part in parts]),
        blocks.concatenate([block for _, block in counted]), len(COUNTED)), counted


def _table(parts: Sequence[Part | Kept], memo: Memo) -> tuple[str | None, variants.Table,
                                                                bool]:
    """(memo key, the vocabulary's variant table, whether it was made here): the same
    vocabulary as the last build's, the same table."""
    vocabulary: set[str] = set()
    for part in parts:
        vocabulary.update(blocks.split(part[2]))
    words = sorted(vocabulary)
    key, table = memo.find(("varianter", words, _analysis_digest()))
    if table is not None:
        return key, table, False
    return key, variants.variant_table(words), True


# The index files ------------------------------------------------------------------------

# kept(key, value, fresh): told what the memo is to keep for the next build, with its key;
# `fresh` when it was made by this build
Keep = Callable[[str | None, object, bool], None]


def search_layout(site: Site, found: Plan | None = None, made: Sequence[Part] = (),
                  memo: Memo | None = None, kept: Keep | None = None) -> shards.Layout:
    """The index files, from each meeting's part as `plan` found it or as it was `made`
    (for its `todo`, in order); what is missing is made here. `memo` is read for the
    variant table; `kept` is told every meeting's part (with its variant fields counted)
    and the table, for the next build (by default `memo` keeps them)."""
    memo = memo or Memo(None)
    kept = kept or _keeper(memo)
    found = found or plan(site, memo)
    by_index = dict(found.found) | dict(zip(found.todo, made))
    names, boosts = [name for name, _ in FIELDS], [boost for _, boost in FIELDS]
    with index_builder.collector_paused():
        parts: list[Part | Kept] = [by_index.get(index) or meeting_part(site, index)
                                    for index in range(len(found.keys))]
        parts += [_part(documents) for documents in other_groups(site)]
        table_key, table, table_fresh = _table(parts, memo)
        kept(table_key, table, table_fresh)
        block, counted = _with_variants(parts, table)
        for key, part, done in zip(found.keys, parts, counted):
            kept(key, part[:4] + (done,), len(part) < 5 or part[4] is not done)
        shown = [document for part in parts for document in part[0]]
        index = index_builder.merge([block], names, boosts, len(shown))
        return shards.layout(index, shown,
                                    {b.slug: b.name for b in site.bodies},
                                    [key for key, _ in KINDS], PIPELINE)


def _keeper(memo: Memo) -> Keep:
    def keep(key: str | None, value, fresh: bool) -> None:
        if fresh:
            memo.keep_made(key, value, fresh=True)
        else:
            memo.keep(key, value)
    return keep


def write_search_index(site: Site, writer: OutputWriter, found: Plan | None = None,
                       made: Sequence[Part] = (), memo: Memo | None = None) -> str:
    """Writes the index files; returns the line for the build summary."""
    layout = search_layout(site, found, made, memo)
    _write_files(writer, layout.files)
    return _summary(layout)


@dataclass
class Finished:
    """The index files made in another process (`finished`), and what the memo is to
    keep: the key of each, and what it had to make."""

    files: dict[str, bytes]
    line: str  # for the build summary
    keys: list[str | None]
    fresh: dict[str, object]  # what was made here, by key


def finished(site: Site, memo: Memo) -> Finished:
    """The whole index, the meetings' parts read from the memo or made here: for a worker
    process beside the build's other work, after an edit, when few parts are to be made
    (the memo is only read; `write_finished` keeps what is to be kept)."""
    found = plan(site, memo)
    made = [meeting_part(site, index) for index in found.todo]
    keys, fresh = [], {}

    def kept(key: str | None, value, is_fresh: bool) -> None:
        keys.append(key)
        if is_fresh and key is not None:
            fresh[key] = value
    layout = search_layout(site, found, made, memo, kept)
    return Finished(layout.files, _summary(layout), keys, fresh)


def write_finished(writer: OutputWriter, done: Finished, memo: Memo) -> str:
    """Writes what `finished` made, as `write_search_index` would write it."""
    for key in done.keys:
        memo.keep_made(key, done.fresh.get(key), fresh=key in done.fresh)
    _write_files(writer, done.files)
    return done.line


def _write_files(writer: OutputWriter, files: dict[str, bytes]) -> None:
    for url, data in files.items():
        writer.write(url.lstrip("/"), data, "search_index")


def _summary(layout: shards.Layout) -> str:
    first = layout.files[urls.search_index()]
    total = sum(len(data) for data in layout.files.values())
    packed = len(gzip.compress(first, compresslevel=9, mtime=0))
    count = layout.documents
    documents = f"{count} dokument" + ("" if count == 1 else "er")
    return (f"Søgeindeks: {documents}, {_size(total)} i {len(layout.files)} filer "
            f"({layout.term_shards} med ord, {layout.document_shards} med resultater); "
            f"søgesiden henter først {urls.search_index()}: {_size(len(first))}, "
            f"{_size(packed)} med gzip.")


def _size(size: int) -> str:
    exact = f"{format_decimal(size, locale=danish.LOCALE)} byte"
    return exact if size < 1000 else f"{danish.file_size(size)} ({exact})"
