"""Security review A.4-A.7 and D.13: CPR numbers however they are written, in file and
folder names, in UTF-16 text bilag, and never repeated by any message; health words beside
names in data/*.yaml and behind soft hyphens or emphasis."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import ROOT, make_site, output_files, run_cli

MEETING = "content/moeder/das/2020-05-25.md"
CPR_ERROR = "CPR-nummer (ddmmåå-xxxx)"
# the numbers of this file's cases: none may appear in any message
_DIGITS = re.compile(r"010203|0102031234|31129|020304")


def _meeting(body: str = "Tekst.", front: str = "") -> str:
    return ("---\norgan: das\ndato: 2020-05-25\nstatus: referat\n" + front + "---\n\n"
            "## 1. Punkt\n\n" + body + "\n")


def _build(site: Path, out: Path, *extra: str):
    result = run_cli(*extra, "--site", str(site), "--out", str(out), "--dato", "2020-06-01",
                     "--uden-cache")
    assert "Traceback" not in result.stderr and "intern fejl" not in result.stderr, \
        result.stderr
    return result


# A.5: spellings of a CPR number that read as one on the page ------------------------------

@pytest.mark.parametrize("body", [
    "Nr. 010203\u00a01234.",  # no-break space: Word's default between groups of digits
    "Nr. 010203\u202f1234.",  # narrow no-break space
    "Nr. 010203  1234.",
    "Nr. 010203\t \t1234.",
    "Nr. 010203\u20141234.",  # em dash
    "Nr. 010203\u20151234.",  # horizontal bar
    "Nr. 010203\ufe631234.",  # small hyphen-minus
    "Nr. 010203\uff0d1234.",  # full-width hyphen-minus
    "Nr. 010203 \u2014 1234.",
    "Nr. 010203&nbsp;1234.",
    "Nr. 010203&#45;1234.",
    "Nr. 010203&#x2d;1234.",
    "Nr. 010203&ndash;1234.",
    "Nr. 010203\u00ad1234.",  # soft hyphen (invisible)
    "Nr. 010203&shy;1234.",
    "Nr. 010203\u200b-1234.",  # zero-width space
    "Nr. 010203-\u200d1234.",
    "Nr. 0102\u206003-1234.",  # word joiner inside the digits
    "Nr. 010203\\-1234.",  # Markdown escape, renders as 010203-1234
    "Nr. 010203-<br>1234.",
    "Nr. 010203<br/>1234.",
    "Nr. <span>010203</span>-<b>1234</b>.",
    "Nr. **010203**-1234.",
    "Nr. 010203-*1234*.",
    "Nr. 010203\u2028-1234.",  # line separator
    "Nr. \uff10\uff11\uff10\uff12\uff10\uff13-1234.",  # full-width digits
])
def test_a_cpr_number_written_any_way_that_reads_as_one_stops_the_build(tmp_path, body):
    site = make_site(tmp_path / "site", {MEETING: _meeting(body)})
    out = tmp_path / "out"
    result = _build(site, out)
    assert result.returncode == 1
    assert f"{MEETING}:9: punkt 1: {CPR_ERROR}" in result.stderr, result.stderr
    assert not out.exists()
    assert not _DIGITS.search(result.stderr)


@pytest.mark.parametrize("front, line, field", [
    ("deltagere:\n  - navn: Anne 010203\u00a01234\n", 6, "deltagere.navn"),
    ('sted: "Hos 010203\\x2d1234"\n', 5, "sted"),
    ('sted: "Hos 010203\\u00a01234"\n', 5, "sted"),
    ('sted: "Hos 010203\\u20131234"\n', 5, "sted"),
    ('sted: "Hos 010203\\U0000002d1234"\n', 5, "sted"),
    ('sted: "Hos 010203\\_1234"\n', 5, "sted"),
    ('sted: "Hos 010203-\\\n  1234"\n', 5, "sted"),
])
def test_a_cpr_number_behind_yaml_escapes_is_found(tmp_path, front, line, field):
    site = make_site(tmp_path / "site", {MEETING: _meeting(front=front)})
    out = tmp_path / "out"
    result = _build(site, out)
    assert result.returncode == 1
    assert f"{MEETING}:{line}: {field}: {CPR_ERROR}" in result.stderr, result.stderr
    assert not out.exists()


@pytest.mark.parametrize("body", [
    "Sagsnr. 2011-14113 / 2011-236434 og 2011\u00a014113 / 2011\u00a0236434.",
    "Sagsnr.&nbsp;2011-14113, dok.nr.&nbsp;2011-236434.",
    "Telefon 2133\u00a09211, 21&nbsp;33&nbsp;92&nbsp;11.",
    "Beløb: 1\u00a0234\u00a0567 kr. og 12&#46;345&#46;678 kr.",
    "Ugyldig dato: 320199\u00a01234 og 311399&nbsp;1234.",
    "Årstal: 2018\u20142020, 2020&ndash;2021.",
])
def test_normalising_adds_no_false_positives(tmp_path, body):
    site = make_site(tmp_path / "site", {MEETING: _meeting(body)})
    result = _build(site, tmp_path / "out")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("site", [ROOT, *sorted((ROOT / "examples").iterdir())])
def test_the_bundled_sites_still_check_without_errors(site):
    if not (site / "content").is_dir():
        pytest.skip("not a site")
    result = run_cli("check", "--site", str(site))
    assert result.returncode == 0, result.stderr


# A.4: CPR numbers in file and folder names ------------------------------------------------

def test_a_cpr_number_in_a_file_or_folder_name_stops_the_build(tmp_path):
    site = make_site(tmp_path / "site", {
        "content/sider/010203-1234.md": "---\ntitel: Notat\n---\nTekst.\n",
        "content/aftaler/Aftale 0102031234.md":
            "---\ntitel: Aftale\nperiode: 2021\nstatus: udkast\n---\nTekst.\n",
        "content/sider/notat 010203.1234.md": "---\ntitel: Notat 2\n---\nTekst.\n",
        MEETING: _meeting(front="punkter:\n  1:\n    bilag:\n      - titel: Liste\n"
                                "        fil: 2020-05-25/liste.pdf\n"),
        "content/moeder/das/2020-05-25/liste.pdf": b"%PDF",
        "content/moeder/das/Liste 010203-1234.pdf": b"%PDF",
        "content/moeder/das/010203_1234/a.pdf": b"%PDF",
        "content/moeder/das/010203_1234/b.pdf": b"%PDF",
    })
    out = tmp_path / "out"
    result = _build(site, out)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    rename = ": omdøb filen, så nummeret ikke står i navnet. Navne bliver til adresser på " \
             "sitet, og git gemmer dem"
    for shown in ("content/sider/ddmmåå-xxxx.md", "content/aftaler/Aftale ddmmåå-xxxx.md",
                  "content/sider/notat ddmmåå-xxxx.md",
                  "content/moeder/das/Liste ddmmåå-xxxx.pdf"):
        assert f"{shown}: {CPR_ERROR} i filnavnet{rename}" in lines, (shown, lines)
    folder = [line for line in lines if "i mappens navn" in line]
    assert folder == ["content/moeder/das/ddmmåå-xxxx: CPR-nummer (ddmmåå-xxxx) i mappens "
                      "navn: omdøb mappen, så nummeret ikke står i navnet. Navne bliver til "
                      "adresser på sitet, og git gemmer dem"]
    assert not out.exists()
    assert not _DIGITS.search(result.stderr + result.stdout)


def test_case_numbers_and_dates_in_names_are_not_cpr_numbers(tmp_path):
    site = make_site(tmp_path / "site", {
        "content/sider/sag 2011-236434.md": "---\ntitel: Sag\n---\nTekst.\n",
        "content/moeder/das/2020-05-25.md": _meeting(),
        "content/moeder/das/2020-05-25/2011-14113.pdf": b"%PDF"})
    result = _build(site, tmp_path / "out")
    assert result.returncode == 0, result.stderr


# A.6: text bilag in UTF-16 and UTF-32 -----------------------------------------------------

@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32",
                                      "utf-8-sig", "nobom-utf-16-le", "nobom-utf-16-be"])
def test_a_cpr_number_in_a_utf16_or_utf32_text_bilag_is_found(tmp_path, encoding):
    text = "navn;cpr\r\nAnne;010203-1234\r\n"
    if encoding.startswith("nobom-"):
        data = text.encode(encoding[6:])
    elif encoding in ("utf-16-le", "utf-16-be"):  # with the byte-order mark Excel writes
        data = ("\ufeff" + text).encode(encoding)
    else:
        data = text.encode(encoding)
    site = make_site(tmp_path / "site", {
        MEETING: _meeting(front="punkter:\n  1:\n    bilag:\n      - titel: Liste\n"
                                "        fil: 2020-05-25/liste.csv\n"),
        "content/moeder/das/2020-05-25/liste.csv": data})
    out = tmp_path / "out"
    result = _build(site, out)
    assert result.returncode == 1
    assert f"content/moeder/das/2020-05-25/liste.csv:2: bilag: {CPR_ERROR}" in result.stderr
    assert not out.exists()


# A.7: no message repeats a CPR number -----------------------------------------------------

_REPEATING = _meeting("Se [listen](/borgere/010203-1239/).", front="""\
tid: 010203-1234
punkter:
  1:
    type: 010203-1235
    sag: sag-010203-1236
    bilag:
      - titel: Liste
        fil: 010203-1237.pdf
      - titel: Liste
        url: www.e.dk/010203-1238
