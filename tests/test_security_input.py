"""Security review B.10, B.11, D.14 and C.12: hostile or mistyped input gives one clear
Danish error and no output, never a crash ("intern fejl") or a destroyed site folder."""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT, make_site, output_files, run_cli

from site_builder.build.publish import unsafe_output

MEETING = "content/moeder/das/2020-05-25.md"
NO_ADDRESS = ("filnavnet giver ingen adresse på sitet; giv filen et navn med bogstaverne "
              "a-z, æ, ø, å eller tal, fx om-os.md")


def _build(site: Path, out: Path, *extra: str):
    result = run_cli("--site", str(site), "--out", str(out), "--dato", "2020-06-01",
                     "--uden-cache", *extra)
    assert "Traceback" not in result.stderr and "intern fejl" not in result.stderr, \
        result.stderr
    return result


# B.10: a file name that gives no address ---------------------------------------------------

@pytest.mark.parametrize("name", ["content/sider/日本.md", "content/sider/---.md",
                                  "content/aftaler/---.md", "content/aftaler/ℵ.md"])
def test_a_file_name_without_an_address_is_an_error(tmp_path, name):
    text = "---\ntitel: X\nperiode: 2021\nstatus: udkast\n---\nx\n" if "aftaler" in name \
        else "---\ntitel: X\n---\nx\n"
    site = make_site(tmp_path / "site", {name: text})
    out = tmp_path / "out"
    result = _build(site, out)
    assert result.returncode == 1
    assert f"{name}: {NO_ADDRESS}" in result.stderr.splitlines()
    assert not out.exists()


# B.11: dates outside 1900-2100 -------------------------------------------------------------

@pytest.mark.parametrize("files, line", [
    ({"content/moeder/das/9999-12-31.md":
      "---\norgan: das\ndato: 9999-12-31\nstatus: dagsorden\n---\n\n## 1. P\n\nx\n"},
     "content/moeder/das/9999-12-31.md:3: dato: '9999-12-31'"),
    ({"content/moeder/das/0001-01-01.md":
      "---\norgan: das\ndato: 0001-01-01\ntid: 10.00\nstatus: dagsorden\n---\n\n## 1. P\n\nx\n"},
     "content/moeder/das/0001-01-01.md:3: dato: '0001-01-01'"),
    ({"data/kalender.yaml": "- dato: 9999-12-31\n  titel: Slut\n"},
     "data/kalender.yaml:1: dato: '9999-12-31'"),
    ({"data/kalender.yaml": "- dato: 2020-08-01\n  til: 9999-12-31\n  titel: Slut\n"},
     "data/kalender.yaml:2: til: '9999-12-31'"),
    ({"data/sager.yaml": "- slug: s\n  titel: S\n  trin:\n    - instans: das\n"
                         "      frist: 1899-12-31\n"},
     "data/sager.yaml:5: trin.frist: '1899-12-31'"),
])
def test_a_date_outside_1900_to_2100_is_an_error(tmp_path, files, line):
    site = make_site(tmp_path / "site", files)
    out = tmp_path / "out"
    result = _build(site, out)
    assert result.returncode == 1
    key = line.rsplit(": ", 1)[0]
    assert f"{line} ligger ikke mellem år 1900 og 2100; tjek årstallet" in \
        result.stderr.splitlines(), (key, result.stderr)
    assert not out.exists()


def test_the_first_and_last_years_still_build(tmp_path):
    site = make_site(tmp_path / "site", {
        "data/kalender.yaml": "- dato: 1900-01-01\n  titel: Start\n"
                              "- dato: 2100-12-30\n  til: 2100-12-31\n  titel: Slut\n"})
    result = _build(site, tmp_path / "out")
    assert result.returncode == 0, result.stderr


# C.12: --out must never be the sources ----------------------------------------------------

def _sources(site: Path) -> dict[str, bytes]:
    return {k: v for k, v in output_files(site).items()
            if k.startswith(("content/", "data/", "templates/"))}


