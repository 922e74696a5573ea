"""Security review A.8: symlinks out of the site folder are never followed. A template
asset, the content/ folder itself or a data file that points outside would publish any file
of the machine (/etc/hostname, /proc/self/environ); each is a clean "genvej" error and
nothing is written."""
from __future__ import annotations

import os
from pathlib import Path

from conftest import make_site, output_files, run_cli

CANARY = "KANARIEUDEFRA"
FILE = "filen er en genvej, der peger uden for sitets mappe; læg selve filen her"
FOLDER = ("mappen er en genvej, der peger uden for sitets mappe; læg selve mappen og dens "
          "filer her")


def _build(site: Path, out: Path):
    result = run_cli("--site", str(site), "--out", str(out), "--dato", "2020-06-01",
                     "--uden-cache")
    assert "Traceback" not in result.stderr and "intern fejl" not in result.stderr, \
        result.stderr
    return result


def _outside(tmp_path: Path) -> Path:
    outside = tmp_path / "outside"
    (outside / "sider").mkdir(parents=True)
    (outside / "sider" / "udefra.md").write_text(f"---\ntitel: Udefra\n---\n{CANARY}\n",
                                                 "utf-8")
    (outside / "hemmelig.txt").write_text(f"{CANARY}\n", "utf-8")
    (outside / "css").mkdir()
    (outside / "css" / "zz.css").write_text(f"/* {CANARY} */\n", "utf-8")
    return outside


def _nothing_published(out: Path) -> bool:
    return not out.exists() or not any(CANARY.encode() in data
                                       for data in output_files(out).values())


def test_a_template_asset_that_links_outside_is_refused(tmp_path):
    outside = _outside(tmp_path)
    site = make_site(tmp_path / "site", {"content/sider/om.md": "---\ntitel: Om\n---\nx\n"})
    (site / "templates" / "assets").mkdir(parents=True)
    os.symlink(outside / "hemmelig.txt", site / "templates" / "assets" / "x.txt")
    os.symlink(outside / "css", site / "templates" / "assets" / "css")
    os.symlink(outside / "hemmelig.txt", site / "templates" / "page.html")
    out = tmp_path / "out"
    result = _build(site, out)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert f"templates/assets/x.txt: {FILE}" in lines
    assert f"templates/assets/css: {FOLDER}" in lines
    assert f"templates/page.html: {FILE}" in lines
    assert not any("zz.css" in line for line in lines)  # the folder is reported once
    assert not out.exists()


def test_a_template_folder_that_links_outside_is_refused(tmp_path):
    outside = _outside(tmp_path)
    site = make_site(tmp_path / "site", {"content/sider/om.md": "---\ntitel: Om\n---\nx\n"})
    os.symlink(outside, site / "templates")
    out = tmp_path / "out"
    result = _build(site, out)
    assert result.returncode == 1
    assert f"templates: {FOLDER}" in result.stderr.splitlines()
    assert not out.exists()


def test_a_content_folder_that_links_outside_is_refused(tmp_path):
    outside = _outside(tmp_path)
    site = make_site(tmp_path / "site", {})
    os.symlink(outside, site / "content")
    out = tmp_path / "out"
    result = _build(site, out)
    assert result.returncode == 1
    assert f"content: {FOLDER}" in result.stderr.splitlines()
    assert _nothing_published(out)


def test_a_content_folder_that_links_inside_the_site_is_fine(tmp_path):
    site = make_site(tmp_path / "site", {"indhold/sider/om.md": "---\ntitel: Om\n---\nOK\n"})
    os.symlink("indhold", site / "content")
    out = tmp_path / "out"
    result = _build(site, out)
    assert result.returncode == 0, result.stderr
    assert (out / "om" / "index.html").is_file()


def test_a_data_file_that_links_outside_is_refused(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    site = make_site(tmp_path / "site", {})
    organs = (site / "data" / "organer.yaml").read_text("utf-8")
    (outside / "organer.yaml").write_text(organs + f"  beskrivelse: {CANARY}\n", "utf-8")
    (site / "data" / "organer.yaml").unlink()
    os.symlink(outside / "organer.yaml", site / "data" / "organer.yaml")
    (outside / "helbredsord.yaml").write_text("- sygemeld\n", "utf-8")
    os.symlink(outside / "helbredsord.yaml", site / "data" / "helbredsord.yaml")
    out = tmp_path / "out"
    result = _build(site, out)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert f"data/organer.yaml: {FILE}" in lines
    assert f"data/helbredsord.yaml: {FILE}" in lines
    assert _nothing_published(out)
