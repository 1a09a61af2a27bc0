"""The web edition: each leaflet language as an accessible, responsive HTML page.

It is written where the leaflet's QR code and "other formats" statement point: the
online address mapped under the output folder as ``<out>/<host>/<path>/index.html``
(``https://leaflets.example.org/immunotherapy/nl`` becomes
``dist/leaflets.example.org/immunotherapy/nl/index.html``), so ``dist/<host>/`` is the
site to publish. The page is made from the same resolved :class:`Page` and the same
template blocks as the PDF (``web.html`` extends ``leaflet.html``); the PDFs of its
language, the logo and the images are placed beside it, so it works offline from disk
and loads nothing from the network.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from babel.numbers import format_decimal
from markupsafe import escape

from leafprint.cache import folder_digest, output_key
from leafprint.content.brands import Brand
from leafprint.content.codes import printed_code
from leafprint.content.editions import Edition
from leafprint.content.formats import FORMATS, WEB_EDITION
from leafprint.content.leaflets import Leaflet
from leafprint.content.lifecycle import effective_review, is_draft
from leafprint.content.resolve import Page, SectionView, online_url
from leafprint.content.translations import translation_state
from leafprint.errors import LeafletError, Problem
from leafprint.languages import direction, language_name, locale_for
from leafprint.layout.html import make_environment, render_html
from leafprint.layout.jobs import Job, PageModel
from leafprint.write import place_file, write_atomic

from .catalog import PdfRecord, WebRecord

if TYPE_CHECKING:
    from leafprint.build.plan import Planned

FOOTNOTE = '<span class="footnote">'


@dataclass(frozen=True)
class WebEdition:
    """One edition of a leaflet in one language, resolved for the web."""

    leaflet: Leaflet
    brand: Brand
    job: Job  # in the WEB_EDITION format

    @property
    def page(self) -> Page:
        return self.job.model.page


@dataclass(frozen=True)
class LanguageLink:
    language: str
    name: str  # the language's name in that language
    direction: str
    href: str


@dataclass(frozen=True)
class Download:
    label: str
    href: str
    size: str  # "412 kB"


@dataclass(frozen=True)
class DownloadGroup:
    edition: str  # "General edition", "Edition for Oostmeer Oncology Day Centre"
    downloads: list[Download]


def web_path(url: str, out: Path) -> Path:
    """Where the page for the online address *url* is written under *out*."""
    parts = urlsplit(url)
    segments = [s for s in unquote(parts.path).split("/") if s not in {"", ".", ".."}]
    return out.joinpath(parts.hostname or "localhost", *segments, "index.html")


def accessibility_path(brand: Brand, language: str, out: Path) -> Path:
    """Where the brand's accessibility statement in *language* is written."""
    return web_path(f"{brand.meta.base_url.rstrip('/')}/accessibility/{language}", out)


def web_planned(planned: Iterable[Planned]) -> list[Planned]:
    """One planned web edition per leaflet language and edition of *planned*, in the web
    format, at the path its online address (the one its PDFs' QR codes encode) maps to.
    The general edition's page is always among them: it offers every edition's PDFs."""
    found: dict[tuple[str, str, str | None], Planned] = {}
    for item in planned:
        target = item.target
        general = Edition(None, item.leaflet.meta.contact or item.brand.meta.contact)
        for edition in (general, item.edition):
            if (target.slug, target.language, edition.id) in found:
                continue
            url = online_url(item.leaflet, item.brand, target.language, edition.id)
            # a page names every clinic edition and takes the brand's web.css: whole brand
            brand = folder_digest(item.brand.folder)
            key = output_key(
                target.key,
                brand,
                WEB_EDITION.name,
                repr(WEB_EDITION),
                edition.name,
                edition.contact_id,
            )
            code = printed_code(item.leaflet.meta.code, target.language, edition.id)
            path = web_path(url, Path())
            web = replace(
                target, edition=edition.id, format=WEB_EDITION, path=path, key=key, code=code
            )
            found[target.slug, target.language, edition.id] = replace(
                item, target=web, edition=edition
            )
    return list(found.values())


def publish(
    out: Path,
    base: Path,
    editions: Iterable[WebEdition],
    pdfs: Sequence[PdfRecord],
    pending: Collection[Path],
) -> tuple[list[Path], list[WebRecord], list[Problem]]:
    """After the PDFs (*pdfs*: those the catalog lists): write the web editions, one at a
    time as *editions* gives them (*pending*: the pages being written, which language
    links may lead to). Returns the pages written, their catalog records and the problems
    found (a page that fails keeps its previous version)."""
    paths: list[Path] = []
    records: list[WebRecord] = []
    problems: list[Problem] = []
    for edition in editions:
        try:
            paths.append(write_web_edition(out, base, edition, pdfs, pending))
        except LeafletError as error:
            problems += [p for p in error.problems if p not in problems]
            continue
        records.append(_record(edition, paths[-1], out))
    return paths, records, problems


