"""The synthetic archive for benchmarks: deterministic, a valid site, the real structure."""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from conftest import BUILD_DATE, ROOT, build_site, output_files, run_cli

from benchmarks import synthetic
from site_builder.pipeline import BuildOptions, load_and_check

MEETINGS = 20


def _files_and_times(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {name: (data, os.stat(folder / name).st_mtime_ns)
            for name, data in output_files(folder).items()}


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("synthetic") / "site"
    synthetic.generate(site, MEETINGS, seed=3)
    return site


@pytest.fixture(scope="module")
def model(archive):
    site, warnings = load_and_check(BuildOptions(archive, archive / "public", BUILD_DATE))
    return site, warnings


def test_same_seed_gives_byte_identical_folders(archive, tmp_path):
    again = tmp_path / "again"
    synthetic.generate(again, MEETINGS, seed=3)
    first, second = _files_and_times(archive), _files_and_times(again)
    assert sum(name.endswith(".md") for name in first) > MEETINGS
    assert first == second


def test_another_seed_gives_another_archive(archive, tmp_path):
    other = tmp_path / "other"
    synthetic.generate(other, MEETINGS, seed=4)
    first, second = output_files(archive), output_files(other)
    meetings = [name for name in first if name.startswith("content/moeder/")
                and name.endswith(".md")]
    assert meetings
    assert [first[n] for n in meetings] != [second.get(n) for n in meetings]


def test_archive_passes_check_and_builds(archive, model, tmp_path):
    result = run_cli("check", "--site", str(archive), "--dato", BUILD_DATE.isoformat())
    assert result.returncode == 0, result.stdout + result.stderr
    _site, warnings = model
    assert [w.format() for w in warnings] == []
    output = tmp_path / "public"
    report = build_site(archive, output)
    meeting_pages = list((output / "organer").glob("*/*-*-*/index.html"))
    assert len(meeting_pages) == MEETINGS
    assert report.pages > MEETINGS


def test_archive_has_the_real_structure(model):
    site, _warnings = model
    assert len(site.meetings) == MEETINGS
    assert len(site.bodies) == 8
    assert all(b.slug == b.slug.encode("ascii", "ignore").decode() for b in site.bodies)
    for meeting in site.meetings:
        assert 6 <= len(meeting.items) <= 14
        assert [i.number for i in meeting.items] == list(range(1, len(meeting.items) + 1))
        assert dt.date(2011, 1, 1) <= meeting.date <= dt.date(2025, 12, 31)
    groups = {g for m in site.meetings for g, _items in m.groups}
    assert {"Velkomst", "Sager til behandling", "Sager til orientering",
            "Afslutning"} <= groups
    items = [i for m in site.meetings for i in m.items]
    headings = {s.heading for i in items for s in i.sections}
    assert {"Resumé", "Baggrund", "Sagsfremstilling", "Indstilling", "Bilag",
            "Referat"} <= headings
    html = "".join(s.html for i in items for s in i.sections)
    assert "<caption>Tabel " in html
    assert "<h5" in html or "<h4" in html  # the #### sub-headings inside sections
    assert "<li>" in html
    closed = [i for i in items if i.closed]
    assert closed and all(i.sections == () and i.attachments == () for i in closed)
    files = [a for i in items for a in i.attachments if a.source is not None]
    assert files and all(a.source.read_bytes().startswith(b"%PDF-") for a in files)
    assert {i.kind for i in items if not i.closed} == {"beslutning", "drøftelse", "orientering"}
    assert {m.status for m in site.meetings} == {"dagsorden", "referat"}
    assert site.agreements and site.pages


def test_approvals_refer_to_the_next_meeting_of_the_same_body(model):
    site, _warnings = model
    approved = [m for m in site.meetings if m.approved]
    assert approved
    for meeting in approved:
        later = sorted(m.date for m in site.meetings_of(meeting.body) if m.date > meeting.date)
        assert meeting.approved.date == later[0]
        assert meeting.approved.meeting == f"{meeting.body}/{later[0].isoformat()}"


def test_generated_text_has_no_cpr_like_numbers_or_health_words(archive):
    texts = [p.read_text(encoding="utf-8") for p in sorted(archive.rglob("*"))
             if p.suffix in (".md", ".yaml")]
    corpus = synthetic.read_corpus()
    for text in texts + list(corpus.sentences) + list(corpus.titles):
        assert not synthetic.CPR_LIKE.search(text), text[:200]
        assert not any(word in text.lower() for word in synthetic.HEALTH_WORDS), text[:200]


def test_without_seed_folder_the_repository_content_is_used(tmp_path):
    corpus = synthetic.read_corpus(tmp_path / "no-seeds-here")
    content = "".join(p.read_text(encoding="utf-8")
                      for p in sorted((ROOT / "content").rglob("*.md"))).replace("*", "")
    assert corpus.sentences
    assert all(sentence in content for sentence in corpus.sentences[:20])


def test_refuses_to_write_into_a_folder_it_did_not_make(tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(SystemExit):
        synthetic.generate(tmp_path, 3)
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"
