"""Stage 1, reading: the editors' files (content/, data/) into the checked, typed model.

source (bytes -> text -> front matter + body, with line numbers) -> schema and coerce (keys
and typed values) -> agenda (a meeting's items and sections) and markdown_html (Markdown ->
safe HTML) -> documents (one file into its model object) -> loader (everything, checked
together) -> model (what every output reads). tariffs and written_procedures read their own
records the same way; schedule and threads are views over the model (calendar, case threads).
"""
