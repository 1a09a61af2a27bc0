"""Review lifecycle and sign-offs: LP2xx."""

from __future__ import annotations

import calendar
import datetime as dt

from ..brands import Brand
from ..content import Leaflet
from ..errors import Problem
from . import CheckContext, located


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def effective_review(leaflet: Leaflet) -> dt.date:
    """The date the leaflet must be reviewed by: next_review, or a valid extension's end."""
    meta = leaflet.meta
    extension = meta.extension
    if extension and meta.next_review < extension.until <= add_months(meta.next_review, 12):
        return extension.until
    return meta.next_review


def review_interval(leaflet: Leaflet, brand: Brand, context: CheckContext) -> list[Problem]:
    meta, limit = leaflet.meta, brand.meta.review.max_years
    if meta.next_review <= add_months(meta.reviewed, 12 * limit):
        return []
    years = (meta.next_review - meta.reviewed).days / 365.25
    return [
        _problem(
            leaflet,
            ("next_review",),
            f"next review {meta.next_review} is {years:.1f} years after the last review "
            f"({meta.reviewed}); {brand.id} allows at most {limit} years (review.max_years)",
            "LP201",
        )
    ]


def review_due(leaflet: Leaflet, brand: Brand, context: CheckContext) -> list[Problem]:
    meta = leaflet.meta
    if meta.withdrawn:
        return []
    due = effective_review(leaflet)
    if due < context.today:
        ran_out = f"its extension ran out on {due}" if due != meta.next_review else ""
        reason = ran_out or f"review overdue since {due}"
        return [
            _problem(
                leaflet,
                ("next_review",),
                f"{reason}: review the leaflet, record an extension "
                "(extension: {by, reason, until}) or withdraw it",
                "LP202",
            )
        ]
    soon = add_months(context.today, brand.meta.review.due_soon_months)
    if due <= soon:
        days = (due - context.today).days
        return [
            _problem(leaflet, ("next_review",), f"review due on {due}, in {days} days", "LP203")
        ]
    return []


def extension_valid(leaflet: Leaflet, brand: Brand, context: CheckContext) -> list[Problem]:
    meta = leaflet.meta
    extension = meta.extension
    if extension is None:
        return []
    if extension.until <= meta.next_review:
        message = (
            f"the extension ends on {extension.until}, not after next_review {meta.next_review}"
        )
    elif extension.until > add_months(meta.next_review, 12):
        message = (
            f"an extension may last at most one year after next_review {meta.next_review} "
            f"(until {add_months(meta.next_review, 12)} at the latest)"
        )
    else:
        return []
    return [_problem(leaflet, ("extension", "until"), message, "LP204")]


def missing_signoffs(leaflet: Leaflet, brand: Brand) -> list[str]:
    """Roles the brand requires that have not signed off the current version."""
    meta = leaflet.meta
    signed = {a.role for a in meta.approvals if a.version == meta.version}
    return [role for role in brand.meta.approvals.required if role not in signed]


def is_draft(leaflet: Leaflet, brand: Brand) -> bool:
    return bool(missing_signoffs(leaflet, brand))


def signoffs(leaflet: Leaflet, brand: Brand, context: CheckContext) -> list[Problem]:
    missing = missing_signoffs(leaflet, brand)
    if not missing:
        return []
    loc = ("approvals",) if "approvals" in (leaflet.document.data or {}) else ("version",)
    return [
        _problem(
            leaflet,
            loc,
            f"version {leaflet.meta.version} has no sign-off by {', '.join(missing)} "
            f"(required by {brand.id}); it builds only as a draft",
            "LP210",
        )
    ]


def signoff_dates(leaflet: Leaflet, brand: Brand, context: CheckContext) -> list[Problem]:
    return [
        _problem(
            leaflet,
            ("approvals", index, "date"),
            f"sign-off dated {approval.date}, after today ({context.today})",
            "LP211",
        )
        for index, approval in enumerate(leaflet.meta.approvals)
        if approval.date > context.today
    ]


def replacement(leaflet: Leaflet, brand: Brand, context: CheckContext) -> list[Problem]:
    """A withdrawn leaflet's ``replaced_by`` names another leaflet of the project."""
    withdrawn = leaflet.meta.withdrawn
    if withdrawn is None or withdrawn.replaced_by is None:
        return []
    slug = withdrawn.replaced_by
    if slug == leaflet.slug:
        message = "a leaflet cannot replace itself"
    elif not (leaflet.folder.parent / slug / "leaflet.yaml").is_file():
        message = f"no leaflet '{slug}' in {leaflet.folder.parent.name}/ to use instead"
    else:
        return []
    return [_problem(leaflet, ("withdrawn", "replaced_by"), message, "LP220")]


def _problem(leaflet: Leaflet, loc: tuple[str | int, ...], message: str, code: str) -> Problem:
    return located(leaflet.document, loc, message, code)


RULES = [review_interval, review_due, extension_valid, signoffs, signoff_dates, replacement]
