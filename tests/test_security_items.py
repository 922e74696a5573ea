"""Security review A.1 and B.9: the numbers under `punkter:`. YAML sees "2:" and "02:" as
two keys; the site sees one item. Two keys for one item used to let the open one win and
publish a closed item's text; now it is an error naming both lines. A key that is not
ASCII digits ("²") is a clean error, not a crash."""
from __future__ import annotations

from pathlib import Path

from conftest import make_site, output_files, run_cli

from site_builder.guards import privacy
from site_builder.problems import Problems

MEETING = "content/moeder/das/2020-05-25.md"
CANARY = "KANARIE02"


def _build(site: Path, out: Path):
    result = run_cli("--site", str(site), "--out", str(out), "--dato", "2020-06-01",
                     "--uden-cache")
    assert "Traceback" not in result.stderr and "intern fejl" not in result.stderr, \
        result.stderr
    return result


def _leaks(out: Path, canary: str) -> list[str]:
    if not out.exists():
        return []
    return [name for name, data in output_files(out).items() if canary.encode() in data]


def test_two_keys_for_one_item_are_an_error_and_publish_nothing(tmp_path):
    site = make_site(tmp_path / "site", {MEETING: f"""
        ---
        organ: das
        dato: 2020-05-25
        status: referat
        punkter:
          2:
            lukket: ja
          02:
            type: beslutning
        ---

        ## 1. Åbent punkt

        Tekst.

        ## 2. Personalesag

        ### Referat

        {CANARY} Medarbejderen Hanne Gormsen er sygemeldt.
        """})
    out = tmp_path / "out"
    result = _build(site, out)
    assert result.returncode == 1
    assert f"{MEETING}:8: punkter.02: punkt 2 står to gange under punkter: (i linje 6 og " \
           "linje 8); skriv punktets egenskaber ét sted" in result.stderr.splitlines()
    assert _leaks(out, CANARY) == []
    # the privacy guard does not take the item for closed: its health word is reported
    problems = Problems(site)
    privacy.check_site(site, problems)
    assert [p.format().split(" står")[0] for p in problems.errors] == [
        f"{MEETING}:20: punkt 2, Referat: helbredsoplysning om en navngiven person: "
        "'sygemeldt'"]


def test_reversed_order_is_the_same_error(tmp_path):
    site = make_site(tmp_path / "site", {MEETING: f"""
        ---
        organ: das
        dato: 2020-05-25
        status: referat
        punkter:
          002:
            type: beslutning
          2:
            lukket: ja
        ---

        ## 2. Personalesag

        {CANARY}
        """})
    out = tmp_path / "out"
    result = _build(site, out)
    assert result.returncode == 1
    assert f"{MEETING}:8: punkter.2: punkt 2 står to gange" in result.stderr
    assert _leaks(out, CANARY) == []


def test_a_key_of_other_digits_is_a_clean_error(tmp_path):
    for key in ("²", "２", "٢"):
        site = make_site(tmp_path / key, {MEETING: f"""
            ---
            organ: das
            dato: 2020-05-25
            status: referat
            punkter:
              {key}:
                lukket: ja
            ---

            ## 1. Punkt

            x
            """})
        result = _build(site, tmp_path / f"{key}-out")
        assert result.returncode == 1
        assert f"{MEETING}:6: punkter.{key}: forventede et punktnummer med cifrene 0-9, " \
               "fx 3:" in result.stderr.splitlines()
        assert not (tmp_path / f"{key}-out").exists()
