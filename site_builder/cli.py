"""Command line: `python build.py [build|check] [--site DIR] [--out DIR] [--dato ÅÅÅÅ-MM-DD]`.

Bad input ends in readable problems and exit code 1, never a traceback.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from .coerce import parse_date
from .parallel import default_jobs
from .pipeline import BuildOptions, build, load_and_check
from .problems import OutputError, Problem, SiteError

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--site", default=None, metavar="MAPPE",
                        help="sitets mappe med content/ og data/ (standard: projektets egen)")
    common.add_argument("--out", default=None, metavar="MAPPE",
                        help="hvor sitet bygges (standard: <site>/public)")
    common.add_argument("--dato", default=None, metavar="ÅÅÅÅ-MM-DD",
                        help="byggedato for embargo og kommende møder (standard: i dag)")
    common.add_argument("--jobs", type=int, default=None, metavar="N",
                        help="antal processer (standard: antal kerner)")
    common.add_argument("--uden-cache", action="store_true",
                        help="læs og byg alt forfra (standard: genbrug <site>/.cache/)")
    main = argparse.ArgumentParser(
        prog="python build.py", parents=[common],
        description="Bygger sitet fra content/ og data/ til public/.")
    commands = main.add_subparsers(dest="command", metavar="KOMMANDO")
    commands.add_parser("build", parents=[common], help="tjek og byg sitet (standard)")
    check = commands.add_parser("check", parents=[common],
                                help="tjek indholdet uden at skrive noget")
    check.add_argument("--format", choices=("tekst", "github"), default="tekst",
                       help="github: annoteringer til en pull request")
    return main


def options_from(args: argparse.Namespace) -> BuildOptions:
    site_root = Path(args.site).resolve() if args.site else PROJECT_ROOT
    output = Path(args.out).resolve() if args.out else site_root / "public"
    date_text = args.dato or os.environ.get("SITE_BUILD_DATE")
    build_date = dt.date.today()
    if date_text:
        parsed = parse_date(date_text)
        if parsed is None:
            raise _UsageError(f"--dato: '{date_text}' er ikke en dato som ÅÅÅÅ-MM-DD")
        build_date = parsed
    if not (site_root / "content").is_dir() and not (site_root / "data").is_dir():
        raise _UsageError(f"--site: {site_root} har hverken content/ eller data/")
    jobs = args.jobs if args.jobs and args.jobs > 0 else default_jobs()
    cache_dir = None if args.uden_cache else site_root / ".cache" / "build"
    return BuildOptions(site_root, output, build_date, jobs=jobs, cache_dir=cache_dir)


class _UsageError(Exception):
    pass


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        options = options_from(args)
        command = args.command or "build"
        if command == "check":
            return run_check(options, getattr(args, "format", "tekst"))
        return run_build(options)
    except _UsageError as exc:
        print(f"fejl: {exc}", file=sys.stderr)
        return 2
    except SiteError as exc:
        print_problems(exc.problems)
        print(f"\n{_count(len(exc.problems), 'fejl', 'fejl')} fundet; intet blev "
              "offentliggjort, og det tidligere site er uændret.", file=sys.stderr)
        return 1
    except OutputError as exc:
        print(f"fejl: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nafbrudt; det tidligere site er uændret.", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug in the engine, not in the content
        if os.environ.get("SITE_DEBUG"):
            raise
        print(f"intern fejl i byggeværktøjet ({type(exc).__name__}: {exc}). Det tidligere "
              "site er uændret. Kør igen med SITE_DEBUG=1 for detaljer, og meld fejlen.",
              file=sys.stderr)
        return 2


def run_build(options: BuildOptions) -> int:
    report = build(options)
    print_problems(report.warnings)
    for note in report.notes:
        print(note)
    print(f"Bygget: {_count(report.pages, 'side', 'sider')} ({report.rendered} nye), "
          f"{_count(report.files, 'fil', 'filer')} i {options.output} på "
          f"{report.seconds:.1f} s".replace(".", ",", 1) + ", "
          f"{_count(len(report.warnings), 'advarsel', 'advarsler')}.")
    return 0


def run_check(options: BuildOptions, output_format: str) -> int:
    try:
        _site, warnings = load_and_check(options)  # no cache: check writes nothing
    except SiteError as exc:
        if output_format == "github":
            print_github(exc.problems)
            return 1
        raise
    if output_format == "github":
        print_github(warnings)
    else:
        print_problems(warnings)
        print(f"Tjekket: ingen fejl, {_count(len(warnings), 'advarsel', 'advarsler')}.")
    return 0


def print_problems(problems: list[Problem]) -> None:
    for problem in problems:
        print(problem.format(), file=sys.stderr)


def print_github(problems: list[Problem]) -> None:
    for problem in problems:
        level = "error" if problem.severity == "fejl" else "warning"
        where = f"file={problem.path}" + (f",line={problem.line}" if problem.line else "")
        message = (f"{problem.field}: " if problem.field else "") + problem.message
        print(f"::{level} {where}::{_github_escape(message)}")


def _github_escape(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _count(number: int, singular: str, plural: str) -> str:
    return f"{number} {singular if number == 1 else plural}"
