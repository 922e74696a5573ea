"""Hostile or careless input fails clearly and quickly: an empty safety flag, a symlink in a
loop, text nested without end or a file of 50 MB, and a file in content/ that nothing reads
each stop the build with one `path:line: field: message` naming the problem, in seconds,
and leave the previous output as it was."""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from conftest import ROOT, build_site, make_site, output_files, run_cli

from site_builder.content import input_limits
from site_builder.content.loader import load_site
from site_builder.problems import Problems

MEETING = "content/moeder/das/2020-05-25.md"
PAGE = "content/sider/om.md"
AGREEMENT = "content/aftaler/aftale.md"
SECRET = "Hemmelig tekst om en navngiven borger"
# A hostile input must fail in seconds; a regression to minutes fails the test through this
# (generous, for a loaded machine) limit instead of hanging the run.
TIMEOUT = 120
LOOP = "genvejen peger i ring"


def _meeting(front: str = "", body: str = f"{SECRET}.", bilag: str = "") -> str:
    return ("---\norgan: das\ndato: 2020-05-25\nstatus: referat\n" + front
            + "punkter:\n  1:\n    type: orientering\n" + bilag
            + f"---\n\n## 1. Punkt\n\n### Referat\n\n{body}\n")


def _check(site: Path) -> tuple[int, list[str]]:
    result = run_cli("check", "--site", str(site), "--dato", "2020-06-01", timeout=TIMEOUT)
    assert "Traceback" not in result.stderr and "intern fejl" not in result.stderr, \
        result.stderr[-2000:]
    return result.returncode, result.stderr.splitlines()


def _built_once(tmp_path: Path, files: dict[str, str]) -> tuple[Path, Path, dict]:
    """A good site built to an output folder; (site, output, the output's files)."""
    site = make_site(tmp_path / "site", {
        MEETING: _meeting(body="Åben tekst."), PAGE: "---\ntitel: Om\n---\nTekst.\n",
        **files})
    output = tmp_path / "public"
    build_site(site, output)
    return site, output, output_files(output)


def _build_fails_leaving(site: Path, output: Path, before: dict) -> list[str]:
    result = run_cli("--site", str(site), "--out", str(output), "--dato", "2020-06-01",
                     timeout=TIMEOUT)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and "intern fejl" not in result.stderr
    assert output_files(output) == before
    assert not list(output.parent.glob(".public.tmp-*"))
    return result.stderr.splitlines()


# 1. Empty safety flags ----------------------------------------------------------------

LUKKET = "skriv ja eller nej; en tom værdi siger ikke, om punktet er lukket"
KLADDE = "skriv ja eller nej; en tom værdi siger ikke, om filen er en kladde"
OFFENTLIG = ("skriv en dato som ÅÅÅÅ-MM-DD, fx 2026-12-01; en tom værdi siger ikke, hvornår "
             "filen må offentliggøres")


@pytest.mark.parametrize("value", ["", ' ""', " ''", ' "  "', " ~", " null"])
def test_an_empty_lukket_is_an_error_and_the_text_is_not_published(tmp_path, value):
    site, output, before = _built_once(tmp_path, {})
    (site / MEETING).write_text(_meeting(bilag=f"    lukket:{value}\n"), "utf-8")
    lines = _build_fails_leaving(site, output, before)
    assert any(line.startswith(f"{MEETING}:8: punkter.1.lukket: {LUKKET}") for line in lines), \
        lines
    assert not any(SECRET.encode() in data for data in output_files(output).values())


def test_an_item_with_an_empty_lukket_is_closed_in_the_model(tmp_path):
    """The build stops, but should anything read the model, the item is still closed."""
    site = make_site(tmp_path / "site", {MEETING: _meeting(bilag="    lukket:\n")})
    problems = Problems(site)
    model = load_site(site, dt.date(2020, 6, 1), problems)
    [meeting] = model.meetings
    [item] = meeting.items
    assert item.closed and item.sections == () and item.kind is None
    assert [p.format() for p in problems.errors] == [f"{MEETING}:8: punkter.1.lukket: "
                                                     f"{LUKKET} (skriv ja for et lukket "
                                                     "punkt, eller slet linjen, hvis punktet "
                                                     "er åbent)"]


