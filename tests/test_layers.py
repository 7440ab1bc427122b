"""The package layers: no import runs back up, no two packages import each other, no private
name crosses a package, and the site model stands on nothing but the problems and YAML reading.

Every module's imports are read from its source (AST), those inside functions included, so a
lazy import cannot hide a cycle.
"""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOA = ROOT / "loa"
SITE_MAY_IMPORT = {"loa.problems", "loa.yamlfile"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def package_of(module: str) -> str:
    """``loa.languages.generator`` → ``loa.languages``; a top-level module is its own package."""
    parts = module.split(".")
    return ".".join(parts[:2])


def imports(path: Path) -> list[tuple[str, list[str], int]]:
    """``[(imported module, [names imported from it], line)]`` of one file, relative imports
    resolved, every level of the file included."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    here = module_name(path)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, [], node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            names = [alias.name for alias in node.names]
            found.append((base, names, node.lineno))
            # ``from loa.site import policy`` imports the module loa.site.policy
            found += [(f"{base}.{name}", [], node.lineno) for name in names
                      if (LOA.parent / Path(*f"{base}.{name}".split("."))).with_suffix(".py").exists()
                      or (LOA.parent / Path(*f"{base}.{name}".split(".")) / "__init__.py").exists()]
    return found


def loa_modules():
    return sorted(LOA.rglob("*.py"))


def package_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for path in loa_modules():
        source = package_of(module_name(path))
        for target, _, _ in imports(path):
            if target.startswith("loa.") or target == "loa":
                target_package = package_of(target)
                if target_package not in (source, "loa"):
                    graph.setdefault(source, set()).add(target_package)
    return graph


def cycle(graph: dict[str, set[str]]) -> list[str]:
    """One cycle of ``graph`` as a list of nodes (first = last), or ``[]``."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node):
        state[node] = 1
        stack.append(node)
        for successor in sorted(graph.get(node, ())):
            if state.get(successor) == 1:
                return stack[stack.index(successor):] + [successor]
            if successor not in state:
                found = visit(successor)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return []

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return []


def test_the_package_graph_has_no_cycle():
    assert cycle(package_graph()) == []


def test_the_cycle_finder_finds_a_cycle_of_two_packages():
    assert cycle({"a": {"b"}, "b": {"a"}}) == ["a", "b", "a"]


def test_no_module_imports_a_private_name_from_another_package():
    crossings = []
    for path in loa_modules():
        source = package_of(module_name(path))
        for target, names, line in imports(path):
            if not target.startswith("loa") or package_of(target) == source:
                continue
            private = [n for n in names if n.startswith("_") and not n.startswith("__")]
            if private or any(part.startswith("_") and part != "__init__" for part in target.split(".")):
                crossings.append(f"{path.relative_to(ROOT)}:{line}: {target} {private}")
    assert crossings == []


def test_the_site_model_imports_no_pelican_and_no_other_loa_package():
    found = []
    for path in sorted((LOA / "site").rglob("*.py")):
        for target, _, line in imports(path):
            top = target.split(".")[0]
            if top == "pelican" or (top == "loa" and not target.startswith("loa.site")
                                    and target not in SITE_MAY_IMPORT and target != "loa"):
                found.append(f"{path.relative_to(ROOT)}:{line}: {target}")
            if target == "loa":
                found.append(f"{path.relative_to(ROOT)}:{line}: loa")
    assert found == []


def test_the_import_reader_sees_imports_inside_functions(tmp_path):
    module = LOA / "site" / "model.py"
    targets = {target for target, _, _ in imports(module)}
    assert "loa.problems" in targets
    lazy = LOA / "languages" / "__init__.py"
    assert "loa.site.pages" in {target for target, _, _ in imports(lazy)}   # imported inside configure()
