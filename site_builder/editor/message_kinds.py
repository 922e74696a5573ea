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
"""
from __future__ import annotations

import ast
import functools
import itertools
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[1]  # site_builder/
HANDBOOK_PAGE = "fejlbeskeder.md"
ELLIPSIS = "…"
KEY_WORDS = 6
# The calls that report a message, and which positional argument is the message (-1: the
# last one: problems.error(path, line, field, message), checker.error(line, key, message)).
MESSAGE_CALLS = {
    "error": -1, "warning": -1, "Problem": 3, "SourceError": 1, "AgendaProblem": 1,
    "MarkdownError": 0, "_Refused": 0, "OutputError": 0, "ScaffoldError": 0,
    "_UsageError": 0, "ServeError": 0, "HandbookError": 0,
}
_METHODS = {"error", "warning"}  # reported as problems.error(...): an attribute call
_MAX_DEPTH = 12  # how far names and helper functions are followed
_MAX_FILLED = 40  # a value with more possible texts than this stays a hole


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


class _Module:
    def __init__(self, path: Path, relative: Path):
        """`relative`: the module's path inside site_builder/ (content/model.py is named
        content.model, a package's __init__.py by the package's name)."""
        self.path = relative.as_posix()
        parts = relative.with_suffix("").parts
        self.package = parts[:-1]
        self.name = ".".join(self.package if parts[-1] == "__init__" else parts)
        self.tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        self.constants: dict[str, list[tuple[ast.expr, tuple[int, ...]]]] = {}
        self.functions: dict[str, list[tuple[ast.FunctionDef, tuple]]] = {}
        self.imports: dict[str, tuple[str, str | None]] = {}  # name -> (module, name)
        for node in self.tree.body:
            for target, value, index in _assigned(node):
                self.constants.setdefault(target, []).append((value, index))
            if isinstance(node, ast.ImportFrom) and node.level >= 1:
                base = self.package[:len(self.package) - (node.level - 1)]
                for alias in node.names:
                    module = ".".join((*base, *(node.module or alias.name).split(".")))
                    name = None if node.module is None else alias.name
                    self.imports[alias.asname or alias.name] = (module, name)
        self._index_functions(self.tree, ())
        self._assignments: dict[int, dict[str, list]] = {}

    def assignments(self, function: ast.AST) -> dict[str, list[tuple[ast.expr, tuple]]]:
        """name -> (value, index) for each assignment in a function's own body."""
        found = self._assignments.get(id(function))
        if found is None:
            found = {}
            for name, value, index in _local_assignments(function):
                found.setdefault(name, []).append((value, index))
            self._assignments[id(function)] = found
        return found

    def _index_functions(self, node: ast.AST, scope: tuple) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                self.functions.setdefault(child.name, []).append((child, scope))
                self._index_functions(child, scope + (child,))
            else:
                self._index_functions(child, scope)

    def message_calls(self):
        """(call, its message argument, the enclosing functions) for each reporting call."""
        found = []

        def visit(node: ast.AST, scope: tuple) -> None:
            for child in ast.iter_child_nodes(node):
                inner = scope + (child,) if isinstance(
                    child, (ast.FunctionDef, ast.AsyncFunctionDef)) else scope
                if isinstance(child, ast.Call):
                    message = self._message_of(child, scope)
                    if message is not None:
                        found.append((child, message, scope))
                visit(child, inner)

        visit(self.tree, ())
        return found

    def _message_of(self, call: ast.Call, scope: tuple) -> ast.expr | None:
        func = call.func
        index = None
        if isinstance(func, ast.Attribute) and func.attr in _METHODS:
            index = MESSAGE_CALLS[func.attr]
        elif isinstance(func, ast.Name) and func.id in MESSAGE_CALLS \
                and func.id not in _METHODS:
            index = MESSAGE_CALLS[func.id]
        elif isinstance(func, ast.Attribute) and func.attr in MESSAGE_CALLS:
            index = MESSAGE_CALLS[func.attr]  # argparse.ArgumentTypeError and the like
        elif isinstance(func, ast.Name) and self._is_reporter_alias(func.id, scope):
            index = -1  # report = problems.warning if preview else problems.error
        if index is None:
            return None
        keyword = next((k.value for k in call.keywords if k.arg == "message"), None)
        if keyword is not None:
            return keyword
        args = [a for a in call.args if not isinstance(a, ast.Starred)]
        if not args or (index >= 0 and index >= len(args)):
            return None
        return args[index]


    def _is_reporter_alias(self, name: str, scope: tuple) -> bool:
        """`report = problems.warning if preview else problems.error`: `report(...)`."""
        return any(isinstance(node, ast.Attribute) and node.attr in _METHODS
                   for function in scope
                   for value, _index in self.assignments(function).get(name, ())
                   for node in ast.walk(value))


