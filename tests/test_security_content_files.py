"""From the editors' review (findings 7 and 8), in the loader the security fixes touch:
one mistake in data/organer.yaml is reported once, not also as "unknown organ" in every
meeting and calendar entry; .MD files are read like .md, and a .md file where nothing reads
it is an error instead of being silently left out."""
from __future__ import annotations

import shutil
from pathlib import Path

from conftest import ROOT, make_site, run_cli

MEETING = "---\norgan: das\ndato: {date}\nstatus: referat\n---\n\n## 1. Punkt\n\nTekst.\n"
WHERE = ("læg en mødefil i content/moeder/<organ>/, en aftale i content/aftaler/ og en side "
         "i content/sider/")


def _check(site: Path):
    result = run_cli("check", "--site", str(site), "--dato", "2020-06-01")
    assert "Traceback" not in result.stderr and "intern fejl" not in result.stderr
    return result


def _errors(result) -> list[str]:
    return [line for line in result.stderr.splitlines()
            if line and not line.startswith(("\n", " ")) and "fejl fundet" not in line]


def test_a_tab_in_organer_yaml_gives_one_error_not_ten(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(ROOT / "content", site / "content")
    shutil.copytree(ROOT / "data", site / "data")
    organs = site / "data" / "organer.yaml"
    text = organs.read_text("utf-8")
    assert "\n    - navn: Leif Serup\n" in text
    organs.write_text(text.replace("\n    - navn: Leif Serup\n", "\n\t- navn: Leif Serup\n"),
                      "utf-8")
    result = _check(site)
    assert result.returncode == 1
    errors = _errors(result)
    assert len(errors) == 1 and errors[0].startswith("data/organer.yaml:23: ugyldig YAML"), \
        errors


def test_an_organ_whose_entry_is_wrong_is_not_also_unknown_elsewhere(tmp_path):
    site = make_site(tmp_path / "site", {
        "content/moeder/das/2020-05-25.md": MEETING.format(date="2020-05-25"),
        "content/moeder/dass/2020-05-26.md": MEETING.format(date="2020-05-26")
        .replace("organ: das", "organ: dass"),
        "data/kalender.yaml": "- dato: 2020-08-01\n  organ: das\n"})
    organs = site / "data" / "organer.yaml"
    organs.write_text(organs.read_text("utf-8").replace("slug: das\n", "slug: DAS\n", 1),
                      "utf-8")
    result = _check(site)
    errors = _errors(result)
    assert [e.split(": ")[0:2] for e in errors] == [
        ["content/moeder/dass/2020-05-26.md:2", "organ"],  # a real typo is still reported
        ["data/organer.yaml:1", "slug"]], errors


def test_md_in_any_case_is_read(tmp_path):
    site = make_site(tmp_path / "site", {
        "content/moeder/das/2020-05-25.MD": MEETING.format(date="2020-05-25"),
        "content/sider/Om.Md": "---\ntitel: Om\n---\nTekst.\n"})
    out = tmp_path / "out"
    result = run_cli("--site", str(site), "--out", str(out), "--dato", "2020-06-01",
                     "--uden-cache")
    assert result.returncode == 0, result.stderr
    assert (out / "organer" / "das" / "2020-05-25" / "index.html").is_file()
    assert (out / "om" / "index.html").is_file()


def test_a_md_file_where_nothing_reads_it_is_an_error(tmp_path):
    site = make_site(tmp_path / "site", {
        "content/2026-12-09.md": MEETING.format(date="2026-12-09"),
        "content/referater/2026-12-10.md": MEETING.format(date="2026-12-10"),
        "content/moeder/das/2020-05-25.md": MEETING.format(date="2020-05-25"),
        "content/moeder/das/2020-05-25/noter.MD": "noter\n",
        "content/moeder/das/.udkast.md": "skjult fil, ikke indhold\n"})
    result = _check(site)
    assert result.returncode == 1
    assert _errors(result) == [
        f"content/2026-12-09.md: filen ligger direkte i content/ og bliver ikke læst; {WHERE}",
        "content/moeder/das/2020-05-25/noter.MD: filen bliver ikke læst: en mødefil skal "
        "ligge direkte i organets mappe, content/moeder/<organ>/<ÅÅÅÅ-MM-DD>.md, og et bilag "
        "kan ikke være en .md-fil",
        f"content/referater/2026-12-10.md: mappen content/referater/ bliver ikke læst; {WHERE}"]
