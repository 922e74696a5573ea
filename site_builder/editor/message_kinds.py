"""Every kind of message the engine can give an editor, and its entry in the handbook.

The messages are found in the engine's own source (`collect`): the message argument of every
call that reports one - `problems.error(...)`, `problems.warning(...)`,
`checker.error(...)`, `Problem(...)`, `SourceError(...)`, `AgendaProblem(...)` and the
engine's other Danish exceptions (`MESSAGE_CALLS`) - followed through constants, local
variables, helper functions that return the text, and the tuples, lists and dicts they come
from, so a message built in a helper is found where it is written. Each becomes a
`Template`: its literal text, with a hole for every value filled in when the message is made
(a value that is itself one of a few known texts is filled in: "ugyldig YAML: {message}"
gives one template per YAML problem).

A message's *kind* (`kind_key`) is the beginning of its template: the first clause (up to
the first ";", full stop or parenthesis of details), at most `KEY_WORDS` words, with "…"
for a value filled in ("punkt … findes to gange"); a value that begins the message is left
out ("'2020-02-30' er ikke en gyldig dato": "er ikke en gyldig dato").
Messages of one kind share one entry in docs/fejlbeskeder.md, which carries the kind's
anchor (`anchor`) as `<a id="..."></a>`. tests/test_handbook_messages.py requires an entry
for every kind; the preview's error page (serve.py) links each message it shows to its
entry (`handbook_anchor`).

The source is read in two sibling modules: message_calls finds each module's reporting
calls and the names it assigns, and message_values works out the texts a message
expression can have; this module makes them templates and kinds and matches them to the
handbook.
"""
from __future__ import annotations

import ast
import functools
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .message_calls import MESSAGE_CALLS, _Module
from .message_values import _Context, _Resolver

SOURCE = Path(__file__).resolve().parents[1]  # site_builder/
HANDBOOK_PAGE = "fejlbeskeder.md"
ELLIPSIS = "…"
KEY_WORDS = 6


@dataclass(frozen=True)
class Template:
    """A message as written in the code: literal text, None for each value filled in."""

    parts: tuple[str | None, ...]
    where: str = field(default="", compare=False)  # "loader.py:123"

    @property
    def shape(self) -> str:
        """The text with "…" for each value, white space collapsed."""
        return " ".join("".join(ELLIPSIS if p is None else p for p in self.parts).split())

    @property
    def key(self) -> str:
        return kind_key(self.parts)

    @property
    def anchor(self) -> str:
        return anchor(self.key)

    @property
    def literal_length(self) -> int:
        return sum(len(p) for p in self.parts if p)

    def matches(self, message: str) -> bool:
        """Whether `message` is this template with its holes filled in (with anything)."""
        pieces = _merged(self.parts)
        if not pieces:
            return message == ""
        if len(pieces) == 1:
            return pieces[0] is None or pieces[0] == message
        position = 0
        first, last = pieces[0], pieces[-1]
        if first is not None:
            if not message.startswith(first):
                return False
            position = len(first)
        middle = pieces[1:-1]
        for piece in middle:
            if piece is None:
                continue
            found = message.find(piece, position)
            if found < 0:
                return False
            position = found + len(piece)
        if last is not None:
            return message.endswith(last) and len(message) - len(last) >= position
        return True


@dataclass(frozen=True)
class Relay:
    """A reporting call whose message is passed on from elsewhere (`exc.message`): no text
    of its own is found there; its identity for the allow-list is its expression."""

    expression: str
    where: str


@dataclass(frozen=True)
class Collection:
    templates: tuple[Template, ...]
    relays: tuple[Relay, ...]

    def kinds(self) -> dict[str, list[Template]]:
        """key -> the templates of that kind, in the order they were found."""
        found: dict[str, list[Template]] = {}
        for template in self.templates:
            found.setdefault(template.key, []).append(template)
        return found


