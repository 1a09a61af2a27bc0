"""Plain-language messages for YAML syntax errors that editors run into most."""

from __future__ import annotations

import re

import yaml

# A line that holds a field name and text without the colon between: "subtitle Text",
# "- heading Text".
_NO_COLON = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z_][A-Za-z0-9_-]*)[ \t]+[^\s#]")
_KEY_LINE = re.compile(r"^\s*(?:-\s+)?[A-Za-z_][A-Za-z0-9_-]*$")  # "  body" before ': '

_HINTS = {
    "found character '\\t' that cannot start any token": (
        "a tab is used here: indent with spaces (two per level), never with tabs"
    ),
    "mapping values are not allowed here": (
        "a colon followed by a space (': ') inside a text: put the whole text in quotes, "
        'e.g. title: "Note: this"'
    ),
    "found undefined alias": (
        "a text starts with '*': put the whole text in quotes, e.g. \"*important*\""
    ),
    "found character '@' that cannot start any token": (
        "a text starts with '@': put the whole text in quotes, e.g. \"@home\""
    ),
    "found character '`' that cannot start any token": (
        "a text starts with '`': put the whole text in quotes"
    ),
    "expected <block end>, but found": (
        "YAML cannot read the text from here on: a text that starts with [ { * & ! or "
        "holds ': ' or ' #' must be put in quotes; otherwise check the indentation"
    ),
}


def syntax_message(error: yaml.MarkedYAMLError) -> str:
    """What the editor should do about *error*, or PyYAML's own words if it is rarer."""
    problem = (error.problem or str(error)).strip()
    if (error.context or "").startswith("while scanning an alias"):
        problem = "found undefined alias"
    for start, hint in _HINTS.items():
        if problem.startswith(start):
            return hint
    if error.context:
        problem = f"{problem} ({error.context.strip()})"
    return f"invalid YAML: {problem}"


def missing_colon(error: yaml.MarkedYAMLError, text: str) -> tuple[int, int, str] | None:
    """Line, column and message for a field name written without its colon, or None.

    PyYAML notices it a line late: after ``subtitle Text`` it expects a ':' on the next
    line; after ``- heading Text`` the next line's ``body:`` is a "mapping value"."""
    problem = error.problem or ""
    lines = text.splitlines()
    if problem.startswith("could not find expected ':'") and error.context_mark:
        index = error.context_mark.line
    elif problem.startswith("mapping values are not allowed here") and error.problem_mark:
        mark = error.problem_mark
        if mark.line >= len(lines) or not _KEY_LINE.match(lines[mark.line][: mark.column]):
            return None  # a colon inside a text: quotes are the fix
        index = mark.line - 1
        while index >= 0 and (not lines[index].strip() or lines[index].lstrip().startswith("#")):
            index -= 1
    else:
        return None
    if index < 0 or index >= len(lines) or ": " in lines[index] or lines[index].endswith(":"):
        return None
    found = _NO_COLON.match(lines[index])
    if found is None:
        return None
    name = found.group(2)
    column = len(found.group(1)) + len(name) + 1
    return (
        index + 1,
        column,
        f"add ':' after '{name}': a field name is followed by a colon and a space, "
        f"then its text ({name}: …)",
    )
