"""The catalog: ``dist/catalog.json`` lists every PDF and web edition of the builds,
``dist/index.html`` shows them to people (see :func:`write_index`)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Collection, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Protocol

from .editions import GENERAL_EDITION
from .rules.lifecycle import add_months

STATUSES = {
    "current": "Current",
    "due-soon": "Review due soon",
    "overdue": "Review overdue",
    "outdated-translation": "Outdated translation",
    "draft": "Draft",
}


class CatalogEntry(Protocol):
    @property
    def slug(self) -> str: ...
    @property
    def language(self) -> str: ...
    @property
    def format(self) -> str: ...
    @property
    def edition(self) -> str | None: ...
    @property
    def path(self) -> Path: ...
    @property
    def title(self) -> str: ...
    @property
    def version(self) -> str: ...
    @property
    def code(self) -> str: ...


@dataclass(frozen=True)
class PdfRecord:
    """One PDF in ``catalog.json``; *file* is relative to the output folder."""

    file: str
    slug: str
    language: str
    format: str
    edition: str | None  # None: the brand's general edition
    title: str
    version: str = ""  # the leaflet version the file holds ("" in older catalogs)
    printed_code: str = ""  # the code it prints, "ONC-012-NL-OOSTMEER" ("" in older catalogs)


@dataclass(frozen=True)
class WebRecord:
    """One web edition in ``catalog.json``, with what the index shows about its leaflet."""

    file: str
    slug: str
    language: str
    direction: str
    title: str
    code: str
    version: str
    brand: str
    brand_name: str
    colour: str
    next_review: str  # ISO date, an approved extension included
    draft: bool  # the version lacks the sign-offs its brand requires
    outdated: bool  # a translation whose source has changed since
    due_soon_months: int  # the brand's warning time before a review
    source: bool  # the leaflet's source language
    editions: dict[str, str]  # clinic id: clinic name
    edition: str | None = None  # the clinic edition this page is of; None: general
    printed_code: str = ""  # the code it prints, "ONC-012-NL" ("" in older catalogs)


@dataclass(frozen=True)
class PosterRecord:
    """One waiting-room poster in ``catalog.json``."""

    file: str
    brand: str
    edition: str | None  # None: the brand's general edition
    size: str  # "A4", "A3"
    slug: str | None = None  # a leaflet poster's leaflet; None: every leaflet of the edition


def review_status(record: WebRecord, today: dt.date) -> str:
    """The review status of one leaflet language on *today*, named as ``leafprint status``
    names it: overdue, draft, outdated translation, due soon or current."""
    next_review = dt.date.fromisoformat(record.next_review)
    if next_review < today:
        return "overdue"
    if record.draft:
        return "draft"
    if record.outdated:
        return "outdated-translation"
    if next_review <= add_months(today, record.due_soon_months):
        return "due-soon"
    return "current"


def write_catalog(
    out: Path,
    outputs: Sequence[CatalogEntry],
    web: Sequence[WebRecord] = (),
    taken_out: Collection[str] = (),
    built: Mapping[str, bool] = {},
    posters: Sequence[PosterRecord] | None = None,
) -> Path | None:
    """Merge *outputs* and *web* into ``out/catalog.json`` (entries of other builds are
    kept; entries whose file is gone, and every entry of the leaflets *taken_out* of
    publication, are dropped). *built* names the leaflets this build made, each with
    whether it failed: ``failed`` lists the leaflets whose last build failed. *posters*
    replaces the posters listed (None keeps them)."""
    if not outputs and not web and not taken_out and not built and posters is None:
        return None
    path = out / "catalog.json"
    pdfs = {record.file: asdict(record) for record in read_pdfs(out)}
    pages = {record.file: asdict(record) for record in read_web(out)}
    for output in outputs:
        name = output.path.relative_to(out).as_posix()
        record = PdfRecord(
            name,
            output.slug,
            output.language,
            output.format,
            output.edition,
            "",
            output.version,
            output.code,
        )
        pdfs[name] = {**asdict(record), "title": output.title}
    pages.update({record.file: asdict(record) for record in web})
    document = {
        "leaflets": [
            _pdf_entry(pdfs[name])
            for name in sorted(pdfs)
            if (out / name).is_file() and pdfs[name]["slug"] not in taken_out
        ],
        "web": [
            pages[name]
            for name in sorted(pages)
            if (out / name).is_file() and pages[name]["slug"] not in taken_out
        ],
        "posters": [
            asdict(record)
            for record in (read_posters(out) if posters is None else posters)
            if (out / record.file).is_file()
        ],
        "failed": sorted(
            {slug for slug in read_failed(out) if slug not in built}
            | {slug for slug, failed in built.items() if failed}
        ),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def _pdf_entry(record: dict[str, Any]) -> dict[str, Any]:
    return {**record, "edition": record["edition"] or GENERAL_EDITION}


def read_pdfs(out: Path) -> list[PdfRecord]:
    """The PDFs ``out/catalog.json`` lists (none when it is missing or unreadable)."""
    records = []
    for entry in _read(out).get("leaflets", []):
        try:
            edition = None if entry["edition"] == GENERAL_EDITION else entry["edition"]
            records.append(
                PdfRecord(
                    entry["file"],
                    entry["slug"],
                    entry["language"],
                    entry["format"],
                    edition,
                    entry["title"],
                    str(entry.get("version", "")),
                    str(entry.get("printed_code", "")),
                )
            )
        except (KeyError, TypeError):
            continue
    return records


def read_posters(out: Path) -> list[PosterRecord]:
    """The posters ``out/catalog.json`` lists."""
    records = []
    for entry in _read(out).get("posters", []):
        try:
            records.append(PosterRecord(**entry))
        except TypeError:
            continue
    return records


def read_failed(out: Path) -> list[str]:
    """The leaflets whose last build failed, as ``out/catalog.json`` lists them."""
    failed = _read(out).get("failed", [])
    return [slug for slug in failed if isinstance(slug, str)] if isinstance(failed, list) else []


def read_web(out: Path) -> list[WebRecord]:
    """The web editions ``out/catalog.json`` lists."""
    records = []
    for entry in _read(out).get("web", []):
        try:
            records.append(WebRecord(**entry))
        except TypeError:
            continue
    return records


def _read(out: Path) -> dict[str, Any]:
    path = out / "catalog.json"
    if not path.is_file():
        return {}
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except ValueError:
        return {}
    return document if isinstance(document, dict) else {}
