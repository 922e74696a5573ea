"""netlify.toml: it parses, its build commands make its publish folder (with the /was redirect
and, for previews, noindex), assets carry content hashes, and its Content-Security-Policy
holds for every built page: statically in the HTML and in headless Chromium."""
from __future__ import annotations

import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml
from browser_site import serve
from bs4 import BeautifulSoup
from conftest import ROOT
from playwright.sync_api import sync_playwright
from system_deps import CHROMIUM_ARGS, chromium

from site_builder.outputs import netlify

CONFIG = tomllib.loads((ROOT / "netlify.toml").read_text(encoding="utf-8"))
HASHED = re.compile(r"^[\w.-]+\.[0-9a-f]{10}\.[a-z0-9]+$")


def _csp() -> dict[str, list[str]]:
    policy = netlify.headers_for(CONFIG, "/")["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


def test_netlify_toml_builds_python_311_into_public():
    assert CONFIG["build"]["publish"] == "public"
    assert "python build.py" in CONFIG["build"]["command"]
    assert CONFIG["build"]["environment"]["PYTHON_VERSION"] == "3.11"
    for context in ("deploy-preview", "branch-deploy"):
        assert "--ikke-indekser" in CONFIG["context"][context]["command"]


def test_security_headers_for_every_path():
    for path in ("/", "/organer/das/2020-05-25/", "/assets/site.0123456789.css", "/soeg/"):
        headers = netlify.headers_for(CONFIG, path)
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert "camera=()" in headers["Permissions-Policy"]
        assert "unsafe" not in headers["Content-Security-Policy"]
    csp = _csp()
    assert csp["default-src"] == ["'self'"] and csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"] and csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"] and csp["base-uri"] == ["'self'"]
    assert csp["form-action"] == ["'self'"] and csp["img-src"] == ["'self'", "data:"]


def test_cache_headers_long_for_hashed_files_only():
    year = "public, max-age=31536000, immutable"
    assert netlify.headers_for(CONFIG, "/assets/site.0123456789.css")["Cache-Control"] == year
    assert netlify.headers_for(CONFIG, "/soeg/soegeindeks.0123456789.json")["Cache-Control"] \
        == year
    # Pages keep Netlify's default (public, max-age=0, must-revalidate): no rule for them.
    for page in ("/", "/soeg/", "/organer/das/2020-05-25/", "/sitemap.xml"):
        assert "Cache-Control" not in netlify.headers_for(CONFIG, page)


PLUGIN = "/netlify/plugins/build-cache"  # netlify.toml: relative to the base directory


def test_the_build_cache_plugin_keeps_the_folder_the_build_uses():
    """netlify.toml declares our local plugin, and the folder it keeps is the one
    `python build.py` (as netlify.toml runs it) keeps its cache in."""
    from site_builder.cli import parser
    from site_builder.cli_commands import options_from

    assert [p["package"] for p in CONFIG.get("plugins", [])] == [PLUGIN]
    folder = ROOT / PLUGIN.lstrip("/")
    manifest = yaml.safe_load((folder / "manifest.yml").read_text("utf-8"))
    assert manifest["name"] == "build-cache" and (folder / "index.js").is_file()
    inputs = {entry["name"]: entry["default"] for entry in manifest["inputs"]}
    assert inputs["save_in"] == ["production"]
    command = CONFIG["build"]["command"].split("&& ")[-1].split()
    assert command[:2] == ["python", "build.py"]
    options = options_from(parser().parse_args(command[2:]))
    assert options.cache_dir is not None
    assert options.cache_dir.is_relative_to(options.site_root / inputs["path"])
    assert options.site_root == ROOT  # the base directory the plugin's path is relative to


