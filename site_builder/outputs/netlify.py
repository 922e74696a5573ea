"""Netlify's files in the output: `_redirects` (from data/) and, for previews, `_headers`.

netlify.toml is static and applies to every deploy context, so what depends on data or on
the context is written by the build:

- `_redirects`: `/was` to the accessibility statement (data/site.yaml's
  `tilgaengelighedserklaering`), so the address lives in data/ only;
- `_headers`: `X-Robots-Tag: noindex` for every path, only when the build is told that it
  is not the production site (`python build.py --ikke-indekser`, set in netlify.toml for
  deploy previews and branch deploys).

`headers_for` reads netlify.toml's `[[headers]]` the way Netlify matches them, so the
preview server (`serve.py`) and the tests can send the same headers as the hosting.
"""
from __future__ import annotations

import tomllib
from pathlib import Path

from .. import urls
from ..build.writer import OutputWriter
from ..content.model import Site

NETLIFY_TOML = Path(__file__).resolve().parents[2] / "netlify.toml"
NOINDEX_HEADERS = "/*\n  X-Robots-Tag: noindex\n"


def write_deploy_files(site: Site, writer: OutputWriter, noindex: bool = False) -> None:
    statement = site.info.accessibility_url
    if statement:
        writer.write("_redirects", f"{urls.accessibility_statement()}  {statement}  301\n",
                     "netlify")
    if noindex:
        writer.write("_headers", NOINDEX_HEADERS, "netlify")


def load_config(path: Path = NETLIFY_TOML) -> dict:
    """netlify.toml as a dict ({} when the file is missing)."""
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        return {}


def path_matches(pattern: str, path: str) -> bool:
    """Netlify's path rules as used here: an exact path, or a prefix ending in a `*` splat."""
    if pattern.endswith("*"):
        prefix = pattern[:-1]
        return path.startswith(prefix) or (prefix.endswith("/") and path == prefix[:-1])
    return path.rstrip("/") == pattern.rstrip("/")


def headers_for(config: dict, path: str) -> dict[str, str]:
    """The headers Netlify sends for a request path, from `[[headers]]` in order."""
    result: dict[str, str] = {}
    for rule in config.get("headers", []):
        if path_matches(rule.get("for", ""), path):
            for name, value in rule.get("values", {}).items():
                result[name] = " ".join(str(value).split())
    return result


def redirects_in(output: Path) -> dict[str, tuple[str, int]]:
    """The simple `from to status` lines of an output's `_redirects` file."""
    rules: dict[str, tuple[str, int]] = {}
    try:
        lines = (output / "_redirects").read_text(encoding="utf-8").splitlines()
    except OSError:
        return rules
    for line in lines:
        parts = line.split()
        if len(parts) >= 2 and not parts[0].startswith("#"):
            status = int(parts[2]) if len(parts) > 2 and parts[2].isdigit() else 301
            rules[parts[0].rstrip("/") or "/"] = (parts[1], status)
    return rules
