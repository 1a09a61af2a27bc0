"""Sources: listed (or available on request), web sources with an access date, not too old
(LP61x; the citation checks LP614–LP618 run when a leaflet is loaded)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from leafprint.content.brands import Brand
from leafprint.content.leaflets import Leaflet
from leafprint.content.lifecycle import version_date
from leafprint.errors import Problem

from . import CheckContext, located

WEB_TYPES = {"webpage", "post-weblog", "post"}


def listed(leaflet: Leaflet, brand: Brand, context: CheckContext) -> list[Problem]:
    if leaflet.references.items or leaflet.meta.references == "on_request":
        return []
    message = (
        "no sources: list at least one under references, or write references: on_request "
        "(the leaflet then says they are available on request)"
    )
    return [located(leaflet.document, ("references",), message, "LP610")]


def dated(leaflet: Leaflet, brand: Brand, context: CheckContext) -> list[Problem]:
    """Web sources carry an access date; sources and access dates are not too old."""
    meta, problems = leaflet.meta, []
    oldest = meta.reviewed.year - brand.meta.review.source_years
    written = version_date(meta)
    for key, item in leaflet.references.items.items():
        origin = leaflet.references.origins[key]
        is_web = item.get("type") in WEB_TYPES or ("URL" in item and "DOI" not in item)
        accessed = _date(item.get("accessed"))
        issued = _date(item.get("issued"))
        if is_web and accessed is None:
            message = (
                f"web source '{key}' has no access date: add accessed: {{date-parts: "
                f"[[{context.today.year}, {context.today.month}, {context.today.day}]]}}"
            )
            problems.append(_at(origin, message, "LP611"))
        if issued is not None and issued.year < oldest:
            message = (
                f"source '{key}' is from {issued.year}, more than "
                f"{brand.meta.review.source_years} years before the last review ({meta.reviewed}): "
                "look for newer evidence (review.source_years)"
            )
            problems.append(_at(origin, message, "LP612"))
        if accessed is not None and accessed < written:
            message = (
                f"web source '{key}' was last looked at on {accessed}, before version "
                f"{meta.version} was written ({written}): check it again and update accessed"
            )
            problems.append(_at(origin, message, "LP613"))
    return problems


def _at(origin: Problem, message: str, code: str) -> Problem:
    return Problem(origin.path, origin.line, origin.column, origin.field, message, code)


def _date(value: Any) -> dt.date | None:
    """The first date of a CSL date ({date-parts: [[2020, 3, 15]]}); month and day default
    to 1."""
    parts = value.get("date-parts") if isinstance(value, dict) else None
    if not (isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]):
        return None
    year, month, day = [*parts[0], 1, 1][:3]
    try:
        return dt.date(int(year), int(month), int(day))
    except (TypeError, ValueError):
        return None


RULES = [listed, dated]
