"""Test tools that pip does not install: Debian's chromium, poppler-utils and Java, and the
npm test packages.

The README's test command must work on a fresh machine, so the tests install what they
need the first time a test asks for it (apt-get needs root, as in CI), and say so.
"""
from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]


def _say(message: str) -> None:
    print(f"[test set-up] {message}", file=sys.stderr, flush=True)


@functools.cache
def chromium() -> str:
    if not Path(CHROMIUM).exists():
        _apt_install("chromium", "Debian's chromium")
    return CHROMIUM


@functools.cache
def poppler() -> tuple[str, str]:
    """pdftotext and pdftoppm (Debian's poppler-utils), for reading printed pages."""
    if not (shutil.which("pdftotext") and shutil.which("pdftoppm")):
        _apt_install("poppler-utils", "pdftotext (Debian's poppler-utils)")
    return shutil.which("pdftotext"), shutil.which("pdftoppm")


@functools.cache
def java() -> str:
    """The machine's Java, for the Nu Html Checker (vnu.jar)."""
    if not shutil.which("java"):
        _apt_install("default-jre-headless", "Java (Debian's default-jre-headless)")
    return shutil.which("java")


def _apt_install(package: str, what: str) -> None:
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        raise RuntimeError(f"{what} is missing: run `apt-get install {package}` "
                           "as root (CI does it through the tests).")
    _say(f"installing {what} with apt-get (once)")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update"], check=True, env=env, capture_output=True)
    subprocess.run(["apt-get", "install", "-y", "--no-install-recommends", package],
                   check=True, env=env, capture_output=True)


NPM_PACKAGES = ("lunr", "lunr-languages", "axe-core", "vnu-jar")  # package.json


@functools.cache
def node_modules() -> Path:
    """The npm packages from package.json/package-lock.json, installed once: lunr.js and its
    Danish support, which every build serves, and the test tools."""
    folder = ROOT / "node_modules"
    if not all((folder / package).is_dir() for package in NPM_PACKAGES):
        if not shutil.which("npm"):
            _apt_install("npm", "npm (Debian's npm, with Node.js)")
        _say("installing the npm packages (npm ci, once)")
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=ROOT, check=True,
                       capture_output=True)
    return folder


def copy_engine(engine: Path) -> Path:
    """A copy of the engine as it is now (site_builder/, templates/, build.py), for tests
    whose builds must all run the same code while the working tree changes. node_modules/
    (lunr.js, which every build serves) is linked, not copied."""
    for name in ("site_builder", "templates"):
        shutil.copytree(ROOT / name, engine / name,
                        ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(ROOT / "build.py", engine / "build.py")
    (engine / "node_modules").symlink_to(node_modules(), target_is_directory=True)
    return engine
