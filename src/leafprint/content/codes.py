"""Printed codes: the code on each language and edition of a leaflet.

A leaflet's ``code`` (``ONC-012``) names the leaflet; what a PDF or web page prints
names its language and, for a clinic edition, the clinic too:

    ONC-012-NL            the Dutch general edition
    ONC-012-NL-OOSTMEER   the Dutch edition of the clinic ``oostmeer``

:func:`index_codes` finds every leaflet code and printed code of a project, so that
the checks can tell when two of them are the same.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from leafprint.errors import ContentError, display_path
from leafprint.yamlsource import load_yaml

GENERAL_EDITION = "general"  # the brand's own edition, with its general contact


def printed_code(code: str, language: str, edition: str | None) -> str:
    """The code printed on *code*'s *language* version of *edition* (None: general)."""
    return code + code_suffix(language, edition)


def code_suffix(language: str, edition: str | None) -> str:
    """What a language and edition add to the leaflet's code: ``-NL-OOSTMEER``."""
    return "".join(f"-{part.upper()}" for part in (language, edition) if part)


@dataclass(frozen=True, order=True)
class CodeUse:
    """A leaflet's own code (no language), or the code one of its editions prints."""

    path: Path  # the leaflet.yaml
    line: int  # of its ``code:``
    language: str | None = None
    edition: str | None = None  # None: the general edition

    @property
    def what(self) -> str:
        """``nl, oostmeer edition``: the language and edition that print the code."""
        return f"{self.language}, {self.edition or GENERAL_EDITION} edition"

    def __str__(self) -> str:
        where = f"{display_path(self.path)}:{self.line}"
        return (
            f"the code of {where}" if self.language is None else f"printed on {where} ({self.what})"
        )


def code_uses(
    path: Path, line: int, code: str, languages: Iterable[str], editions: Iterable[str]
) -> list[tuple[str, CodeUse]]:
    """The leaflet's code and every code its languages and editions print."""
    uses = [(code, CodeUse(path, line))]
    for language in languages:
        for edition in [None, *editions]:
            use = CodeUse(path, line, language, edition)
            uses.append((printed_code(code, language, edition), use))
    return uses


def index_codes(leaflets_dir: Path) -> dict[str, list[CodeUse]]:
    """Every leaflet code and printed code of the project, with where each is used
    (files that do not parse are left to their own checks)."""
    codes: dict[str, list[CodeUse]] = {}
    for path in sorted(leaflets_dir.glob("*/leaflet.yaml")):
        read = _read(path)
        if read is None:
            continue
        data, line = read
        code = data["code"]
        if isinstance(code, str):
            languages, editions = _texts(data, "languages"), _texts(data, "editions")
            for text, use in code_uses(path, line, code, languages, editions):
                codes.setdefault(text, []).append(use)
    return codes


def code_rows(codes: dict[str, list[CodeUse]]) -> list[list[Any]]:
    """*codes* as JSON data, for the build cache."""
    return [
        [text, str(u.path), u.line, u.language, u.edition] for text, us in codes.items() for u in us
    ]


def codes_from_rows(rows: list[list[Any]]) -> dict[str, list[CodeUse]]:
    """The codes that :func:`code_rows` wrote."""
    codes: dict[str, list[CodeUse]] = {}
    for text, path, line, language, edition in rows:
        codes.setdefault(str(text), []).append(CodeUse(Path(path), int(line), language, edition))
    return codes


def _read(path: Path) -> tuple[dict[str, object], int] | None:
    """The fields of a leaflet.yaml and the line of its ``code:``, or None."""
    try:
        document = load_yaml(path)
    except ContentError:
        return None
    if not isinstance(document.data, dict) or "code" not in document.data:
        return None
    return document.data, document.position(("code",), key=True)[0]


def _texts(data: dict[str, object], key: str) -> list[str]:
    value = data.get(key)
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []
