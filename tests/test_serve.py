"""`python build.py serve`: the preview rebuilds on a change and reloads the open page in a
real headless Chromium, shows content errors in the page and clears them when fixed, never
swaps in a broken build, and stops cleanly on Ctrl-C."""
from __future__ import annotations

import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from conftest import ROOT, make_site
from system_deps import CHROMIUM_ARGS, chromium

MEETING = "content/moeder/das/2020-05-25.md"
GOOD = """\
---
organ: das
dato: 2020-05-25
tid: 9.00-12.00
status: referat
---

## 1. {title}

### Referat

Godkendt.
"""
URL_LINE = re.compile(r"Forhåndsvisning: (http://127\.0\.0\.1:\d+/)")


class Preview:
    """`python build.py serve` on a site, in a subprocess; its output is read as it comes."""

    def __init__(self, site: Path, *args: str):
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "build.py"), "serve", "--site", str(site),
             "--dato", "2020-06-01", *args],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=site)
        self.lines: queue.Queue[str] = queue.Queue()
        self.stdout: list[str] = []
        self.stderr = ""
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.stdout.append(line)
            self.lines.put(line)
        self.lines.put("")

    def url(self) -> str:
        while True:
            line = self.lines.get(timeout=60)
            assert line, f"serve stopped: {self.stop()}"
            match = URL_LINE.search(line)
            if match:
                return match.group(1)

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            code = self.process.wait(timeout=30)
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait()
        self.stderr = self.process.stderr.read()
        return code


def _wait_for_text(path: Path, text: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if path.is_file() and text in path.read_text(encoding="utf-8"):
            return
        time.sleep(0.05)
    raise AssertionError(f"{path} never held {text!r}")


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return make_site(tmp_path / "site", {MEETING: GOOD.format(title="Første titel")})


def test_preview_reloads_on_change_and_shows_errors_in_the_page(site: Path):
    preview = Preview(site, "--port", "0")
    try:
        base = preview.url()
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium(),
                                                 args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.set_default_timeout(30000)
            console: list[str] = []
            page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
            page.goto(base + "organer/das/2020-05-25/")
            expect(page.locator("#punkt-1")).to_contain_text("Første titel")
            assert page.locator("script[src^='/__preview.js']").count() == 1

            # An edit: the open page reloads by itself and shows the new title.
            (site / MEETING).write_text(GOOD.format(title="Anden titel"), encoding="utf-8")
            expect(page.locator("#punkt-1")).to_contain_text("Anden titel")
            # (that page may come from the quick update, in memory; the full build that
            # follows it writes the preview folder)
            served = site / ".preview" / "public" / "organer" / "das" / "2020-05-25"
            _wait_for_text(served / "index.html", "Anden titel")

            # A broken file: the page shows the error, in Danish, with file and line.
            (site / MEETING).write_text(GOOD.format(title="Anden titel").replace(
                "tid: 9.00-12.00", "tid: 25.00"), encoding="utf-8")
            overlay = page.locator("#forhaandsvisning-fejl")
            expect(overlay).to_contain_text(f"{MEETING}:4")
            expect(overlay).to_contain_text("'25.00' er ikke et gyldigt klokkeslæt")
            expect(page.locator("h1")).to_contain_text("1 fejl i indholdet")
            # Meanwhile the preview folder still holds the last good build, whole.
            assert "Anden titel" in (served / "index.html").read_text(encoding="utf-8")
            assert (site / ".preview" / "public" / "index.html").is_file()

            # Fixed: the error page goes away by itself and the page is back.
            (site / MEETING).write_text(GOOD.format(title="Tredje titel"), encoding="utf-8")
            expect(page.locator("#punkt-1")).to_contain_text("Tredje titel")
            expect(page.locator("#forhaandsvisning-fejl")).to_have_count(0)
            browser.close()
        assert not [m for m in console if "Content Security Policy" in m], console
    finally:
        code = preview.stop()
    assert code == 0, preview.stderr
    assert "Traceback" not in preview.stderr
    assert preview.stdout[-1].strip() == "Forhåndsvisningen er stoppet."
    assert "fejl i indholdet" in "".join(preview.stdout)
    assert f"{MEETING}:4: tid:" in preview.stderr


def test_a_site_that_starts_broken_shows_the_errors_and_no_page(site: Path):
    (site / MEETING).write_text("---\norgan: dass\n---\n", encoding="utf-8")
    preview = Preview(site, "--port", "0")
    try:
        base = preview.url()
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium(),
                                                 args=CHROMIUM_ARGS)
            page = browser.new_page()
            response = page.goto(base)
            assert response.status == 500
            expect(page.locator("#forhaandsvisning-fejl")).to_contain_text(
                f"{MEETING}:2")
            expect(page.locator("#forhaandsvisning-fejl")).to_contain_text(
                "'dass' er ikke et organ i data/organer.yaml")
            browser.close()
    finally:
        assert preview.stop() == 0
    assert "Traceback" not in preview.stderr


