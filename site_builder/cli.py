"""Command line: `python build.py [build|check|serve|new|handbook] [--site DIR] ...`.

    python build.py                      check and build the site into public/
    python build.py check [--format github]
    python build.py serve [--port N]     preview with rebuild and reload (serve.py)
    python build.py new møde --organ das --dato 2026-12-01   (scaffold.py; also aftale, side)
    python build.py handbook             the editors' handbook into site_handbook/
    python build.py udsend [--proev]     build, then e-mail what is new (mail/udsend.py)

Bad input ends in readable problems and exit code 1, never a traceback.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
import time
from pathlib import Path

from .build.parallel import default_jobs
from .build.publish import unsafe_output
from .content.coerce import parse_date
from .editor import scaffold, serve
from .editor.handbook import OUTPUT as HANDBOOK_OUTPUT
from .editor.handbook import HandbookError, build_handbook
from .pipeline import BuildOptions, build, load_and_check
from .problems import OutputError, Problem, SiteError

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's help with a Danish "brug:" for "usage:"."""

    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, "brug: " if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """argparse in Danish: its own -h/--help and group titles, and its errors translated
    into one Danish line (`_danish_error`) with a pointer to --help."""

    def __init__(self, *args, parents=(), add_help=True, **kwargs):
        kwargs.setdefault("formatter_class", _HelpFormatter)
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = "argumenter"
        self._optionals.title = "tilvalg"
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                              help="vis denne hjælp og stop")
        for parent in parents:  # after the titles, so the parents' options join "tilvalg"
            self._add_container_actions(parent)
            self._defaults.update(parent._defaults)

    def error(self, message):
        self.print_usage(sys.stderr)
        self.exit(2, f"fejl: {_danish_error(message)}\nSe mere med {self.prog} --help\n")


def _danish_error(message: str) -> str:
    """argparse's English error messages (Python 3.11) in Danish."""
    match = re.fullmatch(r"the following arguments are required: (.+)", message)
    if match:
        if "SLAGS" in match.group(1):
            return ("skriv, hvad der skal oprettes: møde, aftale eller side, fx python "
                    "build.py new møde --organ das --dato 2026-12-01")
        return f"der mangler {match.group(1)}"
    match = re.fullmatch(r"unrecognized arguments: (.+)", message)
    if match:
        hint = "" if match.group(1).startswith("-") else (
            "; kommandoen tager ingen filnavne (check og build tjekker altid hele sitet)")
        return f"forstår ikke: {match.group(1)}{hint}"
    match = re.fullmatch(r"argument (\S+): invalid choice: (.+) \(choose from (.+)\)", message)
    if match:
        name, value, choices = match.group(1), match.group(2), match.group(3).replace("'", "")
        if name == "KOMMANDO":
            return f"{value} er ikke en kommando; vælg en af: {choices}"
        return f"{name}: {value} er ikke gyldig; vælg en af: {choices}"
    match = re.fullmatch(r"argument (\S+): invalid \S+ value: (.+)", message)
    if match:
        return f"{match.group(1)}: {match.group(2)} er ikke gyldig"
    match = re.fullmatch(r"argument (\S+): expected one argument", message)
    if match:
        return f"{match.group(1)}: der mangler en værdi efter {match.group(1)}"
    match = re.fullmatch(r"ambiguous option: (\S+) could match (.+)", message)
    if match:
        return f"{match.group(1)} kan betyde flere tilvalg: {match.group(2)}; skriv hele navnet"
    match = re.fullmatch(r"argument (\S+): (.+)", message)
    if match:
        return f"{match.group(1)}: {match.group(2)}"
    return message


