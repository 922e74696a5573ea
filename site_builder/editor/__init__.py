"""Tools for the editors: serve (the local preview; preview_server answers the browser,
preview_pages makes the banner and error pages), scaffold (`new`), handbook (docs/ with
MkDocs) and message_kinds (every message an editor can get and its handbook entry, read from
the code by message_calls and message_values).
"""

# where `serve` builds the preview, in the site folder (the command line names it in its help)
PREVIEW_FOLDER = ".preview"
