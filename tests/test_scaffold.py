"""`python build.py new`: a new meeting, agreement or page that `check` accepts, filled in
from data/, and never written over an existing file."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import ROOT, build_site, run_cli

from site_builder.editor import scaffold


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A copy of the bundled site's content and data (DAS has members, place and time)."""
    root = tmp_path / "site"
    for folder in ("content", "data"):
        shutil.copytree(ROOT / folder, root / folder)
    return root


def _front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


@pytest.mark.parametrize("spelling", ["møde", "moede", "mode"])
def test_new_meeting_is_filled_from_data_and_passes_check(site: Path, spelling: str):
    result = run_cli("new", spelling, "--organ", "das", "--dato", "2026-12-01",
                     "--site", str(site))
    assert result.returncode == 0, result.stderr
    path = site / "content" / "moeder" / "das" / "2026-12-01.md"
    assert f"Oprettet: content/moeder/das/2026-12-01.md" in result.stdout
    front = _front_matter(path)
    das = next(b for b in yaml.safe_load((site / "data" / "organer.yaml").read_text("utf-8"))
               if b["slug"] == "das")
    assert front["organ"] == "das" and str(front["dato"]) == "2026-12-01"
    assert front["status"] == "dagsorden"
    assert front["sted"] == das["sted"] and front["tid"] == das["tid"]
    assert [p["navn"] for p in front["deltagere"]] == [m["navn"] for m in das["medlemmer"]]
    assert [p.get("organisation") for p in front["deltagere"]] == \
        [m.get("organisation") for m in das["medlemmer"]]
    text = path.read_text(encoding="utf-8")
    # The opening items; DAS's previous meeting is the one of 25 May 2020.
    assert "## 1. Godkendelse af dagsorden\n" in text
    assert "## 2. Godkendelse af referat fra mødet den 25. maj 2020\n" in text
    assert f"## 3. {scaffold.ITEM_TITLE}\n" in text and "### Resumé" in text \
        and "### Indstilling" in text

    # Until the placeholders are replaced, check stops on them ...
    check = run_cli("check", "--site", str(site))
    assert check.returncode == 1
    assert f"content/moeder/das/2026-12-01.md:{_line(text, scaffold.ITEM_TITLE)}: punkt 3, " \
        f"titel: pladsholderen '{scaffold.ITEM_TITLE}'" in check.stderr
    # ... and then passes.
    _fill_in(path)
    check = run_cli("check", "--site", str(site))
    assert check.returncode == 0, check.stderr


