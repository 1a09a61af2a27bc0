"""WeasyPrint's warnings as problems at their place: a CSS rule it ignores is reported
at its line and column in the stylesheet that holds it, once per build."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from leafprint.errors import Problem

# "Ignored `colr: red` at 2:3, unknown property."
_IGNORED = re.compile(r"Ignored `(?P<rule>.*?)` at (?P<line>\d+):(?P<column>\d+), (?P<why>.*?)\.?$")


def render_warnings(
    messages: Iterable[str], stylesheets: Iterable[Path], source: Path
) -> list[Problem]:
    """Problems for WeasyPrint's *messages*, each once; unplaced ones go to *source*."""
    sheets = list(stylesheets)
    problems: list[Problem] = []
    for message in messages:
        problem = _css_problem(message, sheets) or Problem.at(source, "(render)", message)
        if problem not in problems:
            problems.append(problem)
    return problems


def _css_problem(message: str, sheets: list[Path]) -> Problem | None:
    match = _IGNORED.match(message)
    if match is None:
        return None
    rule = match["rule"].strip()
    line, column = int(match["line"]), int(match["column"])
    sheet = _sheet_with(sheets, rule.split(":")[0].strip(), line, column)
    if sheet is None:
        return None
    return Problem.at(sheet, "(css)", f"`{rule}` is ignored: {match['why']}", line, column)


def _sheet_with(sheets: list[Path], name: str, line: int, column: int) -> Path | None:
    """The stylesheet that has the property *name* at *line*:*column*."""
    for sheet in sheets:
        try:
            lines = sheet.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            continue
        if line <= len(lines) and lines[line - 1][column - 1 :].startswith(name):
            return sheet
    return None
