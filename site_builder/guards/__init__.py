"""Checks that stand between the editors' files and the public.

privacy (the entry points) reads the raw files with source_lines and guards against CPR
numbers (cpr), health data about named people (health, person_names, sentences) and small
numbers in tables (small_numbers). links, editor_checks and decisions are the editor's
checks. publish_gate reads every built file as a reader would (published_text), with the
text of the bilag from bilag_text (office_text, rtf_text, excel_numbers, bilag_reading).
"""
