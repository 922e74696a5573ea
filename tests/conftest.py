"""Shared helpers: build real sites (the bundled one, examples, small inline ones)."""
from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from site_builder.pipeline import BuildOptions, build

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
BUILD_DATE = dt.date(2020, 6, 1)


def build_site(site_root: Path, output: Path | None = None, date: dt.date = BUILD_DATE):
    output = output or site_root / "public"
    return build(BuildOptions(site_root, output, date))


def run_cli(*args: str, cwd: Path = ROOT, timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], cwd=cwd,
                          capture_output=True, text=True, timeout=timeout)


def make_site(root: Path, files: dict[str, str | bytes]) -> Path:
    """A small site: the base fixture's data/ plus the given files (dedented text)."""
    shutil.copytree(FIXTURES / "base", root, dirs_exist_ok=True)
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
    return root


def output_files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def pytest_sessionstart(session) -> None:
    """Every build serves lunr.js from node_modules/: install the npm packages before any
    test builds a site (once; see tests/system_deps.py)."""
    from system_deps import node_modules
    node_modules()


@pytest.fixture(scope="session")
def bundled_site(tmp_path_factory) -> Path:
    """The bundled Nordjylland site, built once for the whole test session."""
    output = tmp_path_factory.mktemp("bundled") / "public"
    build_site(ROOT, output)
    return output


@pytest.fixture(scope="module")
def browser():
    """Debian's headless Chromium through Playwright, one per test module."""
    from playwright.sync_api import sync_playwright

    from system_deps import CHROMIUM_ARGS, chromium
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def base(bundled_site):
    """The bundled site served on 127.0.0.1 with the strict CSP; its base URL."""
    from browser_site import serve
    with serve(bundled_site) as url:
        yield url
