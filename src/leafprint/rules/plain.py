"""Plain language (PL1xx): readability per section against the brand's targets, and
medical terms used without their plain word nearby. The measuring lives in
:mod:`leafprint.readability` and :mod:`leafprint.plainwords`."""

from __future__ import annotations

from ..brands import Brand
from ..content import Leaflet
from ..errors import Problem
from ..readability import readability_problems
from . import CheckContext


def plain_language(leaflet: Leaflet, brand: Brand, context: CheckContext) -> list[Problem]:
    return readability_problems(leaflet, brand)


RULES = [plain_language]
