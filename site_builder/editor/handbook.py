"""`python build.py handbook`: the editors' handbook, docs/ built with MkDocs + Material.

The handbook is its own output folder (site_handbook/), not part of the public site:
Material's pages carry inline scripts that the site's Content-Security-Policy forbids, and
the public site must not depend on MkDocs. docs/ is plain Markdown that reads the same on
GitHub.

"Alle nøgler" (noegler.md), the reference of every front-matter and data key, is generated
here from site_builder/content/schema.py - the declaration the validator uses - into a temporary
copy of docs/ at each build. It is never committed, so there is no copy that could drift.
"""
from __future__ import annotations

import html
import logging
import shutil
import tempfile
from pathlib import Path

from ..build.publish import build_lock, discard, new_staging, swap_in
from ..content import schema
from ..content.schema_fields import KIND_HELP, Field, Schema

PROJECT_ROOT = Path(__file__).resolve().parents[2]
CONFIG = PROJECT_ROOT / "mkdocs.yml"
HANDBOOK_INSTALL = "python -m pip install -r requirements-handbook.txt"
DOCS = PROJECT_ROOT / "docs"
OUTPUT = PROJECT_ROOT / "site_handbook"
REFERENCE = "noegler.md"


class HandbookError(Exception):
    """The handbook cannot be built; the message is Danish."""


def all_schemas() -> list[Schema]:
    """Every Schema the validator knows: content first, then data, then any others."""
    ordered = list(schema.CONTENT_SCHEMAS) + list(schema.DATA_SCHEMAS)
    ordered += [v for v in vars(schema).values() if isinstance(v, Schema) and v not in ordered]
    return ordered


def key_reference() -> str:
    """The Markdown of "Alle nøgler"."""
    lines = [
        "# Alle nøgler", "",
        "Her står hver nøgle, du kan skrive i front matter (mellem linjerne `---` øverst i en "
        "fil i `content/`) og i filerne i `data/`. Siden er lavet automatisk ud fra "
        "beskrivelsen i `site_builder/content/schema.py` – den samme, som tjekket bruger – "
        "så den passer altid med det, tjekket godtager.", "",
        "Alle værdier læses som tekst; sæt kun anførselstegn om en værdi, der indeholder "
        "et kolon og et mellemrum (`: `) eller begynder med et tegn som `[`, `{`, `*` eller "
        "`#`.", "",
        "## Sådan skrives værdierne", "",
        "| Slags | Sådan skrives den |", "| --- | --- |",
    ]
    lines += [f"| {_cell(kind)} | {_cell(_KIND_EXPLAINED.get(kind, help_text))} |"
              for kind, help_text in KIND_HELP.items()]
    for item in all_schemas():
        lines += ["", f"## {item.name}", "", f"Hvor: `{item.where}`", "",
                  "| Nøgle | Slags | Skal udfyldes | Mulige værdier | Beskrivelse | Eksempel |",
                  "| --- | --- | --- | --- | --- | --- |"]
        lines += [_row(f) for f in item.fields]
    return "\n".join(lines) + "\n"


# Where the checker's short help says too little for someone who has not met the word
_KIND_EXPLAINED = {
    "tekst": "almindelig tekst på samme linje som nøglen, fx sted: Boulevarden 13",
    "mapping": "flere nøgler, der står på linjerne under denne nøgle, indrykket med to "
               "mellemrum, fx dato: og møde: under godkendt:",
}


def _row(spec: Field) -> str:
    description = spec.description
    if spec.schema is not None:
        description += f" Nøglerne herunder: se tabellen »{spec.schema.name}«."
    example = f"`{spec.example}`" if spec.example and spec.example != "..." else ""
    return "| " + " | ".join([
        f"`{spec.key}`",
        _cell(_kind(spec.kind)),
        "ja" if spec.required else "nej",
        _cell(", ".join(spec.choices)),
        _cell(description),
        example.replace("|", "\\|"),
    ]) + " |"


def _kind(kind: str) -> str:
    help_text = KIND_HELP.get(kind, kind)
    return kind if help_text == kind else f"{kind}: {help_text}"


def _cell(text: str) -> str:
    """Text for a table cell: `<organ>` stays text, `|` does not end the cell."""
    return html.escape(text, quote=False).replace("|", "\\|").replace("\n", " ")


def build_handbook(output: Path = OUTPUT) -> Path:
    """Build the handbook into `output` (swapped in when complete); returns its index page."""
    try:  # only the handbook uses MkDocs: the public site's build does not install it
        from mkdocs.commands.build import build as mkdocs_build
        from mkdocs.config import load_config
        from mkdocs.exceptions import MkDocsException
    except ImportError as exc:
        raise HandbookError(f"håndbogen kunne ikke bygges: {exc.name or 'mkdocs'} er ikke "
                            f"installeret (kør: {HANDBOOK_INSTALL})") from None

    messages = _MessageCollector()
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(messages)
    with build_lock(output), tempfile.TemporaryDirectory(prefix="haandbog-") as temporary:
        docs = Path(temporary) / "docs"
        shutil.copytree(DOCS, docs)
        (docs / REFERENCE).write_text(key_reference(), encoding="utf-8")
        staging = new_staging(output)
        try:
            config = load_config(str(CONFIG), docs_dir=str(docs), site_dir=str(staging),
                                 strict=True)
            mkdocs_build(config)
            swap_in(staging, output)
        except (MkDocsException, SystemExit) as exc:
            discard(staging)
            detail = "; ".join(messages.lines) or str(exc)
            raise HandbookError(f"håndbogen kunne ikke bygges: {detail}") from None
        except BaseException:
            discard(staging)
            raise
        finally:
            mkdocs_log.removeHandler(messages)
    return output / "index.html"


class _MessageCollector(logging.Handler):
    """MkDocs' warnings, shown to the editor when strict mode stops the build."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())