def _assigned(node: ast.AST):
    """(name, value, index) for each name a statement assigns: index is the position in
    a tuple it is unpacked from (`kind, problem = f()`: problem at (1,))."""
    if isinstance(node, ast.Assign):
        for target in node.targets:
            yield from _targets(target, node.value, ())
    elif isinstance(node, ast.AnnAssign) and node.value is not None:
        yield from _targets(node.target, node.value, ())
    elif isinstance(node, ast.NamedExpr):
        yield from _targets(node.target, node.value, ())


def _targets(target: ast.AST, value: ast.expr, index: tuple[int, ...]):
    if isinstance(target, ast.Name):
        yield target.id, value, index
    elif isinstance(target, (ast.Tuple, ast.List)):
        for position, element in enumerate(target.elts):
            yield from _targets(element, value, index + (position,))


_ITERATED = object()  # marks an index path: the value is iterated (a for loop's target)


def _local_assignments(function: ast.AST):
    """(name, value, index) for the assignments in a function's own body (not in the
    functions inside it); a for loop's target as (name, iterable, (_ITERATED, ...))."""
    for node in _own_nodes(function, skip=_COMPREHENSIONS):  # (their names are their own)
        yield from _assigned(node)
        if isinstance(node, (ast.For, ast.AsyncFor)):
            for name, _value, index in _targets(node.target, node.iter, ()):
                yield name, node.iter, (_ITERATED, *index)


_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


def _own_nodes(function: ast.AST, skip: tuple = ()):
    """The nodes of a function's own body: not those of the functions and classes inside
    it (nor of the `skip` kinds)."""
    stack = list(ast.iter_child_nodes(function))
    while stack:
        node = stack.pop()
        if isinstance(node, _SCOPES + skip):
            continue
        yield node
        stack.extend(ast.iter_child_nodes(node))


# Values ---------------------------------------------------------------------------------
# What an expression can be, as far as the source tells: a text (a template), a sequence
# (tuple or list: the alternatives of each element), a mapping, or unknown.

@dataclass(frozen=True)
class _Text:
    parts: tuple[str | None, ...]


@dataclass(frozen=True)
class _Seq:
    items: tuple[tuple, ...]  # each element's alternatives (values)


@dataclass(frozen=True)
class _Map:
    entries: tuple[tuple[object, tuple], ...]  # (constant key or None, alternatives)


_UNKNOWN = _Text((None,))


@dataclass(frozen=True)
class _Context:
    module: _Module
    scope: tuple  # the enclosing function definitions, outermost first


