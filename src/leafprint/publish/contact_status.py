"""``leafprint status --contacts``: the contact points the leaflets print, with when their
details were last verified and when they are due again (``review.contacts_months``, the
interval of rule LP407), per brand and edition, with the leaflets that print them."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import astuple, dataclass, fields
from pathlib import Path

from leafprint.checks.check import Checker
from leafprint.checks.rules.contacts import printed_contacts
from leafprint.content.brands import Brand
from leafprint.content.editions import GENERAL_EDITION
from leafprint.content.leaflets import discover, load_leaflet
from leafprint.content.lifecycle import add_months
from leafprint.errors import LeafletError

from . import status
from .status import Query


@dataclass(frozen=True)
class ContactRow:
    brand: str
    edition: str  # GENERAL_EDITION or a clinic edition
    contact: str
    verified: str  # the date, or "" when never
    due: str  # when the details must be checked again ("" when never verified)
    status: str  # not verified, overdue, due soon or current
    leaflets: str  # the slugs of the leaflets printing it in this edition


def contact_rows(
    root: Path, slugs: list[str], today: dt.date | None = None, query: Query | None = None
) -> list[ContactRow]:
    """One row per brand, edition and contact point a leaflet prints, the most urgent
    first. *query* narrows the leaflets (owner, brand, edition) and, with ``due_months``,
    the contacts to those due within that many months (overdue and never verified ones
    included)."""
    checker, query = Checker(root, today), query or Query()
    day = checker.context.today
    wanted = dataclasses.replace(query, due_months=None)  # the leaflets' reviews do not count
    printed: dict[tuple[str, str, str], list[str]] = {}
    brands: dict[str, Brand] = {}
    for folder in discover(root / "leaflets", slugs):
        try:
            leaflet = load_leaflet(folder)
            brand = checker.brand(leaflet)
        except LeafletError:  # listed as invalid by plain ``leafprint status``
            continue
        if not wanted.wants(leaflet, day):
            continue
        brands[brand.id] = brand
        for clinic, contact in printed_contacts(leaflet, brand):
            key = (brand.id, clinic or GENERAL_EDITION, contact)
            printed.setdefault(key, []).append(leaflet.slug)
    rows = [
        _row(brands[brand], edition, contact, users, day)
        for (brand, edition, contact), users in printed.items()
        if query.edition in (None, edition)
    ]
    if query.due_months is not None:
        until = add_months(day, query.due_months).isoformat()
        rows = [row for row in rows if not row.due or row.due <= until]
    return sorted(rows, key=lambda r: (r.due != "", r.due, r.brand, r.edition, r.contact))


def _row(brand: Brand, edition: str, contact: str, users: list[str], today: dt.date) -> ContactRow:
    review = brand.meta.review
    verified = brand.contacts.book.contacts[contact].verified
    if verified is None:
        return ContactRow(brand.id, edition, contact, "", "", "not verified", ", ".join(users))
    due = add_months(verified, review.contacts_months)
    if verified < add_months(today, -review.contacts_months):  # as rule LP407 counts
        status = "overdue"
    elif due <= add_months(today, review.due_soon_months):
        status = "due soon"
    else:
        status = "current"
    return ContactRow(
        brand.id, edition, contact, verified.isoformat(), due.isoformat(), status, ", ".join(users)
    )


def as_csv(rows: list[ContactRow]) -> str:
    return status.as_csv(rows, ContactRow)


def as_json(rows: list[ContactRow]) -> str:
    return status.as_json(rows)


def print_table(rows: list[ContactRow]) -> None:
    from rich.console import Console
    from rich.table import Table

    colours = {"current": "green", "due soon": "yellow"}
    table = Table()
    for column in fields(ContactRow):  # dates whole; names folded rather than cut short
        whole = column.name in {"verified", "due", "status"}
        table.add_column(column.name, no_wrap=whole, overflow="ellipsis" if whole else "fold")
    for row in rows:
        colour = colours.get(row.status, "red")
        cells = astuple(row)
        table.add_row(*cells[:5], f"[{colour}]{row.status}[/]", cells[6])
    Console().print(table)
