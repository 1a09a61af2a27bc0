"""``leafprint status``: every leaflet and language with its state, as a table, CSV or
JSON, narrowed to what a team asks (due within N months, per owner, brand, clinic edition
or language, outdated translations, the leaflets that cite a source)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Sequence
from dataclasses import asdict, astuple, dataclass, fields
from pathlib import Path
from typing import Any

from leafprint.checks.check import Checker
from leafprint.checks.readability import score_labels
from leafprint.checks.rules.translations import missing_brand_texts
from leafprint.content.brands import Brand
from leafprint.content.citations import find_citations, walk_strings
from leafprint.content.editions import GENERAL_EDITION
from leafprint.content.leaflets import LanguageVersion, Leaflet, discover, load_leaflet
from leafprint.content.lifecycle import add_months, effective_review, missing_signoffs
from leafprint.content.translations import translation_state
from leafprint.errors import LeafletError


@dataclass(frozen=True)
class StatusRow:
    leaflet: str
    code: str
    brand: str
    language: str
    version: str
    translation: str
    review_due: str
    sign_offs: str
    owner: str
    editions: str
    readability: str  # the whole leaflet's score in its language's formula
    status: str


@dataclass(frozen=True)
class Query:
    """What ``leafprint status`` is asked; empty fields ask nothing."""

    due_months: int | None = None  # review due within this many months (overdue included)
    owner: str | None = None  # part of the owner's name, any case
    brand: str | None = None
    edition: str | None = None  # a clinic edition the leaflet is handed out in
    language: str | None = None
    outdated: bool = False  # only translations that are outdated
    uses: str | None = None  # a reference key it cites, or a shared block it uses

    def wants(self, leaflet: Leaflet, today: dt.date) -> bool:
        meta = leaflet.meta
        due = self.due_months is None or effective_review(leaflet) <= add_months(
            today, self.due_months
        )
        return (
            due
            and (self.owner is None or self.owner.casefold() in _owners(leaflet))
            and (self.brand is None or meta.brand == self.brand)
            and (self.edition is None or self.edition in [GENERAL_EDITION, *meta.editions])
        )

    def wants_row(self, row: StatusRow, version: LanguageVersion) -> bool:
        return (
            (self.language is None or row.language == self.language)
            and (not self.outdated or row.translation.startswith("outdated"))
            and (self.uses is None or self.uses in _uses(version))
        )


def parse_period(text: str) -> int:
    """Months in "6m", "1y" or "6" (months); a ValueError names the forms."""
    match = re.fullmatch(r"\s*(\d+)\s*([my]?)\s*", text.lower())
    if not match:
        raise ValueError(f"'{text}' is not a period such as 6m (months) or 1y (years)")
    number, unit = int(match.group(1)), match.group(2)
    return number * 12 if unit == "y" else number


def status_rows(
    root: Path, slugs: list[str], today: dt.date | None = None, query: Query | None = None
) -> list[StatusRow]:
    """One row per leaflet and language; a leaflet that does not load gets one 'invalid' row."""
    checker = Checker(root, today)
    query = query or Query()
    day = checker.context.today
    rows = []
    for folder in discover(root / "leaflets", slugs):
        try:
            leaflet = load_leaflet(folder)
            brand = checker.brand(leaflet)
        except LeafletError:
            blank = {f.name: "" for f in fields(StatusRow)}
            rows.append(StatusRow(**{**blank, "leaflet": folder.name, "status": "invalid"}))
            continue
        if not query.wants(leaflet, day):
            continue
        scores = score_labels(leaflet, brand)
        rows += [
            row
            for lang in leaflet.versions
            if query.wants_row(
                row := _row(leaflet, brand, lang, day, scores.get(lang, "")),
                leaflet.versions[lang],
            )
        ]
    return rows


def _owners(leaflet: Leaflet) -> str:
    owner = leaflet.meta.owner
    return " | ".join([owner] if isinstance(owner, str) else owner.values()).casefold()


def _uses(version: LanguageVersion) -> set[str]:
    """The reference keys a language cites and the shared blocks it uses."""
    keys = {block.id for block in version.blocks}
    texts = [text for _, text in walk_strings(version.document.data)]
    texts += [block.meta.text[version.language] for block in version.blocks]
    for text in texts:
        keys.update(item.key for _, items in find_citations(text) for item in items)
    return keys


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
    if missing_brand_texts(leaflet, brand, language):
        translation += ", brand texts missing"  # LP310: it prints a mixed-language leaflet
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
        brand=meta.brand,
        language=language,
        version=version,
        translation=translation,
        review_due=f"{due.isoformat()}{extended}",
        sign_offs=f"{len(required) - len(missing)}/{len(required)}" if required else "-",
        owner=meta.owner_in(language),
        editions=", ".join([GENERAL_EDITION, *meta.editions]),
        readability=readability,
        status=next((word for flag, word in words if flag), "current"),
    )


def as_csv(rows: Sequence[Any], kind: type = StatusRow) -> str:
    """Rows of the dataclass *kind* as CSV, its field names as the header."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([f.name for f in fields(kind)])
    writer.writerows(astuple(row) for row in rows)
    return buffer.getvalue()


def as_json(rows: Sequence[Any]) -> str:
    return json.dumps([asdict(row) for row in rows], ensure_ascii=False, indent=2) + "\n"


def print_table(rows: list[StatusRow]) -> None:
    from rich.console import Console
    from rich.table import Table

    colours = {"current": "green", "due soon": "yellow", "draft": "yellow", "withdrawn": "dim"}
    table = Table(*(f.name.replace("_", " ") for f in fields(StatusRow)))
    for row in rows:
        colour = colours.get(row.status, "red")
        table.add_row(*astuple(row)[:-1], f"[{colour}]{row.status}[/]")
    Console().print(table)