@pytest.mark.parametrize("name,front", [
    (MEETING, "kladde:\n"),
    (MEETING, 'offentlig_fra: ""\n'),
    (PAGE, 'kladde: ""\n'),
    (PAGE, "offentlig_fra:\n"),
    (AGREEMENT, "kladde: ''\n"),
    (AGREEMENT, "offentlig_fra: ~\n"),
])
def test_an_empty_kladde_or_offentlig_fra_is_an_error_at_its_line(tmp_path, name, front):
    texts = {
        MEETING: _meeting(front=front),
        PAGE: f"---\ntitel: Om\n{front}---\n{SECRET}.\n",
        AGREEMENT: f"---\ntitel: Aftale\nperiode: 2021-2022\nstatus: udkast\n{front}---\n"
                   f"{SECRET}.\n",
    }
    site = make_site(tmp_path / "site", {name: texts[name]})
    code, lines = _check(site)
    line = texts[name].split("\n").index(front.rstrip("\n")) + 1
    key = front.split(":")[0]
    assert code == 1
    assert any(l.startswith(f"{name}:{line}: {key}: {KLADDE if key == 'kladde' else OFFENTLIG}")
               for l in lines), lines


def test_an_unreadable_offentlig_fra_keeps_the_document_unpublished_in_the_model(tmp_path):
    site = make_site(tmp_path / "site", {
        PAGE: "---\ntitel: Om\noffentlig_fra: 2020-13-01\n---\nTekst.\n",
        "content/sider/kladde.md": "---\ntitel: Kladde\nkladde: maaske\n---\nTekst.\n"})
    problems = Problems(site)
    model = load_site(site, dt.date(2020, 6, 1), problems)
    assert model.pages == ()
    assert len(problems.errors) == 2


def test_written_flags_still_work(tmp_path):
    site = make_site(tmp_path / "site", {
        MEETING: _meeting(front="kladde: nej\noffentlig_fra: 2020-01-01\n",
                          bilag="    lukket: ja\n")})
    model = load_site(site, dt.date(2020, 6, 1), problems := Problems(site))
    assert problems.errors == []
    [meeting] = model.meetings
    assert meeting.items[0].closed


# 2. Symlinks in a loop ----------------------------------------------------------------

needs_symlinks = pytest.mark.skipif(not hasattr(os, "symlink") or os.name == "nt",
                                    reason="symlinks")


@needs_symlinks
def test_a_folder_link_to_itself_in_a_bilag_folder_is_an_error(tmp_path):
    site, output, before = _built_once(tmp_path, {
        MEETING: _meeting(bilag="    bilag:\n      - titel: Rapport\n"
                                "        fil: 2020-05-25/rapport.pdf\n"),
        "content/moeder/das/2020-05-25/rapport.pdf": "%PDF-1.4\n"})
    (site / "content/moeder/das/2020-05-25/loop").symlink_to(".")
    code, lines = _check(site)
    assert code == 1
    assert [l for l in lines if LOOP in l] == [
        f"content/moeder/das/2020-05-25/loop: {input_loop_message()}"]
    _build_fails_leaving(site, output, before)


