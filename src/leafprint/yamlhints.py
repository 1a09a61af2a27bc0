"""Plain-language messages for YAML syntax errors that editors run into most."""

from __future__ import annotations

import yaml

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