def test_a_taken_port_is_a_clear_error(site: Path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        preview = Preview(site, "--port", str(port))
        code = preview.process.wait(timeout=60)
        preview.stop()
    assert code == 1
    assert f"port {port} er optaget" in preview.stderr
    assert "Traceback" not in preview.stderr


def test_drafts_and_embargoed_pages_are_previewed_with_a_banner_and_never_published(
        site: Path, tmp_path: Path):
    import urllib.request

    from conftest import build_site

    draft = GOOD.format(title="Kladdens punkt").replace("status: referat",
                                                        "status: referat\nkladde: ja")
    (site / MEETING).write_text(draft, encoding="utf-8")
    (site / "content" / "sider").mkdir(parents=True, exist_ok=True)
    (site / "content" / "sider" / "snart.md").write_text(
        "---\ntitel: Snart\noffentlig_fra: 2020-12-24\n---\n\nEmbargo.\n", encoding="utf-8")
    (site / "content" / "sider" / "om.md").write_text("---\ntitel: Om\n---\n\nOm.\n", "utf-8")
    preview = Preview(site, "--port", "0")
    try:
        base = preview.url()

        def get(path: str) -> str:
            with urllib.request.urlopen(base + path.lstrip("/"), timeout=30) as response:
                assert response.status == 200
                return response.read().decode("utf-8")

        page = get("/organer/das/2020-05-25/")
        assert "Kladdens punkt" in page
        assert ('<strong>Kladde – offentliggøres ikke.</strong> Siden vises kun i '
                f'forhåndsvisningen, fordi der står kladde: ja i {MEETING}.') in page
        assert '<link rel="stylesheet" href="/__preview-banner.css">' in page
        embargo = get("/snart/")
        assert "Embargo." in embargo
        assert "<strong>Offentliggøres først den 24. december 2020.</strong>" in embargo
        assert "preview-banner" not in get("/om/")
        assert ".preview-banner" in get("/__preview-banner.css")
    finally:
        assert preview.stop() == 0
    assert "Traceback" not in preview.stderr
    assert "viser 2 sider, der ikke offentliggøres" in "".join(preview.stdout)
    # the public build of the same site still leaves both out, everywhere
    output = tmp_path / "public"
    build_site(site, output)
    for path in output.rglob("*"):
        if path.is_file():
            text = path.read_bytes()
            assert b"Kladdens punkt" not in text and b"Embargo." not in text, path
    assert not (output / "snart").exists()


def test_the_error_page_links_the_handbooks_page_on_error_messages(site: Path):
    import urllib.error
    import urllib.request

    (site / MEETING).write_text("---\norgan: dass\n---\n", encoding="utf-8")
    preview = Preview(site, "--port", "0")
    try:
        base = preview.url()
        try:
            urllib.request.urlopen(base, timeout=30)
            raise AssertionError("the error page should be a 500")
        except urllib.error.HTTPError as error:
            page = error.read().decode("utf-8")
        assert '<a href="/__haandbog/fejlbeskeder.md">»Fejlbeskeder«</a>' in page
        # the handbook's page is there, while the content still has errors
        with urllib.request.urlopen(base + "__haandbog/fejlbeskeder.md", timeout=30) as answer:
            handbook_page = answer.read().decode("utf-8")
        assert "<h1>Fejlbeskeder</h1>" in handbook_page
        assert "'dass' er ikke et organ" in handbook_page or "ukendt nøgle" in handbook_page
        assert '<a href="bilag.md">' in handbook_page  # its links lead on in the handbook
        with urllib.request.urlopen(base + "__haandbog/noegler.md", timeout=30) as answer:
            assert "<h1>Alle nøgler</h1>" in answer.read().decode("utf-8")
        try:
            urllib.request.urlopen(base + "__haandbog/..%2fREADME.md", timeout=30)
            raise AssertionError("only the handbook's own pages are served")
        except urllib.error.HTTPError as error:
            assert error.code == 404
    finally:
        assert preview.stop() == 0
    assert "Traceback" not in preview.stderr
