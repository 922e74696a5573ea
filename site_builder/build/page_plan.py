"""Which pages a build renders: every page's fingerprint (its template files, its view
data and what every template sees of the site), and the pages whose fingerprint is the
one the last output's page was made with, taken over instead of rendered again."""
from __future__ import annotations

from dataclasses import fields
from pathlib import Path
from typing import TYPE_CHECKING

from .. import urls
from .digests import files_digest, fingerprint
from .inputs import template_dirs
from .page_store import PageStore
from .writer import OutputWriter, link_or_copy

if TYPE_CHECKING:
    from ..content.model import Site
    from ..outputs.templating import PageEntry


def plan_pages(site: Site, entries: list[PageEntry], writer: OutputWriter, site_root: Path,
               output: Path, previous: dict[str, str], store: PageStore | None
               ) -> tuple[dict[str, str], list[tuple[PageEntry, Path]]]:
    """Reserve every page's path; take over the pages whose inputs did not change from the
    last output (or, in a fresh checkout, from the pages kept in the cache folder). Returns
    the fingerprints and the pages still to render."""
    shared = fingerprint(files_digest(template_dirs(site_root)),
                         site_skeleton(site)) if store else ""
    fingerprints: dict[str, str] = {}
    todo: list[tuple[PageEntry, Path]] = []
    for entry in entries:
        relative = urls.output_path(entry.url).as_posix()
        target = writer.reserve(relative, entry.template)
        if store:
            fingerprints[relative] = fingerprint(shared, entry)
            old = output / relative
            if previous.get(relative) == fingerprints[relative] and old.is_file() \
                    and link_or_copy(old, target):
                continue
            if store.take(fingerprints[relative], target):
                continue
        todo.append((entry, target))
    return fingerprints, todo


def site_skeleton(site: Site) -> dict:
    """What every template can see through `site`: all of it but the documents' text.

    A page that shows a document's text gets the document in its own view data, so its
    fingerprint covers it; lists only see what is kept here.
    """
    skeleton = {f.name: getattr(site, f.name) for f in fields(site)
                if f.name not in ("meetings", "agreements", "pages", "root")}
    skeleton["agreements"] = [
        (a.slug, a.title, a.period, a.status, a.summary, a.parts, a.approvals, a.case)
        for a in site.agreements]
    skeleton["pages"] = [(p.slug, p.title, p.description) for p in site.pages]
    skeleton["meetings"] = [
        (m.key, m.title, m.status, m.approved, m.time, m.place,
         [(i.number, i.title, i.kind, i.case, i.closed) for i in m.items])
        for m in site.meetings]
    return skeleton