def kind_key(parts: tuple[str | None, ...]) -> str:
    """The kind of a message: the beginning of its text, "'…' er ikke en gyldig dato" ->
    "er ikke en gyldig dato" (a leading value and quotes are left out)."""
    shape = Template(tuple(parts)).shape
    shape = re.sub(rf"^[\s'\"»«:,{ELLIPSIS}]+", "", shape)
    clause = re.split(r";|\.\s+(?=[A-ZÆØÅ])|\.$", shape, maxsplit=1)[0]
    words = clause.split()[:KEY_WORDS]
    # a parenthesis holds details ("filen kan ikke læses (…)"), unless it follows the
    # first word ("CPR-nummer (ddmmåå-xxxx) i ...")
    detail = next((i for i, word in enumerate(words) if word.startswith("(") and i >= 2),
                  None)
    return " ".join(words[:detail]).rstrip(f" ,:.('\"»{ELLIPSIS}")


def anchor(key: str) -> str:
    """The id of a kind's entry in the handbook: "er ikke en gyldig dato" ->
    "er-ikke-en-gyldig-dato"; æ, ø, å as ae, oe, aa, as in the site's addresses."""
    text = key.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:80].rstrip("-")


def key_pattern(key: str) -> re.Pattern:
    """The key as it may stand in the handbook: each "…" is "…" or an example value, and
    any white space is white space (a line may break there)."""
    return re.compile(r"(?:…|.+?)".join(
        r"\s+".join(re.escape(word) for word in piece.split(" "))
        for piece in key.split(ELLIPSIS)))


def template_for(message: str, collection: Collection | None = None) -> Template | None:
    """The template a message was made from: of those that match, the most specific."""
    collection = collection or collect()
    matching = [t for t in collection.templates if t.matches(message)]
    return max(matching, key=lambda t: t.literal_length, default=None)


def handbook_anchor(message: str) -> str | None:
    """The anchor of the handbook's entry for a message (None: it is of no known kind)."""
    template = template_for(message)
    return template.anchor if template is not None else None


# Collecting ---------------------------------------------------------------------------

@functools.lru_cache(maxsize=4)
def collect(source: Path = SOURCE) -> Collection:
    """Every message template in the modules of `source` (site_builder/)."""
    modules = {}
    for path in sorted(source.rglob("*.py")):
        module = _Module(path, path.relative_to(source))
        modules[module.name] = module
    resolver = _Resolver(modules)
    templates: dict[Template, None] = {}
    relays: list[Relay] = []
    for module in modules.values():
        for call, message, scope in module.message_calls():
            where = f"{module.path}:{call.lineno}"
            texts = resolver.texts(message, _Context(module, scope), 0)
            found = [t for t in texts if any(_has_words(p) for p in t if p)]
            if not found:
                if not _is_wrapper(message, scope):
                    relays.append(Relay(ast.unparse(message), where))
                continue
            for parts in found:
                templates.setdefault(Template(_merged(parts), where), None)
    return Collection(tuple(templates), tuple(relays))


def _has_words(text: str) -> bool:
    return re.search(r"[^\W\d_]{3,}", text) is not None


def _merged(parts) -> tuple[str | None, ...]:
    """Adjacent literals joined, adjacent holes one hole, empty literals left out."""
    merged: list[str | None] = []
    for part in parts:
        if part == "":
            continue
        if merged and part is not None and merged[-1] is not None:
            merged[-1] += part
        elif not (merged and part is None and merged[-1] is None):
            merged.append(part)
    return tuple(merged)


def _is_wrapper(message: ast.expr, scope: tuple) -> bool:
    """`def error(self, line, key, message): self.problems.error(..., message)`: the
    callers of the wrapper are collected themselves."""
    if not (isinstance(message, ast.Name) and scope):
        return False
    function = scope[-1]
    names = [a.arg for a in function.args.args + function.args.kwonlyargs]
    return message.id in names and (function.name in MESSAGE_CALLS
                                    or function.name == "__init__")
