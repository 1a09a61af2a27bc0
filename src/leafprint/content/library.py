"""The project's references seen as one library: the same work entered twice, and where
each reference is cited (``leafprint references``).

A reference lives either in the project's library (``leaflets/references.yaml``,
``.json`` or ``.bib``), which every leaflet may cite by key, or in one leaflet's own
``references``. The same work (same DOI, PMID or web address, whatever its key) should be
entered once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from leafprint.errors import LeafletError, Problem
from leafprint.yamlsource import TextOrigin

from .citations import find_citations, walk_strings
from .leaflets import Leaflet, discover, load_leaflet
from .references import ReferenceLibrary, project_library

KINDS = {"doi": "DOI", "pmid": "PMID", "url": "web address"}


@dataclass(frozen=True)
class Place:
    path: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclass
class Reference:
    """One entered reference: where it is defined and where it is cited."""

    key: str
    owner: str | None  # the leaflet that defines it; None: the project's library
    item: dict[str, Any]
    defined: Place
    cited: list[tuple[str, str, Place]] = field(default_factory=list)  # slug, language, place


def references(leaflets_dir: Path, leaflets: Sequence[Leaflet]) -> list[Reference]:
    """Every reference of the project (library first), with every place it is cited."""
    found: dict[tuple[str | None, str], Reference] = {}
    _enter(found, None, project_library(leaflets_dir))
    for leaflet in sorted(leaflets, key=lambda leaflet: leaflet.slug):
        own = leaflet.references
        _enter(found, leaflet.slug, own, skip=own.shared)
        for language, version in sorted(leaflet.versions.items()):
            for key, place in _citations(version.document):
                owner = leaflet.slug if (leaflet.slug, key) in found else None
                if (owner, key) in found:
                    found[owner, key].cited.append((leaflet.slug, language, place))
    return list(found.values())


def load_all(leaflets_dir: Path) -> tuple[list[Leaflet], list[Problem]]:
    """Every leaflet of the project that loads, and the problems of those that do not."""
    leaflets, problems = [], []
    try:
        folders = discover(leaflets_dir)
    except LeafletError as error:
        return [], error.problems
    for folder in folders:
        try:
            leaflets.append(load_leaflet(folder))
        except LeafletError as error:
            problems += error.problems
    return leaflets, problems


def duplicate_works(entries: Iterable[Reference]) -> list[Problem]:
    """A warning (LP140) at each reference that enters a work already entered."""
    first: dict[str, Reference] = {}
    problems = []
    for entry in entries:
        for identity in work_ids(entry.item):
            earlier = first.setdefault(identity, entry)
            if earlier is entry:
                continue
            kind = KINDS[identity.split(":", 1)[0]]
            problems.append(
                Problem(
                    entry.defined.path,
                    entry.defined.line,
                    entry.defined.column,
                    "references",
                    f"'{entry.key}' is the same work as '{earlier.key}' at {earlier.defined} "
                    f"(same {kind}): keep one entry, in the project's library "
                    "(leaflets/references.yaml) if several leaflets cite it",
                    "LP140",
                )
            )
            break
    return problems


def work_ids(item: dict[str, Any]) -> list[str]:
    """What identifies the work *item* describes: its DOI, PMID and web address."""
    ids = []
    if item.get("DOI"):
        ids.append(f"doi:{str(item['DOI']).strip().lower()}")
    if item.get("PMID"):
        ids.append(f"pmid:{str(item['PMID']).strip()}")
    if item.get("URL"):
        ids.append(f"url:{normalised_url(str(item['URL']))}")
    return ids


def normalised_url(url: str) -> str:
    """A web address as a work is known by: no scheme, no ``www.``, no trailing slash."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    path = parts.path.rstrip("/")
    return f"{host}{path}" + (f"?{parts.query}" if parts.query else "")


def _enter(
    found: dict[tuple[str | None, str], Reference],
    owner: str | None,
    library: ReferenceLibrary,
    skip: Iterable[str] = (),
) -> None:
    for key, item in library.items.items():
        if key in skip:
            continue
        origin = library.origins[key]
        place = Place(origin.path, origin.line, origin.column)
        found[owner, key] = Reference(key, owner, item, place)


def _citations(document: Any) -> list[tuple[str, Place]]:
    uses = []
    for loc, text in walk_strings(document.data):
        for raw, items in find_citations(text):
            where = TextOrigin(document, loc).problem("", raw)
            uses += [(item.key, Place(where.path, where.line, where.column)) for item in items]
    return uses


def as_rows(entries: Iterable[Reference]) -> list[dict[str, str]]:
    """One row per reference for a table, CSV or JSON."""
    rows = []
    for entry in entries:
        cited = sorted({f"{slug} ({language})" for slug, language, _ in entry.cited})
        rows.append(
            {
                "key": entry.key,
                "in": entry.owner or "library",
                "title": str(entry.item.get("title", "")),
                "defined": str(entry.defined),
                "cited": "; ".join(cited) if cited else "nowhere",
                "places": str(len(entry.cited)),
            }
        )
    return rows


def cited_nowhere(entries: Iterable[Reference]) -> list[Reference]:
    return [entry for entry in entries if not entry.cited]


__all__ = [
    "Place",
    "Reference",
    "as_rows",
    "cited_nowhere",
    "duplicate_works",
    "load_all",
    "normalised_url",
    "references",
    "work_ids",
]