def test_the_build_cache_plugin_restores_and_saves_exactly_the_cache_folder(tmp_path):
    """The plugin's JavaScript, run by Node with a stand-in for Netlify's utils.cache
    (tests/js/build-cache-plugin.js): four deploys in fresh checkouts."""
    node = shutil.which("node")
    assert node, "the plugin's test needs Node.js (`node` on PATH)"
    result = subprocess.run([node, str(ROOT / "tests" / "js" / "build-cache-plugin.js"),
                             str(ROOT / PLUGIN.lstrip("/")), str(tmp_path)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    deploys = json.loads(result.stdout)
    first, second, preview, after = (deploys[k] for k in ("first", "second", "preview", "after"))
    assert first["calls"] == [["restore", ".cache"], ["save", ".cache"]]
    assert first["restored"] == {}  # nothing saved yet: a cold build
    assert first["cached"] == {"build/documents/a.pickle": "first"}  # .cache, not public/
    assert second["restored"] == {"build/documents/a.pickle": "first"}
    assert second["cached"] == {"build/documents/a.pickle": "second"}
    # a pull request's deploy preview reads the cache but never writes it
    assert preview["calls"] == [["restore", ".cache"]]
    assert preview["restored"] == {"build/documents/a.pickle": "second"}
    assert after["restored"] == {"build/documents/a.pickle": "second"}
    assert all("byggecache" in line.lower() for deploy in deploys.values()
               for line in deploy["log"])


@pytest.fixture(scope="module")
def repository_copy(tmp_path_factory) -> Path:
    """What Netlify checks out: the engine, templates, content, data and the config."""
    root = tmp_path_factory.mktemp("netlify")
    for name in ("site_builder", "templates", "content", "data"):
        shutil.copytree(ROOT / name, root / name,
                        ignore=shutil.ignore_patterns("__pycache__", ".cache"))
    for name in ("build.py", "netlify.toml", "requirements.txt", "package.json",
                 "package-lock.json"):
        shutil.copy2(ROOT / name, root / name)
    return root


def _run(command: str, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ["PATH"])
    return subprocess.run(command, shell=True, cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300)


def test_build_command_makes_the_publish_folder(repository_copy: Path):
    config = tomllib.loads((repository_copy / "netlify.toml").read_text(encoding="utf-8"))
    result = _run(config["build"]["command"], repository_copy)
    assert result.returncode == 0, result.stderr
    public = repository_copy / config["build"]["publish"]
    assert (public / "index.html").is_file() and (public / "404.html").is_file()
    assert (public / "organer" / "das" / "2020-05-25" / "index.html").is_file()
    statement = yaml.safe_load((ROOT / "data" / "site.yaml").read_text("utf-8"))[
        "tilgaengelighedserklaering"]
    assert (public / "_redirects").read_text("utf-8").split() == ["/was", statement, "301"]
    assert not (public / "_headers").exists()  # production is indexed
    assert netlify.redirects_in(public) == {"/was": (statement, 301)}

    preview = _run(config["context"]["deploy-preview"]["command"], repository_copy)
    assert preview.returncode == 0, preview.stderr
    assert (public / "_headers").read_text("utf-8") == "/*\n  X-Robots-Tag: noindex\n"


def test_asset_names_carry_a_content_hash(bundled_site: Path):
    assets = sorted((bundled_site / "assets").iterdir())
    assert assets
    for path in assets:
        assert HASHED.match(path.name), path.name
    for page in bundled_site.rglob("*.html"):
        soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        for tag in soup.select("script[src], link[rel=stylesheet]"):
            url = tag.get("src") or tag.get("href")
            assert url.startswith("/assets/") and HASHED.match(url.rsplit("/", 1)[1]), \
                f"{page}: {url}"


def test_no_built_page_needs_unsafe_inline(bundled_site: Path):
    pages = sorted(bundled_site.rglob("*.html"))
    assert len(pages) >= 15
    for page in pages:
        soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        name = page.relative_to(bundled_site)
        for script in soup.find_all("script"):
            assert script.get("src") or script.get("type") in (
                "application/json", "application/ld+json"), f"{name}: inline script"
        assert not soup.find_all("style"), f"{name}: <style> element"
        for tag in soup.find_all(True):
            for attribute in tag.attrs:
                assert attribute != "style", f"{name}: style attribute on <{tag.name}>"
                assert not attribute.lower().startswith("on"), \
                    f"{name}: event handler {attribute} on <{tag.name}>"
            for attribute in ("href", "src", "action"):
                value = str(tag.get(attribute, ""))
                assert not value.lower().startswith("javascript:"), f"{name}: {value}"
            if tag.name in ("script", "img", "iframe") or (
                    tag.name == "link" and "stylesheet" in tag.get("rel", [])):
                url = tag.get("src") or tag.get("href") or ""
                assert not re.match(r"^(https?:)?//", url), f"{name}: third-party {url}"


class _NetlifyHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a folder with the headers netlify.toml gives each path."""

    def end_headers(self):
        for header, value in netlify.headers_for(CONFIG, self.path.split("?")[0]).items():
            self.send_header(header, value)
        super().end_headers()

    def log_message(self, *args):
        pass


WATCH_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


def _violations(browser, url: str, after=None) -> list[str]:
    page = browser.new_page()
    page.set_default_timeout(20000)
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text)
            if m.type == "error" and "Content Security Policy" in m.text else None)
    page.add_init_script(WATCH_VIOLATIONS)
    response = page.goto(url)
    assert response.ok, url
    assert "default-src 'self'" in response.headers["content-security-policy"]
    if after:
        after(page)
    page.wait_for_load_state("networkidle")
    found = console + page.evaluate("window.__cspViolations")
    page.close()
    return found


def test_pages_in_chromium_with_the_csp_report_no_violation(bundled_site: Path, tmp_path: Path):
    control = tmp_path / "control"
    control.mkdir()
    (control / "index.html").write_text(
        '<!doctype html><html lang="da"><head><title>x</title><style>p{}</style></head>'
        '<body><p style="color:red">x</p><script>document.title="y"</script></body></html>',
        encoding="utf-8")

    def search(page):
        page.locator("[data-search-results] li").first.wait_for()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        with serve(control, _NetlifyHandler) as base:
            # The check can fail: a page that breaks the policy is reported.
            assert len(_violations(browser, base + "/")) >= 3
        with serve(bundled_site, _NetlifyHandler) as base:
            for path, after in (("/", None), ("/organer/das/2020-05-25/", None),
                                ("/soeg/?q=takst", search if (
                                    bundled_site / "soeg" / "index.html").is_file() else None)):
                if path.startswith("/soeg/") and after is None:
                    continue
                assert _violations(browser, base + path, after) == [], path
        browser.close()
