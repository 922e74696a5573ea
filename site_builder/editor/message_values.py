"""What a message expression in the engine's source can be: `_Resolver` and its values.

The resolver follows an expression (for message_kinds' `collect`) through f-strings,
concatenation, conditionals, constants, local variables, imports across modules and helper
functions that return the text, to the possible templates of the message: a text with holes
for the values filled in when it is made. The modules it reads are message_calls' `_Module`s.
"""
from __future__ import annotations

import ast
import itertools
import re
from dataclasses import dataclass

from .message_calls import _ITERATED, _Module, _own_nodes

_MAX_DEPTH = 12  # how far names and helper functions are followed
_MAX_FILLED = 40  # a value with more possible texts than this stays a hole


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
