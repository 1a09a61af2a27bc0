"""Waiting-room posters: which leaflets a clinic hands out, and in which languages.

An *edition poster* lists every leaflet of one edition (a clinic's, or a brand's general
edition) with its title in each language and a QR code; a *leaflet poster* says that one
leaflet is available in your language. Each QR code opens the leaflet's *language page*
(``<base_url>/<slug>/``, a clinic's at ``<base_url>/<slug>/<clinic>/``), which links to
the web edition in every language.

Both are made from the published state, the web editions ``catalog.json`` lists after
the build has taken out what may not be handed out: a withdrawn, overdue or draft
leaflet is never on a poster, and every build makes its posters again.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from markupsafe import Markup

from leafprint.cache import BuildCache, folder_digest, output_key, toolchain_digest, write_page
from leafprint.content.brands import Brand, load_brand
from leafprint.content.editions import GENERAL_EDITION
from leafprint.content.formats import POSTER_SIZES
from leafprint.content.labels import Labels
from leafprint.content.qr import qr_svg
from leafprint.errors import LeafletError, Problem
from leafprint.failures import unexpected
from leafprint.languages import direction, language_name, profile
from leafprint.layout.fonts import brand_families, check_families
from leafprint.layout.preflight import Rules, preflight
from leafprint.layout.preflight import Target as Inspected
from leafprint.write import write_atomic

from .catalog import PosterRecord, WebRecord
from .notices import short_page_css
from .web import accessibility_path, place_asset, relative, web_path

if TYPE_CHECKING:
    import jinja2

POSTERS = "posters"  # the folder under the output folder
# The smallest text each size may print (PF105): read from a chair across the room.
MIN_TEXT_PT = {"A4": 13.0, "A3": 18.0}


class LabelSource(Protocol):
    """What gives a brand's labels in a language (the build's resolver)."""

    def labels(self, brand: Brand, language: str) -> Labels: ...


@dataclass(frozen=True)
class Title:
    """One leaflet title (or label) in one language."""

    language: str
    direction: str
    text: str
    language_name: str = ""  # the language's name in that language


@dataclass(frozen=True)
class Item:
    """One leaflet on a poster."""

    slug: str
    titles: list[Title]
    url: str
    qr: Markup


@dataclass(frozen=True)
class Poster:
    """What the poster template shows."""

    size: str  # "A4", "A3"
    brand_name: str
    logo: str
    heading: Title
    instructions: list[Title]  # "scan the code", in every language on the poster
    clinic: str | None  # the clinic's name on a clinic edition
    items: list[Item]
    single: bool  # one leaflet, "available in your language"
    css: str


@dataclass(frozen=True)
class Request:
    """The posters a build makes: each size asked for, for each edition (and each leaflet
    asked for), plus every poster made before."""

    sizes: list[str]
    editions: list[str]  # empty: every edition
    slugs: list[str]  # leaflet posters of these leaflets; empty: edition posters


def language_url(base_url: str, slug: str, edition: str | None) -> str:
    """The address of a leaflet's language page (a QR code on a poster)."""
    url = f"{base_url.rstrip('/')}/{slug}/"
    return f"{url}{edition}/" if edition else url


def poster_path(brand: str, edition: str | None, slug: str | None, size: str) -> Path:
    """``posters/<brand>/<edition>.poster-a3.pdf``; a leaflet poster lies in the edition's
    folder: ``posters/<brand>/<edition>/<slug>.poster-a3.pdf``."""
    name = f"poster-{size.lower()}.pdf"
    folder = Path(POSTERS, brand)
    edition_name = edition or GENERAL_EDITION
    if slug:
        return folder / edition_name / f"{slug}.{name}"
    return folder / f"{edition_name}.{name}"


def published(records: Iterable[WebRecord]) -> list[WebRecord]:
    """The web editions a poster may offer: approved ones (the build has taken out what
    is withdrawn or overdue)."""
    return [record for record in records if not record.draft]


