"""Internal links in editors' text must lead to a page (and anchor) that the build makes."""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urljoin

from .model import Site
from .problems import Problems

_HREF = re.compile(r'href="([^"]+)"')


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


def _line_of(path: Path, needle: str, start: int) -> int | None:
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    for number in range(max(start, 1), len(lines) + 1):
        if needle in lines[number - 1]:
            return number
    return start
