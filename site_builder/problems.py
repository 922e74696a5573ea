"""Problems found in the editors' input, reported as `path:line: field: message`.

Every stage reports into one `Problems` collection; the build stops once, after all
files have been read, so an editor sees every mistake of a run together. They are listed by
file and line, but a problem marked as a cause (one that makes others follow, such as an
item number written twice) comes before all the rest: fix it first, and the others may go.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .guards.cpr import mask_cpr

ERROR = "fejl"
WARNING = "advarsel"


@dataclass(frozen=True, order=True)
class Problem:
    """One problem. A CPR-looking number in its path, field or message is masked as
    'ddmmåå-xxxx' when it is made, so no output of a problem (the terminal, GitHub
    annotations, CI logs, the preview's overlay) can repeat one: messages often quote the
    value they reject."""

    path: str
    line: int | None
    field: str | None
    message: str
    severity: str = ERROR
    # the page of a problem that stops the public build but not the preview's (a placeholder
    # from `new`): the preview shows the problem in a banner on that page (serve.py)
    page: str | None = field(default=None, compare=False)
    # other problems may follow from this one: it is listed first (`_sort_key`)
    cause: bool = field(default=False, compare=False)

    def __post_init__(self) -> None:
        for name in ("path", "field", "message"):
            value = getattr(self, name)
            if isinstance(value, str):
                object.__setattr__(self, name, mask_cpr(value))

    def format(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        what = f"{self.field}: {self.message}" if self.field else self.message
        prefix = "advarsel: " if self.severity == WARNING else ""
        return f"{where}: {prefix}{what}"


class SiteError(Exception):
    """The project's own error type: the input cannot be built. Carries every problem."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=_sort_key)
        super().__init__("\n".join(p.format() for p in self.problems))


class OutputError(Exception):
    """The output folder cannot be written (disk full, no permission, another build running)."""


def _sort_key(problem: Problem):
    return (not problem.cause, problem.path, problem.line or 0, problem.field or "",
            problem.message)


@dataclass
class Problems:
    """Collects problems across all files; relative paths are shown from the site root."""

    root: Path
    items: list[Problem] = field(default_factory=list)

    def relative(self, path: Path | str) -> str:
        path = Path(path)
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def error(self, path, line, field_name, message, *, page: str | None = None,
              cause: bool = False) -> None:
        self.items.append(Problem(self.relative(path), line, field_name, message, ERROR,
                                  page, cause))

    def warning(self, path, line, field_name, message, *, page: str | None = None,
                cause: bool = False) -> None:
        self.items.append(Problem(self.relative(path), line, field_name, message, WARNING,
                                  page, cause))

    @property
    def errors(self) -> list[Problem]:
        return sorted((p for p in self.items if p.severity == ERROR), key=_sort_key)

    @property
    def warnings(self) -> list[Problem]:
        return sorted((p for p in self.items if p.severity == WARNING), key=_sort_key)

    def raise_if_errors(self) -> None:
        if self.errors:
            raise SiteError(self.errors)
