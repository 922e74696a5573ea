"""Parallel and incremental builds make exactly the files a clean single-process build makes."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import BUILD_DATE, ROOT, output_files

from benchmarks.synthetic import generate
from site_builder.pipeline import BuildOptions, build, open_cache

MEETINGS = 60  # enough for the work to be split between processes


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("archive") / "site"
    generate(site, MEETINGS, seed=7)
    return site


def _build(site: Path, output: Path, jobs: int = 2, cache: Path | None = None):
    return build(BuildOptions(site, output, BUILD_DATE, jobs=jobs, cache_dir=cache))


def _inodes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_ino
            for p in folder.rglob("*") if p.is_file()}


def test_parallel_build_is_byte_identical_to_single_process(archive, tmp_path):
    _build(archive, tmp_path / "one", jobs=1)
    _build(archive, tmp_path / "two", jobs=2)
    single, parallel = output_files(tmp_path / "one"), output_files(tmp_path / "two")
    assert len(single) > MEETINGS
    assert single == parallel


def _meeting_files(site: Path) -> list[Path]:
    return sorted((site / "content" / "moeder").glob("*/*.md"))


def _edit_meeting_text(site: Path) -> str:
    path = _meeting_files(site)[3]
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\n### ", "\nEn ny sætning fra redaktøren.\n\n### ", 1),
                    encoding="utf-8")
    return f"organer/{path.parent.name}/{path.stem}/index.html"


def _add_meeting(site: Path) -> str:
    source = _meeting_files(site)[0]
    target = source.with_name("2030-01-15.md")
    text = source.read_text(encoding="utf-8")
    text = re.sub(r"^dato: .*$", "dato: 2030-01-15", text, count=1, flags=re.MULTILINE)
    text = re.sub(r"^godkendt:\n(  .*\n)+", "", text, flags=re.MULTILINE)
    target.write_text(text, encoding="utf-8")
    return f"organer/{target.parent.name}/2030-01-15/index.html"


def _delete_meeting(site: Path) -> str:
    path = _meeting_files(site)[-1]
    for other in _meeting_files(site):  # approvals pointing at it would break the build
        text = other.read_text(encoding="utf-8")
        other.write_text(re.sub(rf"\n  møde: .*{path.stem}\n", "\n", text), encoding="utf-8")
    path.unlink()
    return ""


def _edit_body_in_data(site: Path) -> str:
    path = site / "data" / "organer.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"navn: (.*)", r"navn: \1 (nyt navn)", text, count=1),
                    encoding="utf-8")
    return ""


def _edit_template(site: Path) -> str:
    own = site / "templates"
    if not own.exists():
        shutil.copytree(ROOT / "templates", own)
    base = own / "base.html"
    base.write_text(base.read_text(encoding="utf-8").replace(
        "</footer>", "<p>Ændret skabelon.</p></footer>"), encoding="utf-8")
    return ""


def _edit_site_data(site: Path) -> str:
    path = site / "data" / "site.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("navn: ", "navn: Nyt ", 1),
                    encoding="utf-8")
    return ""


def _edit_attachment(site: Path) -> str:
    """The same size and name, other bytes: only its modification time tells."""
    path = next(p for p in sorted((site / "content" / "moeder").rglob("*"))
                if p.is_file() and p.suffix != ".md")
    data = path.read_bytes()
    path.write_bytes(bytes(255 - b for b in data[:64]) + data[64:])
    return ""


CHANGES = [_edit_meeting_text, _add_meeting, _delete_meeting, _edit_body_in_data,
           _edit_template, _edit_site_data, _edit_attachment]


def test_incremental_build_equals_clean_build_after_each_kind_of_change(archive, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(archive, site)
    cache = tmp_path / "cache"
    incremental = tmp_path / "incremental"
    _build(site, incremental, cache=cache)
    for change in CHANGES:
        change(site)
        _build(site, incremental, cache=cache)
        clean = tmp_path / f"clean-{change.__name__}"
        _build(site, clean)
        assert output_files(incremental) == output_files(clean), change.__name__


def test_one_cache_kept_in_memory_across_builds_equals_clean_builds(archive, tmp_path):
    """The preview keeps one BuildCache for all its builds: what it remembers in memory
    must never make a page stale."""
    site = tmp_path / "site"
    shutil.copytree(archive, site)
    options = BuildOptions(site, tmp_path / "incremental", BUILD_DATE, jobs=2,
                           cache_dir=tmp_path / "cache")
    cache = open_cache(options)
    build(options, cache=cache)
    for change in CHANGES:
        change(site)
        build(options, cache=cache)
        clean = tmp_path / f"clean-{change.__name__}"
        _build(site, clean)
        assert output_files(options.output) == output_files(clean), change.__name__
    # each memo keeps one piece per meeting (or event) the last build used, no more (the
    # search memo one more: the variant table of the site's vocabulary)
    meetings = len(list((site / "content" / "moeder").glob("*/*.md")))
    pieces = {memo.name: len(list(memo.iterdir()))
              for memo in (tmp_path / "cache").glob("memo-*")}
    assert pieces["memo-search"] == meetings + 1, pieces


def test_editing_one_meeting_rewrites_only_what_shows_it(archive, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(archive, site)
    cache, output = tmp_path / "cache", tmp_path / "public"
    _build(site, output, cache=cache)
    unchanged = _build(site, output, cache=cache)
    assert unchanged.rendered == 0 and unchanged.unchanged
    before = _inodes(output)
    page = _edit_meeting_text(site)
    report = _build(site, output, cache=cache)
    after = _inodes(output)
    rewritten = {path for path in after if before.get(path) != after[path]}
    assert page in rewritten
    body_page = page.rsplit("/", 2)[0] + "/index.html"
    html_rewritten = {p for p in rewritten if p.endswith(".html")}
    # the search page names the index file, whose name is a digest of its content
    assert html_rewritten <= {page, body_page, "index.html", "soeg/index.html"}, \
        html_rewritten
    assert report.rendered <= 3
    other_meetings = [p for p in after if re.fullmatch(r"organer/.+/\d{4}-\d\d-\d\d/index.html", p)
                      and p != page]
    assert other_meetings and not set(other_meetings) & rewritten
    # what the edited build recorded of its output (the files' identities as the gate read
    # them before the swap) is the output as it is: the next build has nothing to do
    assert _build(site, output, cache=cache).unchanged


def test_written_files_are_taken_over_by_digest_and_never_from_a_changed_output(archive, tmp_path):
    """Files made in one piece (search shards, feeds, open data) are compared with the last
    output by the digest that build recorded: the unchanged ones are linked, not written
    again; a file changed in the output since is not trusted and is written anew, so the
    output equals a clean build's."""
    site = tmp_path / "site"
    shutil.copytree(archive, site)
    cache, output = tmp_path / "cache", tmp_path / "public"
    _build(site, output, cache=cache)
    shards = sorted(p for p in _inodes(output) if p.startswith("soeg/soegeindeks."))
    assert len(shards) > 50
    for relative in (shards[0], "feeds/alle.xml", "data/moeder.json"):
        with open(output / relative, "ab") as handle:  # in place: the same file, other bytes
            handle.write(b" ")
    _build(site, output, cache=cache)
    _build(site, tmp_path / "clean")
    assert output_files(output) == output_files(tmp_path / "clean")

    before = _inodes(output)
    _edit_meeting_text(site)
    _build(site, output, cache=cache)
    after = _inodes(output)
    kept = [p for p in shards if after.get(p) == before[p]]
    assert len(kept) > len(shards) // 2, (len(kept), len(shards))


