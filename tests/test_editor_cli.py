"""The command line speaks Danish: argparse's usage, help and errors, and the help's
defaults are the real ones."""
from __future__ import annotations

import re

import pytest

from conftest import run_cli

ENGLISH = re.compile(r"\b(usage|error|options|positional arguments|show this help|invalid|"
                     r"unrecognized|the following|required|expected|choose from)\b", re.I)


@pytest.mark.parametrize("args, message", [
    (["new"], "fejl: skriv, hvad der skal oprettes: møde, aftale eller side, fx python "
              "build.py new møde --organ das --dato 2026-12-01"),
    (["serve", "--port", "abc"], "fejl: --port: 'abc' er ikke et helt tal"),
    (["--jobs", "x"], "fejl: --jobs: 'x' er ikke et helt tal"),
    (["check", "content/moeder/das/2020-05-25.md"],
     "fejl: forstår ikke: content/moeder/das/2020-05-25.md; kommandoen tager ingen filnavne "
     "(check og build tjekker altid hele sitet)"),
    (["check", "--prut"], "fejl: forstår ikke: --prut"),
    (["byg"], "fejl: 'byg' er ikke en kommando; vælg en af: build, check, serve, new, udsend, importer, handbook"),
    (["check", "--format", "json"], "fejl: --format: 'json' er ikke gyldig; vælg en af: "
                                    "tekst, github"),
    (["--dato"], "fejl: --dato: der mangler en værdi efter --dato"),
])
def test_command_line_errors_are_danish(args, message):
    result = run_cli(*args)
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert lines[0].startswith("brug: python build.py")
    assert message in lines, result.stderr
    assert lines[-1].startswith("Se mere med python build.py")
    assert not ENGLISH.search(result.stderr), result.stderr


@pytest.mark.parametrize("args", [["--help"], ["build", "--help"], ["check", "--help"],
                                  ["serve", "--help"], ["new", "--help"],
                                  ["handbook", "--help"]])
def test_help_is_danish(args):
    result = run_cli(*args)
    assert result.returncode == 0
    assert result.stdout.startswith("brug: python build.py")
    assert "tilvalg:" in result.stdout and "vis denne hjælp og stop" in result.stdout
    assert not ENGLISH.search(result.stdout), result.stdout


def test_help_names_each_commands_own_output_folder():
    serve = " ".join(run_cli("serve", "--help").stdout.split())
    build = " ".join(run_cli("build", "--help").stdout.split())
    assert "--out MAPPE hvor sitet bygges (standard: <site>/.preview/public)" in serve
    assert "--out MAPPE hvor sitet bygges (standard: <site>/public)" in build
