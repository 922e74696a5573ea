"""Editor warnings for things that build but are probably a mistake: a value lost to a YAML
comment (`sted: #3 sal`)."""
from __future__ import annotations

from pathlib import Path

from conftest import make_site, run_cli

MEETING = "content/moeder/das/2020-05-25.md"


def test_a_value_that_begins_with_a_hash_is_warned_about(tmp_path: Path):
    site = make_site(tmp_path / "site", {MEETING: """
        ---
        organ: das
        dato: 2020-05-25
        sted: #3 sal
        status: referat
        deltagere:  # alle deltog
          - navn: Dorte Juul Hansen  # formand
        gennemset: # vurderet af AB, maj 2020
          - små antal
        referent:
        # kommentar over listen
        - Charlotte S. Andersen
        titel: "#1 prioritet"
        ---

        ## 1. Godkendelse af dagsorden

        ### Referat

        Godkendt.
        """})
    organs = site / "data" / "organer.yaml"
    organs.write_text(organs.read_text(encoding="utf-8") + "  sted: #2 sal\n", "utf-8")
    result = run_cli("check", "--site", str(site), "--dato", "2020-06-01")
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "kommentar" in line]
    organ_line = len(organs.read_text(encoding="utf-8").splitlines())
    assert warnings == [
        f"{MEETING}:4: advarsel: sted: er tom, fordi YAML læser '#3 sal' som en kommentar "
        "(alt efter ' #'); skal værdien stå der, så sæt den i anførselstegn: sted: \"#3 sal\"",
        f"data/organer.yaml:{organ_line}: advarsel: sted: er tom, fordi YAML læser '#2 sal' "
        "som en kommentar (alt efter ' #'); skal værdien stå der, så sæt den i anførselstegn: "
        "sted: \"#2 sal\""]


def test_a_substitute_among_the_participants_is_warned_about(tmp_path: Path):
    site = make_site(tmp_path / "site", {MEETING: """
        ---
        organ: das
        dato: 2020-05-25
        status: referat
        deltagere:
          - navn: Dorte Juul Hansen
            stedfortræder: Per Heitmann
        afbud:
          - navn: Jens Nørgaard
            stedfortræder: Lone Hansen
        ---

        ## 1. Godkendelse af dagsorden

        ### Referat

        Godkendt.
        """})
    result = run_cli("check", "--site", str(site), "--dato", "2020-06-01")
    assert result.returncode == 0, result.stderr
    assert [line for line in result.stderr.splitlines() if "stedfortræder" in line] == [
        f"{MEETING}:7: advarsel: deltagere.stedfortræder: vises ikke på mødesiden: "
        "stedfortræder: hører til under afbud:; flyt personen til afbud: (med sin "
        "stedfortræder), eller slet linjen"]
