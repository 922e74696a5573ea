"""Every page of the built site is valid HTML: the Nu Html Checker (npm `vnu-jar`, run with
the machine's Java) over the whole output folder reports no error."""
from __future__ import annotations

import json
import subprocess

from system_deps import java, node_modules


def run_vnu(folder) -> list[dict]:
    jar = node_modules() / "vnu-jar" / "build" / "dist" / "vnu.jar"
    result = subprocess.run(
        [java(), "-jar", str(jar), "--errors-only", "--format", "json", "--skip-non-html",
         str(folder)], capture_output=True, text=True, timeout=300)
    # vnu writes its JSON report to stderr and exits 1 when it found errors.
    report = json.loads(result.stderr or result.stdout)
    return report["messages"]


def _readable(messages: list[dict], folder) -> str:
    return "\n".join(
        f"{m.get('url', '').replace('file:' + str(folder), '')}:{m.get('lastLine', '?')}: "
        f"{m.get('type')}: {m.get('message')}\n    {m.get('extract', '').strip()!r}"
        for m in messages)


def test_the_whole_built_site_has_no_html_errors(bundled_site, capsys):
    pages = sorted(bundled_site.rglob("*.html"))
    assert len(pages) >= 10
    messages = run_vnu(bundled_site)
    errors = [m for m in messages if m.get("type") in ("error", "non-document-error")]
    with capsys.disabled():
        print(f"\n[vnu] {len(pages)} HTML pages checked, {len(errors)} errors")
    assert not errors, "Nu Html Checker:\n" + _readable(errors, bundled_site)


def test_the_checker_does_report_an_error(tmp_path):
    """The check above can fail: a page with a skipped heading level and a stray end tag."""
    (tmp_path / "index.html").write_text(
        '<!doctype html><html lang="da"><head><meta charset="utf-8"><title>x</title></head>'
        "<body><h1>A</h1><h3>B</h3></span></body></html>", encoding="utf-8")
    messages = run_vnu(tmp_path)
    assert any("heading" in m["message"] for m in messages), messages
    assert any("span" in m["message"] for m in messages), messages