class _Resolver:
    def __init__(self, modules: dict[str, _Module]):
        self.modules = modules
        self._active: set = set()  # functions being followed (no endless recursion)
        # > 0 while a value in an f-string is resolved: there a text looked up in a named
        # table by a key known only when the message is made (_ZIP_PARTS[kind]) is a
        # value, while an inline choice ({1: "a", 2: "b"}[level]) is one of its texts
        self._filling = 0

    def texts(self, expr: ast.expr, ctx: _Context, depth: int) -> list[tuple]:
        """The possible templates of a message expression."""
        found = []
        for value in self.values(expr, ctx, depth):
            parts = value.parts if isinstance(value, _Text) else (None,)
            if parts not in found:
                found.append(parts)
        return found

    def values(self, expr: ast.expr, ctx: _Context, depth: int) -> list:
        if depth > _MAX_DEPTH:
            return [_UNKNOWN]
        method = getattr(self, "_" + type(expr).__name__, None)
        return method(expr, ctx, depth + 1) if method else [_UNKNOWN]

    # expressions

    def _Constant(self, expr, ctx, depth):
        if isinstance(expr.value, str):
            return [_Text((expr.value,))]
        if expr.value is None:
            return []  # "no message": not an alternative
        return [_UNKNOWN]  # a number is a value, also when it is a constant (a limit)

    def _JoinedStr(self, expr, ctx, depth):
        choices = []
        for part in expr.values:
            if isinstance(part, ast.Constant):
                choices.append([(part.value,)])
            elif isinstance(part, ast.FormattedValue):
                choices.append(self._filled(part, ctx, depth))
            else:
                choices.append([(None,)])
        return [_Text(parts) for parts in _product(choices)]

    def _filled(self, part: ast.FormattedValue, ctx, depth) -> list[tuple]:
        """A value in an f-string: filled in when it is one of a few known texts."""
        if part.format_spec is not None or part.conversion not in (-1, ord("s")):
            return [(None,)]
        self._filling += 1
        try:
            values = self.values(part.value, ctx, depth)
        finally:
            self._filling -= 1
        texts = list(dict.fromkeys(v.parts if isinstance(v, _Text) else (None,)
                                   for v in values))
        if not texts or len(texts) > _MAX_FILLED or any(
                text != ("",) and _words(text) < 2 for text in texts):
            return [(None,)]
        return texts

    def _BinOp(self, expr, ctx, depth):
        if not isinstance(expr.op, ast.Add):
            return [_UNKNOWN]
        left = self.texts(expr.left, ctx, depth)
        right = self.texts(expr.right, ctx, depth)
        return [_Text(parts) for parts in _product([left, right])]

    def _IfExp(self, expr, ctx, depth):
        return self.values(expr.body, ctx, depth) + self.values(expr.orelse, ctx, depth)

    def _BoolOp(self, expr, ctx, depth):
        return [v for value in expr.values for v in self.values(value, ctx, depth)]

    def _Tuple(self, expr, ctx, depth):
        return [_Seq(tuple(tuple(self.values(e, ctx, depth)) for e in expr.elts))]

    _List = _Tuple

    def _Dict(self, expr, ctx, depth):
        return [_Map(tuple(
            (k.value if isinstance(k, ast.Constant) else None,
             tuple(self.values(v, ctx, depth)))
            for k, v in zip(expr.keys, expr.values)))]

    def _Subscript(self, expr, ctx, depth):
        if isinstance(expr.slice, ast.Slice):
            return self.values(expr.value, ctx, depth)  # problems[:100]: the same values
        key = expr.slice.value if isinstance(expr.slice, ast.Constant) else _ANY
        found = []
        for container in self.values(expr.value, ctx, depth):
            if key is _ANY and self._filling and not isinstance(
                    expr.value, (ast.Dict, ast.List, ast.Tuple)):
                found.append(_UNKNOWN)
            else:
                found += _element(container, key)
        return found or [_UNKNOWN]

    def _Name(self, expr, ctx, depth):
        return self._name(expr.id, ctx, depth)

    def _Attribute(self, expr, ctx, depth):
        if isinstance(expr.value, ast.Name) and expr.value.id in ctx.module.imports:
            module, name = ctx.module.imports[expr.value.id]
            if name is None and module in self.modules:  # from . import input_limits
                return self._global(self.modules[module], expr.attr, depth)
        return [_UNKNOWN]

    def _Call(self, expr, ctx, depth):
        func = expr.func
        if isinstance(func, ast.Name) and func.id in ("sorted", "list", "tuple", "reversed") \
                and expr.args:
            return self.values(expr.args[0], ctx, depth)
        if isinstance(func, ast.Attribute) and func.attr == "format":
            return [_Text(_format_holes(v.parts)) for v in self.values(func.value, ctx, depth)
                    if isinstance(v, _Text)] or [_UNKNOWN]
        targets: list[tuple[_Module, ast.FunctionDef, tuple]] = []
        if isinstance(func, ast.Name):
            targets = self._functions(ctx.module, func.id)
        elif isinstance(func, ast.Attribute):
            owner = func.value
            if isinstance(owner, ast.Name) and owner.id in ctx.module.imports \
                    and ctx.module.imports[owner.id][1] is None:
                module = self.modules.get(ctx.module.imports[owner.id][0])
                targets = self._functions(module, func.attr) if module else []
            elif isinstance(owner, ast.Name) and owner.id in ("self", "cls"):
                targets = [(ctx.module, f, s) for f, s in ctx.module.functions.get(func.attr,
                                                                                   [])]
        found = []
        for module, function, scope in targets:
            if (module.name, function.name, function.lineno) in self._active:
                continue
            self._active.add((module.name, function.name, function.lineno))
            try:
                inner = _Context(module, scope + (function,))
                for node in _returns(function):
                    found += self.values(node.value, inner, depth)
            finally:
                self._active.discard((module.name, function.name, function.lineno))
        return found if targets else [_UNKNOWN]

    # names

    def _name(self, name: str, ctx: _Context, depth: int) -> list:
        for function in reversed(ctx.scope):
            assignments = ctx.module.assignments(function).get(name, [])
            params = [a.arg for a in function.args.args + function.args.kwonlyargs
                      + function.args.posonlyargs]
            if assignments:
                outer = _Context(ctx.module, ctx.scope[:ctx.scope.index(function) + 1])
                found = []
                for value, index in assignments:
                    found += self._indexed(self.values(value, outer, depth), index)
                found += self._appended(name, function, outer, depth)
                return found
            if name in params:
                return [_UNKNOWN]
        return self._global(ctx.module, name, depth)

    def _appended(self, name: str, function, ctx: _Context, depth: int) -> list:
        """`found.append(x)` on a local list: a sequence that holds x."""
        items = []
        for node in ast.walk(function):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    and node.func.attr == "append" and isinstance(node.func.value, ast.Name) \
                    and node.func.value.id == name and node.args:
                items.append(tuple(self.values(node.args[0], ctx, depth)))
        return [_Seq(tuple(items))] if items else []

    def _indexed(self, values: list, index: tuple) -> list:
        for position in index:
            values = [e for v in values for e in _element(v, _ANY if position is _ITERATED
                                                          else position)]
        return values

    def _global(self, module: _Module, name: str, depth: int) -> list:
        if name in module.constants:
            ctx = _Context(module, ())
            return [v for value, index in module.constants[name]
                    for v in self._indexed(self.values(value, ctx, depth), index)]
        if name in module.imports:
            source, original = module.imports[name]
            if original is not None and source in self.modules:
                return self._global(self.modules[source], original, depth + 1)
        return [_UNKNOWN]

    def _functions(self, module: _Module, name: str):
        if name in module.functions:
            return [(module, f, s) for f, s in module.functions[name]]
        if name in module.imports:
            source, original = module.imports[name]
            if original is not None and source in self.modules:
                return self._functions(self.modules[source], original)
        return []


