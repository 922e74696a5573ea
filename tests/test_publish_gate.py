"""The publishing gate (publish_gate.py): a CPR number in any published file stops the build,
however it got there, and the published site stays as it was. Checked on real builds, and
on staged files made by hand for the readings the gate must do by itself."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import build_site, make_site, output_files
from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.guards import privacy, publish_gate
from site_builder.guards.publish_gate import cpr_numbers, reader_text
from site_builder.problems import Problems, SiteError

MEETING = "content/moeder/das/2020-05-25.md"
CPR = "CPR-nummer (ddmmåå-xxxx)"
_DIGITS = re.compile(r"010203|0102031234")


def _meeting(body: str, front: str = "") -> str:
    return ("---\norgan: das\ndato: 2020-05-25\nstatus: referat\n" + front + "---\n\n"
            "## 1. Punkt\n\nIndledning.\n\n" + body + "\n")


@pytest.fixture
def published(tmp_path):
    """A small site built once cleanly: (site, output, the output's files)."""
    site = make_site(tmp_path / "site", {MEETING: _meeting("Intet personligt her.")})
    output = tmp_path / "public"
    build_site(site, output)
    return site, output, output_files(output)


def _refused(site: Path, output: Path, before: dict[str, bytes], body: str) -> SiteError:
    (site / MEETING).write_text(_meeting(body), encoding="utf-8")
    with pytest.raises(SiteError) as caught:
        build_site(site, output)
    assert output_files(output) == before, "the published site changed"
    assert not list(output.parent.glob(".public.tmp-*")), "a staging folder was left"
    text = str(caught.value)
    assert CPR in text
    assert not _DIGITS.search(text), "a message repeats the number"
    return caught.value


# Markup the sanitiser removes, shapes, invisible characters, attributes ----------------------

HOSTILE = [
    "Nr. 010203-<kbd>1234</kbd>.",
    "Nr. 010203-<samp>1234</samp>.",
    "Nr. 0102<var>03</var>-1234.",
    "Nr. 010203-<blink>1234</blink>.",
    "Nr. 010203-<x-ny-tag>1234</x-ny-tag>.",
    "Nr. 0102<!-- mellem -->03-1234.",
    "Nr. 0102<?behandling x?>03-1234.",
    "Nr. 0102<![CDATA[]]>03-1234.",
    "Nr. 01 02 03-1234.",
    "Nr. 01.02.03-1234.",
    "Nr. 010203/1234.",
    "Nr. [010203](https://example.org/)-1234.",
    "Nr. 0102\u200e03-1234.",  # left-to-right mark
    "Nr. 0102\u206303-1234.",  # invisible separator
    "Nr. 0102\u034f03-1234.",  # combining grapheme joiner
    "Nr. 0102\u316403-1234.",  # Hangul filler
    "Nr. 0102\u180e03-1234.",  # Mongolian vowel separator
    "Nr. 0102\U000e004103-1234.",  # a tag character
    "Nr. 010203\u02d71234.",  # modifier letter minus
    "Nr. 010203\u20221234.",  # bullet
    "Nr. 010203: 1234.",
    "Nr. 0102<small>03</small><sub>-</sub><sup>1234</sup>.",
    "Nr. 0\u03001\u03010203-1234.",  # combining marks on digits
    "Nr. \U0001d7ce\U0001d7cf\U0001d7ce\U0001d7d0\U0001d7ce\U0001d7d1-1234.",  # math digits
    "Nr. <span title=\"010203-1234\">skjult</span>.",
    "Nr. <abbr title=\"01&#48;203&#x2d;1234\">skjult</abbr>.",
    "| Navn | Nummer | Rest |\n|---|---|---|\n| Anna | 010203 | 1234 |",
    "Nr. \u0660\u0661\u0660\u0662\u0660\u0663-\u0661\u0662\u0663\u0664.",  # Arabic-Indic digits
]


@pytest.mark.parametrize("body", HOSTILE)
def test_a_hidden_cpr_number_stops_the_build_and_nothing_is_published(published, body):
    site, output, before = published
    error = _refused(site, output, before, body)
    assert any(p.path == MEETING and p.line is not None for p in error.problems), error


@pytest.mark.parametrize("body", HOSTILE)
def test_the_gate_alone_finds_what_the_source_check_does_not_know(published, body,
                                                                     monkeypatch):
    """With the check of the sources blinded, the gate on the built files is the net: it
    names the source file and the line the number comes from."""
    monkeypatch.setattr(privacy, "_cpr_lines", lambda source: [])
    site, output, before = published
    error = _refused(site, output, before, body)
    lines = (site / MEETING).read_text(encoding="utf-8").split("\n")
    for problem in error.problems:
        assert "i det færdige site" in problem.message
        assert problem.path == MEETING, problem
        assert lines[problem.line - 1].startswith(("Nr. ", "| Anna")), problem


@pytest.mark.parametrize("body", [
    "Sag 2011-236434 og 20/0877 og 2020-077305 og 00.30.10-S00-4-20.",
    "Mødet 25.05.2020 kl. 10.00-12.00; tlf. 98 12 34 56; cvr 29 18 99 59.",
    "| Tilbud | Pladser | Takst 2019 | Takst 2020 |\n|---|---|---|---|\n"
    "| Krisecenter | 25 | 1200 | 1300 |\n| Andet | 12 | 1.933 | 2.139 |",
    "Beløb: 1.933.000 kr. og 2.139.000.000 kr.; § 109 og § 110.",
])
def test_ordinary_numbers_are_published(published, body):
    site, output, _before = published
    (site / MEETING).write_text(_meeting(body), encoding="utf-8")
    build_site(site, output)
    assert "Indledning" in (output / "organer/das/2020-05-25/index.html").read_text()


# The gate's own readings, on staged files made by hand ---------------------------------------

@pytest.mark.parametrize("name,content", [
    ("side/index.html", "<table><tr><td>010203</td><td>1234</td></tr></table>"),
    ("side/index.html", "<p>0102<b>03</b>-12<i>34</i></p>"),
    ("side/index.html", '<a href="/x/%30%31%30%32%30%33-1234/">x</a>'),
    ("side/index.html", "<p>ok</p><!-- 010203-1234 -->"),
    ("data/x.json", json.dumps({"tekst": "0102\u00ad03-1234"})),
    ("data/x.json", json.dumps({"html": "<td>010203</td><td>1234</td>"})),
    ("data/x.json", '{"nummer": 1512851234}'),
    ("feeds/x.xml", "<feed><entry><content type=\"html\">&lt;p&gt;010203-&lt;kbd&gt;1234"
                    "&lt;/kbd&gt;&lt;/p&gt;</content></entry></feed>"),
    ("kalender/x.ics", "BEGIN:VEVENT\r\nDESCRIPTION:Nr. 0102\r\n 03-1234\r\nEND:VEVENT\r\n"),
    ("sitemap.xml", "<urlset><url><loc>https://x.dk/aftaler/a-0102031234/</loc></url>"
                    "</urlset>"),
    ("robots.txt", "# 01 02 03 1234"),
    ("billede.png", b"\x89PNG\r\n\x1a\n\x00\x00tEXtComment\x00010203-1234\x00"),
])
def test_the_gate_reads_every_kind_of_published_file(tmp_path, name, content):
    staging = tmp_path / "staging"
    path = staging / name
    path.parent.mkdir(parents=True)
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    findings = publish_gate.scan_file(path, name, set(), lambda p: ("", None))
    expected = "1512851234" if "nummer" in name + str(content) else "0102031234"
    assert findings and findings[0].digits == expected, findings


def test_a_finding_names_the_published_file_when_no_source_holds_it(tmp_path):
    staging = tmp_path / ".public.tmp-1"
    (staging / "side").mkdir(parents=True)
    (staging / "side" / "index.html").write_text("<td>010203</td><td>1234</td>")
    site_root = make_site(tmp_path / "site", {})

    class _Site:
        root = site_root
        meetings = ()

    problems = Problems(site_root)
    publish_gate.check_published(staging, site_root / "public", ["side/index.html"], _Site(),
                                 problems, lambda p: ("", None))
    [error] = problems.errors
    assert error.path == "public/side/index.html" and "kunne ikke spores" in error.message


def test_a_file_read_early_is_read_again_when_a_later_name_holds_its_digits(tmp_path):
    """While the search index is made the gate reads the files written so far; a file name
    written later may hold a digest of ten digits, which the gate does not read as a number
    where it stands. A file whose digits hold such a digest is read again with it masked,
    so the early reading says exactly what the whole gate says; one without keeps it."""
    staging = tmp_path / ".public.tmp-1"
    (staging / "side").mkdir(parents=True)
    (staging / "side" / "index.html").write_text("<p>Filen soeg.0102031234.json</p>")
    (staging / "anden").mkdir()
    (staging / "anden" / "index.html").write_text("<p>Nr. 010203-1234</p>")
    site_root = make_site(tmp_path / "site", {})

    class _Site:
        root = site_root
        meetings = ()

    first = ["side/index.html", "anden/index.html"]
    early = publish_gate.read_early(staging, first, _Site(), lambda p: ("", None))
    assert early["side/index.html"].findings and "0102031234" in early["side/index.html"].runs
    (staging / "soeg").mkdir()
    (staging / "soeg" / "soeg.0102031234.json").write_text("{}")  # named after the index
    everything = first + ["soeg/soeg.0102031234.json"]
    said = []
    for given in (early, None):
        problems = Problems(site_root)
        publish_gate.check_published(staging, site_root / "public", everything, _Site(),
                                     problems, lambda p: ("", None), early=given)
        said.append([(e.path, e.message) for e in problems.errors])
    assert said[0] == said[1] == [("public/anden/index.html", said[1][0][1])]


# The reading itself: a property over ways of writing a number --------------------------------

_INVISIBLES = st.sampled_from(["", "\u00ad", "\u200b", "\u200e", "\u2063", "\u034f",
                               "\u3164", "\ufeff", "<b></b>", "\u2060"])
_SEPARATORS = st.sampled_from(["", "-", " ", " - ", "\u2013", "\u00a0", "/", ".", "\n"])


@settings(max_examples=50, deadline=None)
@given(day=st.integers(1, 28), month=st.integers(1, 12), year=st.integers(0, 99),
       serial=st.integers(0, 9999), separator=_SEPARATORS,
       noise=st.lists(_INVISIBLES, min_size=10, max_size=10))
def test_any_cpr_number_with_invisible_characters_is_read_as_one(day, month, year, serial,
                                                                  separator, noise):
    digits = f"{day:02d}{month:02d}{year:02d}{serial:04d}"
    written = "".join(d + n for d, n in zip(digits[:6], noise[:6])) + separator + \
        "".join(d + n for d, n in zip(digits[6:], noise[6:]))
    text, hidden = publish_gate.html_parts(f"<p>Nr. {written} her.</p>")
    assert digits in cpr_numbers(reader_text(text))


@settings(max_examples=50, deadline=None)
@given(st.lists(st.one_of(st.integers(0, 99999).map(str),
                          st.sampled_from(["kr.", "§", "og", "|", ",", ";", " ", "\n"])),
                max_size=30))
def test_text_without_ten_digits_in_a_row_of_groups_has_no_cpr_number(parts):
    text = " ".join(parts)
    if sum(c.isdigit() for c in text) < 10:
        assert cpr_numbers(reader_text(text)) == []


# Bilag: the text inside documents ------------------------------------------------------------

def _bilag_files():
    from openpyxl import Workbook
    from test_bilag_text import PDF_PAGES, _docx, _pdf_bytes, _zip

    def pdf(path):
        path.write_bytes(_pdf_bytes(PDF_PAGES))

    def docx(path):
        _docx(path)

    def xlsx(path):
        book = Workbook()
        book.active.append(["Navn", "Nummer", "Løbenr."])
        book.active.append(["Anna", "010203", "1234"])
        book.save(path)

    def odt(path):
        ns = 'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" ' \
             'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
        _zip(path, {"content.xml": f"<office:document-content {ns}><office:body><office:text>"
                                   "<text:p>Nr. 0102<text:span>03</text:span>-1234</text:p>"
                                   "</office:text></office:body></office:document-content>"})

    def rtf(path):
        path.write_bytes(rb"{\rtf1\ansi Nr. 0102\'30\'33-1234\par}")

    def csv(path):
        path.write_text("navn;nummer\nAnna;010203-1234\n", encoding="utf-16")

    return {"pdf": pdf, "docx": docx, "xlsx": xlsx, "odt": odt, "rtf": rtf, "csv": csv}


@pytest.mark.parametrize("suffix", ["pdf", "docx", "xlsx", "odt", "rtf", "csv"])
def test_a_cpr_number_in_a_bilag_stops_the_build(published, suffix, monkeypatch):
    monkeypatch.setattr(privacy, "_cpr_lines", lambda source: [])  # (a text bilag's check)
    site, output, before = published
    folder = site / "content/moeder/das/2020-05-25"
    folder.mkdir(parents=True, exist_ok=True)
    _bilag_files()[suffix](folder / f"oversigt.{suffix}")
    front = ("punkter:\n  1:\n    bilag:\n      - titel: Oversigt\n"
             f"        fil: 2020-05-25/oversigt.{suffix}\n")
    (site / MEETING).write_text(_meeting("Se bilaget.", front), encoding="utf-8")
    with pytest.raises(SiteError) as caught:
        build_site(site, output)
    assert output_files(output) == before
    [problem] = [p for p in caught.value.problems if CPR in p.message]
    assert problem.path == f"content/moeder/das/2020-05-25/oversigt.{suffix}", problem
    assert "bilagets tekst" in problem.message


# A cached rebuild reads only what changed ---------------------------------------------------

def test_a_cached_rebuild_reads_only_the_files_that_changed(tmp_path, monkeypatch):
    from conftest import BUILD_DATE

    from site_builder.pipeline import BuildOptions, build

    site = make_site(tmp_path / "site", {MEETING: _meeting("Intet personligt her.")})
    options = BuildOptions(site, tmp_path / "public", BUILD_DATE, jobs=1,
                           cache_dir=tmp_path / "cache")
    read: list[str] = []
    real = publish_gate.scan_file
    monkeypatch.setattr(publish_gate, "scan_file",
                        lambda path, relative, *rest: read.append(relative) or
                        real(path, relative, *rest))
    build(options)
    everything = set(read)
    assert "organer/das/2020-05-25/index.html" in everything
    read.clear()
    build(options)
    assert read == [], "an unchanged output was read again"
    # an edit: its pages are read again, and a hidden number in it is still found
    monkeypatch.setattr(privacy, "_cpr_lines", lambda source: [])
    (site / MEETING).write_text(_meeting("Nr. 010203-<kbd>1234</kbd>."), encoding="utf-8")
    with pytest.raises(SiteError) as caught:
        build(options)
    assert "organer/das/2020-05-25/index.html" in read
    assert len(read) < len(everything)
    assert any("i det færdige site" in p.message for p in caught.value.problems)
