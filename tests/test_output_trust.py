"""The output folder is not trusted: a build reuses a page from it only if the page is the
one this cache's own last build wrote there (build/cache.py previous_outputs); otherwise
from the pages kept in the cache folder (build/page_store.py), checked by their digest."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import BUILD_DATE, make_site, output_files
from site_builder.pipeline import BuildOptions, build

MEETING = "content/moeder/das/2020-05-25.md"
SECRET = "Fortroligt forhandlingsoplæg om tilbuddets fremtid"


def _meeting(closed: bool) -> str:
    return ("---\norgan: das\ndato: 2020-05-25\nstatus: referat\npunkter:\n  2:\n"
            f"    lukket: {'ja' if closed else 'nej'}\n---\n\n## 1. Åbent punkt\n\nÅben tekst.\n\n"
            f"## 2. Tilbuddets fremtid\n\n{SECRET}.\n")


def _build(site: Path, output: Path, cache: Path | None):
    return build(BuildOptions(site, output, BUILD_DATE, jobs=1, cache_dir=cache))


@pytest.fixture
def closed_site(tmp_path):
    site = make_site(tmp_path / "a", {MEETING: _meeting(closed=True)})
    return site, tmp_path / "public", tmp_path / "cache"


def _same_times(path: Path, like: os.stat_result) -> None:
    os.utime(path, ns=(like.st_atime_ns, like.st_mtime_ns))


@pytest.mark.parametrize("other_uses_cache", [False, True])
def test_a_page_another_build_wrote_is_not_reused(closed_site, tmp_path, other_uses_cache):
    site, output, cache = closed_site
    _build(site, output, cache)
    clean = output_files(output)
    assert SECRET not in "".join(v.decode("utf-8", "replace") for v in clean.values())

    # another checkout (the item open, the file's times equal) builds into the same folder
    other = tmp_path / "b"
    shutil.copytree(site, other)
    stat = (site / MEETING).stat()
    (other / MEETING).write_text(_meeting(closed=False), encoding="utf-8")
    _same_times(other / MEETING, stat)
    _build(other, output, tmp_path / "other-cache" if other_uses_cache else None)
    assert SECRET in (output / "organer/das/2020-05-25/index.html").read_text()
    untrusted = _identities(output)

    _build(site, output, cache)
    assert output_files(output) == clean, "a page of the other build was kept"
    # (pages may come from the pages this cache keeps, build/page_store.py; none from there)
    assert not _identities(output) & untrusted, "files of an untrusted output were reused"


def _identities(folder: Path) -> set[tuple[int, int]]:
    """The pages' files (other files the writer takes over only when their bytes are the
    same, build/writer.py)."""
    return {(p.stat().st_dev, p.stat().st_ino) for p in folder.rglob("*.html")}


def test_a_page_changed_in_place_is_rendered_again(closed_site):
    site, output, cache = closed_site
    _build(site, output, cache)
    clean = output_files(output)
    page = output / "organer/das/2020-05-25/index.html"
    stat = page.stat()
    tampered = page.read_text().replace("Åben tekst", "Ændret tekst")
    page.unlink()  # (the file may be a hard link shared with the cache's earlier output)
    page.write_text(tampered)
    _same_times(page, stat)
    tampered_file = _identities(page.parent)
    _build(site, output, cache)
    assert output_files(output) == clean
    assert not _identities(page.parent) & tampered_file


def test_an_untouched_output_is_still_reused(closed_site):
    site, output, cache = closed_site
    _build(site, output, cache)
    report = _build(site, output, cache)
    assert report.rendered == 0 and report.pages > 0


@pytest.mark.parametrize("altered", [False, True])
def test_without_an_output_folder_the_kept_pages_are_used_if_their_bytes_hold(
        closed_site, altered):
    """A deploy: a fresh checkout with the cache folder restored and no output folder. The
    pages the cache keeps (build/page_store.py) are used, unless their bytes changed."""
    site, output, cache = closed_site
    first = _build(site, output, cache)
    clean = output_files(output)
    shutil.rmtree(output)
    kept = [p for p in (cache / "sider").iterdir() if p.suffix != ".json"]
    assert len(kept) == first.pages
    if altered:
        for path in kept:
            data = path.read_bytes()
            path.unlink()
            path.write_bytes(data.replace(b"</body>", b"<p>Ikke herfra</p></body>"))
    report = _build(site, output, cache)
    assert output_files(output) == clean
    assert report.rendered == (report.pages if altered else 0)