@needs_symlinks
def test_two_file_links_to_each_other_named_as_a_bilag_are_an_error(tmp_path):
    site, output, before = _built_once(tmp_path, {})
    (site / MEETING).write_text(_meeting(bilag="    bilag:\n      - titel: Rapport\n"
                                               "        fil: 2020-05-25/a.pdf\n"), "utf-8")
    folder = site / "content/moeder/das/2020-05-25"
    folder.mkdir()
    (folder / "a.pdf").symlink_to("b.pdf")
    (folder / "b.pdf").symlink_to("a.pdf")
    code, lines = _check(site)
    assert code == 1
    # at the bilag's line: its "- titel:" (9) or its "fil:" (10)
    said = [l for l in lines if l.endswith(
        ": bilag.fil: '2020-05-25/a.pdf' er en genvej, der peger i ring, så filen kan ikke "
        "findes; slet genvejen, og læg selve filen her")]
    assert len(said) == 1 and said[0].startswith((f"{MEETING}:9:", f"{MEETING}:10:")), lines
    for name in ("a.pdf", "b.pdf"):
        assert f"content/moeder/das/2020-05-25/{name}: {input_loop_message()}" in lines
    _build_fails_leaving(site, output, before)


@needs_symlinks
def test_loops_and_dead_links_anywhere_in_content_are_errors(tmp_path):
    site = make_site(tmp_path / "site", {MEETING: _meeting(), PAGE: "---\ntitel: Om\n---\nx\n"})
    content = site / "content"
    (content / "moeder/das/op").symlink_to("..")
    (content / "sider/x.md").symlink_to("y.md")
    (content / "sider/y.md").symlink_to("x.md")
    (content / "sider/borte.md").symlink_to("findes-ikke.md")
    code, lines = _check(site)
    assert code == 1
    errors = [l for l in lines if l.startswith("content/") and "genvejen" in l]
    assert [e.split(": ")[0] for e in errors] == [
        "content/moeder/das/op", "content/sider/borte.md", "content/sider/x.md",
        "content/sider/y.md"]
    assert "content/sider/borte.md: genvejen peger på en fil eller mappe, der ikke findes; " \
           "slet genvejen, eller læg selve filen her" in lines


def input_loop_message() -> str:
    from site_builder.content.content_tree import LINK_LOOP
    return LINK_LOOP


# 3. Bounded work ----------------------------------------------------------------------

DEEP = 100_000


@pytest.mark.parametrize("body,line,message", [
    ("<div>" * DEEP + "x" + "</div>" * DEEP, 5, "HTML er indlejret for dybt (over 50 niveauer"),
    ("\n".join(["Indsat fra Word:", ""] + ["<div>"] * DEEP), 5 + 2 + 50,
     "HTML er indlejret for dybt (over 50 niveauer"),
    ("<table><tr><td>" * DEEP, 5, "HTML er indlejret for dybt (over 50 niveauer"),
    ("> " * DEEP + "x", 5, "teksten har lister eller citater inden i hinanden"),
    ("- " * DEEP + "x", 5, "teksten har lister eller citater inden i hinanden"),
    ("\n".join(">" * n + " x" for n in range(1, 2000)), None,
     "teksten har lister eller citater inden i hinanden"),
], ids=["divs-on-one-line", "divs-one-per-line", "tables", "quotes", "lists", "quote-lines"])
def test_deep_nesting_is_an_error_at_its_line_and_quick(tmp_path, body, line, message):
    site = make_site(tmp_path / "site", {PAGE: f"---\ntitel: Om\n---\n\n{body}\n"})
    code, lines = _check(site)
    assert code == 1
    where = f"{PAGE}:{line}: " if line else f"{PAGE}:"
    assert any(l.startswith(where) and message in l for l in lines), lines[:5]


def test_deep_html_in_a_meeting_stops_the_build_and_keeps_the_output(tmp_path):
    site, output, before = _built_once(tmp_path, {})
    (site / MEETING).write_text(_meeting(body="<span>" * DEEP), "utf-8")
    lines = _build_fails_leaving(site, output, before)
    assert any(l.startswith(f"{MEETING}:14: HTML er indlejret for dybt (over 50 niveauer: "
                            "<span> inden i 50 andre elementer") for l in lines), lines