def _record(edition: WebEdition, path: Path, out: Path) -> WebRecord:
    leaflet, brand, page = edition.leaflet, edition.brand, edition.page
    book, fallback = brand.contacts.book, brand.meta.fallback_language
    state = translation_state(leaflet, page.language)
    return WebRecord(
        file=path.relative_to(out).as_posix(),
        slug=leaflet.slug,
        language=page.language,
        direction=page.direction,
        title=page.plain_title,
        code=page.code,
        version=page.version,
        brand=brand.id,
        brand_name=page.brand_name,
        colour=brand.meta.colours.primary,
        next_review=effective_review(leaflet).isoformat(),
        draft=is_draft(leaflet, brand),
        outdated=bool(state and state.outdated),
        due_soon_months=brand.meta.review.due_soon_months,
        source=page.language == leaflet.meta.source_language,
        edition=edition.job.target.edition,
        printed_code=edition.job.target.code,
        editions={
            clinic: brand.contacts.clinic(clinic, page.language, fallback).name
            for clinic in leaflet.meta.editions
            if clinic in book.clinics
        },
    )


def write_web_edition(
    out: Path,
    base: Path,
    edition: WebEdition,
    pdfs: Sequence[PdfRecord],
    pending: Collection[Path] = (),
) -> Path:
    """Write one web edition and its files; return the path of its ``index.html``.
    *pending* are the pages being written with it (its language links may lead there)."""
    leaflet, brand, job = edition.leaflet, edition.brand, edition.job
    source = leaflet.meta.source_language
    path = out / job.target.path
    folder = path.parent
    model = _localised(job.model, folder)
    page, clinic = model.page, job.target.edition
    languages = _language_links(leaflet, brand, page.language, clinic, folder, out, pending)
    mine = [p for p in pdfs if p.slug == leaflet.slug and (clinic is None or p.edition == clinic)]
    downloads = _downloads(edition, folder, mine, out)
    stylesheets = [base / "web.css", brand.folder / "web.css"]
    css = "\n".join(sheet.read_text(encoding="utf-8") for sheet in stylesheets if sheet.is_file())
    html = render_html(
        model,
        WEB_EDITION,
        job.theme,
        make_environment(job.theme.template_dirs),
        job.page_css + "\n" + css,
        template_name="web.html",
        stylesheets=(),
        languages=languages,
        downloads=downloads,
        original=_original(languages, source, page) if page.outdated else None,
        accessibility=relative(accessibility_path(brand, page.language, out).parent, folder) + "/",
    )
    write_atomic(path, move_footnotes(html, page.label("footnotes")).encode("utf-8"))
    return path


def move_footnotes(html: str, heading: str) -> str:
    """Footnotes stand inline in the leaflet's HTML (print sets them at the foot of the
    page); on the web each becomes a lettered link to a list of notes after the text."""
    parts: list[str] = []
    notes: list[str] = []
    position = 0
    while (start := html.find(FOOTNOTE, position)) != -1:
        end = _span_end(html, start)
        letter = _letter(len(notes))
        parts += [
            html[position:start],
            f'<sup class="footnote-ref"><a href="#note-{letter}" id="note-ref-{letter}">'
            f"{letter}</a></sup>",
        ]
        text = html[start + len(FOOTNOTE) : end]
        notes.append(
            f'<li id="note-{letter}"><a class="note-back" href="#note-ref-{letter}">{letter}</a>'
            f" {text}</li>"
        )
        position = end + len("</span>")
    if not notes:
        return html
    parts.append(html[position:])
    page = "".join(parts)
    section = (
        '<section class="notes" aria-labelledby="notes-heading">\n'
        f'    <h2 id="notes-heading">{escape(heading)}</h2>\n'
        f'    <ol class="note-list">{"".join(notes)}</ol>\n  </section>\n  '
    )
    anchor = min(
        i
        for i in (page.find(m) for m in ('<section class="references"', "</main>", "</body>"))
        if i != -1
    )
    return page[:anchor] + section + page[anchor:]


def _span_end(html: str, start: int) -> int:
    """Where the ``<span>`` opened at *start* closes (spans may nest inside it)."""
    depth, position = 0, start
    while True:
        opening = html.find("<span", position)
        closing = html.find("</span>", position)
        if opening != -1 and opening < closing:
            depth, position = depth + 1, opening + 5
        else:
            depth, position = depth - 1, closing
            if depth == 0:
                return closing
            position += 7


