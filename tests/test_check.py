"""`python build.py check`: the editor's safety net, readable by people and, with
`--format github`, as annotations in a pull request; and a build's progress and summary."""
from __future__ import annotations

import os
import pty
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, make_site, run_cli
from site_builder.cli_output import print_github
from site_builder.problems import Problem

# GitHub's workflow command for an annotation:
#   ::error file={name},line={line},title={title}::{message}   (line and title optional)
# Property values escape % \r \n : , and the message escapes % \r \n.
ANNOTATION = re.compile(
    r"^::(error|warning|notice) "
    r"file=(?P<file>[^,:%\r\n]*(?:%(?:25|0D|0A|3A|2C)[^,:%\r\n]*)*)"
    r"(?:,line=(?P<line>\d+))?"
    r"(?:,title=(?P<title>[^,:%\r\n]*(?:%(?:25|0D|0A|3A|2C)[^,:%\r\n]*)*))?"
    r"::(?P<message>[^\r\n]+)$")

MEETING = """\
---
organ: das
dato: {date}
status: referat
{extra}---

## 1. Godkendelse af dagsorden

### Referat

Godkendt.
"""


def _invalid_site(tmp_path: Path, *cases: str) -> Path:
    site = make_site(tmp_path / "site", {})
    for case in cases:
        shutil.copytree(FIXTURES / "invalid" / case, site, dirs_exist_ok=True)
        (site / "forventet.txt").unlink()
    return site


def test_github_format_is_one_annotation_per_problem(tmp_path: Path):
    site = _invalid_site(tmp_path, "ukendt-noegle", "ugyldig-dato", "samme-adresse")
    text = run_cli("check", "--site", str(site), cwd=site)
    github = run_cli("check", "--site", str(site), "--format", "github", cwd=site)
    assert github.returncode == text.returncode == 1
    assert "Traceback" not in github.stderr
    problems = [line for line in text.stderr.splitlines() if re.match(r"^content/", line)]
    annotations = github.stdout.splitlines()
    assert len(annotations) == len(problems) >= 3
    for line in annotations:
        match = ANNOTATION.match(line)
        assert match, f"not a GitHub annotation: {line!r}"
        assert match.group(1) == "error"
        assert (site / match.group("file")).is_file()
        where = match.group("file") + (f":{match.group('line')}" if match.group("line")
                                        else "") + ": "
        assert any(p.startswith(where) and p.endswith(match.group("message"))
                   for p in problems), line
    assert any(",line=3,title=dto::ukendt nøgle; mente du 'dato'?" in line
               for line in annotations)


def test_github_annotations_name_files_from_the_repository(tmp_path: Path):
    site = _invalid_site(tmp_path, "ugyldig-tid")
    result = run_cli("check", "--site", str(site), "--format", "github", cwd=tmp_path)
    assert result.stdout.startswith(
        "::error file=site/content/moeder/das/2020-05-25.md,line=5,title=tid::'25.00-26.00' "
        "er ikke et gyldigt klokkeslæt")


def test_github_properties_and_messages_are_escaped(capsys):
    print_github([Problem("content/a,b:c.md", 7, "punkter.1", "100% forkert\nlinje 2",
                          "advarsel")])
    line = capsys.readouterr().out.rstrip("\n")
    assert line == ("::warning file=content/a%2Cb%3Ac.md,line=7,title=punkter.1::"
                    "100%25 forkert%0Alinje 2")
    assert ANNOTATION.match(line)


def test_the_bundled_site_has_no_errors_and_its_warnings_are_annotations():
    result = run_cli("check", "--format", "github")
    assert result.returncode == 0, result.stdout + result.stderr
    for line in result.stdout.splitlines():
        match = ANNOTATION.match(line)
        assert match and match.group(1) == "warning", line
        assert (ROOT / match.group("file")).is_file()
    assert re.search(r"Tjekket: ingen fejl, \d+ advarsl", result.stderr)


def test_bilag_that_no_item_names_are_warned_about(tmp_path: Path):
    site = make_site(tmp_path / "site", {
        "content/moeder/das/2020-05-25.md": MEETING.format(date="2020-05-25", extra="""\
punkter:
  1:
    bilag:
      - titel: Årsrapport
        fil: 2020-05-25/aarsrapport.pdf
  2:
    lukket: ja
    bilag:
      - titel: Personalesag
        fil: 2020-05-25/lukket.pdf
""") + "\n## 2. Personaleforhold\n\nFortroligt.\n",
        "content/moeder/das/2020-05-25/aarsrapport.pdf": b"%PDF-1.4 named",
        "content/moeder/das/2020-05-25/lukket.pdf": b"%PDF-1.4 closed item",
        "content/moeder/das/2020-05-25/glemt bilag.pdf": b"%PDF-1.4 forgotten",
        "content/moeder/das/.DS_Store": b"ignored",
    })
    result = run_cli("check", "--site", str(site), "--dato", "2020-06-01")
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "advarsel:" in line]
    assert warnings == [
        "content/moeder/das/2020-05-25/glemt bilag.pdf: advarsel: bilag: filen ligger blandt "
        "mødefilerne, men intet punkt nævner den under bilag:, så den offentliggøres ikke; "
        "tilføj den til et punkts bilag: i mødefilen, eller slet filen"]