def _whole_number(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' er ikke et helt tal") from None


def _common_options(top_level: bool, output: str = "<site>/public") -> argparse.ArgumentParser:
    """The options every building command takes. A sub-command's copy has no defaults of its
    own, so `python build.py --site X check` keeps the --site given before the command."""
    default = None if top_level else argparse.SUPPRESS
    common = _Parser(add_help=False, argument_default=default)
    common.add_argument("--site", metavar="MAPPE",
                        help="sitets mappe med content/ og data/ (standard: projektets egen)")
    common.add_argument("--out", metavar="MAPPE",
                        help=f"hvor sitet bygges (standard: {output})")
    common.add_argument("--dato", metavar="ÅÅÅÅ-MM-DD",
                        help="byggedato for embargo og kommende møder (standard: i dag)")
    common.add_argument("--jobs", type=_whole_number, metavar="N",
                        help="antal processer (standard: antal kerner)")
    common.add_argument("--uden-cache", action="store_true",
                        default=False if top_level else argparse.SUPPRESS,
                        help="læs og byg alt forfra (standard: genbrug <site>/.cache/)")
    common.add_argument("--ikke-indekser", action="store_true",
                        default=False if top_level else argparse.SUPPRESS,
                        help="ikke det offentlige site (fx Netlifys forhåndsvisning): bed "
                        "søgemaskiner om at holde sig væk (public/_headers)")
    return common


def parser() -> argparse.ArgumentParser:
    common = _common_options(top_level=False)
    main = _Parser(
        prog="python build.py", parents=[_common_options(top_level=True)],
        description="Bygger sitet fra content/ og data/ til public/.",
        epilog="Skriv python build.py KOMMANDO --help for at se en kommandos tilvalg.")
    commands = main.add_subparsers(dest="command", metavar="KOMMANDO", title="kommandoer")
    commands.add_parser("build", parents=[common], help="tjek og byg sitet (standard)",
                        description="Tjekker alt indhold og bygger sitet til public/.")
    check = commands.add_parser("check", parents=[common],
                                help="tjek indholdet uden at skrive noget",
                                description="Tjekker alt indhold uden at skrive noget.")
    check.add_argument("--format", choices=("tekst", "github"), default="tekst",
                       help="github: annoteringer til en pull request (standard: tekst)")
    preview = commands.add_parser(
        "serve", parents=[_common_options(False, f"<site>/{serve.PREVIEW_FOLDER}/public")],
        help="forhåndsvisning på din computer, der opdaterer sig selv, når du gemmer",
        description="Viser sitet på din computer og bygger det igen, hver gang du gemmer. "
        "Kladder og filer med offentlig_fra: i fremtiden vises med et banner, men "
        "offentliggøres ikke. Stop med Ctrl-C.")
    preview.add_argument("--port", type=_whole_number, default=8000, metavar="N",
                         help="porten på 127.0.0.1 (standard: 8000; 0: en ledig port)")
    new = commands.add_parser(
        "new", help="opret en ny fil: møde, aftale eller side",
        description="Opretter en ny fil i content/, klar til at blive udfyldt, fx "
        "`python build.py new møde --organ das --dato 2026-12-01`. En fil, der findes, "
        "bliver aldrig overskrevet.")
    new.add_argument("slags", metavar="SLAGS", help="møde (eller moede/mode), aftale, side "
                     "eller beslutning (skriftlig procedure: --organ, --dato, --titel)")
    new.add_argument("--site", default=argparse.SUPPRESS, metavar="MAPPE",
                     help="sitets mappe (standard: projektets egen)")
    new.add_argument("--organ", metavar="KORTNAVN", help="møde: organets kortnavn, fx das")
    new.add_argument("--dato", default=argparse.SUPPRESS, metavar="ÅÅÅÅ-MM-DD",
                     help="møde: mødets dato")
    new.add_argument("--titel", help="aftale og side: titlen")
    new.add_argument("--periode", metavar="ÅÅÅÅ-ÅÅÅÅ", help="aftale: fx 2027-2028")
    new.add_argument("--kortnavn", help="aftale og side: filens navn (standard: ud fra titlen)")
    send = commands.add_parser(
        "udsend", parents=[common], help="byg sitet og send e-mails om det nye til abonnenterne",
        description="Bygger sitet og sender én e-mail pr. emne i data/abonnementer.yaml om "
        "det, der er kommet siden sidste udsendelse (SMTP-indstillinger fra miljøvariablerne "
        "SMTP_HOST, SMTP_PORT, SMTP_USER, SMTP_PASSWORD og SMTP_FROM). Første gang "
        "registreres alt, og intet sendes. Se docs/abonnementer.md.")
    send.add_argument("--proev", action="store_true",
                      help="vis e-mailene uden at sende dem eller ændre tilstanden")
    send.add_argument("--tilstand", metavar="FIL",
                      help="tilstandsfilen (standard: <site>/.udsend/udsend-tilstand.json)")
    importer = commands.add_parser(
        "importer", help="læs en dagsorden eller et referat fra Word eller PDF ind som kladde",
        description="Læser et Word-dokument (.docx) eller en PDF med tekst, eller hver af "
        "dem i en mappe, og skriver mødet som en kladde i content/moeder/<organ>/<dato>.md. "
        "En fil, der findes, bliver aldrig overskrevet. Se docs/importer.md.")
    importer.add_argument("kilde", metavar="FIL_ELLER_MAPPE", help=".docx, .pdf eller en mappe")
    importer.add_argument("--site", default=argparse.SUPPRESS, metavar="MAPPE",
                          help="sitets mappe (standard: projektets egen)")
    importer.add_argument("--organ", metavar="KORTNAVN",
                          help="organets kortnavn (standard: genkendt i dokumentets titel)")
    importer.add_argument("--dato", default=argparse.SUPPRESS, metavar="ÅÅÅÅ-MM-DD",
                          help="mødets dato (standard: fundet i dokumentet)")
    handbook = commands.add_parser(
        "handbook", help="byg redaktørhåndbogen (docs/) til site_handbook/")
    handbook.add_argument("--out", dest="handbook_out", metavar="MAPPE",
                          help="hvor håndbogen bygges (standard: site_handbook/)")
    return main


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


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    command = args.command or "build"
    try:
        if command == "new":
            return run_new(args)
        if command == "importer":
            return run_importer(args)
        if command == "handbook":
            return run_handbook(Path(args.handbook_out).resolve() if args.handbook_out
                                else HANDBOOK_OUTPUT)
        options = options_from(args)
        if command == "check":
            return run_check(options, getattr(args, "format", "tekst"))
        if command == "udsend":
            return run_udsend(options, args)
        if command == "serve":
            return serve.serve(serve.preview_options(
                options, Path(args.out).resolve() if args.out else None), args.port)
        return run_build(options)
    except _UsageError as exc:
        print(f"fejl: {exc}", file=sys.stderr)
        return 2
    except SiteError as exc:
        print_problems(exc.problems)
        found = f"\n{_count(len(exc.problems), 'fejl', 'fejl')} fundet"
        print(found + "." if command == "check" else
              found + "; intet blev offentliggjort, og det tidligere site er uændret.",
              file=sys.stderr)
        return 1
    except (OutputError, scaffold.ScaffoldError, serve.ServeError, HandbookError) as exc:
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
        date = parse_date(args.dato)
        if date is None:
            raise _UsageError(f"--dato: '{args.dato}' er ikke en dato som ÅÅÅÅ-MM-DD")
    return command.run(Path(args.kilde).resolve(), site_root_from(args), args.organ, date)


def run_handbook(output: Path) -> int:
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