def _line(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def _fill_in(path: Path) -> None:
    """What the editor does next: the placeholders replaced by real text."""
    text = path.read_text(encoding="utf-8")
    for placeholder in scaffold.PLACEHOLDERS:
        text = text.replace(placeholder, "Budget 2027")
    path.write_text(text, encoding="utf-8")


def test_new_meeting_builds_into_a_page_with_the_members(site: Path, tmp_path: Path):
    assert run_cli("new", "møde", "--organ", "das", "--dato", "2026-12-01",
                   "--site", str(site)).returncode == 0
    _fill_in(site / "content" / "moeder" / "das" / "2026-12-01.md")
    output = tmp_path / "public"
    build_site(site, output)
    html = (output / "organer" / "das" / "2026-12-01" / "index.html").read_text("utf-8")
    soup = BeautifulSoup(html, "html.parser")
    people = soup.select_one("section.people").get_text(" ")
    assert "Henrik Aarup-Kristensen" in people and "Tue Von Pålman" in people
    assert "kl. 9.00–12.00" in soup.select_one("dl.facts").get_text()
    assert "Godkendelse af referat fra mødet den 25. maj 2020" in soup.select_one("nav.toc") \
        .get_text(" ")


def test_new_meeting_refuses_to_overwrite(site: Path):
    path = site / "content" / "moeder" / "das" / "2020-05-25.md"
    before = path.read_bytes()
    result = run_cli("new", "møde", "--organ", "das", "--dato", "2020-05-25",
                     "--site", str(site))
    assert result.returncode == 1
    assert "fejl: content/moeder/das/2020-05-25.md findes allerede; den bliver ikke " \
        "overskrevet" in result.stderr
    assert "Traceback" not in result.stderr
    assert path.read_bytes() == before


def test_first_meeting_of_a_body_and_a_body_without_members(site: Path):
    assert run_cli("new", "møde", "--organ", "kkr", "--dato", "2026-12-01",
                   "--site", str(site)).returncode == 0
    text = (site / "content" / "moeder" / "kkr" / "2026-12-01.md").read_text("utf-8")
    assert "## 2. Godkendelse af referat fra forrige møde\n" in text
    assert "deltagere:" not in text
    _fill_in(site / "content" / "moeder" / "kkr" / "2026-12-01.md")
    assert run_cli("check", "--site", str(site)).returncode == 0


@pytest.mark.parametrize("args, message", [
    (("--organ", "dass", "--dato", "2026-12-01"),
     "--organ: 'dass' er ikke et organ i data/organer.yaml (kendte: das, fu, kdk, kkr, "
     "socialdirektoerkredsen)"),
    (("--organ", "das", "--dato", "2026-02-30"), "--dato: '2026-02-30' er ikke en gyldig dato"),
    (("--organ", "das"), "skriv mødets dato"),
])
def test_bad_meeting_arguments_are_clear_errors(site: Path, args, message):
    result = run_cli("new", "møde", *args, "--site", str(site))
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert not (site / "content" / "moeder" / "das" / "2026-12-01.md").exists()


def test_new_agreement_and_page_pass_check(site: Path):
    agreement = run_cli("new", "aftale", "--titel", "Nordjysk Socialaftale 2027-2028",
                        "--periode", "2027-2028", "--site", str(site))
    assert agreement.returncode == 0, agreement.stderr
    path = site / "content" / "aftaler" / "nordjysk-socialaftale-2027-2028.md"
    front = _front_matter(path)
    assert front["titel"] == "Nordjysk Socialaftale 2027-2028"
    assert front["periode"] == "2027-2028" and front["status"] == "udkast"

    page = run_cli("new", "side", "--titel", "Møder: sådan foregår de", "--site", str(site))
    assert page.returncode == 0, page.stderr
    page_path = site / "content" / "sider" / "moeder-saadan-foregaar-de.md"
    assert _front_matter(page_path)["titel"] == "Møder: sådan foregår de"

    check = run_cli("check", "--site", str(site))
    assert check.returncode == 1
    assert "content/aftaler/nordjysk-socialaftale-2027-2028.md:8: tekst: pladsholderen " \
        f"'{scaffold.AGREEMENT_TEXT}'" in check.stderr
    assert f"content/sider/moeder-saadan-foregaar-de.md:6: tekst: pladsholderen " \
        f"'{scaffold.PAGE_TEXT}'" in check.stderr
    _fill_in(path)
    _fill_in(page_path)
    check = run_cli("check", "--site", str(site))
    assert check.returncode == 0, check.stderr

    again = run_cli("new", "side", "--titel", "Møder: sådan foregår de", "--site", str(site))
    assert again.returncode == 1 and "findes allerede" in again.stderr


@pytest.mark.parametrize("args, message", [
    (("aftale", "--titel", "X", "--periode", "2028-2027"), "--periode: '2028-2027' er ikke"),
    (("side", "--titel", "Organer"), "adressen /organer/ er reserveret"),
    (("referat",), "'referat' kan ikke oprettes; skriv møde, aftale eller side"),
])
def test_bad_agreement_and_page_arguments_are_clear_errors(site: Path, args, message):
    result = run_cli("new", *args, "--site", str(site))
    assert result.returncode in (1, 2)
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_item_2_links_the_previous_meeting_unless_it_is_a_draft(site: Path, tmp_path: Path):
    assert run_cli("new", "møde", "--organ", "das", "--dato", "2026-12-01",
                   "--site", str(site)).returncode == 0
    path = site / "content" / "moeder" / "das" / "2026-12-01.md"
    assert "godkender [referatet fra 25. maj 2020](/organer/das/2020-05-25/)\n" in \
        path.read_text(encoding="utf-8")
    _fill_in(path)
    build_site(site, tmp_path / "public")
    html = (tmp_path / "public" / "organer" / "das" / "2026-12-01" / "index.html").read_text(
        encoding="utf-8")
    item = BeautifulSoup(html, "html.parser").select_one("#punkt-2")
    assert item.select_one('a[href="/organer/das/2020-05-25/"]').get_text() == \
        "referatet fra 25. maj 2020"

    # a draft's page is not published, so a link to it would fail the build
    draft = site / "content" / "moeder" / "das" / "2027-01-10.md"
    draft.write_text("---\norgan: das\ndato: 2027-01-10\nstatus: dagsorden\nkladde: ja\n---\n"
                     "\n## 1. Godkendelse af dagsorden\n", encoding="utf-8")
    assert run_cli("new", "møde", "--organ", "das", "--dato", "2027-02-01",
                   "--site", str(site)).returncode == 0
    text = (site / "content" / "moeder" / "das" / "2027-02-01.md").read_text(encoding="utf-8")
    assert "godkender referatet fra 10. januar 2027\n" in text


def test_new_agreement_and_page_point_to_help_that_exists(site: Path):
    assert run_cli("new", "aftale", "--titel", "Aftale 2027", "--periode", "2027",
                   "--site", str(site)).returncode == 0
    assert run_cli("new", "side", "--titel", "Om os", "--site", str(site)).returncode == 0
    for path in (site / "content" / "aftaler" / "aftale-2027.md",
                 site / "content" / "sider" / "om-os.md"):
        comment = path.read_text(encoding="utf-8").splitlines()[1]
        assert comment.startswith("# Ny "), comment
        assert "docs/noegler.md" not in comment  # made only in the built handbook
        for name in re.findall(r"docs/([\w-]+\.md)", comment):
            assert (ROOT / "docs" / name).is_file(), comment
    assert "/__haandbog/noegler.md" in (site / "content" / "aftaler" / "aftale-2027.md") \
        .read_text(encoding="utf-8")
