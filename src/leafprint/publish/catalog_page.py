"""``dist/index.html``: the catalog page, made from ``catalog.json``.

One card per leaflet with a thumbnail of its first page, its title in every language,
version, brand, review status and links to the web editions and every PDF with its
size. Filters (language, brand, edition, format, status) and a title search run in a
small script inside the page: it works from disk, without a server or the network.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup

from leafprint.cache import BuildCache, write_page
from leafprint.content.editions import GENERAL_EDITION
from leafprint.content.formats import FORMATS
from leafprint.languages import direction, language_name

from .catalog import (
    STATUSES,
    Catalog,
    PdfRecord,
    PosterRecord,
    WebRecord,
    read_catalog,
    review_status,
)
from .thumbnails import thumbnail

NEUTRAL = "#2B3A42"  # the header colour when the catalog serves several brands equally


@dataclass(frozen=True)
class FileLink:
    href: str
    format: str
    format_name: str
    edition: str  # GENERAL_EDITION or a clinic id
    size: str
    code: str = ""  # the code the PDF prints


@dataclass
class Row:
    """One language of a leaflet."""

    language: str
    name: str
    direction: str
    title: str
    status: str
    web: str | None
    files: list[FileLink] = field(default_factory=list)
    code: str = ""  # the code its general edition prints

    @property
    def groups(self) -> list[tuple[str, list[FileLink]]]:
        """The files by edition, the general edition first."""
        groups: dict[str, list[FileLink]] = {}
        for file in self.files:
            groups.setdefault(file.edition, []).append(file)
        return list(groups.items())

    @property
    def status_name(self) -> str:
        return STATUSES.get(self.status, self.status)


@dataclass
class Card:
    """One leaflet."""

    slug: str
    code: str
    version: str
    brand: str
    brand_name: str
    colour: str
    thumbnail: str | None = None
    rows: list[Row] = field(default_factory=list)
    failed: bool = False  # its last build failed: the files are from an earlier one

    @property
    def title(self) -> str:
        return self.rows[0].title if self.rows else self.slug

    @property
    def printed_codes(self) -> list[str]:
        """Every code its languages and editions print: the search finds the card by each."""
        codes = {row.code for row in self.rows} | {f.code for r in self.rows for f in r.files}
        return sorted(codes - {""})

    @property
    def direction(self) -> str:
        return self.rows[0].direction if self.rows else "ltr"

    @property
    def language(self) -> str:
        return self.rows[0].language if self.rows else "en"


def write_index(
    out: Path,
    base: Path,
    today: dt.date | None = None,
    catalog: Catalog | None = None,
    cache: BuildCache | None = None,
) -> Path:
    """Write ``out/index.html`` (and the thumbnails) from *catalog* (None: from
    ``out/catalog.json``), unless *cache* holds it as made from the same cards and
    templates."""
    catalog = read_catalog(out) if catalog is None else catalog
    pdfs, pages = catalog.pdfs, catalog.web
    day = today or dt.date.today()
    cards = _cards(out, pdfs, pages, day)
    failed = set(catalog.failed)
    for card in cards:
        card.failed = card.slug in failed
    editions = {GENERAL_EDITION: "General edition"}
    for page in pages:
        editions.update(page.editions)
    brands = Counter(card.brand for card in cards)
    main_brand = next((c for c in cards if c.brand == brands.most_common(1)[0][0]), None)
    colour = main_brand.colour if main_brand and len(brands) == 1 else NEUTRAL
    values: dict[str, object] = {
        "cards": cards,
        "languages": {row.language: row.name for card in cards for row in card.rows},
        "brands": {card.brand: card.brand_name for card in cards},
        "editions": {e: editions.get(e, e) for e in sorted(_used(cards, "edition"), key=_general)},
        "formats": {f: _format_name(f) for f in sorted(_used(cards, "format"), key=_format_order)},
        "statuses": {s: n for s, n in STATUSES.items() if s in _statuses(cards)},
        "posters": _posters(out, pages, catalog.posters),
        "colour": colour,
        "brand_names": sorted(set(card.brand_name for card in cards)),
        "today": day.isoformat(),
        "css": Markup((base / "catalog.css").read_text(encoding="utf-8")),
        "script": Markup((base / "catalog.js").read_text(encoding="utf-8")),
    }
    path = out / "index.html"
    write_page(path, functools.partial(_render, base, values), cache, base / "templates", values)
    return path


def _render(base: Path, values: dict[str, object]) -> str:
    import jinja2  # imported when the page is made: a build with nothing new makes none

    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(base / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    return environment.get_template("catalog.html").render(**values)


@dataclass(frozen=True)
class PosterLink:
    href: str
    name: str  # "Westerhaven Hospital, Oostmeer Oncology Day Centre: every leaflet, A3"
    size: str


def _posters(
    out: Path, pages: Sequence[WebRecord], posters: Sequence[PosterRecord]
) -> list[PosterLink]:
    """The waiting-room posters ``catalog.json`` lists, named for people."""
    brands = _brand_names(pages)
    clinics = {clinic: name for page in pages for clinic, name in page.editions.items()}
    links = []
    for poster in posters:
        path = out / poster.file
        if not path.is_file():
            continue
        edition = (
            clinics.get(poster.edition, poster.edition) if poster.edition else "General edition"
        )
        what = poster.slug or "every leaflet"
        name = f"{brands.get(poster.brand, poster.brand)}, {edition}: {what}, {poster.size}"
        links.append(PosterLink(poster.file, name, _size(path.stat().st_size)))
    return links


def _general(edition: str) -> tuple[bool, str]:
    return (edition != GENERAL_EDITION, edition)


def _statuses(cards: Sequence[Card]) -> set[str]:
    return {row.status for card in cards for row in card.rows}


def _used(cards: Sequence[Card], attribute: str) -> set[str]:
    return {getattr(f, attribute) for card in cards for row in card.rows for f in row.files}


def _cards(
    out: Path, pdfs: Sequence[PdfRecord], pages: Sequence[WebRecord], today: dt.date
) -> list[Card]:
    cards: dict[str, Card] = {}
    names = _brand_names(pages)
    general = [page for page in pages if page.edition is None]
    for page in sorted(general, key=lambda p: (p.slug, not p.source, p.language)):
        card = cards.setdefault(
            page.slug,
            Card(page.slug, page.code, page.version, page.brand, names[page.brand], page.colour),
        )
        card.rows.append(
            Row(
                page.language,
                language_name(page.language, page.language),
                page.direction,
                page.title,
                review_status(page, today),
                page.file,
                code=page.printed_code,
            )
        )
    for pdf in pdfs:
        card = cards.setdefault(pdf.slug, Card(pdf.slug, "", "", "", "", NEUTRAL))
        row = next((r for r in card.rows if r.language == pdf.language), None)
        if row is None:
            row = Row(
                pdf.language,
                language_name(pdf.language, pdf.language),
                direction(pdf.language),
                pdf.title,
                "current",
                None,
            )
            card.rows.append(row)
        size = _size((out / pdf.file).stat().st_size)
        name = _format_name(pdf.format)
        edition = pdf.edition or GENERAL_EDITION
        row.files.append(FileLink(pdf.file, pdf.format, name, edition, size, pdf.printed_code))
    for card in cards.values():
        for row in card.rows:
            row.files.sort(key=lambda f: (_general(f.edition), _format_order(f.format)))
        card.thumbnail = _thumbnail(out, card, pdfs)
    return [cards[slug] for slug in sorted(cards)]


def _brand_names(pages: Sequence[WebRecord]) -> dict[str, str]:
    """Each brand's name as the catalog shows it: in English when the brand has it."""
    names: dict[str, str] = {}
    for page in sorted(pages, key=lambda p: p.language != "en"):
        names.setdefault(page.brand, page.brand_name)
    return names


def _thumbnail(out: Path, card: Card, pdfs: Sequence[PdfRecord]) -> str | None:
    """The first page of the leaflet's best PDF for a picture: its first language, the
    general edition, a single-page format before a booklet or a press file."""
    first = card.language
    candidates = [p for p in pdfs if p.slug == card.slug and p.format in FORMATS]
    if not candidates:
        return None
    best = min(
        candidates,
        key=lambda p: (
            p.language != first,
            p.edition is not None,
            FORMATS[p.format].thumbnail_rank,
        ),
    )
    target = out / "thumbnails" / f"{card.slug}.png"
    thumbnail(out / best.file, target)
    return target.relative_to(out).as_posix()


def _format_name(name: str) -> str:
    fmt = FORMATS.get(name)  # a file of a format no longer made keeps its name
    return fmt.catalog_name if fmt else name


def _format_order(name: str) -> int:
    """The registry's order; a format no longer made comes last."""
    return list(FORMATS).index(name) if name in FORMATS else len(FORMATS)


def _size(size: int) -> str:
    if size < 1_000_000:
        return f"{max(1, round(size / 1000))} kB"
    return f"{size / 1_000_000:.1f} MB"