@pytest.mark.parametrize("out, shown", [
    (".", "{site} er sitets egen mappe"),
    ("..", "{parent} er en mappe, som sitet ligger i"),
    ("content", "{site}/content ligger i sitets content/"),
    ("content/sider", "{site}/content/sider ligger i sitets content/"),
    ("data", "{site}/data ligger i sitets data/"),
    ("data/site.yaml", "{site}/data/site.yaml ligger i sitets data/"),
    ("templates", "{site}/templates ligger i sitets templates/"),
    ("templates/assets", "{site}/templates/assets ligger i sitets templates/"),
])
def test_an_output_that_is_or_holds_the_sources_is_refused(tmp_path, out, shown):
    site = make_site(tmp_path / "site", {"content/sider/om.md": "---\ntitel: Om\n---\nx\n",
                                         "templates/assets/egen.css": "p {}\n"})
    (tmp_path / "andet.txt").write_text("bliver\n", "utf-8")
    before = _sources(site)
    result = _build(site, site / out)
    assert result.returncode == 2
    message = shown.format(site=site.resolve(), parent=tmp_path.resolve())
    assert result.stderr.startswith(f"fejl: --out: {message}; bygningen erstatter hele "
                                    "--out-mappen, så "), result.stderr
    assert f"Byg fx til {site.resolve()}/public" in result.stderr
    assert _sources(site) == before
    assert (tmp_path / "andet.txt").is_file()
    assert not list(tmp_path.rglob(".*.tmp-*")) and not list(tmp_path.rglob(".*.lock"))


def test_an_output_that_holds_the_engine_is_refused(tmp_path):
    """Asked of the check itself: a build into these, if the check ever failed, would
    delete the engine (or everything beside it)."""
    site = make_site(tmp_path / "site", {})
    for out in (ROOT / "site_builder", ROOT / "templates" / "assets", ROOT.parent):
        assert unsafe_output(site, out), out
    assert unsafe_output(ROOT, ROOT / "public") is None
    assert unsafe_output(site, tmp_path / "public") is None


def test_an_output_beside_or_below_the_site_is_fine(tmp_path):
    site = make_site(tmp_path / "site", {"content/sider/om.md": "---\ntitel: Om\n---\nx\n"})
    for out in (site / "public", site / "ud" / "public", tmp_path / "public"):
        result = _build(site, out)
        assert result.returncode == 0, result.stderr
        assert (out / "om" / "index.html").is_file()


# D.14: control characters made by YAML escapes ---------------------------------------------

CONTROL = "ugyldigt kontroltegn U+{:04X} i værdien (skrevet som \\x.. eller \\u.... i " \
          "anførselstegn); slet det"


@pytest.mark.parametrize("files, where, code", [
    ({"content/aftaler/a.md": '---\ntitel: "Aftale\\x00\\x0b"\nperiode: 2021\n'
                              'status: udkast\n---\nTekst.\n'}, "content/aftaler/a.md:2: titel", 0),
    ({MEETING: '---\norgan: das\ndato: 2020-05-25\nstatus: referat\nsted: "Sal\\u0007"\n'
               '---\n\n## 1. P\n\nx\n'}, f"{MEETING}:5: sted", 7),
    ({MEETING: '---\norgan: das\ndato: 2020-05-25\nstatus: referat\n"punkter\\x1b": x\n'
               '---\n\n## 1. P\n\nx\n'}, f"{MEETING}:5", 0x1B),
    ({"data/kalender.yaml": '- dato: 2020-08-01\n  titel: "Slut\\uffff"\n'},
     "data/kalender.yaml:2: titel", 0xFFFF),
])
def test_a_control_character_from_a_yaml_escape_is_an_error_at_its_line(tmp_path, files,
                                                                         where, code):
    site = make_site(tmp_path / "site", files)
    out = tmp_path / "out"
    result = _build(site, out)
    assert result.returncode == 1
    assert f"{where}: {CONTROL.format(code)}" in result.stderr.splitlines(), result.stderr
    assert not out.exists()
