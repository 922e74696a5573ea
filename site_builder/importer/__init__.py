"""`python build.py importer`: Word and PDF agendas and minutes as draft meeting files.
command (the command) <- docx_blocks / pdf_lines (reading) -> structure (items, sections)
and people (participants).
"""
