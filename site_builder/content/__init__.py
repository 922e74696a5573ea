"""Stage 1, reading: the editors' files (content/, data/) into the checked, typed model.

source (bytes -> text -> front matter + body, with line numbers) -> schema, schema_data and
schema_fields (every key) with coerce (typed values) -> agenda (a meeting's items and
sections) and markdown_html (Markdown -> safe HTML) -> documents and bilag_files (one file
and the files beside it) -> loader, content_tree and data_registers (everything, checked
together) -> model, model_records and model_sections (what every output reads). tariffs and
written_procedures read their own records the same way; schedule and threads are views over
the model (calendar, case threads); input_limits bounds the work on one file.
"""