def write_language_pages(
    out: Path,
    project_base: Path,
    styles: Path,
    records: Sequence[WebRecord],
    labels: LabelSource,
    cache: BuildCache | None = None,
) -> tuple[list[Path], list[Problem]]:
    """Write the language page of every leaflet and edition that has web editions (those
    *cache* holds as made from the same texts and templates are kept); a brand that cannot
    be loaded is a problem, and its pages are kept as they are."""
    written: list[Path] = []
    problems: list[Problem] = []
    brands: dict[str, Brand | None] = {}  # each loaded once; None: it did not load
    for (brand_id, slug, edition), group in sorted(_grouped(records).items(), key=_order):
        if brand_id not in brands:
            try:
                brands[brand_id] = load_brand(styles, brand_id)
            except LeafletError as error:
                brands[brand_id] = None
                problems += [p for p in error.problems if p not in problems]
        brand = brands[brand_id]
        if brand is None:
            continue
        path = web_path(language_url(brand.meta.base_url, slug, edition), out)
        first = _first(group)
        statement = accessibility_path(brand, first.language, out)
        links = [
            (
                Title(r.language, r.direction, r.title, _own_name(r.language)),
                relative((out / r.file).parent, path.parent) + "/",
            )
            for r in _sorted(group)
        ]
        page: dict[str, object] = {
            "language": first.language,
            "direction": first.direction,
            "title": first.title,
            "heading": labels.labels(brand, first.language).choose_language,
            "accessibility": relative(statement.parent, path.parent) + "/",
            "accessibility_label": labels.labels(brand, first.language).accessibility,
            "brand_name": brand.name(first.language),
            "logo": place_asset(brand.logo.resolve().as_uri(), path.parent),
            "links": links,
            "css": language_page_css(project_base, brand, first.language),
        }
        template = functools.partial(_render, project_base, "language_page.html", page)
        write_page(path, template, cache, project_base / "templates", page)
        written.append(path)
    return written, problems


def write_posters(
    out: Path,
    project_base: Path,
    styles: Path,
    request: Request,
    records: Sequence[WebRecord],
    labels: LabelSource,
    cache: BuildCache,
    listed: Sequence[PosterRecord] = (),
) -> tuple[list[PosterRecord], list[Problem], list[Problem]]:
    """Make the posters of *request* and every poster *listed* before; a poster with no
    leaflet left on it is removed. Returns the posters there are now, the warnings (the
    preflight's) and the errors (a poster that could not be made keeps its last file)."""
    shown = published(records)
    wanted = {_key(p) for p in listed if (out / p.file).is_file()}
    brands = sorted({r.brand for r in shown})
    for size in request.sizes:
        for brand_id in brands:
            for edition in _editions(shown, brand_id, request.editions):
                slugs: list[str | None] = [*request.slugs] or [None]
                wanted.update((brand_id, edition, slug, POSTER_SIZES[size]) for slug in slugs)
    made: list[PosterRecord] = []
    warnings: list[Problem] = []
    errors: list[Problem] = []
    for brand_id, edition, only, size in sorted(wanted, key=lambda k: tuple(map(str, k))):
        path = poster_path(brand_id, edition, only, size)
        group = [
            r
            for r in shown
            if r.brand == brand_id and r.edition == edition and only in (None, r.slug)
        ]
        if not group:
            (out / path).unlink(missing_ok=True)
            cache.forget(path)
            continue
        try:
            brand = load_brand(styles, brand_id)
            single = only is not None
            warnings += _write_poster(
                out, project_base, brand, path, group, single, size, labels, cache
            )
        except LeafletError as error:
            errors += [p for p in error.problems if p not in errors]
        except OSError as error:
            message = f"could not write {path.as_posix()}: {error.strerror}"
            errors.append(Problem.at(out / path, "(write)", message))
        except Exception as error:  # a fault in leafprint: reported, the other posters made
            errors.append(unexpected(error, styles / brand_id / "brand.yaml", path.as_posix()))
        if (out / path).is_file():
            made.append(PosterRecord(path.as_posix(), brand_id, edition, size, only))
    return made, warnings, errors


