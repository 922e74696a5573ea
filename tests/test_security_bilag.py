"""Security review A.2 and A.3: what may be published as a bilag. Only documents and
images a browser cannot run as part of the site (documents.BILAG_SUFFIXES): HTML, SVG, XML
and JavaScript would run with the site's own rights, a content .md file may be a draft, and
a symlink is judged by what it points at."""
from __future__ import annotations

import os
from pathlib import Path

from conftest import make_site, output_files, run_cli

from site_builder.content.bilag_files import BILAG_SUFFIXES

MEETING = "content/moeder/das/2020-05-25.md"
HELP = ("gem bilaget som PDF (i Word, Excel og browseren: »Gem som« eller »Udskriv« til "
        "PDF), og skriv PDF-filens navn her. Tilladte filtyper: csv, doc, docx, gif, jpeg, "
        "jpg, odp, ods, odt, pdf, png, ppt, pptx, rtf, txt, xls, xlsx, zip")


def _meeting(*names: str) -> str:
    entries = "".join(f"      - titel: Bilag {n}\n        fil: {name}\n"
                      for n, name in enumerate(names, start=1))
    return ("---\norgan: das\ndato: 2020-05-25\nstatus: referat\npunkter:\n  1:\n"
            f"    bilag:\n{entries}---\n\n## 1. Punkt\n\nTekst.\n")


def _build(site: Path, out: Path):
    result = run_cli("--site", str(site), "--out", str(out), "--dato", "2020-06-01",
                     "--uden-cache")
    assert "Traceback" not in result.stderr and "intern fejl" not in result.stderr, \
        result.stderr
    return result


def test_bilag_a_browser_can_run_are_refused_and_nothing_is_published(tmp_path):
    names = ["2020-05-25/index.html", "2020-05-25/x.js", "2020-05-25/figur.svg",
             "2020-05-25/side.xhtml", "2020-05-25/side.htm", "2020-05-25/m.mjs",
             "2020-05-25/data.xml", "2020-05-25/liste", "2020-05-25/.htaccess"]
    files = {MEETING: _meeting(*names)}
    for name in names:
        files[f"content/moeder/das/{name}"] = "<script>alert('KANARIE')</script>\n"
    site = make_site(tmp_path / "site", files)
    out = tmp_path / "out"
    result = _build(site, out)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    for number, name in enumerate(names):
        suffix = name.rpartition("/")[2].rpartition(".")[2] if "." in name[11:].strip(".") \
            else ""
        what = f"filtypen .{suffix}" if suffix else "en fil uden filtype (fx .pdf)"
        assert f"{MEETING}:{8 + 2 * number}: bilag.fil: '{name}': {what} kan ikke " \
               f"offentliggøres som bilag; {HELP}" in lines, (name, lines)
    assert not out.exists()


def test_a_content_file_cannot_be_a_bilag_not_even_through_a_symlink(tmp_path):
    draft = "---\norgan: das\ndato: 2020-06-20\nstatus: dagsorden\nkladde: ja\n---\n\n" \
            "## 1. Hemmeligt punkt KANARIEKLADDE\n"
    site = make_site(tmp_path / "site", {
        MEETING: _meeting("2020-06-20.md", "dagsorden.pdf", "2020-05-25/aftale.pdf"),
        "content/moeder/das/2020-06-20.md": draft,
        "content/aftaler/udkast.md": "---\ntitel: Udkast\nperiode: 2021\nstatus: udkast\n"
                                     "kladde: ja\n---\nKANARIEAFTALE\n"})
    os.symlink("2020-06-20.md", site / "content/moeder/das/dagsorden.pdf")
    (site / "content/moeder/das/2020-05-25").mkdir()
    os.symlink("../../../aftaler/udkast.md", site / "content/moeder/das/2020-05-25/aftale.pdf")
    out = tmp_path / "out"
    result = _build(site, out)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert f"{MEETING}:8: bilag.fil: '2020-06-20.md': filtypen .md kan ikke offentliggøres " \
           f"som bilag; {HELP}" in lines
    for line, name in ((10, "dagsorden.pdf"), (12, "2020-05-25/aftale.pdf")):
        assert f"{MEETING}:{line}: bilag.fil: '{name}' er en genvej til en fil, der ikke kan " \
               f"offentliggøres som bilag; læg selve filen her: {HELP}" in lines, lines
    assert not out.exists()


def test_every_allowed_type_is_published(tmp_path):
    names = [f"2020-05-25/bilag.{suffix}" for suffix in sorted(BILAG_SUFFIXES)] + \
            ["2020-05-25/Rapport.PDF"]
    files = {MEETING: _meeting(*names)}
    for name in names:
        files[f"content/moeder/das/{name}"] = b"data"
    site = make_site(tmp_path / "site", files)
    out = tmp_path / "out"
    result = _build(site, out)
    assert result.returncode == 0, result.stderr
    published = output_files(out)
    for suffix in BILAG_SUFFIXES:
        assert f"organer/das/2020-05-25/bilag/bilag.{suffix}" in published
    assert "organer/das/2020-05-25/bilag/rapport.pdf" in published
    assert "bilag/" not in (out / "sitemap.xml").read_text("utf-8")