@pytest.mark.parametrize("later, status, approved, build_date, warned", [
    ("2020-05-25", "referat", False, "2020-06-01", True),  # next minutes written: approve!
    ("2020-05-25", "referat", True, "2020-06-01", False),  # approved: fine
    ("2020-05-25", "dagsorden", False, "2020-06-01", False),  # next minutes not yet written
    ("2020-08-17", "referat", False, "2020-06-01", False),  # the next meeting is to come
])
def test_minutes_not_marked_approved_after_the_next_meeting(tmp_path: Path, later, status,
                                                            approved, build_date, warned):
    extra = "godkendt:\n  dato: 2020-05-25\n  møde: das/2020-05-25\n" if approved else ""
    site = make_site(tmp_path / "site", {
        "content/moeder/das/2020-03-09.md": MEETING.format(date="2020-03-09", extra=extra),
        f"content/moeder/das/{later}.md": MEETING.format(date=later, extra="").replace(
            "status: referat", f"status: {status}"),
    })
    result = run_cli("check", "--site", str(site), "--dato", build_date)
    assert result.returncode == 0, result.stderr
    expected = ("content/moeder/das/2020-03-09.md:4: advarsel: godkendt: referatet er ikke "
                "markeret som godkendt, men der er referat af næste møde i DAS den 25. maj "
                "2020; når referatet er godkendt, så skriv godkendt: med dato: og møde: "
                "das/2020-05-25")
    assert (expected in result.stderr) is warned, result.stderr
    assert result.stderr.count("advarsel:") == (1 if warned else 0)


def test_broken_links_in_introductions_are_errors(tmp_path: Path):
    site = make_site(tmp_path / "site", {
        "content/moeder/das/2020-05-25.md": MEETING.format(date="2020-05-25", extra="")
        .replace("\n## 1.", "\nSe [arkivet](/organer/findes-ikke/).\n\n## 1."),
        "content/sider/om.md": "---\ntitel: Om\n---\n\nSe [aftalerne](/aftaler/x/).\n",
    })
    result = run_cli("check", "--site", str(site), "--format", "github", cwd=site)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "::error file=content/moeder/das/2020-05-25.md,line=7,title=link::linket "
        "'/organer/findes-ikke/' fører til en side, der ikke findes",
        "::error file=content/sider/om.md,line=5,title=link::linket '/aftaler/x/' fører til "
        "en side, der ikke findes",
    ]


def _build_output(site: Path, out: Path, terminal: bool) -> str:
    """The build's stderr and stdout, on a pseudo-terminal or on pipes."""
    command = [sys.executable, str(ROOT / "build.py"), "--site", str(site), "--out", str(out),
               "--uden-cache"]
    if not terminal:
        result = subprocess.run(command, capture_output=True, text=True, timeout=120)
        return result.stderr + result.stdout
    leader, follower = pty.openpty()
    process = subprocess.Popen(command, stdin=follower, stdout=follower, stderr=follower)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=120)
    os.close(leader)
    return b"".join(chunks).decode("utf-8")


def test_build_shows_progress_on_a_terminal_only_and_ends_with_one_summary_line(
        tmp_path: Path):
    site = make_site(tmp_path / "site", {
        f"content/moeder/das/2020-0{m}-01.md": MEETING.format(date=f"2020-0{m}-01", extra="")
        for m in range(1, 10)})
    on_terminal = _build_output(site, tmp_path / "a", terminal=True)
    assert re.search(r"\r\x1b\[KBygger: læser indhold \d+/\d+", on_terminal)
    assert re.search(r"\r\x1b\[KBygger: skriver sider \d+/\d+", on_terminal)
    piped = _build_output(site, tmp_path / "b", terminal=False)
    assert "Bygger:" not in piped and "\r" not in piped
    for output in (on_terminal, piped):
        last = output.replace("\r\n", "\n").rstrip("\n").split("\n")[-1]
        last = last.split("\r")[-1].replace("\x1b[K", "")
        assert re.fullmatch(r"Bygget: \d+ sider \(\d+ nye\), \d+ filer i .+ på \d+,\d s, "
                            r"\d+ advarsler?\.", last), last


def test_check_says_what_it_found_and_never_that_it_published(tmp_path):
    site = make_site(tmp_path / "site", {"content/moeder/das/2020-05-25.md": """\
        ---
        organ: das
        dato: 2020-05-25
        status: referat
        dto: 2020-05-25
        ---

        ## 1. Punkt
        """})
    checked = run_cli("--site", str(site), "check")
    assert checked.returncode == 1
    assert checked.stderr.rstrip().endswith("1 fejl fundet.")
    assert "offentliggjort" not in checked.stderr
    built = run_cli("--site", str(site), "--out", str(tmp_path / "out.v2"))
    assert "intet blev offentliggjort" in built.stderr


def test_the_summary_writes_the_seconds_with_a_comma_and_the_folder_as_it_is(tmp_path):
    site = make_site(tmp_path / "site", {})
    built = run_cli("--site", str(site), "--out", str(tmp_path / "out.v2"))
    assert built.returncode == 0, built.stderr
    assert f"i {tmp_path / 'out.v2'} på " in built.stdout
    assert re.search(r" på \d+,\d s, ", built.stdout)
