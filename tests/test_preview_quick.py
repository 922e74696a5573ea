"""The preview's quick update (editor/quick_update.py): an edited meeting's page, made from
the kept model with only that file read again, is byte for byte the page a full build
makes; anything it cannot do alone is left to the full build; the preview's server serves
the quick page until the full build that includes it has finished."""
from __future__ import annotations

import re
import shutil
import threading
import urllib.request
from pathlib import Path

import pytest
from conftest import BUILD_DATE

from benchmarks.synthetic import generate
from site_builder.editor import quick_update, serve
from site_builder.pipeline import BuildOptions, build, open_cache


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("quick") / "site"
    generate(site, 12, seed=3)
    return site


def _options(site: Path, output: Path) -> BuildOptions:
    return serve.preview_options(BuildOptions(site, output, BUILD_DATE, jobs=1,
                                              cache_dir=output.parent / "cache"), output)


def _meetings(site: Path) -> list[Path]:
    return sorted((site / "content" / "moeder").glob("*/*.md"))


def _page(output: Path, url: str) -> str:
    return (output / url.strip("/") / "index.html").read_text(encoding="utf-8")


def test_a_quick_page_is_the_full_builds_page(archive, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(archive, site)
    options = _options(site, tmp_path / "public")
    model = build(options, cache=open_cache(options)).model
    edited = _meetings(site)[4]
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text.replace("\n### ", "\nEn ny sætning fra redaktøren.\n\n### ", 1)
                      + "\nOg en sidste linje.\n", encoding="utf-8")
    found = quick_update.quick_pages(model, [edited])
    assert found is not None
    updated, pages = found
    [(url, html)] = pages.items()
    assert "En ny sætning fra redaktøren." in html and "Og en sidste linje." in html
    assert "En ny sætning" not in _page(options.output, url)  # the old build's page
    full = tmp_path / "full"
    build(_options(site, full))
    assert html == _page(full, url)
    # the kept model has the new text: a second quick update starts from it
    other = _meetings(site)[7]
    other.write_text(other.read_text(encoding="utf-8") + "\nEndnu en linje.\n",
                     encoding="utf-8")
    again = quick_update.quick_pages(updated, [other])
    assert again is not None
    assert any("Endnu en linje." in page for page in again[1].values())
    kept = next(m for m in again[0].site.meetings if m.source == edited)
    assert "En ny sætning fra redaktøren." in repr(kept)


def test_what_a_quick_update_cannot_do_is_left_to_the_full_build(archive, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(archive, site)
    options = _options(site, tmp_path / "public")
    model = build(options).model
    meeting = _meetings(site)[2]
    text = meeting.read_text(encoding="utf-8")
    # an error in the file: the full build shows it
    meeting.write_text(re.sub(r"^tid: .*$", "tid: 25.00", text, count=1, flags=re.M),
                       encoding="utf-8")
    assert quick_update.quick_pages(model, [meeting]) is None
    # a meeting that moves to another date (another address)
    meeting.write_text(re.sub(r"^dato: .*$", "dato: 2031-02-03", text, count=1, flags=re.M),
                       encoding="utf-8")
    assert quick_update.quick_pages(model, [meeting]) is None
    meeting.write_text(text, encoding="utf-8")
    # data/ and new files are no meetings the model read
    assert quick_update.quick_pages(model, [site / "data" / "organer.yaml"]) is None
    new = meeting.with_name("2031-02-03.md")
    new.write_text(text, encoding="utf-8")
    assert quick_update.quick_pages(model, [new]) is None
    assert quick_update.quick_pages(model, [meeting, new]) is None
    assert quick_update.quick_pages(model, [meeting]) is not None


def test_the_server_serves_the_quick_page_until_the_full_build(archive, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(archive, site)
    options = _options(site, tmp_path / "public")
    state = serve.BuildState()
    report = serve.rebuild(options, state)
    server = serve._start_server(0, state, options.output)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        meeting = _meetings(site)[5]
        meeting.write_text(meeting.read_text(encoding="utf-8") + "\nHurtig tekst.\n",
                           encoding="utf-8")
        _model, pages = quick_update.quick_pages(report.model, [meeting])
        [url] = pages
        address = f"http://127.0.0.1:{server.server_address[1]}{url}"
        generation = state.generation
        state.show_quick(pages)
        assert state.generation == generation + 1  # the open pages reload
        with urllib.request.urlopen(address) as response:
            assert "Hurtig tekst." in response.read().decode("utf-8")
        assert "Hurtig tekst." not in _page(options.output, url)
        # a full build that started before the quick update keeps it ...
        state.finish([], {}, seen_quick=state.quick_updates - 1)
        with urllib.request.urlopen(address) as response:
            assert "Hurtig tekst." in response.read().decode("utf-8")
        # ... the one that includes it serves its own file
        meeting.write_text(meeting.read_text(encoding="utf-8").replace(
            "Hurtig tekst.", "Fuld tekst."), encoding="utf-8")
        serve.rebuild(options, state, seen_quick=state.quick_updates)
        with urllib.request.urlopen(address) as response:
            body = response.read().decode("utf-8")
        assert "Fuld tekst." in body and "Hurtig tekst." not in body
    finally:
        server.shutdown()
        server.server_close()