def test_html_up_to_the_limit_and_html_shown_as_code_are_built(tmp_path):
    code_block = "```html\n" + "<div>\n" * 200 + "```"
    site = make_site(tmp_path / "site", {PAGE: (
        "---\ntitel: Om\n---\n\n" + "<div>" * 50 + "Dybt nok" + "</div>" * 50 + "\n\n"
        + "<table><tr><td>a</td><td>b</td></tr>" + "<tr><td>c<td>d" * 100 + "</table>\n\n"
        + "<!-- " + "<div>" * 100 + " -->\n\n" + code_block + "\n")})
    output = tmp_path / "public"
    build_site(site, output)
    page = (output / "om" / "index.html").read_text("utf-8")
    assert "Dybt nok" in page and page.count("&lt;div&gt;") == 200


def test_a_50_mb_content_file_is_refused_from_its_size(tmp_path):
    site, output, before = _built_once(tmp_path, {})
    big = site / "content/sider/stor.md"
    with big.open("w", encoding="utf-8") as handle:
        handle.write("---\ntitel: Stor\n---\n")
        chunk = "Lorem ipsum dolor sit amet. " * 1000 + "\n\n"
        for _ in range(50 * 1024 * 1024 // len(chunk) + 1):
            handle.write(chunk)
    size = big.stat().st_size
    assert size > 50 * 1024 * 1024
    lines = _build_fails_leaving(site, output, before)
    assert "content/sider/stor.md: filen fylder 50 MB, og en indholdsfil må højst fylde 5 MB; " \
           "del teksten op i flere filer, eller læg det store dokument som bilag (fx PDF)" \
        in lines, lines


def test_the_size_limit_is_read_from_the_size_not_the_text(tmp_path):
    site = make_site(tmp_path / "site", {MEETING: _meeting()})
    with (site / MEETING).open("r+b") as handle:  # sparse: nothing past the text is read
        handle.truncate(input_limits.MAX_CONTENT_BYTES + 1)
    code, lines = _check(site)
    assert code == 1
    assert [l for l in lines if l.startswith("content/")] == [
        f"{MEETING}: filen fylder 5 MB, og en indholdsfil må højst fylde 5 MB; del teksten op "
        "i flere filer, eller læg det store dokument som bilag (fx PDF)"]


def test_a_bilag_is_not_limited_by_the_content_size(tmp_path):
    site = make_site(tmp_path / "site", {
        MEETING: _meeting(bilag="    bilag:\n      - titel: Rapport\n"
                                "        fil: 2020-05-25/stor.pdf\n")})
    bilag = site / "content/moeder/das/2020-05-25/stor.pdf"
    bilag.parent.mkdir()
    with bilag.open("wb") as handle:
        handle.write(b"%PDF-1.4\n")
        handle.truncate(input_limits.MAX_CONTENT_BYTES * 2)
    build_site(site, tmp_path / "public")
    assert (tmp_path / "public/organer/das/2020-05-25/bilag/stor.pdf").stat().st_size \
        == input_limits.MAX_CONTENT_BYTES * 2


def test_a_flood_of_heading_errors_is_counted_not_listed(tmp_path):
    body = "\n\n".join(f"## {n}. Punkt" for n in range(1000, 3000))
    site = make_site(tmp_path / "site", {MEETING: _meeting(body="Tekst.\n\n" + body)})
    code, lines = _check(site)
    errors = [l for l in lines if l.startswith(MEETING)]
    assert code == 1 and len(errors) == input_limits.MAX_LISTED + 1
    assert "og 1900 fejl mere af samme slags herfra og ned gennem filen" in errors[-1]


# 4. Nothing ignored without a word ----------------------------------------------------

RENAME = "filen bliver ikke læst, fordi navnet ikke ender på .md; omdøb den til"


@pytest.mark.parametrize("name,message", [
    ("2026-12-01.md.txt", f"{RENAME} 2026-12-01.md (gemmer du i Notesblok, så vælg »Alle "
                          "filer« som filtype)"),
    ("x.markdown", f"{RENAME} x.md"),
    ("x.MD.txt", f"{RENAME} x.md (gemmer du i Notesblok, så vælg »Alle filer« som filtype)"),
    ("2026-12-01.docx", "filen ligner en mødefil, men bliver ikke læst: en mødefil er en "
                        "tekstfil, der ender på .md, fx 2026-12-01.md (se "
                        "docs/ny-dagsorden.md); er filen et bilag, så læg den i mappen "
                        "content/moeder/das/2026-12-01/, og nævn den under bilag: i mødefilen"),
    ("2026-12-01.pdf", "filen ligner en mødefil, men bliver ikke læst"),
])
def test_a_meeting_saved_under_another_name_is_an_error(tmp_path, name, message):
    site = make_site(tmp_path / "site", {
        MEETING: _meeting(),
        f"content/moeder/das/{name}": _meeting().replace("2020-05-25", "2026-12-01")})
    code, lines = _check(site)
    assert code == 1
    assert any(l.startswith(f"content/moeder/das/{name}: {message}") for l in lines), lines


@pytest.mark.parametrize("name,message", [
    ("content/sider/logo.png", "filen bliver ikke læst: i content/sider/ læses kun .md-filer"),
    ("content/aftaler/aftale.pdf", "filen bliver ikke læst: i content/aftaler/ læses kun "
                                   ".md-filer"),
    ("content/noter.txt", "filen ligger direkte i content/ og bliver ikke læst"),
    ("content/moeder/rapport.pdf", "filen ligger direkte i content/moeder/ og bliver ikke læst"),
    ("content/billeder/logo.png", "mappen content/billeder/ bliver ikke læst"),
    ("content/sider/om.markdown", f"{RENAME} om.md"),
    ("content/x.md.txt", "filen ligger direkte i content/ og bliver ikke læst; læg en mødefil "
                         "i content/moeder/<organ>/, en aftale i content/aftaler/ og en side i "
                         "content/sider/; og navnet skal ende på .md, fx x.md"),
    ("content/moeder/das/2020-05-25/noter.md.txt", "filen bliver ikke læst: navnet ligner en "
                                                   "Markdown-fil"),
])
def test_a_file_no_part_of_the_build_reads_is_an_error(tmp_path, name, message):
    site = make_site(tmp_path / "site", {MEETING: _meeting(), name: "tekst\n"})
    code, lines = _check(site)
    assert code == 1
    assert any(l.startswith(f"{name}: {message}") for l in lines), lines


def test_named_bilag_beside_the_meeting_files_are_no_error(tmp_path):
    """A bilag may lie in the organ's folder itself, even with the meeting's date as its
    name, or have .md.txt in its name, when an item names it; a file no item names in a
    bilag folder stays a warning."""
    site = make_site(tmp_path / "site", {
        MEETING: _meeting(bilag="    bilag:\n"
                                "      - titel: Dagsorden som PDF\n"
                                "        fil: 2020-05-25.pdf\n"
                                "      - titel: Noter\n"
                                "        fil: 2020-05-25/noter.md.txt\n"),
        "content/moeder/das/2020-05-25.pdf": "%PDF-1.4\n",
        "content/moeder/das/2020-05-25/noter.md.txt": "noter\n",
        "content/moeder/das/2020-05-25/glemt.pdf": "%PDF-1.4\n"})
    result = run_cli("check", "--site", str(site), "--dato", "2020-06-01", timeout=TIMEOUT)
    assert result.returncode == 0, result.stderr
    assert "content/moeder/das/2020-05-25/glemt.pdf: advarsel: bilag: filen ligger blandt " \
           "mødefilerne" in result.stderr


@pytest.mark.parametrize("site", [".", "examples/syddanmark", "examples/midtjylland"])
def test_the_bundled_sites_still_have_no_errors(site):
    result = run_cli("check", "--site", str(ROOT / site), timeout=TIMEOUT)
    assert result.returncode == 0, result.stderr
    assert "Tjekket: ingen fejl" in result.stdout + result.stderr
