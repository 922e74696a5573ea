"""YAML mistakes in front matter and data/ are told in Danish, at the line the editor has to
change, with advice that fits the mistake (not libyaml's English or its guesses)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import make_site, run_cli

from site_builder.content.source import SourceError, parse_yaml

INDENT = "indrykningen passer ikke med linjerne over"
ENGLISH = re.compile(r"[(](?:found|did not|expected|while|could not)|character|mapping|"
                     r"violates|indentation|stream|token", re.I)


@pytest.mark.parametrize("text, line, start", [
    ("organ: das\ndeltagere:\n\t- navn: Leif Serup\n", 3, "der står en tabulator; brug "
     "mellemrum til indrykning"),
    ("deltagere:\n  - navn: Leif\n  \torganisation: X\n", 3, "der står en tabulator"),
    ("organ: das\nsted: *Skype*\n", 2, "en værdi, der begynder med * eller &, er en "
     "henvisning i YAML; sæt værdien i anførselstegn"),
    # an indent off by one, and a key at column 1 inside a list: not "kolon med mellemrum"
    ("deltagere:\n  - navn: Leif\n     organisation: X\nstatus: referat\n", 3, INDENT),
    ("deltagere:\n  - navn: Leif\norganisation: X\n  - navn: B\n", 4, INDENT),
    ("deltagere:\n  - navn: Leif\n  \u00a0 organisation: X\nstatus: referat\n", 3,
     "der står et hårdt mellemrum (et usynligt tegn, U+00A0"),
    ("organ: das\n\u00a0sted: X\n", 2, "der står et hårdt mellemrum"),
    ('organ: das\nsted: "Mødelokale "Limfjorden""\nstatus: referat\n', 2,
     "der står tekst efter det anførselstegn, der lukker værdien"),
    ("organ: das\nsted: [Skype] link\nstatus: referat\n", 2,
     "en værdi, der begynder med [ eller {, læses som en liste"),
    ("organ: das\nsted: “Mødelokale: 3. sal”\nstatus: referat\n", 2,
     "værdien står i “ ” (fx fra Word), som YAML ikke læser som anførselstegn; brug "
     "almindelige anførselstegn (\")"),
    ("organ: das\nsted: Mødelokale: 3. sal\n", 2, "der står et kolon med mellemrum efter"),
    # an unclosed quote or [ is reported where it opens, not at the end of the front matter
    ('organ: das\nsted: "Skype - Link i kalenderbooking\nstatus: referat\nreferent:\n'
     '  - A\n  - B', 2, "et anførselstegn er ikke lukket"),
    ("organ: das\nsted: 'Skype\nstatus: referat\n", 2, "et anførselstegn er ikke lukket"),
    ("organ: das\nsted: [Skype\nstatus: referat\n", 2, "en liste i [ ] er ikke lukket med ]"),
    ("organ: das\nsted\nstatus: referat\n", 2, "der mangler ': ' efter en nøgle"),
    ('organ: das\nsted: "C:\\Users\\x"\n', 2, "en \\ i en værdi i \" \" skal skrives \\\\"),
    ("organ: das\nsted: - x\n", 2, "en liste ('- ') kan ikke stå på samme linje som nøglen"),
    ("organ: das\nsted: |x\n", 2, "der står noget efter værdien"),
    ("organ: das\nsted: a\ufffeb\n", 2, "ugyldigt tegn U+FFFE; slet det"),
])
def test_yaml_problems_are_danish_at_the_right_line(text: str, line: int, start: str):
    with pytest.raises(SourceError) as caught:
        parse_yaml(text, 1)
    assert caught.value.line == line
    assert caught.value.message.removeprefix("ugyldig YAML: ").startswith(start), \
        caught.value.message
    assert not ENGLISH.search(caught.value.message), caught.value.message


def test_a_non_breaking_space_inside_a_value_is_fine():
    assert parse_yaml("sted: Mødelokale\u00a03\n", 1).value["sted"].value == "Mødelokale\u00a03"


def test_a_tab_in_a_data_file_is_danish_at_its_line(tmp_path: Path):
    site = make_site(tmp_path / "site", {})
    organs = site / "data" / "organer.yaml"
    organs.write_text(organs.read_text(encoding="utf-8").replace("  navn: KKR", "\tnavn: KKR"),
                      encoding="utf-8")
    result = run_cli("check", "--site", str(site))
    line = organs.read_text(encoding="utf-8").split("\n").index("\tnavn: KKR Testland") + 1
    assert (f"data/organer.yaml:{line}: ugyldig YAML: der står en tabulator; brug mellemrum "
            "til indrykning") in result.stderr
    assert "found" not in result.stderr and "Traceback" not in result.stderr
