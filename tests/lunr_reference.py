"""The reference the search index is checked against: lunr.py's own Builder, configured as
the index is (search_index.FIELDS, search_danish's pipeline), on the same documents."""
from __future__ import annotations

from lunr.builder import Builder
from lunr.index import Index

from site_builder.search import analysis as search_danish
from site_builder.search.index import FIELDS, SearchDocument


def lunr_py_index(documents: list[SearchDocument]) -> Index:
    """lunr.py's index of the documents; refs are their positions ("0", "1", ...)."""
    builder = Builder()
    search_danish.configure(builder)
    builder.ref("ref")
    for name, boost in FIELDS:
        builder.field(name, boost=boost)
    for ref, document in enumerate(documents):
        builder.add(dict(document.fields, ref=str(ref)))
    return builder.build()
