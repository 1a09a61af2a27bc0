"""Where a leaflet stands in its review lifecycle: its version, review date and sign-offs.

The facts the lifecycle rules (LP2xx, ``rules/lifecycle.py``) check and that resolving,
publishing and the status report read.
"""

from __future__ import annotations

import calendar
import datetime as dt

from .brands import Brand
from .leaflets import Leaflet
from .models import Change, LeafletMeta


def version_key(version: str) -> tuple[int, ...]:
    """*version* as numbers for comparing: "2.10" comes after "2.9"."""
    return tuple(int(part) for part in version.split("."))


def change_of(meta: LeafletMeta, version: str) -> Change | None:
    """The change-log entry of *version*, if it has one."""
    return next((change for change in meta.changes if change.version == version), None)


def version_date(meta: LeafletMeta) -> dt.date:
    """The date of the current version: its change-log entry's, else ``published``."""
    change = change_of(meta, meta.version)
    return change.date if change else meta.published


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


def missing_signoffs(leaflet: Leaflet, brand: Brand) -> list[str]:
    """Roles the brand requires that have not signed off the current version."""
    meta = leaflet.meta
    signed = {a.role for a in meta.approvals if a.version == meta.version}
    return [role for role in brand.meta.approvals.required if role not in signed]


def is_draft(leaflet: Leaflet, brand: Brand) -> bool:
    return bool(missing_signoffs(leaflet, brand))
