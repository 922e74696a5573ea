"""Heading typos in a meeting's text are errors at the heading's own line, with the fix, and
one typo gives one error: the heading is read on as what it most likely is."""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import make_site, run_cli

from site_builder.content.agenda import split_agenda

MEETING = "content/moeder/das/2020-05-25.md"
FRONT = "---\norgan: das\ndato: 2020-05-25\nstatus: referat\npunkter:\n  3:\n    type: beslutning\n---\n"
BODY = """
## 1. Godkendelse af dagsorden

### Referat

Godkendt.

## 2. Godkendelse af referat

### Referat

Godkendt.

{heading}

### Resumé

Budgettet.

### Indstilling

Det indstilles, at budgettet godkendes.
"""


def _check(tmp_path: Path, text: str) -> list[str]:
    site = make_site(tmp_path / "site", {MEETING: text})
    result = run_cli("check", "--site", str(site), "--dato", "2020-06-01")
    assert "Traceback" not in result.stderr
    return [line for line in result.stderr.splitlines() if line.startswith("content/")]


@pytest.mark.parametrize("heading, message", [
    ("##3. Budget 2027", "'##3. Budget 2027' ligner et dagsordenspunkt; skriv "
     "'## 3. Budget 2027' med mellemrum"),
    ("### 3. Budget 2027", "'### 3. Budget 2027' ligner et dagsordenspunkt; skriv "
     "'## 3. Budget 2027' med to #"),
    ("###3. Budget 2027", "'###3. Budget 2027' ligner et dagsordenspunkt; skriv "
     "'## 3. Budget 2027' med to # og mellemrum"),
    ("##3.Budget 2027", "'##3.Budget 2027' ligner et dagsordenspunkt; skriv "
     "'## 3. Budget 2027' med mellemrum"),
])
def test_an_item_heading_typo_is_one_error_at_its_own_line(tmp_path: Path, heading, message):
    text = FRONT + BODY.format(heading=heading)
    line = text.split("\n").index(heading) + 1
    # one error: no "punkter.3: der er intet punkt" and no "uden for et dagsordenspunkt"
    assert _check(tmp_path, text) == [f"{MEETING}:{line}: {message}"]


def test_a_group_heading_without_a_space_is_an_error_and_read_as_the_group():
    body = "## 1. A\n\nTekst.\n\n#Sager til orientering\n\n## 2. B\n\nTekst."
    agenda, problems = split_agenda(body, 10)
    assert [(p.line, p.message) for p in problems] == [
        (14, "'#Sager til orientering' ligner en gruppeoverskrift; skriv "
             "'# Sager til orientering' med mellemrum efter # (skal der stå et #, så skriv \\#)")]
    assert [(i.number, i.group) for i in agenda.items] == [(1, None), (2, "Sager til orientering")]


def test_a_section_heading_without_a_space_is_an_error_and_read_as_the_section():
    agenda, problems = split_agenda("## 1. A\n\n###Referat\n\nGodkendt.", 1)
    assert [(p.line, p.message.split(";")[0]) for p in problems] == [
        (3, "'###Referat' ligner en afsnitsoverskrift")]
    assert [s.heading for s in agenda.items[0].sections] == ["Referat"]


def test_a_section_name_written_as_a_group_heading_is_blamed_on_its_own_line(tmp_path: Path):
    text = FRONT.replace("  3:\n    type: beslutning\n", "") + BODY.format(
        heading="## 3. Budget 2027").replace("### Resumé", "# Resumé")
    line = text.split("\n").index("# Resumé") + 1
    assert _check(tmp_path, text) == [
        f"{MEETING}:{line}: '# Resumé' er en gruppeoverskrift (ét #); er det et afsnit i "
        "punktet, så skriv '### Resumé'"]


def test_a_section_after_a_group_heading_names_the_group_heading():
    _agenda, problems = split_agenda("## 1. A\n\n# Sager til orientering\n\n### Referat\n", 1)
    assert [(p.line, p.message) for p in problems] == [
        (5, "afsnittet '### Referat' står uden for et dagsordenspunkt (den står efter "
            "gruppeoverskriften '# Sager til orientering' i linje 3); skriv det under et "
            "'## <nummer>. <titel>'")]


@pytest.mark.parametrize("body", [
    "# 1. Sager til behandling\n\n## 1. A\n\nTekst.",  # a numbered group is a group
    "## 1. A\n\n### Sagsfremstilling\n\n#### 1. Vision\n\nTekst.",  # a numbered sub-heading
    "## 1. A\n\n```\n#3 ikke en overskrift\n```\n",  # code
    "## 1. A\n\nTekst med #3 inde i linjen og \\#hashtag.",
])
def test_headings_that_are_right_give_no_error(body: str):
    assert split_agenda(body, 1)[1] == []