def test_the_editors_checks_say_the_same_in_a_worker_as_in_one_process(archive, tmp_path):
    """With two processes the editors' checks run in a worker beside the link check: their
    warnings, and an error that stops the build, are exactly those of one process."""
    from site_builder.editor.scaffold import SUMMARY
    from site_builder.pipeline import load_and_check
    from site_builder.problems import SiteError

    site = tmp_path / "site"
    shutil.copytree(archive, site)
    meetings = _meeting_files(site)
    (meetings[0].parent / "glemt-bilag.pdf").write_bytes(b"%PDF-1.4\n")  # named by no item

    def problems(jobs: int) -> list:
        try:
            return load_and_check(BuildOptions(site, tmp_path / "out", BUILD_DATE,
                                               jobs=jobs))[1]
        except SiteError as exc:
            return exc.problems

    warned = problems(2)
    assert any("glemt-bilag.pdf" in p.path for p in warned), warned
    assert warned == problems(1)
    text = meetings[5].read_text(encoding="utf-8")
    meetings[5].write_text(text.replace("\n### ", f"\n{SUMMARY}\n\n### ", 1), encoding="utf-8")
    stopped = problems(2)
    assert any(p.severity == "fejl" and p.path.endswith(meetings[5].name) for p in stopped), \
        stopped
    assert stopped == problems(1)