def _write_poster(
    out: Path,
    project_base: Path,
    brand: Brand,
    path: Path,
    group: list[WebRecord],
    single: bool,
    size: str,
    labels: LabelSource,
    cache: BuildCache,
) -> list[Problem]:
    poster = poster_model(brand, group, single, size, labels, project_base)
    html = _environment(project_base).get_template("poster.html").render(poster=poster)
    key = output_key(html, toolchain_digest(), folder_digest(brand.folder))
    if cache.fresh(path, key):
        return []
    edition = group[0].edition or GENERAL_EDITION
    data, problems = render_poster(html, project_base, brand, path, edition, size)
    write_atomic(out / path, data)
    cache.record(path, key, data)
    return problems


def poster_model(
    brand: Brand,
    records: list[WebRecord],
    single: bool,
    size: str,
    labels: LabelSource,
    project_base: Path,
) -> Poster:
    """The poster of *records* (the web editions of one brand and edition)."""
    main = _main_language(records, brand)
    first = labels.labels(brand, main)
    heading = first.poster_available if single else first.poster_heading
    edition = records[0].edition
    items = []
    for (_, slug, _), group in sorted(_grouped(records).items(), key=_order):
        top = _first(group)
        url = language_url(brand.meta.base_url, slug, edition)
        titles = [
            Title(r.language, r.direction, r.title, _own_name(r.language)) for r in _sorted(group)
        ]
        items.append(Item(slug, titles, url, qr_svg(url, top.title)))
    languages = list(dict.fromkeys(t.language for item in items for t in item.titles))
    instructions = _instructions(brand, [main, *languages], labels)
    clinic = top.editions.get(edition) if edition else None
    return Poster(
        size=size,
        brand_name=brand.name(main),
        logo=brand.logo.resolve().as_uri(),
        heading=Title(main, _direction(records, main), heading),
        instructions=instructions,
        clinic=clinic,
        items=items,
        single=single,
        css=poster_css(project_base, brand, languages, size),
    )


def render_poster(
    html: str, project_base: Path, brand: Brand, path: Path, edition: str, size: str
) -> tuple[bytes, list[Problem]]:
    """The PDF of a poster, and the preflight's warnings about it (text size, contrast,
    QR code size, missing glyphs) and about fonts that are not the brand's."""
    from leafprint.layout.pdf import PdfRenderer

    source = brand.folder / "brand.yaml"
    fmt = f"poster-{size.lower()}"
    inspected = Inspected(source, path.as_posix(), "every language", edition, fmt)
    rules = Rules(safe_mm=10, min_text_pt=MIN_TEXT_PT[size], max_empty=1.0, min_body_pt=0)
    renderer = PdfRenderer([project_base.parent, brand.folder])
    rendered = renderer.render(
        html,
        base_url=project_base,
        source=source,
        options={"pdf_tags": False},
        document_id=path.as_posix(),
        check=lambda document: preflight(document, rules, inspected),
    )
    where = f"the poster {path.as_posix()}"
    problems = rendered.preflight + check_families(rendered.fonts, brand.meta.fonts, where, source)
    return rendered.data, problems


def poster_css(project_base: Path, brand: Brand, languages: Sequence[str], size: str) -> str:
    """Brand colours, the page size, each language's own font stack, then the posters'
    stylesheets (``poster.css`` of the base styles, and of the brand if it has one)."""
    colours, fonts = brand.meta.colours, brand.meta.fonts
    rules = [
        f"@page {{ size: {size}; }}",
        f":root {{ --primary: {colours.primary}; --accent: {colours.accent}; "
        f"--text: {colours.text}; --tint: {colours.tint}; "
        f"--font-body: {_font_list([fonts.body, 'sans-serif'])}; "
        f"--font-headings: {_font_list([fonts.headings, fonts.body, 'sans-serif'])}; }}",
    ]
    sheets = [project_base / "poster.css", brand.folder / "poster.css"]
    rules += [sheet.read_text(encoding="utf-8") for sheet in sheets if sheet.is_file()]
    for language in sorted(set(languages)):  # after the sheets: a script's font leads
        if profile(language).script_font(fonts.scripts):
            families = _font_list(brand_families(fonts, language))
            rules.append(
                f'[lang="{language}"], [lang="{language}"] * {{ font-family: {families}; }}'
            )
    return "\n".join(rules) + "\n"


