"""``leafprint status``: every leaflet and language with its state, as a table or CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import astuple, dataclass, fields
from pathlib import Path

from .brands import Brand
from .check import Checker
from .content import Leaflet, discover, load_leaflet
from .errors import LeafletError
from .readability import score_labels
from .rules.lifecycle import add_months, effective_review, missing_signoffs
from .translations import translation_state


@dataclass(frozen=True)
class StatusRow:
    leaflet: str
    code: str
    language: str
    version: str
    translation: str
    review_due: str
    sign_offs: str
    owner: str
    editions: str
    readability: str  # the whole leaflet's score in its language's formula
    status: str


def status_rows(root: Path, slugs: list[str], today: dt.date | None = None) -> list[StatusRow]:
    """One row per leaflet and language; a leaflet that does not load gets one 'invalid' row."""
    checker = Checker(root, today)
    rows = []
    for folder in discover(root / "leaflets", slugs):
        try:
            leaflet = load_leaflet(folder)
            brand = checker.brand(leaflet)
        except LeafletError:
            rows.append(StatusRow(folder.name, "", "", "", "", "", "", "", "", "", "invalid"))
            continue
        scores = score_labels(leaflet, brand)
        rows += [
            _row(leaflet, brand, lang, checker.context.today, scores.get(lang, ""))
            for lang in leaflet.versions
        ]
    return rows


def _row(
    leaflet: Leaflet, brand: Brand, language: str, today: dt.date, readability: str
) -> StatusRow:
    meta = leaflet.meta
    state = translation_state(leaflet, language)
    missing = missing_signoffs(leaflet, brand)
    due = effective_review(leaflet)
    required = brand.meta.approvals.required
    if state is None:
        translation, version = "source", meta.version
    else:
        version = state.version
        translation = "current"
        if state.outdated:
            translation = (
                f"outdated ({len(state.changed)} sections)" if state.changed else "outdated"
            )
    extended = " (extended)" if due != meta.next_review else ""
    words = [
        (meta.withdrawn is not None, "withdrawn"),
        (due < today, "overdue"),
        (bool(missing), "draft"),
        (state is not None and state.outdated, "outdated translation"),
        (due <= add_months(today, brand.meta.review.due_soon_months), "due soon"),
    ]
    return StatusRow(
        leaflet=leaflet.slug,
        code=meta.code,
        language=language,
        version=version,
        translation=translation,
        review_due=f"{due.isoformat()}{extended}",
        sign_offs=f"{len(required) - len(missing)}/{len(required)}" if required else "-",
        owner=meta.owner_in(language),
        editions=", ".join(["general", *meta.editions]),
        readability=readability,
        status=next((word for flag, word in words if flag), "current"),
    )


def as_csv(rows: list[StatusRow]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([f.name for f in fields(StatusRow)])
    writer.writerows(astuple(row) for row in rows)
    return buffer.getvalue()


def print_table(rows: list[StatusRow]) -> None:
    from rich.console import Console
    from rich.table import Table

    colours = {"current": "green", "due soon": "yellow", "draft": "yellow", "withdrawn": "dim"}
    table = Table(*(f.name.replace("_", " ") for f in fields(StatusRow)))
    for row in rows:
        colour = colours.get(row.status, "red")
        table.add_row(*astuple(row)[:-1], f"[{colour}]{row.status}[/]")
    Console().print(table)
