"""Plain language (PL1xx): readability per section against the brand's targets, and
medical terms used without their plain word nearby. The measuring lives in
:mod:`leafprint.checks.readability` and :mod:`leafprint.checks.plainwords`."""

from __future__ import annotations

from leafprint.checks.readability import readability_problems
from leafprint.content.brands import Brand
from leafprint.content.leaflets import Leaflet
from leafprint.errors import Problem

from . import CheckContext


def plain_language(leaflet: Leaflet, brand: Brand, context: CheckContext) -> list[Problem]:
    return readability_problems(leaflet, brand)


RULES = [plain_language]
