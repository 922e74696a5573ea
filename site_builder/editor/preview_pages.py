"""The HTML the preview makes itself (`python build.py serve`): the banners it puts at the
top of a page the public site leaves out or would not build (`Notice`, `add_banner`), the
tag of its reload script, the error page shown while the content has errors, and the pages
of the editors' handbook that the error page links to.

preview_server.py sends these; serve.py decides which pages get which banners.
"""
from __future__ import annotations

import html
import re
from typing import NamedTuple, Sequence

from ..content import markdown_html
from ..problems import Problem
from . import handbook, message_kinds

HANDBOOK = "/__haandbog/"  # the handbook's pages, e.g. /__haandbog/fejlbeskeder.md


class Notice(NamedTuple):
    """A banner at the top of a page in the preview."""

    title: str
    detail: str
    anchor: str = "forhaandsvisning-kladde"  # the banner's id
    items: tuple[str, ...] = ()  # shown as a list under the detail


def add_banner(page: str, banners: Sequence[Notice]) -> str:
    """The preview's banners at the top of a page that the public site leaves out, or that
    the public build would stop on."""
    banner = "".join(
        f'<div class="preview-banner" role="note" id="{notice.anchor}">'
        f"<strong>{html.escape(notice.title)}.</strong> {html.escape(notice.detail)}"
        + ("<ul>" + "".join(f"<li>{html.escape(item)}</li>" for item in notice.items)
           + "</ul>" if notice.items else "")
        + "</div>\n" for notice in banners)
    head = page.find("</head>")
    if head >= 0:
        page = page[:head] + '<link rel="stylesheet" href="/__preview-banner.css">\n' + page[head:]
    body = page.find("<body")
    start = page.find(">", body) + 1 if body >= 0 else 0
    return page[:start] + "\n" + banner + page[start:]


def inject_preview_script(page: str, generation: int) -> str:
    tag = f'<script src="/__preview.js?v={generation}" defer></script>\n'
    index = page.find("</head>")
    return page[:index] + tag + page[index:] if index >= 0 else page + tag


def error_page(errors: list[Problem]) -> str:
    """The page shown instead of every page while the content has errors. Each message
    links to its entry in the handbook's "Fejlbeskeder" (message_kinds.handbook_anchor)."""
    count = len(errors)
    items = "\n".join(
        "<li><span class=\"where\">"
        + html.escape(f"{p.path}:{p.line}" if p.line else p.path or "byggeværktøjet")
        + "</span>" + (f"<strong>{html.escape(p.field)}:</strong> " if p.field else "")
        + html.escape(p.message) + _help_link(p.message) + "</li>"
        for p in errors)
    title = f"{count} fejl i indholdet"
    return f"""<!doctype html>
<html lang="da">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} – forhåndsvisning</title>
<link rel="stylesheet" href="/__preview.css">
</head>
<body>
<main class="preview-errors" id="forhaandsvisning-fejl">
<h1>Sitet kan ikke bygges: {title}</h1>
<p>Ret {"fejlen" if count == 1 else "fejlene"} herunder, og gem filen. Siden opdaterer sig
selv, så snart indholdet kan bygges igen.</p>
<ol>
{items}
</ol>
<p class="note">Hvad beskederne betyder, og hvad du gør ved dem, står i håndbogen under
<a href="{HANDBOOK}fejlbeskeder.md">»Fejlbeskeder«</a> (docs/fejlbeskeder.md). Det
offentlige site er ikke ændret.</p>
</main>
</body>
</html>
"""


def _help_link(message: str) -> str:
    """A link to the handbook's entry for a message, or "" for a message of no known kind
    (the page's note links the whole "Fejlbeskeder")."""
    anchor = message_kinds.handbook_anchor(message)
    if anchor is None:
        return ""
    return (f' <a class="help" href="{HANDBOOK}{message_kinds.HANDBOOK_PAGE}#{anchor}">'
            "Hvad betyder beskeden?</a>")


# An entry's anchor in docs/fejlbeskeder.md (<a id="...">): the Markdown renderer removes
# raw HTML ids, so each is carried through it as text between two private-use characters.
_ENTRY_ANCHOR = re.compile(r'<a id="([a-z0-9-]+)"></a>')
_CARRIED_ANCHOR = re.compile("\ue000([a-z0-9-]+)\ue001")


def handbook_page(name: str) -> str | None:
    """A page of the editors' handbook (docs/), for the links from the error page: the
    preview shows it itself, so it needs neither MkDocs nor a built handbook."""
    if name == handbook.REFERENCE:
        text = handbook.key_reference()
    elif re.fullmatch(r"[a-z0-9-]+\.md", name) and (handbook.DOCS / name).is_file():
        text = (handbook.DOCS / name).read_text(encoding="utf-8")
    else:
        return None
    first, _, rest = text.partition("\n")
    title = first.removeprefix("# ").strip() if first.startswith("# ") else "Håndbogen"
    text = _ENTRY_ANCHOR.sub("\ue000\\1\ue001", rest if first.startswith("# ") else text)
    body = _CARRIED_ANCHOR.sub(r'<a id="\1"></a>',
                               markdown_html.render(text, parent_level=1))
    return f"""<!doctype html>
<html lang="da">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)} – redaktørhåndbogen</title>
<link rel="stylesheet" href="/__preview.css">
</head>
<body class="preview-handbook-page">
<main class="preview-handbook">
<p><a href="/">Tilbage til forhåndsvisningen</a> · <a href="index.md">Håndbogens forside</a></p>
<h1>{html.escape(title)}</h1>
{body}
</main>
</body>
</html>
"""
