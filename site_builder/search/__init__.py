"""The client-side search: index (the search page and its documents) -> analysis (Danish
words as lunr.da.js makes them) -> index_builder (lunr's index, computed) -> shards (the
files the browser fetches).
"""
