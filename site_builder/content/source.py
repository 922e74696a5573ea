"""Reading source files: bytes -> text -> front matter + body, with line numbers.

YAML values are kept as text with the line they stand on (`Located`); turning text into
dates, times and choices is the schema's job. Line numbers count from the top of the
file, as the editor's window shows them.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

MAX_DEPTH = 20
_NULL_TAG = "tag:yaml.org,2002:null"
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")  # YAML 1.1's null, as PyYAML's resolver has it


class _TextLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """libyaml's parser when PyYAML has it (about 20 times faster), else the pure-Python
    one. Every scalar stays text, so of the implicit types only null is told apart (what
    `_locate` reads of a tag), the same way as PyYAML's resolver does it, without trying
    the other types' patterns on every value."""

    def resolve(self, kind, value, implicit):
        if kind is yaml.ScalarNode:
            return _NULL_TAG if implicit[0] and _NULL.match(value) else self.DEFAULT_SCALAR_TAG
        return super().resolve(kind, value, implicit)

    def descend_resolver(self, current_node, current_index):
        pass  # (no path resolvers are added)

    def ascend_resolver(self):
        pass


_YAML_LOADER = _TextLoader
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# in a decoded value also what XML cannot hold (the feeds): U+FFFE, U+FFFF, lone surrogates
_DECODED_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")


@dataclass(frozen=True)
class Located:
    """A YAML value (str, None, list[Located] or dict[str, Located]) and its line."""

    value: Any
    line: int
    key_lines: dict = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class SourceFile:
    path: Path
    front_matter: Located  # a mapping
    body: str
    body_first_line: int  # line number of the body's first line
    # (line, key, what YAML took as a comment) for each value lost that way: lost_to_comments
    lost: tuple[tuple[int, str, str], ...] = ()


class SourceError(Exception):
    """One problem that stops a file from being read at all."""

    def __init__(self, line: int | None, message: str, field_name: str | None = None):
        self.line = line
        self.field = field_name
        self.message = message
        super().__init__(message)


def read_text(path: Path) -> str:
    """Read a UTF-8 file (a BOM and CRLF/CR line endings are accepted)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(None, f"filen kan ikke læses ({exc.strerror})") from None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceError(
            line,
            f"filen er ikke gemt som UTF-8 (ugyldig byte 0x{data[exc.start]:02x}); "
            "gem den som UTF-8 i din editor",
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    bad = _CONTROL.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        raise SourceError(
            line, f"ugyldigt kontroltegn U+{ord(bad.group()):04X} i teksten; slet det"
        )
    return text


def split_front_matter(text: str) -> tuple[str, int, str, int]:
    """Return (front matter, its first line, body, the body's first line)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise SourceError(
            1, "filen skal begynde med en linje '---', så front matter, og en linje '---'"
        )
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            front = "\n".join(lines[1:index])
            body = "\n".join(lines[index + 1 :])
            return front, 2, body, index + 2
    raise SourceError(1, "front matter slutter ikke: der mangler en linje '---' efter den")


def parse_yaml(text: str, first_line: int) -> Located:
    """Parse YAML into `Located` values; every scalar stays a string."""
    hidden = _NBSP_INDENT.search(text)
    if hidden:  # YAML would read it as part of the key, or fail with a misleading message
        raise SourceError(first_line + text.count("\n", 0, hidden.start()),
                          f"ugyldig YAML: {_NBSP_PROBLEM}")
    try:
        node = yaml.compose(text, Loader=_YAML_LOADER)
    except yaml.MarkedYAMLError as exc:
        run_on = _quote_run_on(exc, text)
        if run_on:
            opened, closed = run_on
            raise SourceError(first_line + opened,
                              f"ugyldig YAML: {_UNCLOSED_QUOTE} (YAML læste værdien helt til "
                              f"linje {first_line + closed})") from None
        mark, message = _yaml_problem(exc, text)
        line = first_line + mark.line if mark else None
        raise SourceError(line, f"ugyldig YAML: {message}") from None
    except yaml.reader.ReaderError as exc:
        line = first_line + text.count("\n", 0, exc.position)
        raise SourceError(line, f"ugyldigt tegn U+{exc.character:04X}; slet det") from None
    except yaml.YAMLError:
        raise SourceError(None, f"ugyldig YAML: {_YAML_FALLBACK}") from None
    except RecursionError:
        raise SourceError(first_line, "YAML er indlejret for dybt") from None
    if node is None:
        return Located({}, first_line)
    # a value can only decode to a control character through an escape (a backslash), or
    # have one that stands in the text itself: else no value needs the check
    decoded = "\\" in text or _DECODED_CONTROL.search(text) is not None
    return _locate(node, first_line, 0, set(), lines=text.split("\n"), decoded=decoded)


