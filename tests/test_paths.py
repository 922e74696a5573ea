"""Paths: a bilag or link that leaves the site folder is refused with a clear `path:line:`
error; file names with spaces and æøå work and get safe (lowercase ASCII) URLs."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import build_site, make_site, output_files, run_cli
from site_builder import urls

MEETING = "content/moeder/das/2020-05-25.md"


def _meeting(filename: str, body: str = "Godkendt.") -> str:
    return f"""
        ---
        organ: das
        dato: 2020-05-25
        status: referat
        punkter:
          1:
            bilag:
              - titel: Bilaget
                fil: {filename}
        ---

        ## 1. Punkt

        ### Referat

        {body}
        """


def _check(site: Path) -> tuple[int, list[str]]:
    result = run_cli("check", "--site", str(site), "--dato", "2020-06-01")
    assert "Traceback" not in result.stderr
    return result.returncode, result.stderr.splitlines()


@pytest.mark.parametrize("filename", [
    "../../../data/site.yaml",
    "2020-05-25/../../../../data/site.yaml",
    "/etc/passwd",
    "~/.ssh/id_rsa",
    "'..'",
])
def test_a_bilag_outside_the_site_folder_is_refused(tmp_path, filename):
    site = make_site(tmp_path / "site", {MEETING: _meeting(filename)})
    code, lines = _check(site)
    assert code == 1
    assert f"{MEETING}:8: bilag.fil: '{filename.strip(chr(39))}' peger uden for sitets " \
           "mappe; læg filen i samme mappe som mødefilen og skriv kun dens navn" in lines


def _outside(tmp_path: Path) -> Path:
    secret = tmp_path / "outside" / "hemmelig.pdf"
    secret.parent.mkdir()
    secret.write_bytes(b"%PDF-1.4 hemmeligt indhold")
    return secret


def test_a_symlink_pointing_outside_is_refused(tmp_path):
    secret = _outside(tmp_path)
    site = make_site(tmp_path / "site", {MEETING: _meeting("2020-05-25/genvej.pdf")})
    link = site / "content" / "moeder" / "das" / "2020-05-25" / "genvej.pdf"
    link.parent.mkdir()
    link.symlink_to(secret)
    code, lines = _check(site)
    assert code == 1
    assert f"{MEETING}:8: bilag.fil: '2020-05-25/genvej.pdf' er en genvej, der peger uden " \
           "for content/; læg selve filen her" in lines
    result = run_cli("--site", str(site), "--out", str(tmp_path / "public"))
    assert result.returncode == 1 and not (tmp_path / "public").exists()


def test_a_symlinked_folder_pointing_outside_is_refused(tmp_path):
    secret = _outside(tmp_path)
    site = make_site(tmp_path / "site", {MEETING: _meeting("mappe/hemmelig.pdf")})
    (site / "content" / "moeder" / "das" / "mappe").symlink_to(secret.parent)
    code, lines = _check(site)
    assert code == 1
    assert any(line.startswith(f"{MEETING}:8: bilag.fil: 'mappe/hemmelig.pdf' er en genvej")
               for line in lines), lines


def test_a_content_file_that_is_a_symlink_to_outside_is_refused(tmp_path):
    outside = tmp_path / "outside.md"
    outside.write_text("---\ntitel: Udefra\n---\nHemmelig tekst udefra.\n", encoding="utf-8")
    site = make_site(tmp_path / "site", {"content/sider/om.md": "---\ntitel: Om\n---\nTekst.\n"})
    (site / "content" / "sider" / "udefra.md").symlink_to(outside)
    code, lines = _check(site)
    assert code == 1
    assert "content/sider/udefra.md: filen er en genvej, der peger uden for content/; læg " \
           "selve filen her" in lines
    result = run_cli("--site", str(site), "--out", str(tmp_path / "public"))
    assert result.returncode == 1 and not (tmp_path / "public").exists()


def test_a_symlink_inside_content_is_fine(tmp_path):
    site = make_site(tmp_path / "site", {
        MEETING: _meeting("2020-05-25/genvej.pdf"),
        "content/moeder/das/filer/rapport.pdf": b"%PDF-1.4 rapport"})
    folder = site / "content" / "moeder" / "das" / "2020-05-25"
    folder.mkdir()
    (folder / "genvej.pdf").symlink_to(site / "content" / "moeder" / "das" / "filer" /
                                       "rapport.pdf")
    build_site(site, tmp_path / "public")
    copied = tmp_path / "public" / "organer" / "das" / "2020-05-25" / "bilag" / "genvej.pdf"
    assert copied.read_bytes() == b"%PDF-1.4 rapport"
    assert not copied.is_symlink()


@pytest.mark.parametrize("link,message", [
    ("../../../../etc/passwd", "fører til en side, der ikke findes"),
    ("/etc/passwd", "fører til en side, der ikke findes"),
    ("../../../../../data/site.yaml", "fører til en side, der ikke findes"),
])
def test_a_markdown_link_out_of_the_site_is_an_error(tmp_path, link, message):
    site = make_site(tmp_path / "site", {
        MEETING: _meeting("2020-05-25/a.pdf", body=f"Se [filen]({link})."),
        "content/moeder/das/2020-05-25/a.pdf": b"%PDF"})
    code, lines = _check(site)
    assert code == 1
    assert f"{MEETING}:16: link: linket '{link}' {message}" in lines


def test_a_file_url_link_is_dropped_not_followed(tmp_path):
    site = make_site(tmp_path / "site", {
        MEETING: _meeting("2020-05-25/a.pdf", body="Se [filen](file:///etc/passwd)."),
        "content/moeder/das/2020-05-25/a.pdf": b"%PDF"})
    build_site(site, tmp_path / "public")
    html = (tmp_path / "public" / "organer/das/2020-05-25/index.html").read_text("utf-8")
    assert "file:" not in html and "/etc/passwd" not in html
    assert "Se <a>filen</a>." in html


NAMES = {
    "2020-05-25/Årsrapport 2019 (endelig) – Ærø Øst.PDF":
        "/organer/das/2020-05-25/bilag/aarsrapport-2019-endelig-aeroe-oest.pdf",
    "2020-05-25/bilag 4 - Økonomi & tal.xlsx":
        "/organer/das/2020-05-25/bilag/bilag-4-oekonomi-tal.xlsx",
    "Ting på Læsø.docx": "/organer/das/2020-05-25/bilag/ting-paa-laesoe.docx",
    "2020-05-25/ÆØÅ.pdf": "/organer/das/2020-05-25/bilag/aeoeaa.pdf",
    "2020-05-25/Café Noël.pdf": "/organer/das/2020-05-25/bilag/cafe-noel.pdf",
}


def test_names_with_spaces_and_danish_letters_get_safe_urls(tmp_path):
    entries = "\n".join(f"          - titel: Bilag {i}\n            fil: {name}"
                        for i, name in enumerate(NAMES, start=1))
    text = (
        "---\norgan: das\ndato: 2020-05-25\nstatus: referat\npunkter:\n  1:\n    bilag:\n"
        + "\n".join(line[6:] for line in entries.splitlines())
        + "\n---\n\n## 1. Punkt\n\n### Referat\n\nGodkendt.\n")
    files = {MEETING: text}
    files.update({f"content/moeder/das/{name}": f"indhold {i}".encode()
                  for i, name in enumerate(NAMES, start=1)})
    site = make_site(tmp_path / "site", files)
    output = tmp_path / "public"
    build_site(site, output)
    soup = BeautifulSoup((output / "organer/das/2020-05-25/index.html").read_text("utf-8"),
                         "html.parser")
    hrefs = [a["href"] for a in soup.select("a[href*='/bilag/']")]
    assert sorted(hrefs) == sorted(NAMES.values())
    for i, (name, url) in enumerate(NAMES.items(), start=1):
        assert url == urls.attachment("das", dt.date(2020, 5, 25),
                                      Path(name).name)
        assert (output / url.lstrip("/")).read_bytes() == f"indhold {i}".encode()
    for relative in output_files(output):
        assert re.fullmatch(r"[a-z0-9._/\-]+", relative), relative


def test_two_names_with_the_same_url_are_an_error(tmp_path):
    text = ("---\norgan: das\ndato: 2020-05-25\nstatus: referat\npunkter:\n  1:\n    bilag:\n"
            "      - titel: A\n        fil: Bilag 1.pdf\n      - titel: B\n"
            "        fil: bilag-1.PDF\n---\n\n## 1. Punkt\n\nTekst.\n")
    site = make_site(tmp_path / "site", {MEETING: text,
                                         "content/moeder/das/Bilag 1.pdf": b"a",
                                         "content/moeder/das/bilag-1.PDF": b"b"})
    code, lines = _check(site)
    assert code == 1
    assert any("adressen /organer/das/2020-05-25/bilag/bilag-1.pdf bruges også af" in line
               for line in lines), lines


@pytest.mark.parametrize("value", ['"a\\0b.pdf"', '"\\u202e.fdp"', "'" + "x" * 5000 + "'",
                                   "'..\\\\..\\\\data\\\\site.yaml'", "'.'", "'2020-05-25/'"])
def test_odd_names_give_an_error_never_a_crash(tmp_path, value):
    site = make_site(tmp_path / "site", {MEETING: _meeting(value)})
    code, lines = _check(site)
    assert code == 1
    # a NUL made by a YAML escape is refused as the file is read, at the fil: line
    where = f"{MEETING}:9: fil: ugyldigt kontroltegn" if "\\0" in value \
        else f"{MEETING}:8: bilag.fil: "
    assert any(line.startswith(where) for line in lines), lines
    assert not any("intern fejl" in line for line in lines)


def test_no_symlink_is_followed_out_of_the_output(tmp_path):
    """Bilag are copied as bytes: the output never contains a link to the source tree."""
    site = make_site(tmp_path / "site", {
        MEETING: _meeting("2020-05-25/a.pdf"),
        "content/moeder/das/2020-05-25/a.pdf": b"%PDF"})
    build_site(site, tmp_path / "public")
    links = [p for p in (tmp_path / "public").rglob("*") if p.is_symlink()]
    assert links == []
