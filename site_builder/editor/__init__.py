"""Tools for the editors: serve (the local preview), scaffold (`new`), handbook (docs/ with
MkDocs) and message_kinds (every message an editor can get, and its handbook entry).
"""