def language_page_css(project_base: Path, brand: Brand, language: str) -> str:
    """The short pages' styles, with each script's font for the links in its language."""
    fonts = brand.meta.fonts
    scripts = "".join(
        f'[lang="{code}"] {{ font-family: {_font_list([family, fonts.body, "sans-serif"])}; }}\n'
        for code, family in sorted(fonts.scripts.items())
    )
    return short_page_css(project_base, brand, language) + "\n" + scripts


def _instructions(brand: Brand, languages: list[str], labels: LabelSource) -> list[Title]:
    """ "Scan the code" once in each language (a language without labels of its own is
    left out rather than shown in the fallback language twice)."""
    found: dict[str, Title] = {}
    for language in dict.fromkeys(languages):
        text = labels.labels(brand, language).poster_scan
        if text not in {t.text for t in found.values()}:
            found[language] = Title(language, direction(language), text)
    return list(found.values())


def _own_name(language: str) -> str:
    """A language's name in that language, as a picker shows it: "Français", "العربية"."""
    name = language_name(language, language)
    return name[:1].upper() + name[1:]


def _main_language(records: Sequence[WebRecord], brand: Brand) -> str:
    """The language most of the poster's leaflets are written in (their source)."""
    sources = Counter(r.language for r in records if r.source)
    if not sources:
        return brand.meta.fallback_language
    return sorted(sources.items(), key=lambda item: (-item[1], item[0]))[0][0]


def _editions(records: Sequence[WebRecord], brand_id: str, asked: list[str]) -> list[str | None]:
    found = sorted({r.edition or "" for r in records if r.brand == brand_id})
    editions: list[str | None] = [e or None for e in found]
    if asked:
        editions = [e for e in editions if (e or GENERAL_EDITION) in asked]
    return editions


def _grouped(
    records: Iterable[WebRecord],
) -> dict[tuple[str, str, str | None], list[WebRecord]]:
    groups: dict[tuple[str, str, str | None], list[WebRecord]] = {}
    for record in records:
        groups.setdefault((record.brand, record.slug, record.edition), []).append(record)
    return groups


def _order(item: tuple[tuple[str, str, str | None], list[WebRecord]]) -> tuple[str, str, str]:
    (brand, slug, edition), _ = item
    return brand, slug, edition or ""


def _sorted(records: list[WebRecord]) -> list[WebRecord]:
    """The source language first, then the others by their code."""
    return sorted(records, key=lambda r: (not r.source, r.language))


def _first(records: list[WebRecord]) -> WebRecord:
    return _sorted(records)[0]


def _direction(records: Sequence[WebRecord], language: str) -> str:
    return next((r.direction for r in records if r.language == language), direction(language))


def _key(record: PosterRecord) -> tuple[str, str | None, str | None, str]:
    return record.brand, record.edition, record.slug, record.size


def _font_list(families: list[str]) -> str:
    generic = {"serif", "sans-serif"}
    return ", ".join(f if f in generic else f'"{f}"' for f in dict.fromkeys(families))


def _render(base: Path, name: str, values: dict[str, object]) -> str:
    return _environment(base).get_template(name).render(**values)


@functools.lru_cache(maxsize=8)
def _environment(base: Path) -> jinja2.Environment:
    """The templates' environment: each template is compiled once (and again when its file
    changes)."""
    import jinja2  # imported when a page is made: a build with nothing new makes none

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(base / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
