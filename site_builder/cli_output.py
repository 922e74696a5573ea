"""What the command line prints: problems, GitHub annotations, counts, build progress.

Problems as text on stderr or as GitHub workflow annotations, counts in Danish ("1 fil",
"2 filer"), and the line that shows a build's progress on a terminal.

Used by cli (`main`) and cli_commands (the commands' bodies).
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

from .problems import Problem


class TerminalProgress:
    """One line on the terminal that shows how far a build has come, overwritten in place."""

    INTERVAL = 0.1  # seconds between updates of the line

    def __init__(self, stream) -> None:
        self.stream = stream
        self.shown = False
        self.last = 0.0

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if 0 < done < total and now - self.last < self.INTERVAL:
            return
        self.last = now
        text = f"{stage} {done}/{total}" if total else f"{stage} …"
        self.stream.write(f"\r\x1b[KBygger: {text}")
        self.stream.flush()
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def print_problems(problems: list[Problem]) -> None:
    for problem in problems:
        print(problem.format(), file=sys.stderr)


def print_github(problems: list[Problem], prefix: str = "") -> None:
    """GitHub workflow commands: each problem becomes an annotation at its file and line."""
    for problem in problems:
        level = "error" if problem.severity == "fejl" else "warning"
        where = f"file={_github_property(prefix + problem.path)}"
        if problem.line:
            where += f",line={problem.line}"
        if problem.field:
            where += f",title={_github_property(problem.field)}"
        print(f"::{level} {where}::{_github_escape(problem.message)}")


def _prefix_for(site_root: Path) -> str:
    """Problem paths are relative to the site; annotations need them from the repository
    (the working folder), e.g. examples/syddanmark/content/..."""
    try:
        relative = site_root.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return ""
    return "" if relative == "." else relative + "/"


def _github_escape(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_property(text: str) -> str:
    return _github_escape(text).replace(":", "%3A").replace(",", "%2C")


def _count(number: int, singular: str, plural: str) -> str:
    return f"{number} {singular if number == 1 else plural}"
