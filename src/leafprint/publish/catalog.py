"""The catalog: ``dist/catalog.json`` lists every PDF and web edition of the builds,
``dist/index.html`` shows them to people (see :func:`write_index`)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar

from leafprint.content.editions import GENERAL_EDITION
from leafprint.content.lifecycle import add_months
from leafprint.write import write_atomic

CATALOG_FILE = "catalog.json"

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


_R = TypeVar("_R", PdfRecord, WebRecord)
_T = TypeVar("_T")


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


@dataclass(frozen=True)
class Catalog:
    """What ``catalog.json`` lists. A build reads it once, merges what it made into it in
    memory and writes it once."""

    pdfs: tuple[PdfRecord, ...] = ()
    web: tuple[WebRecord, ...] = ()
    posters: tuple[PosterRecord, ...] = ()
    failed: tuple[str, ...] = ()  # the leaflets whose last build failed

    def __bool__(self) -> bool:
        return bool(self.pdfs or self.web or self.posters or self.failed)


def merged(
    catalog: Catalog,
    out: Path,
    outputs: Sequence[CatalogEntry] = (),
    web: Sequence[WebRecord] = (),
    taken_out: Collection[str] = (),
    built: Mapping[str, bool] | None = None,
    posters: Sequence[PosterRecord] | None = None,
) -> Catalog:
    """*catalog* with *outputs* and *web* in it (entries are kept; entries whose file is
    gone, and every entry of the leaflets *taken_out* of publication, are dropped). *built*
    names the leaflets this build made, each with whether it failed: ``failed`` lists the
    leaflets whose last build failed. *posters* replaces the posters listed (None keeps
    them)."""
    pdfs = {record.file: record for record in catalog.pdfs}
    for output in outputs:
        name = output.path.relative_to(out).as_posix()
        pdfs[name] = PdfRecord(
            name,
            output.slug,
            output.language,
            output.format,
            output.edition,
            output.title,
            output.version,
            output.code,
        )
    pages = {record.file: record for record in catalog.web} | {r.file: r for r in web}
    failed = set(catalog.failed)
    if built is not None:
        failed = {slug for slug in failed if slug not in built}
        failed |= {slug for slug, did_fail in built.items() if did_fail}
    return Catalog(
        tuple(_listed(pdfs, out, taken_out)),
        tuple(_listed(pages, out, taken_out)),
        tuple(p for p in (catalog.posters if posters is None else posters) if _exists(out, p.file)),
        tuple(sorted(failed)),
    )


def _listed(records: Mapping[str, _R], out: Path, taken_out: Collection[str]) -> list[_R]:
    """The *records* whose file exists and whose leaflet is published, by file name."""
    return [
        records[name]
        for name in sorted(records)
        if records[name].slug not in taken_out and _exists(out, name)
    ]


def _exists(out: Path, name: str) -> bool:
    return (out / name).is_file()


def write_catalog(out: Path, catalog: Catalog) -> Path:
    """Write *catalog* to ``out/catalog.json`` whole (a temporary file renamed into
    place: ``serve`` never reads half a file); a file that holds it already is left
    alone."""
    document = {
        "leaflets": [_pdf_entry(asdict(record)) for record in catalog.pdfs],
        "web": [asdict(record) for record in catalog.web],
        "posters": [asdict(record) for record in catalog.posters],
        "failed": list(catalog.failed),
    }
    path = out / CATALOG_FILE
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    write_atomic(path, text.encode("utf-8"))
    return path


def _pdf_entry(record: dict[str, Any]) -> dict[str, Any]:
    return {**record, "edition": record["edition"] or GENERAL_EDITION}


def read_catalog(out: Path) -> Catalog:
    """What ``out/catalog.json`` lists (nothing when it is missing or unreadable); entries
    that do not read are left out."""
    document = _read(out)
    return Catalog(
        tuple(_pdf_records(document.get("leaflets", []))),
        tuple(_records(WebRecord, document.get("web", []))),
        tuple(_records(PosterRecord, document.get("posters", []))),
        tuple(_failed(document.get("failed", []))),
    )


def _pdf_records(entries: object) -> list[PdfRecord]:
    records = []
    for entry in entries if isinstance(entries, list) else []:
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
        except (KeyError, TypeError, AttributeError):
            continue
    return records


def _records(kind: Callable[..., _T], entries: object) -> list[_T]:
    records = []
    for entry in entries if isinstance(entries, list) else []:
        try:
            records.append(kind(**entry))
        except TypeError:
            continue
    return records


def _failed(failed: object) -> list[str]:
    return [slug for slug in failed if isinstance(slug, str)] if isinstance(failed, list) else []


def _read(out: Path) -> dict[str, Any]:
    path = out / CATALOG_FILE
    if not path.is_file():
        return {}
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except ValueError:
        return {}
    return document if isinstance(document, dict) else {}
