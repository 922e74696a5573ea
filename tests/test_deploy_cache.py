"""A deploy reuses the build cache, and its output is still exactly a cold build's.

Netlify (netlify/plugins/build-cache) and the GitHub workflow (actions/cache) keep only the
cache folder, <site>/.cache/, between runs. Every run starts from a fresh checkout at the
same place: every file written anew (a git clone gives each file the time of the clone)
and no output folder. The simulated deploy: build, keep the cache folder as the plugin
saves it, throw the checkout away, check it out again, restore the folder, edit one
meeting, build with `python build.py` as netlify.toml does.
"""
from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, output_files, run_cli

from benchmarks.synthetic import generate

MEETINGS = 30
DATE = "2026-01-15"  # after the synthetic archive's last meeting


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("repository") / "site"
    generate(site, MEETINGS, seed=3)
    return site


def _fresh_checkout(repository: Path, checkout: Path) -> None:
    """What a clone writes: the same bytes, each file new and with the clone's time."""
    if checkout.exists():
        shutil.rmtree(checkout)
    for source in sorted(repository.rglob("*")):
        if ".cache" in source.relative_to(repository).parts or not source.is_file():
            continue
        target = checkout / source.relative_to(repository)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(source.read_bytes())


def _build(checkout: Path, *extra: str) -> tuple[int, int]:
    result = run_cli("--site", str(checkout), "--dato", DATE, *extra, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    pages, rendered = re.search(r"Bygget: (\d+) sider \((\d+) nye\)", result.stdout).groups()
    return int(pages), int(rendered)


def _edit_one_meeting(checkout: Path) -> None:
    meeting = sorted((checkout / "content" / "moeder").glob("*/*.md"))[MEETINGS // 2]
    with open(meeting, "a", encoding="utf-8") as handle:
        handle.write("\nSekretariatet har efterfølgende tilføjet en bemærkning.\n")


@pytest.fixture(scope="module")
def second_deploy(archive, tmp_path_factory) -> tuple[Path, int, int, Path]:
    """Two deploys in one place, the cache folder kept between them, one meeting edited
    before the second; and a cold build of the second checkout. (checkout, pages, pages
    rendered by the second deploy, the cold build's output)"""
    work = tmp_path_factory.mktemp("deploys")
    checkout = work / "repo"  # Netlify builds in one place: /opt/build/repo
    kept = work / "netlify-build-cache"
    _fresh_checkout(archive, checkout)
    pages, rendered = _build(checkout)
    assert rendered == pages  # the first deploy: nothing to reuse
    shutil.copytree(checkout / ".cache", kept)  # onPostBuild: utils.cache.save(".cache")

    time.sleep(0.01)  # the next clone's files are newer
    _fresh_checkout(archive, checkout)
    assert not (checkout / "public").exists() and not (checkout / ".cache").exists()
    shutil.copytree(kept, checkout / ".cache")  # onPreBuild: utils.cache.restore(".cache")
    _edit_one_meeting(checkout)
    pages, rendered = _build(checkout)
    cold = work / "cold"
    _build(checkout, "--out", str(cold), "--uden-cache")
    return checkout, pages, rendered, cold


def test_a_deploy_with_the_restored_cache_folder_equals_a_cold_build(second_deploy):
    checkout, _pages, _rendered, cold = second_deploy
    assert output_files(checkout / "public") == output_files(cold)


def test_a_deploy_with_the_restored_cache_folder_renders_only_what_changed(second_deploy):
    _checkout, pages, rendered, _cold = second_deploy
    # the cache was used: only the edited meeting's page and the pages that list it
    assert 1 <= rendered <= pages // 4, f"{rendered} of {pages} pages rendered again"


def test_a_restored_cache_of_other_content_is_not_trusted(archive, tmp_path):
    """The restored folder may come from an older deploy (or a branch's): it must never
    make a page stale, whatever changed since."""
    checkout = tmp_path / "repo"
    other = tmp_path / "other"
    generate(other, MEETINGS, seed=4)  # other meetings, same names and places
    _fresh_checkout(other, checkout)
    _build(checkout)
    kept = tmp_path / "kept"
    shutil.copytree(checkout / ".cache", kept)

    time.sleep(0.01)
    _fresh_checkout(archive, checkout)
    shutil.copytree(kept, checkout / ".cache")
    _build(checkout)
    cold = tmp_path / "cold"
    _build(checkout, "--out", str(cold), "--uden-cache")
    assert output_files(checkout / "public") == output_files(cold)


def test_the_workflow_that_builds_the_site_keeps_the_cache_folder():
    """.github/workflows/udsend.yml builds the site (`build.py udsend`): actions/cache keeps
    <site>/.cache/ (what netlify/plugins/build-cache keeps on Netlify), keyed on the engine
    and the lock files, and restores an older entry when there is no exact one."""
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "udsend.yml").read_text("utf-8"))
    steps = workflow["jobs"]["udsend"]["steps"]
    build = next(i for i, step in enumerate(steps) if "build.py" in step.get("run", ""))
    caches = [i for i, step in enumerate(steps) if step.get("uses", "").startswith(
        "actions/cache@")]
    assert len(caches) == 1 and caches[0] < build
    cache = steps[caches[0]]["with"]
    assert cache["path"] == ".cache"
    for source in ("site_builder/**", "templates/**", "requirements.txt", "package-lock.json"):
        assert f"'{source}'" in cache["key"]
    prefix = cache["key"].rsplit("${{ github.run_id }}", 1)[0]
    assert prefix != cache["key"]  # a new entry each run: the cache changes with every build
    assert cache["restore-keys"].splitlines() == [prefix, "byggecache-"]
    assert "--uden-cache" not in steps[build]["run"]