def _letter(index: int) -> str:
    """Footnote letters as in print: a … z, then aa, ab …"""
    letters = "abcdefghijklmnopqrstuvwxyz"
    return letters[index] if index < 26 else _letter(index // 26 - 1) + letters[index % 26]


def _language_links(
    leaflet: Leaflet,
    brand: Brand,
    current: str,
    clinic: str | None,
    folder: Path,
    out: Path,
    pending: Collection[Path],
) -> list[LanguageLink]:
    """The same edition of the leaflet in its other languages (the general edition where
    a clinic edition has no page in that language)."""
    links = []
    for language in leaflet.meta.languages:
        if language == current or language not in leaflet.versions:
            continue
        target = web_path(online_url(leaflet, brand, language, clinic), out)
        if clinic and not (target.is_file() or target in pending):
            target = web_path(online_url(leaflet, brand, language), out)
        links.append(
            LanguageLink(
                language,
                language_name(language, language),
                direction(language),
                relative(target.parent, folder) + "/",
            )
        )
    return links


def _original(languages: list[LanguageLink], source: str, page: Page) -> LanguageLink | None:
    """The link to the source-language edition, named in the page's language."""
    link = next((link for link in languages if link.language == source), None)
    return replace(link, name=language_name(source, page.language)) if link else None


def _downloads(
    edition: WebEdition, folder: Path, pdfs: Sequence[PdfRecord], out: Path
) -> list[DownloadGroup]:
    """The PDFs of this language, grouped by edition, linked beside the page."""
    page, brand = edition.page, edition.brand
    fallback = brand.meta.fallback_language
    groups: dict[str | None, list[Download]] = {}
    web = [fmt for fmt in FORMATS.values() if fmt.web]  # the print shop's files are not linked
    order = {fmt.name: index for index, fmt in enumerate(web)}
    mine = [p for p in pdfs if p.language == page.language and p.format in order]
    for pdf in sorted(mine, key=lambda p: (p.edition or "", order[p.format])):
        source = out / pdf.file
        place_file(source, folder / source.name)
        label = page.labels.text(FORMATS[pdf.format].download_label)
        size = _size(source.stat().st_size, page.language)
        groups.setdefault(pdf.edition, []).append(Download(label, source.name, size))
    result = []
    for edition_id, downloads in sorted(groups.items(), key=lambda item: item[0] or ""):
        if edition_id is None:
            name = page.label("general_edition")
        elif edition_id in brand.contacts.book.clinics:
            clinic = brand.contacts.clinic(edition_id, page.language, fallback)
            name = f"{page.label('edition')} {clinic.name}"
        else:  # a PDF of a clinic the brand no longer lists
            name = f"{page.label('edition')} {edition_id}"
        result.append(DownloadGroup(name, downloads))
    return result


def _size(size: int, language: str) -> str:
    """A file size as people read it: "412 kB", "1,2 MB"."""
    locale = locale_for(language)
    if size < 1_000_000:
        return f"{format_decimal(max(1, round(size / 1000)), locale=locale)} kB"
    return f"{format_decimal(round(size / 1_000_000, 1), locale=locale)} MB"


def _localised(model: PageModel, folder: Path) -> PageModel:
    """*model* with its logos and images copied beside the page and linked relatively."""
    page = model.page
    sections: list[SectionView] = []
    for section in page.sections:
        figure = section.figure
        if figure is not None:
            figure = replace(figure, src=place_asset(figure.src, folder))
        sections.append(replace(section, figure=figure))
    edition = model.edition
    if edition.co_logo:
        edition = replace(edition, co_logo=place_asset(edition.co_logo, folder))
    logo = place_asset(page.brand_logo, folder)
    mark = page.quality_mark
    if mark is not None and mark.image:
        mark = replace(mark, image=place_asset(mark.image, folder))
    page = replace(page, sections=sections, brand_logo=logo, quality_mark=mark)
    return replace(model, page=page, edition=edition)


def place_asset(uri: str, folder: Path) -> str:
    """Copy the file at the ``file:`` *uri* to ``folder/assets/``; its relative address."""
    source = Path(url2pathname(urlsplit(uri).path))
    digest = hashlib.sha256(str(source).encode()).hexdigest()[:8]
    name = f"assets/{digest}-{source.name}"
    write_atomic(folder / name, source.read_bytes())
    return name


def relative(target: Path, start: Path) -> str:
    return Path(os.path.relpath(target, start)).as_posix()