def test_an_error_after_an_edit_stops_the_search_worker_and_publishes_nothing(archive,
                                                                              tmp_path):
    """After an edit one worker starts making the search index before the checks run; an
    error found by the checks stops the build with its message, the worker ends with it,
    and the published site is the last one."""
    import multiprocessing

    from site_builder.editor.scaffold import SUMMARY
    from site_builder.problems import SiteError

    site = tmp_path / "site"
    shutil.copytree(archive, site)
    cache, output = tmp_path / "cache", tmp_path / "public"
    _build(site, output, cache=cache)
    before = output_files(output)
    meeting = _meeting_files(site)[5]
    text = meeting.read_text(encoding="utf-8")
    meeting.write_text(text.replace("\n### ", f"\n{SUMMARY}\n\n### ", 1), encoding="utf-8")
    with pytest.raises(SiteError) as stopped:
        _build(site, output, cache=cache)
    assert any(p.path.endswith(meeting.name) for p in stopped.value.problems)
    assert multiprocessing.active_children() == []
    assert output_files(output) == before


def test_a_word_added_to_one_meeting_has_the_variants_of_the_others_counted_again(
        archive, tmp_path):
    """Each meeting's search variants are kept with the variants of its words they were
    counted with: a word one meeting adds ("belægning") gives other meetings' compounds
    ("belægningsprocenten") a new part, and those meetings' variants are counted again."""
    site = tmp_path / "site"
    shutil.copytree(archive, site)
    cache, output = tmp_path / "cache", tmp_path / "public"
    _build(site, output, cache=cache)
    meetings = _meeting_files(site)
    compound = [path for path in meetings if "elægningsprocent" in path.read_text("utf-8")]
    edited = next(path for path in meetings if path not in compound
                  and "belægning " not in path.read_text("utf-8").lower())
    assert compound and '"belægning"' not in _terms(output)  # the word is new to the site
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text.replace("\n### ", "\nOm belægning i tilbuddene.\n\n### ", 1),
                      encoding="utf-8")
    _build(site, output, cache=cache)
    _build(site, tmp_path / "clean")
    assert '"belægning"' in _terms(output)
    assert output_files(output) == output_files(tmp_path / "clean")


def _terms(output: Path) -> str:
    """The search index's files, together (a term stands in them in quotes)."""
    return " ".join(path.read_text("utf-8") for path in (output / "soeg").rglob("*.json"))


def test_a_build_without_cache_extracts_each_bilag_once(archive, tmp_path, monkeypatch):
    """The search index and the publishing gate read the same bilag texts: without a cache
    folder too, each bilag is extracted once, through a folder of the build's own that is
    gone when the build is done."""
    import hashlib
    import tempfile
    from collections import Counter

    from site_builder.guards import bilag_text

    extracted: Counter = Counter()  # by what the file holds: the index reads the bilag in
    extract = bilag_text.extract_text  # content/, the gate the published copy
    monkeypatch.setattr(bilag_text, "extract_text", lambda path: extracted.update(
        [hashlib.sha256(path.read_bytes()).hexdigest()]) or extract(path))
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    (tmp_path / "out").mkdir()
    _build(archive, tmp_path / "out" / "public", jobs=1)  # one process: every call counted
    assert len(extracted) > 50 and set(extracted.values()) == {1}, extracted.most_common(3)
    assert [p.name for p in (tmp_path / "out").iterdir() if p.is_dir()] == ["public"]
    assert list(temporary.iterdir()) == []


def test_a_new_engine_does_not_reuse_the_memo_of_the_old_one(archive, tmp_path, monkeypatch):
    """A deploy keeps the cache folder across engine upgrades: pieces the old engine made
    (a meeting's open data, search part, calendar event) must not stand in for what the
    new engine makes of the same meeting."""
    from site_builder import pipeline
    from site_builder.outputs import open_data

    site = tmp_path / "site"
    shutil.copytree(archive, site)
    cache, output = tmp_path / "cache", tmp_path / "public"
    _build(site, output, cache=cache)
    meeting_json = open_data._meeting
    monkeypatch.setattr(open_data, "_meeting", lambda *args: {
        **meeting_json(*args), "ny_motor": True})  # what the new engine writes
    monkeypatch.setattr(pipeline, "engine_digest", lambda: "en ny motor")
    _build(site, output, cache=cache)
    _build(site, tmp_path / "clean")
    assert b'"ny_motor":true' in (output / "data" / "moeder.json").read_bytes()
    assert output_files(output) == output_files(tmp_path / "clean")