""").replace("dato: 2020-05-25\n", "dato: 2020-05-25\n", 1)


@pytest.mark.parametrize("output_format", ["tekst", "github"])
def test_no_message_repeats_a_cpr_number(tmp_path, output_format):
    site = make_site(tmp_path / "site", {MEETING: _REPEATING,
                                         "content/moeder/das/Liste 311299-1234.pdf": b"x"})
    result = run_cli("check", "--site", str(site), "--dato", "2020-06-01",
                     "--format", output_format)
    assert result.returncode == 1
    shown = result.stdout + result.stderr
    assert "Traceback" not in shown
    assert not _DIGITS.search(shown), shown
    # the other problems are still reported, with the number masked
    assert "'ddmmåå-xxxx' er ikke et gyldigt klokkeslæt" in shown
    assert "'sag-ddmmåå-xxxx' er ikke en sag i data/sager.yaml" in shown
    assert "'ddmmåå-xxxx' er ikke gyldig" in shown
    if output_format == "github":
        assert "::error file=content/moeder/das/Liste ddmmåå-xxxx.pdf::" in shown
    else:
        assert "content/moeder/das/Liste ddmmåå-xxxx.pdf: CPR-nummer" in shown


# D.13: health words in data/*.yaml and behind soft hyphens or emphasis --------------------

def test_health_words_beside_names_are_errors_in_published_data_and_however_hidden(tmp_path):
    site = make_site(tmp_path / "site", {
        "data/kalender.yaml": "- dato: 2020-08-01\n  titel: Anne er sygemeldt\n"
                              "  beskrivelse: Bo Larsen er indlagt med depression\n",
        "data/sager.yaml": "- slug: sagen\n  titel: Sagen\n  resumé: Karin har kræft\n",
        MEETING: _meeting("Hanne Gormsen er syge\u00admeldt.\n\nFormand Qwist er "
                          "syge&shy;meldt.\n\nLone er *syge*meldt.\n\nHun er sygemeldt.\n"),
    })
    out = tmp_path / "out"
    result = _build(site, out)
    assert result.returncode == 1, result.stderr
    errors = [line.split(" står")[0] for line in result.stderr.splitlines()
              if "helbredsoplysning" in line]
    named = "helbredsoplysning om en navngiven person"
    assert errors == [
        f"{MEETING}:9: punkt 1: {named}: 'sygemeldt'",
        f"{MEETING}:11: punkt 1: {named}: 'sygemeldt'",
        f"{MEETING}:13: punkt 1: {named}: 'sygemeldt'",
        f"data/kalender.yaml:2: {named}: 'sygemeldt'",
        f"data/kalender.yaml:3: {named}: 'depression'",
        f"data/kalender.yaml:3: {named}: 'indlagt'",
        f"data/sager.yaml:3: {named}: 'kræft'"]
    assert "skriv en kommentar med ordet og begrundelsen i filen, fx '# gennemset: kræft: " \
           "navngivet med samtykke (AB, 2026-12-01)'" in result.stderr
    assert not out.exists()


def test_a_comment_acknowledges_health_words_in_a_data_file(tmp_path):
    site = make_site(tmp_path / "site", {
        "data/sager.yaml": "# gennemset: kræft (kræftplanen, ikke en person; AB)\n"
                           "- slug: sagen\n  titel: Kræftplan\n  resumé: Kræftplanen\n"})
    result = _build(site, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert "helbredsoplysning" not in result.stderr