# A non-breaking space (U+00A0, from Word or a web page) in the indentation before a key
_NBSP_INDENT = re.compile(r"^[ \t\u00a0]*\u00a0[ \t\u00a0]*(?:- )?[^\s:#][^:\n]*:(?:[ \t]|$)",
                          re.MULTILINE)
_NBSP_PROBLEM = ("der står et hårdt mellemrum (et usynligt tegn, U+00A0, ofte kopieret fra "
                 "Word) i indrykningen; slet mellemrummene foran nøglen, og skriv dem igen")
_INDENTATION = ("indrykningen passer ikke med linjerne over; nøgler, der hører sammen, skal "
                "have præcis lige mange mellemrum foran")
_YAML_FALLBACK = ("YAML kan ikke læses her; tjek indrykningen, kolonerne og anførselstegnene "
                  "i linjen og linjen over")
_CURLY_QUOTES = "“”„‟"
_UNCLOSED_QUOTE = ("et anførselstegn er ikke lukket; sæt det samme anførselstegn i slutningen "
                   "af værdien")
# A line that is a key of its own ("  - titel: ..."): its indentation, and the key
_KEY_LINE = re.compile(r"^([ \t]*(?:- )*)[\w.-]+:(?:[ \t]|$)")

# (what libyaml or PyYAML says, what the editor is told); the first match wins
_YAML_PROBLEMS = (
    ("mapping values are not allowed", "der står et kolon med mellemrum efter (': ') i en "
     "værdi; sæt værdien i anførselstegn"),
    ("did not find expected ',' or ']'", "en liste i [ ] er ikke lukket med ]; er det ikke "
     "en liste, så sæt hele værdien i anførselstegn"),
    ("did not find expected ',' or '}'", "nøgler i { } er ikke lukket med }; er det ikke "
     "nøgler, så sæt hele værdien i anførselstegn"),
    ("tab character", "der står en tabulator; brug mellemrum til indrykning"),
    ("found character '\\t'", "der står en tabulator; brug mellemrum til indrykning"),
    ("found character that cannot start any token", "en værdi kan ikke begynde med tegnet "
     "her (fx @ eller `); sæt værdien i anførselstegn"),
    ("found unexpected end of stream", _UNCLOSED_QUOTE),
    ("did not find expected key", _INDENTATION),
    ("expected <block end>", _INDENTATION),
    ("did not find expected '-' indicator", "indrykningen af listen passer ikke; hver post "
     "begynder med '- ', og postens nøgler står lige under hinanden"),
    ("could not find expected ':'", "der mangler ': ' efter en nøgle"),
    ("block sequence entries are not allowed", "en liste ('- ') kan ikke stå på samme linje "
     "som nøglen; skriv hver post på sin egen linje under nøglen, indrykket, eller sæt "
     "værdien i anførselstegn"),
    ("escape character", "en \\ i en værdi i \" \" skal skrives \\\\; eller sæt værdien i ' ' "
     "i stedet"),
    ("hexdecimal number", "en \\ i en værdi i \" \" skal skrives \\\\; eller sæt værdien i "
     "' ' i stedet"),
    ("did not find expected comment or line break", "der står noget efter værdien, som YAML "
     "ikke forventer; sæt hele værdien i anførselstegn"),
    ("did not find expected node content", "en værdi mangler eller begynder med et tegn, "
     "der ikke kan stå der; sæt værdien i anførselstegn"),
    ("found duplicate anchor", "det samme anker (&) står to gange"),
    ("found undefined alias", "en henvisning (*) peger på et anker, der ikke findes"),
)


