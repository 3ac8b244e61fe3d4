"""The structure the README promises: data flows one way, so no module imports itself back.

The import graph is read from the source with ``ast``: every ``import`` and
``from ... import`` of a project module, at the top of a module or inside a
function (an import deferred into a function is still a dependency).
"""

from __future__ import annotations

import ast
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[1]
PACKAGES = ("audit", "reports")


def _module_name(path: pathlib.Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imported(tree: ast.AST, module: str, is_package: bool, modules: set[str]) -> set[str]:
    """The project modules ``module`` imports; ``from package import name`` counts ``package.name``
    when that is a module, else ``package``."""
    package = module if is_package else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                found.add(submodule if submodule in modules else base)
    return {name for name in found if name in modules and name != module}


def import_graph() -> dict[str, set[str]]:
    paths = {_module_name(path): path for package in PACKAGES for path in (ROOT / package).rglob("*.py")}
    modules = set(paths)
    return {
        name: _imported(ast.parse(path.read_text(encoding="utf-8")), name, path.name == "__init__.py", modules)
        for name, path in paths.items()
    }


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_cycle_finder_finds_a_cycle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]


def test_the_graph_sees_imports_inside_functions():
    tree = ast.parse("def f():\n    from audit import labels\n")
    assert _imported(tree, "audit.inputs", False, {"audit", "audit.labels", "audit.inputs"}) == {"audit.labels"}


def test_no_import_cycles_in_audit_or_reports():
    assert cycles(import_graph()) == []


def _run_on_import(tree: ast.AST):
    """The nodes that run when the module is imported: not function bodies, not ``if TYPE_CHECKING:``."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            continue
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            yield from (n for child in node.orelse for n in [child, *_run_on_import(child)])
            continue
        yield node
        yield from _run_on_import(node)


def test_the_import_time_walk_skips_function_bodies_and_type_checking():
    tree = ast.parse("import a\nif TYPE_CHECKING:\n    import b\ndef f():\n    import c\nclass C:\n    import d\n")
    assert sorted(n.names[0].name for n in _run_on_import(tree) if isinstance(n, ast.Import)) == ["a", "d"]


def test_audit_never_imports_pandas_or_matplotlib_when_imported():
    # A function may (audit_frame imports pandas when called); importing a module may not.
    heavy = {"pandas", "matplotlib"}
    for path in (ROOT / "audit").rglob("*.py"):
        for node in _run_on_import(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            assert not any(name.split(".")[0] in heavy for name in names), path


def test_the_readme_layout_places_every_module():
    """The README's map of stages names every module of the package (the rules and formats by their folder)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    layout = readme[readme.index("## Layout"):readme.index("## Extending")]
    modules = [path.name for path in (ROOT / "audit").glob("*.py") if path.name not in ("__init__.py", "__main__.py")]
    assert [name for name in sorted(modules) if f"`{name}`" not in layout and f"`audit/{name}`" not in layout] == []
    assert all(f"`{folder}/`" in layout for folder in ("audit/rules", "formats", "reports"))
