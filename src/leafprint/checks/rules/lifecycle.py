"""Review lifecycle and sign-offs: LP2xx."""

from __future__ import annotations

import datetime as dt

from leafprint.content.brands import Brand
from leafprint.content.leaflets import Leaflet
from leafprint.content.lifecycle import (
    add_months,
    change_of,
    effective_review,
    missing_signoffs,
    version_date,
    version_key,
)
from leafprint.content.models import LeafletMeta
from leafprint.errors import Problem

from . import CheckContext, located


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


def signoff_after_version(leaflet: Leaflet, brand: Brand, context: CheckContext) -> list[Problem]:
    """A version is signed off once it is written: not before its date."""
    meta, problems = leaflet.meta, []
    for index, approval in enumerate(meta.approvals):
        dated = _date_of(meta, approval.version)
        if dated is not None and approval.date < dated:
            message = (
                f"sign-off of version {approval.version} dated {approval.date}, before the "
                f"version's date ({dated}); sign off a version once it is written"
            )
            problems.append(_problem(leaflet, ("approvals", index, "date"), message, "LP212"))
    return problems


def _date_of(meta: LeafletMeta, version: str) -> dt.date | None:
    """The date of *version*, if known: the current one always has one."""
    if version == meta.version:
        return version_date(meta)
    change = change_of(meta, version)
    return change.date if change else None


def current_change(leaflet: Leaflet, brand: Brand, context: CheckContext) -> list[Problem]:
    meta = leaflet.meta
    if change_of(meta, meta.version):
        return []
    loc = ("changes",) if "changes" in (leaflet.document.data or {}) else ("version",)
    message = (
        f"version {meta.version} has no entry in the change log: add "
        f'{{version: "{meta.version}", date, summary, approved_by}} to changes'
    )
    return [_problem(leaflet, loc, message, "LP205")]


def change_versions(leaflet: Leaflet, brand: Brand, context: CheckContext) -> list[Problem]:
    """Each version once, and none newer than the leaflet's own."""
    meta, problems, first = leaflet.meta, [], dict[str, int]()
    for index, change in enumerate(meta.changes):
        if change.version in first:
            also = f"changes[{first[change.version] + 1}]"
            message = f"version {change.version} is listed twice (also {also})"
        elif version_key(change.version) > version_key(meta.version):
            message = f"version {change.version} is newer than the leaflet's version {meta.version}"
        else:
            first[change.version] = index
            continue
        problems.append(_problem(leaflet, ("changes", index, "version"), message, "LP206"))
    return problems


def change_dates(leaflet: Leaflet, brand: Brand, context: CheckContext) -> list[Problem]:
    """No version is dated before a lower one."""
    changes, problems = leaflet.meta.changes, []
    for index, change in enumerate(changes):
        key = version_key(change.version)
        lower = [c for c in changes if version_key(c.version) < key]
        earlier = max(lower, key=lambda c: c.date, default=None)
        if earlier and change.date < earlier.date:
            message = (
                f"version {change.version} dated {change.date}, before version "
                f"{earlier.version} ({earlier.date}); the dates must rise with the versions"
            )
            problems.append(_problem(leaflet, ("changes", index, "date"), message, "LP207"))
    return problems


def future_dates(leaflet: Leaflet, brand: Brand, context: CheckContext) -> list[Problem]:
    """Dates that record what happened are not after today."""
    meta = leaflet.meta
    dates: list[tuple[tuple[str | int, ...], str, dt.date]] = [
        (("published",), "publication", meta.published),
        (("reviewed",), "review", meta.reviewed),
    ]
    dates += [
        (("changes", n, "date"), f"version {c.version}", c.date) for n, c in enumerate(meta.changes)
    ]
    return [
        _problem(leaflet, loc, f"{what} dated {day}, after today ({context.today})", "LP208")
        for loc, what, day in dates
        if day > context.today
    ]


def renamed(leaflet: Leaflet, brand: Brand, context: CheckContext) -> list[Problem]:
    """An earlier slug in ``renamed_from`` is no leaflet of the project any more."""
    return [
        _problem(
            leaflet,
            ("renamed_from", index),
            f"'{slug}' is still a leaflet of the project; an earlier name must be free, so that "
            "its web address can lead here",
            "LP224",
        )
        for index, slug in enumerate(leaflet.meta.renamed_from)
        if slug == leaflet.slug or (leaflet.folder.parent / slug / "leaflet.yaml").is_file()
    ]


def _problem(leaflet: Leaflet, loc: tuple[str | int, ...], message: str, code: str) -> Problem:
    return located(leaflet.document, loc, message, code)


RULES = [
    review_interval,
    review_due,
    extension_valid,
    current_change,
    change_versions,
    change_dates,
    future_dates,
    signoffs,
    signoff_dates,
    signoff_after_version,
    replacement,
    renamed,
]
