"""Command line: `python build.py [build|check|serve|new|handbook] [--site DIR] ...`.

    python build.py                      check and build the site into public/
    python build.py check [--format github]
    python build.py serve [--port N]     preview with rebuild and reload (serve.py)
    python build.py new møde --organ das --dato 2026-12-01   (scaffold.py; also aftale, side)
    python build.py handbook             the editors' handbook into site_handbook/
    python build.py udsend [--proev]     build, then e-mail what is new (mail/udsend.py)

Bad input ends in readable problems and exit code 1, never a traceback.

The argument parser (in Danish) and `main` are here; the commands' bodies are in
cli_commands, and what they print (problems, GitHub annotations, the progress line) in
cli_output.
"""
from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

from .cli_commands import (_UsageError, options_from, run_build, run_check, run_handbook,
                           run_importer, run_new, run_udsend)
from .cli_output import _count, print_problems
from .editor import PREVIEW_FOLDER
from .problems import OutputError, SiteError

# The editors' tools (serve, scaffold, the handbook) are imported by the commands that use
# them: a build, above all one with nothing to do, starts that much sooner.


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
        "serve", parents=[_common_options(False, f"<site>/{PREVIEW_FOLDER}/public")],
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


def _user_errors() -> tuple[type[Exception], ...]:
    """The errors a command reports as one line (evaluated only when one is raised)."""
    from .editor.handbook import HandbookError
    from .editor.preview_server import ServeError
    from .editor.scaffold import ScaffoldError
    return OutputError, ScaffoldError, ServeError, HandbookError


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    command = args.command or "build"
    try:
        if command == "new":
            return run_new(args)
        if command == "importer":
            return run_importer(args)
        if command == "handbook":
            from .editor.handbook import OUTPUT as HANDBOOK_OUTPUT
            return run_handbook(Path(args.handbook_out).resolve() if args.handbook_out
                                else HANDBOOK_OUTPUT)
        options = options_from(args)
        if command == "check":
            return run_check(options, getattr(args, "format", "tekst"))
        if command == "udsend":
            return run_udsend(options, args)
        if command == "serve":
            from .editor import serve
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
    except _user_errors() as exc:
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
