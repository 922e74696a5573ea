"""The command line's commands: `build`, `check`, `udsend`, `new`, `importer`, `handbook`.

The bodies of the commands, and the build options made from the arguments (`options_from`).

cli parses the arguments and calls these (`main`); what they print goes through cli_output.
A mistake in the arguments is a `_UsageError`, which `main` reports as one line.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from .build.parallel import default_jobs
from .build.publish import unsafe_output
from .cli_output import TerminalProgress, _count, _prefix_for, print_github, print_problems
from .pipeline import BuildOptions, build, load_and_check
from .problems import SiteError

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def site_root_from(args: argparse.Namespace) -> Path:
    return Path(args.site).resolve() if args.site else PROJECT_ROOT


def options_from(args: argparse.Namespace) -> BuildOptions:
    site_root = site_root_from(args)
    output = Path(args.out).resolve() if args.out else site_root / "public"
    unsafe = unsafe_output(site_root, output)
    if unsafe:
        raise _UsageError(f"--out: {unsafe}")
    date_text = args.dato or os.environ.get("SITE_BUILD_DATE")
    build_date = dt.date.today()
    if date_text:
        from .content.coerce import parse_date
        parsed = parse_date(date_text)
        if parsed is None:
            raise _UsageError(f"--dato: '{date_text}' er ikke en dato som ÅÅÅÅ-MM-DD")
        build_date = parsed
    if not (site_root / "content").is_dir() and not (site_root / "data").is_dir():
        raise _UsageError(f"--site: {site_root} har hverken content/ eller data/")
    jobs = args.jobs if args.jobs and args.jobs > 0 else default_jobs()
    cache_dir = None if args.uden_cache else site_root / ".cache" / "build"
    return BuildOptions(site_root, output, build_date, jobs=jobs, cache_dir=cache_dir,
                        noindex=bool(args.ikke_indekser))


class _UsageError(Exception):
    pass


def run_build(options: BuildOptions) -> int:
    progress = TerminalProgress(sys.stderr) if sys.stderr.isatty() else None
    try:
        report = build(options, progress) if progress else build(options)
    finally:
        if progress:
            progress.clear()
    print_problems(report.warnings)
    for note in report.notes:
        print(note)
    seconds = f"{report.seconds:.1f}".replace(".", ",")
    print(f"Bygget: {_count(report.pages, 'side', 'sider')} ({report.rendered} nye), "
          f"{_count(report.files, 'fil', 'filer')} i {options.output} på {seconds} s, "
          f"{_count(len(report.warnings), 'advarsel', 'advarsler')}.")
    return 0


def run_udsend(options: BuildOptions, args: argparse.Namespace) -> int:
    """Build, then send (mail/udsend.py); a build that fails sends nothing."""
    from .mail.subscriptions import UdsendError
    from .mail.udsend import default_state_path, udsend
    run_build(options)
    state = Path(args.tilstand).resolve() if args.tilstand else \
        default_state_path(options.site_root)
    try:
        report = udsend(options.site_root, options.output, state, try_only=args.proev)
    except UdsendError as exc:
        print(f"udsend: fejl: {exc}", file=sys.stderr)
        return 1
    except SiteError as exc:
        print_problems(exc.problems)
        print("udsend: intet er sendt.", file=sys.stderr)
        return 1
    for text in report.shown:
        print(text)
    for line in report.lines:
        print(line)
    return 0


def run_new(args: argparse.Namespace) -> int:
    site_root = site_root_from(args)
    from .editor import scaffold
    kind = scaffold.KINDS.get((args.slags or "").strip().lower())
    if kind is None:
        raise _UsageError(f"'{args.slags}' kan ikke oprettes; skriv møde, aftale eller side, "
                          "fx python build.py new møde --organ das --dato 2026-12-01")
    if kind == "meeting":
        path = scaffold.new_meeting(site_root, args.organ, getattr(args, "dato", None))
        hint = "Skriv dagsordenen, og se den med python build.py serve."
    elif kind == "agreement":
        path = scaffold.new_agreement(site_root, args.titel, args.periode, args.kortnavn)
        hint = "Skriv aftalen, og se den med python build.py serve."
    elif kind == "procedure":
        path = scaffold.new_written_procedure(site_root, args.organ,
                                              getattr(args, "dato", None), args.titel,
                                              args.kortnavn)
        hint = "Skriv forslaget, slet kladde: ja, og se det med python build.py serve."
    else:
        path = scaffold.new_page(site_root, args.titel, args.kortnavn)
        hint = "Skriv siden, og se den med python build.py serve."
    shown = path.relative_to(site_root).as_posix() if path.is_relative_to(site_root) else path
    print(f"Oprettet: {shown}. {hint}")
    return 0


def run_importer(args: argparse.Namespace) -> int:
    from .importer import command  # python-docx is loaded only for this command

    date = None
    if getattr(args, "dato", None):
        from .content.coerce import parse_date
        date = parse_date(args.dato)
        if date is None:
            raise _UsageError(f"--dato: '{args.dato}' er ikke en dato som ÅÅÅÅ-MM-DD")
    return command.run(Path(args.kilde).resolve(), site_root_from(args), args.organ, date)


def run_handbook(output: Path) -> int:
    from .editor.handbook import build_handbook
    index = build_handbook(output)
    print(f"Håndbogen er bygget: åbn {index} i din browser.")
    return 0


def run_check(options: BuildOptions, output_format: str) -> int:
    try:
        _site, warnings = load_and_check(options)  # no cache: check writes nothing
    except SiteError as exc:
        if output_format == "github":
            print_github(exc.problems, _prefix_for(options.site_root))
            print(f"{_count(len(exc.problems), 'fejl', 'fejl')} fundet.", file=sys.stderr)
            return 1
        raise
    if output_format == "github":
        print_github(warnings, _prefix_for(options.site_root))
        print(f"Tjekket: ingen fejl, {_count(len(warnings), 'advarsel', 'advarsler')}.",
              file=sys.stderr)
    else:
        print_problems(warnings)
        print(f"Tjekket: ingen fejl, {_count(len(warnings), 'advarsel', 'advarsler')}.")
    return 0
