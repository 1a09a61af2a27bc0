"""The rules ``leafprint check`` applies, one module per group.

Each rule is a function ``rule(leaflet, brand, context) -> list[Problem]`` whose
problems carry a stable code (see :mod:`leafprint.findings`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from leafprint.content.brands import Brand
from leafprint.content.codes import CodeUse
from leafprint.content.leaflets import Leaflet
from leafprint.errors import Problem
from leafprint.yamlsource import YamlDocument


@dataclass(frozen=True)
class CheckContext:
    """What rules need beyond one leaflet: today's date and every code of the project."""

    today: dt.date
    codes: dict[str, list[CodeUse]] = field(default_factory=dict)  # leaflet and printed codes


Rule = Callable[[Leaflet, Brand, CheckContext], list[Problem]]


def located(
    document: YamlDocument,
    loc: Sequence[int | str],
    message: str,
    code: str,
    *,
    key: bool = False,
    needle: str = "",
) -> Problem:
    """A coded problem at *loc* in *document* (at *needle* inside its text, if given)."""
    problem = document.problem(loc, message, key=key)
    if needle:
        line, column = document.text_position(loc, needle)
        problem = dataclasses.replace(problem, line=line, column=column)
    return dataclasses.replace(problem, code=code)


def brand_problem(brand: Brand, loc: Sequence[int | str], message: str, code: str) -> Problem:
    """A coded problem at *loc* in the brand's brand.yaml."""
    if brand.document is None:
        return Problem.at(brand.folder / "brand.yaml", ".".join(map(str, loc)), message, code=code)
    return located(brand.document, loc, message, code)


def all_rules() -> list[Rule]:
    """Every built-in rule, in the order findings are reported."""
    from . import contacts, content, design, lifecycle, plain, records, sources, translations

    return [
        *content.RULES,
        *lifecycle.RULES,
        *translations.RULES,
        *contacts.RULES,
        *records.RULES,
        *sources.RULES,
        *design.RULES,
        *plain.RULES,
    ]