def _quote_run_on(exc: yaml.MarkedYAMLError, text: str) -> tuple[int, int] | None:
    """(the line where a quote opens, the line where YAML took it to close), 0-based, when a
    quote left open ran on into the keys below it until a later line's quote closed it,
    and the error shows only there: `sted: "Skype` ... `- titel: "Årsrapport"`."""
    mark = exc.problem_mark or exc.context_mark
    if mark is None:
        return None
    suspect = None
    try:
        for token in yaml.scan(text, Loader=_YAML_LOADER):
            if token.start_mark.line > mark.line:
                break
            if isinstance(token, yaml.ScalarToken) and token.style in ("\"", "'") \
                    and token.start_mark.line < token.end_mark.line:
                suspect = token
    except yaml.YAMLError:
        pass
    if suspect is None or not 0 <= mark.line - suspect.end_mark.line <= 1:
        return None
    lines = text.split("\n")
    opened, closed = suspect.start_mark.line, suspect.end_mark.line
    return (opened, closed) if _swallows_keys(lines, opened, closed) else None


def _swallows_keys(lines: list[str], opened: int, closed: int) -> bool:
    """Whether a quoted value from line `opened` to `closed` (0-based) holds a line that is a
    key at the level of the value's own key or further out: the quote was meant to close
    on its first line. (A value's own next lines are indented deeper than its key.)"""
    first = _KEY_LINE.match(lines[opened]) if opened < len(lines) else None
    level = len(first.group(1)) if first else 0
    for line in lines[opened + 1:closed + 1]:
        key = _KEY_LINE.match(line)
        if key and len(key.group(1).expandtabs(4)) <= level:
            return True
    return False


def _yaml_problem(exc: yaml.MarkedYAMLError, text: str):
    """(the mark to report, the Danish message) for a YAML error: what the editor did, seen
    from the line's own text where libyaml's message would mislead."""
    detail = exc.problem or exc.context or ""
    context = exc.context or ""
    mark = exc.problem_mark or exc.context_mark
    if exc.context_mark and ("end of stream" in detail or "flow" in context
                             or "simple key" in context):
        # an unclosed quote or [, or a key without its colon, shows only further down:
        # point at the line where it begins
        mark = exc.context_mark
    lines = text.split("\n")
    line = lines[mark.line] if mark and mark.line < len(lines) else ""
    column = mark.column if mark else 0
    before = line[:column].rstrip()
    if any(quote in line for quote in _CURLY_QUOTES):
        return mark, ("værdien står i “ ” (fx fra Word), som YAML ikke læser som "
                      "anførselstegn; brug almindelige anførselstegn (\")")
    if line[column:column + 1] == "\t" or "\t" in line[:len(line) - len(line.lstrip())]:
        return mark, "der står en tabulator; brug mellemrum til indrykning"
    if "alias" in context or "anchor" in context:
        return mark, ("en værdi, der begynder med * eller &, er en henvisning i YAML; sæt "
                      "værdien i anførselstegn, fx \"*Skype*\"")
    if "mapping values are not allowed" in detail:
        first_colon = re.search(r":(?=[ \t]|$)", line)
        if first_colon and first_colon.start() == column:
            return mark, _INDENTATION  # the line's own key: it is indented wrongly
    if "did not find expected key" in detail or "expected <block end>" in detail:
        if before.endswith(("\"", "'")):
            return mark, ("der står tekst efter det anførselstegn, der lukker værdien; skal "
                          "der stå \" inde i værdien, så sæt ' udenom, fx "
                          "sted: 'Mødelokale \"Limfjorden\"'")
        if before.endswith(("]", "}")):
            return mark, ("en værdi, der begynder med [ eller {, læses som en liste; sæt "
                          "hele værdien i anførselstegn")
    for english, danish in _YAML_PROBLEMS:
        if english in detail:
            return mark, danish
    return mark, _YAML_FALLBACK


