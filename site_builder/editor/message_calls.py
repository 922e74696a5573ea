"""The engine's source as message_kinds reads it: each module's reporting calls and names.

`MESSAGE_CALLS` names the calls that report a message to an editor; `_Module` parses one
module of site_builder/ and finds those calls (`message_calls`), its constants, its functions,
its imports and the assignments in each function's body (`_assigned`, `_local_assignments`).
message_values follows the names found here to the texts they can have; message_kinds
collects the messages of every module into templates and kinds.
"""
from __future__ import annotations

import ast
from pathlib import Path

# The calls that report a message, and which positional argument is the message (-1: the
# last one: problems.error(path, line, field, message), checker.error(line, key, message)).
MESSAGE_CALLS = {
    "error": -1, "warning": -1, "Problem": 3, "SourceError": 1, "AgendaProblem": 1,
    "MarkdownError": 0, "_Refused": 0, "OutputError": 0, "ScaffoldError": 0,
    "_UsageError": 0, "ServeError": 0, "HandbookError": 0,
}
_METHODS = {"error", "warning"}  # reported as problems.error(...): an attribute call


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
