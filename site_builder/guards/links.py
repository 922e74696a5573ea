"""Links in editors' text: an internal link must lead to a page (and anchor) that the build
makes (an error); a link whose text promises a document ("findes her", "se bilag",
"vedhæftet") must lead somewhere (a warning when its target is empty or '#', or when
the text stands in [ ] with no address at all)."""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urljoin

from ..content.markdown_html import plain_text
from ..content.model import Site
from ..problems import Problems

_HREF = re.compile(r'href="([^"]+)"')
# In nh3's output attributes are in double quotes and links do not nest
_LINK = re.compile(r"<a\b([^>]*)>(.*?)</a>", re.DOTALL)
_LINK_HREF = re.compile(r'\bhref="([^"]*)"')
_CODE = re.compile(r"<(pre|code)>.*?</\1>", re.DOTALL)
_BRACKETED = re.compile(r"\[([^\[\]<>\n]{1,200})\]")
# Words that promise the reader a document behind a link; in [ ] without an address only
# the first kind (a reference such as "[bilag 3]" can be meant as plain text)
_PROMISES = (r"findes her|ses her|hentes her|kan hentes|læs (?:mere |det )?her|"
             r"se (?:det )?(?:vedlagte |vedhæftede )?bilag|vedhæfte[dt]e?|vedlag(?:t|te)|"
             r"link(?:et)? her")
_PROMISE_IN_BRACKETS = re.compile(rf"(?<!\w)(?:{_PROMISES})(?!\w)", re.IGNORECASE)
_PROMISE = re.compile(rf"(?<!\w)(?:{_PROMISES}|bilag \d+|hent(?:es)?|download(?:es)?)(?!\w)",
                      re.IGNORECASE)


def check_links(site: Site, known_urls: set[str], anchors: dict[str, set[str]],
                problems: Problems) -> None:
    for document, chunks in _documents(site):
        for html, first_line in chunks:
            for href in _HREF.findall(html):
                target = _internal_target(href, document.url, site.info.base_url)
                if target is None:
                    continue
                path, _, fragment = target.partition("#")
                path = path or document.url
                problem = None
                if path not in known_urls:
                    problem = f"linket '{href}' fører til en side, der ikke findes"
                elif fragment and fragment not in anchors.get(path, set()):
                    problem = _missing_anchor(href, fragment, path == document.url)
                if problem:
                    line = _line_of(document.source, href, first_line)
                    problems.error(document.source, line, "link", problem)
            _promises_without_target(document, html, first_line, problems)


def _promises_without_target(document, html: str, first_line: int,
                             problems: Problems) -> None:
    """A link that says "findes her" but leads nowhere: [findes her](), [se bilag](#), or
    [vedhæftet] written without its (address)."""
    for attributes, inner in _LINK.findall(html):
        href = _LINK_HREF.search(attributes)
        href = href.group(1) if href else ""
        text = plain_text(inner)
        if href.strip() not in ("", "#") or not _PROMISE.search(text):
            continue
        problems.warning(document.source, _line_of_text(document.source, text, first_line),
                         "link", f"linket '{text}' lover et dokument, men fører ingen steder "
                         f"hen ({'#' if href.strip() else 'intet mål'}); {_HOW_TO_LINK}")
    text_only = _LINK.sub(" ", _CODE.sub(" ", html))
    for bracketed in _BRACKETED.findall(text_only):
        text = plain_text(bracketed)
        if _PROMISE_IN_BRACKETS.search(text):
            problems.warning(document.source,
                             _line_of_text(document.source, f"[{text}]", first_line), "link",
                             f"'[{text}]' ligner et link, men har ingen adresse; "
                             f"{_HOW_TO_LINK}")


_HOW_TO_LINK = ("skriv adressen i ( ) lige efter teksten, fx [findes her]"
                "(https://www.example.dk/rapport.pdf), eller hæft dokumentet ved punktet som "
                "bilag (se docs/bilag.md)")


def _missing_anchor(href: str, fragment: str, same_page: bool) -> str:
    item = re.fullmatch(r"punkt-(\d+)", fragment)
    where = "på siden" if same_page else "på den side"
    if item:
        return f"linket '{href}' peger på punkt {item.group(1)}, som ikke findes {where}"
    return f"linket '{href}' peger på et sted, som ikke findes {where}"


def _documents(site: Site):
    """Each document's HTML in chunks, with the line to look for a link's text from."""
    for meeting in site.meetings:
        yield meeting, [(meeting.intro_html, 1)] + [
            (g.html, g.line) for g in meeting.group_intros] + [
            (s.html, s.line) for item in meeting.items for s in item.sections]
    for agreement in site.agreements:
        yield agreement, [(agreement.intro_html, 1)] + [
            (s.html, s.line) for s in agreement.sections]
    for page in site.pages:
        yield page, [(page.html, 1)]  # its introduction and all its sections


def _internal_target(href: str, base: str, site_base: str) -> str | None:
    href = href.replace("&amp;", "&")
    if href.startswith(site_base):
        href = href[len(site_base):] or "/"
    if re.match(r"^[a-z][a-z0-9+.-]*:", href, re.IGNORECASE) or href.startswith("//"):
        return None
    target = unquote(urljoin(base, href))
    path, _, fragment = target.partition("#")
    if path and not path.endswith("/") and "." not in path.rsplit("/", 1)[-1]:
        path += "/"
    return f"{path}#{fragment}" if fragment else path


def _line_of_text(path: Path, text: str, start: int) -> int | None:
    """The line of a link's text (or, if the text runs over two lines, its first words)."""
    line = _line_of(path, text, start)
    if line == start and len(text.split()) > 2:
        return _line_of(path, " ".join(text.split()[:2]), start)
    return line


def _line_of(path: Path, needle: str, start: int) -> int | None:
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    for number in range(max(start, 1), len(lines) + 1):
        if needle in lines[number - 1]:
            return number
    return start