_ANY = object()  # an index or key that is not a constant: any element


def _words(parts: tuple) -> int:
    return sum(len(re.findall(r"[^\W\d_]{2,}", p)) for p in parts if p)


def _element(value, key) -> list:
    if isinstance(value, _Seq):
        if key is _ANY:
            return [v for item in value.items for v in item]
        if isinstance(key, int) and -len(value.items) <= key < len(value.items):
            return list(value.items[key])
        return []
    if isinstance(value, _Map):
        if key is _ANY:
            return [v for _k, item in value.entries for v in item]
        return [v for k, item in value.entries if k == key for v in item]
    return [_UNKNOWN]


def _returns(function: ast.AST):
    return (node for node in _own_nodes(function)
            if isinstance(node, ast.Return) and node.value is not None)


def _product(choices: list[list[tuple]]) -> list[tuple]:
    """Every combination of the choices, each one tuple of parts (at most a few hundred)."""
    total = 1
    for options in choices:
        total *= max(len(options), 1)
    if total > 400:  # too many: the values with the most texts stay holes
        choices = [options if len(options) <= 4 else [(None,)] for options in choices]
    return [sum(combination, ()) for combination in itertools.product(*choices)]


def _format_holes(parts: tuple) -> tuple:
    """"en anden build af {output} kører" -> ("en anden build af ", None, " kører")."""
    result: list[str | None] = []
    for part in parts:
        if part is None:
            result.append(None)
            continue
        for index, piece in enumerate(re.split(r"\{[^{}]*\}", part)):
            if index:
                result.append(None)
            result.append(piece)
    return tuple(result)
