"""Bad input: one clear `path:line: field: message` per problem, exit 1, no traceback."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, build_site, make_site, output_files, run_cli

INVALID = sorted(p for p in (FIXTURES / "invalid").iterdir() if p.is_dir())


def _site_from_case(case: Path, tmp_path: Path) -> Path:
    site = make_site(tmp_path / "site", {})
    shutil.copytree(case, site, dirs_exist_ok=True)
    (site / "forventet.txt").unlink()
    return site


@pytest.mark.parametrize("case", INVALID, ids=[p.name for p in INVALID])
def test_invalid_site_reports_expected_problems(case: Path, tmp_path: Path):
    site = _site_from_case(case, tmp_path)
    result = run_cli("check", "--site", str(site), "--dato", "2020-06-01")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    for expected in (case / "forventet.txt").read_text(encoding="utf-8").splitlines():
        assert any(line.startswith(expected) for line in lines), (
            f"expected a line starting with {expected!r} in:\n{result.stderr}")


def test_all_problems_of_a_run_are_reported_together(tmp_path: Path):
    site = _site_from_case(FIXTURES / "invalid" / "ukendt-noegle", tmp_path)
    shutil.copytree(FIXTURES / "invalid" / "ugyldig-tid" / "content", site / "content" / "x",
                    dirs_exist_ok=True)
    (site / "content" / "sider").mkdir()
    (site / "content" / "sider" / "side.md").write_text("---\ntitl: Side\n---\n", "utf-8")
    result = run_cli("check", "--site", str(site))
    assert "dto: ukendt nøgle" in result.stderr
    assert "content/sider/side.md:2: titl: ukendt nøgle; mente du 'titel'?" in result.stderr
    assert result.returncode == 1


def test_failed_build_leaves_previous_output_untouched(tmp_path: Path):
    good = make_site(tmp_path / "site", {"content/sider/om.md": "---\ntitel: Om\n---\nTekst.\n"})
    output = tmp_path / "public"
    build_site(good, output)
    before = output_files(output)
    (good / "content" / "sider" / "om.md").write_text("---\ntitel: [Om\n---\n", "utf-8")
    result = run_cli("--site", str(good), "--out", str(output))
    assert result.returncode == 1
    assert "content/sider/om.md:2: ugyldig YAML" in result.stderr
    assert output_files(output) == before
    assert not list(tmp_path.glob(".public.tmp-*"))


def test_bom_and_crlf_are_accepted(tmp_path: Path):
    text = "---\r\norgan: das\r\ndato: 2020-05-25\r\nstatus: referat\r\n---\r\n\r\n" \
           "## 1. Godkendelse af dagsorden\r\n\r\n### Referat\r\n\r\nGodkendt.\r\n"
    site = make_site(tmp_path / "site", {
        "content/moeder/das/2020-05-25.md": b"\xef\xbb\xbf" + text.encode("utf-8")})
    build_site(site)
    html = (site / "public" / "organer" / "das" / "2020-05-25" / "index.html").read_text()
    assert "Godkendelse af dagsorden" in html


def test_builder_never_writes_into_content_or_data(tmp_path: Path):
    site = make_site(tmp_path / "site", {"content/sider/om.md": "---\ntitel: Om\n---\nTekst.\n"})
    def snapshot():
        return {p: (p.stat().st_mtime_ns, p.read_bytes()) for folder in ("content", "data")
                for p in (site / folder).rglob("*") if p.is_file()}
    before = snapshot()
    build_site(site)
    assert snapshot() == before
