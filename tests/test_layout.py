"""The engine's layout (issue #15): site_builder/ is split into stage packages, no module
grows past what one person holds in mind, and no module imports another that imports it
back (directly or round a circle, also through imports inside functions)."""
from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

ENGINE = ROOT / "site_builder"
MAX_LINES = 400
STAGES = ("content", "guards", "outputs", "search", "build", "editor", "importer", "mail")


def _modules(engine: Path = ENGINE) -> dict[str, Path]:
    found = {}
    for path in sorted(engine.rglob("*.py")):
        parts = path.relative_to(engine).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The engine modules `name` imports, at any depth of its code (TYPE_CHECKING blocks
    excepted)."""
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    package = [p for p in package if p]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {id(node) for block in ast.walk(tree) if isinstance(block, ast.If)
                   and "TYPE_CHECKING" in ast.unparse(block.test) for node in ast.walk(block)}
    found = set()
    for node in ast.walk(tree):
        if id(node) in typing_only or not isinstance(node, (ast.Import, ast.ImportFrom)):
            continue
        if isinstance(node, ast.Import):
            targets = [a.name.removeprefix("site_builder.") for a in node.names
                       if a.name.startswith("site_builder.")]
        elif node.level:
            base = package[:len(package) - (node.level - 1)]
            stem = [*base, *(node.module.split(".") if node.module else [])]
            targets = [".".join([*stem, a.name]) for a in node.names] + [".".join(stem)]
        elif (node.module or "").startswith("site_builder"):
            stem = node.module.removeprefix("site_builder").lstrip(".")
            targets = [f"{stem}.{a.name}".lstrip(".") for a in node.names] + [stem]
        else:
            continue
        found.update(t for t in targets if t in modules and t != name)
    return found


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                other = stack.pop()
                on_stack.discard(other)
                component.append(other)
                if other == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return cycles


def test_every_stage_is_a_package_and_says_what_it_holds():
    for stage in STAGES:
        init = ENGINE / stage / "__init__.py"
        assert init.is_file(), stage
        assert ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))), stage
    loose = sorted(p.name for p in ENGINE.glob("*.py"))
    assert loose == ["__init__.py", "cli.py", "cli_commands.py", "cli_output.py", "danish.py",
                     "pipeline.py", "problems.py", "urls.py"], loose


def test_no_module_is_over_the_size_one_person_holds_in_mind():
    too_long = {name: n for name, path in _modules().items()
                if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not too_long, f"split these modules (over {MAX_LINES} lines): {too_long}"


def test_no_import_cycle():
    modules = _modules()
    graph = {name: _imports(name, path, modules) for name, path in modules.items()}
    assert not _cycles(graph)


def test_the_cycle_check_finds_a_cycle(tmp_path: Path):
    """The check above can fail: a circle through an import inside a function is found."""
    engine = tmp_path / "site_builder"
    (engine / "content").mkdir(parents=True)
    (engine / "__init__.py").write_text("")
    (engine / "content" / "__init__.py").write_text("")
    (engine / "problems.py").write_text("def f():\n    from .content.coerce import g\n")
    (engine / "content" / "coerce.py").write_text("from ..problems import f\n")
    modules = _modules(engine)
    graph = {name: _imports(name, path, modules) for name, path in modules.items()}
    assert _cycles(graph) == [["content.coerce", "problems"]]


def test_the_runtime_package_holds_no_benchmark_code():
    assert not list(ENGINE.rglob("synthetic*.py"))
    assert (ROOT / "benchmarks" / "synthetic.py").is_file()