def _locate(node: yaml.Node, first_line: int, depth: int, seen: set[int],
            key: str | None = None, lines: list[str] | None = None,
            decoded: bool = True) -> Located:
    """`key`: the mapping key the node is the value of (or an item of), for messages;
    `lines`: the YAML text's lines; `decoded`: whether values may hold control characters
    (`_check_decoded`)."""
    line = first_line + node.start_mark.line
    if depth > MAX_DEPTH:
        raise SourceError(line, f"YAML er indlejret mere end {MAX_DEPTH} niveauer")
    if id(node) in seen:
        raise SourceError(line, "YAML-ankre (&) og -henvisninger (*) bruges ikke her")
    seen.add(id(node))
    if isinstance(node, yaml.ScalarNode):
        if node.tag.endswith(":null"):
            return Located(None, line)
        opened, closed = node.start_mark.line, node.end_mark.line
        if node.style in ("\"", "'") and closed > opened and lines \
                and _swallows_keys(lines, opened, closed):
            # valid YAML, but the keys below have become part of the value
            raise SourceError(line, f"ugyldig YAML: {_UNCLOSED_QUOTE} (YAML læste værdien "
                              f"helt til linje {first_line + closed})", key)
        if decoded:
            _check_decoded(node.value, line, key)
        return Located(node.value, line)
    if isinstance(node, yaml.SequenceNode):
        return Located([_locate(n, first_line, depth + 1, seen, key, lines, decoded)
                        for n in node.value], line)
    mapping: dict[str, Located] = {}
    key_lines: dict[str, int] = {}
    for key_node, value_node in node.value:
        key_line = first_line + key_node.start_mark.line
        if not isinstance(key_node, yaml.ScalarNode):
            raise SourceError(key_line, "en nøgle skal være et enkelt ord")
        key = key_node.value
        if decoded:
            _check_decoded(key, key_line, None)
        if key in mapping:
            raise SourceError(
                key_line, f"nøglen '{key}' står to gange (første gang i linje {key_lines[key]})"
            )
        mapping[key] = _locate(value_node, first_line, depth + 1, seen, key, lines, decoded)
        key_lines[key] = key_line
    return Located(mapping, line, key_lines)


def key_lines_by_line(located: Located) -> dict[int, dict[str, int]]:
    """{a mapping's line: the lines of its keys} for every mapping in a YAML tree: to point
    at one key of a list entry that the schema's reader gives as (its line, its values),
    such as the `fil:` of a bilag."""
    found: dict[int, dict[str, int]] = {}
    stack = [located]
    while stack:
        node = stack.pop()
        if isinstance(node.value, dict):
            found.setdefault(node.line, {}).update(node.key_lines)
            stack.extend(node.value.values())
        elif isinstance(node.value, list):
            stack.extend(node.value)
    return found


def _check_decoded(value: str, line: int, key: str | None) -> None:
    """The raw file has no control characters (read_text), but a quoted value can still
    make them ("Aftale\\x00"): they would break the feeds' XML and reach the pages."""
    bad = _DECODED_CONTROL.search(value)
    if bad:
        raise SourceError(line, f"ugyldigt kontroltegn U+{ord(bad.group()):04X} i værdien "
                          "(skrevet som \\x.. eller \\u.... i anførselstegn); slet det",
                          key)


def read_source(path: Path) -> SourceFile:
    """Read a Markdown file with front matter."""
    text = read_text(path)
    front, front_line, body, body_line = split_front_matter(text)
    located = parse_yaml(front, front_line)
    if not isinstance(located.value, dict):
        raise SourceError(front_line, "front matter skal bestå af linjer 'nøgle: værdi'")
    return SourceFile(path, located, body, body_line,
                      tuple(lost_to_comments(front.split("\n"), front_line)))


# `sted: #3 sal`: YAML reads everything after " #" as a comment, so the value is empty.
_COMMENTED_VALUE = re.compile(r"^([ \t]*(?:- )?)([^\s#:'\"\[{-][^:#]*?):[ \t]+#(.*)$")


def lost_to_comments(lines: list[str], first_line: int) -> list[tuple[int, str, str]]:
    """(line, key, the text YAML took as a comment) for each key whose value is empty
    because it begins with '#' - not a key whose value is a list or mapping below it.
    `first_line` is the line number of lines[0]."""
    lost = []
    for number, line in enumerate(lines, start=1):
        match = _COMMENTED_VALUE.match(line) if "#" in line else None
        if match and not _has_children(lines, number, len(match.group(1))):
            lost.append((first_line + number - 1, match.group(2).strip(),
                         "#" + match.group(3).rstrip()))
    return lost


def lost_value_message(key: str, value: str) -> str:
    return (f"er tom, fordi YAML læser '{value}' som en kommentar (alt efter ' #'); skal "
            f"værdien stå der, så sæt den i anførselstegn: {key}: "
            f"{json.dumps(value, ensure_ascii=False)}")


def _has_children(lines: list[str], number: int, indent: int) -> bool:
    """Whether the key on line `number` (1-based) has its value on the lines below it:
    more indented lines, or a list at the key's own indentation."""
    for line in lines[number:]:
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        below = len(line) - len(line.lstrip(" "))
        return below > indent or (below == indent and stripped.startswith("- "))
    return False



def read_yaml_file(path: Path) -> Located:
    """Read a YAML data file from data/."""
    return parse_yaml(read_text(path), 1)
