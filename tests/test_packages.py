"""The folders show the pipeline: each stage is a package, and imports point down."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "leafprint"
# From the bottom up: a module may import its own layer and the layers before it.
LAYERS = ("core", "content", "layout", "checks", "build", "publish", "commands", "cli")
TOP = {"cli", "__main__"}  # the command line, on top of everything


def layer(module: str) -> str:
    """The layer of *module* (dotted, without ``leafprint.``)."""
    first = module.split(".")[0]
    if first in TOP:
        return "cli"
    return first if first in LAYERS else "core"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts) or "__init__"


def imported(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every leafprint module *path* imports, at the top or in a function."""
    text = path.read_text(encoding="utf-8")
    return imports_in(text, module_name(path), path.name == "__init__.py")


def imports_in(text: str, module: str, is_package: bool) -> list[tuple[int, str]]:
    """(line, module) of every leafprint module *text*, the source of *module*, imports."""
    here = module.split(".")
    package = here if is_package else here[:-1]
    found = []
    for node in ast.walk(ast.parse(text)):
        if not isinstance(node, ast.ImportFrom):
            continue
        if node.level:
            base = package[: len(package) - node.level + 1]
            target = ".".join([*base, *([node.module] if node.module else [])])
        elif node.module and node.module.split(".")[0] == "leafprint":
            target = node.module.removeprefix("leafprint").lstrip(".")
        else:
            continue
        for alias in node.names:
            name = f"{target}.{alias.name}".lstrip(".")
            is_module = (PACKAGE / f"{name.replace('.', '/')}.py").is_file() or (
                PACKAGE / name.replace(".", "/") / "__init__.py"
            ).is_file()
            found.append((node.lineno, name if is_module else target or "__init__"))
    return found


SOURCES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_point_down(path: Path) -> None:
    """No module imports one of a later stage: content knows nothing of layout, layout
    nothing of the checks, and only the CLI knows the commands."""
    here = LAYERS.index(layer(module_name(path)))
    upward = [
        f"line {line}: {name} ({layer(name)})"
        for line, name in imported(path)
        if LAYERS.index(layer(name)) > here
    ]
    assert upward == [], f"{module_name(path)} is in {LAYERS[here]}"


def test_every_stage_is_a_package_that_says_what_it_owns_and_may_import() -> None:
    packages = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file())
    assert packages == sorted(LAYERS[1:-1])
    for name in packages:
        doc = ast.get_docstring(ast.parse((PACKAGE / name / "__init__.py").read_text()))
        assert doc and "Imports" in doc, name
        assert len(doc.splitlines()) == 2, name


def test_the_walk_finds_upward_imports_however_they_are_written() -> None:
    """The walk itself: relative, absolute and in-function imports of a later stage."""
    text = (
        "from ..layout import render\n"
        "from leafprint.publish.web import publish\n"
        "def f():\n    from ..commands import build\n"
    )
    found = [(name, layer(name)) for _, name in imports_in(text, "content.models", False)]
    assert found == [
        ("layout.render", "layout"),
        ("publish.web", "publish"),
        ("commands.build", "commands"),
    ]


def test_every_test_file_is_named_after_a_module_or_listed_in_the_readme() -> None:
    """The README's promise: a test file is named after the module it tests, or the README
    lists it among the tests across modules."""
    tests = Path(__file__).parent
    readme = " ".join((tests.parent / "README.md").read_text(encoding="utf-8").split())
    start = readme.index("Tests live in `tests/`.")
    listed = readme[start : readme.index("Tests render only what they inspect.", start)]
    modules = {path.stem for path in SOURCES}
    unlisted = [
        path.name
        for path in sorted(tests.glob("test_*.py"))
        if path.stem.removeprefix("test_") not in modules and f"`{path.name}`" not in listed
    ]
    assert unlisted == []
