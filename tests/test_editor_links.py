"""Link errors say what is missing without repeating the link."""
from __future__ import annotations

from pathlib import Path

from conftest import make_site, run_cli

MEETING = "content/moeder/das/2020-05-25.md"
TEXT = """
---
organ: das
dato: 2020-05-25
status: referat
---

## 1. Godkendelse af dagsorden

### Referat

Se [punkt 7](#punkt-7), [bilagene](#bilag) og [organet](/organer/das/#punkt-8).
"""


def test_a_missing_anchor_is_named_once(tmp_path: Path):
    site = make_site(tmp_path / "site", {MEETING: TEXT})
    result = run_cli("check", "--site", str(site), "--dato", "2020-06-01")
    assert result.returncode == 1
    assert [line for line in result.stderr.splitlines() if line.startswith(MEETING)] == [
        f"{MEETING}:11: link: linket '#bilag' peger på et sted, som ikke findes på siden",
        f"{MEETING}:11: link: linket '#punkt-7' peger på punkt 7, som ikke findes på siden",
        f"{MEETING}:11: link: linket '/organer/das/#punkt-8' peger på punkt 8, som "
        "ikke findes på den side",
    ]
