"""Short web pages besides the leaflets: the notice that replaces the web edition of a
leaflet taken out of publication, and each brand's accessibility statement.

A notice is written at every address a printed QR code of the leaflet may open (each
language and edition), so a patient who scans an old leaflet learns that it is
withdrawn or under review, since when, what to use instead and whom to ask.
"""

from __future__ import annotations

import functools
import shutil
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from leafprint.cache import BuildCache, write_page
from leafprint.content.brands import Brand
from leafprint.content.contacts import ResolvedContact
from leafprint.content.editions import Edition, editions_of, resolve_edition
from leafprint.content.labels import Labels
from leafprint.content.leaflets import Leaflet, load_leaflet
from leafprint.content.models import in_language
from leafprint.content.resolve import long_date, online_url
from leafprint.errors import LeafletError, Problem
from leafprint.languages import direction, language_name, profile
from leafprint.write import write_atomic

from .publication import OVERDUE, WITHDRAWN, TakenOut
from .web import accessibility_path, place_asset, relative, web_path

if TYPE_CHECKING:
    import jinja2

    from leafprint.build.plan import Planned, Project, Resolver


@dataclass(frozen=True)
class Link:
    text: str
    href: str
    language: str


@dataclass(frozen=True)
class ShortPage:
    """What the short-page template shows."""

    language: str
    direction: str
    title: str  # the heading
    brand_name: str
    logo: str  # relative to the page
    paragraphs: list[str]
    labels: Labels
    css: str
    contact: ResolvedContact | None = None
    link_intro: str | None = None
    link: Link | None = None
    accessibility: str | None = None  # the statement's address, relative to the page
    noindex: bool = False
    notice: bool = False  # the page says a leaflet may not be used
    redirect: str | None = None  # the page moved here (relative address)


def write_notices(
    out: Path, project: Project, taken: list[TakenOut], resolver: Resolver
) -> list[Problem]:
    """Replace the web editions of the *taken* leaflets by notice pages."""
    problems: list[Problem] = []
    for gone in taken:
        try:
            editions = editions_of(gone.leaflet, gone.brand)
        except LeafletError as error:  # a broken clinic: the general edition still gets one
            problems += error.problems
            editions = [Edition(None, gone.leaflet.meta.contact or gone.brand.meta.contact)]
        for language in gone.leaflet.versions:
            for edition in editions:
                try:
                    _write_notice(out, project, gone, language, edition, resolver)
                except LeafletError as error:
                    problems += [p for p in error.problems if p not in problems]
    return problems


def write_redirects(
    out: Path, project: Project, planned: list[Planned], resolver: Resolver
) -> None:
    """At the web addresses of a renamed leaflet's earlier slugs, a page that leads to its
    page now (every language and edition built)."""
    for item in planned:
        leaflet, brand, target = item.leaflet, item.brand, item.target
        if not leaflet.meta.renamed_from or leaflet.meta.online_url:
            continue  # an own online_url does not change with the slug
        new = web_path(online_url(leaflet, brand, target.language, target.edition), out)
        for old in leaflet.meta.renamed_from:
            moved = replace(leaflet, slug=old)
            path = web_path(online_url(moved, brand, target.language, target.edition), out)
            _write_redirect(project, path, new, leaflet, brand, target.language, resolver)


def _write_redirect(
    project: Project,
    path: Path,
    new: Path,
    leaflet: Leaflet,
    brand: Brand,
    language: str,
    resolver: Resolver,
) -> None:
    _clear(path.parent)
    labels = resolver.labels(brand, language)
    href = relative(new.parent, path.parent) + "/"
    title = leaflet.versions[language].text.title
    page = ShortPage(
        language=language,
        direction=direction(language),
        title=title,
        brand_name=brand.name(language),
        logo=place_asset(brand.logo.resolve().as_uri(), path.parent),
        paragraphs=[],
        labels=labels,
        css=short_page_css(project.base, brand, language),
        link_intro=labels.moved,
        link=Link(title, href, language),
        noindex=True,
        redirect=href,
    )
    write_atomic(path, render(project, page).encode("utf-8"))


def write_statements(
    out: Path,
    project: Project,
    languages: dict[tuple[str, str], Brand],
    resolver: Resolver,
    cache: BuildCache | None = None,
) -> list[Path]:
    """Write the accessibility statement of each (brand id, language) of *languages*
    (those *cache* holds as made from the same texts and templates are kept)."""
    written = []
    for (_, language), brand in sorted(languages.items()):
        path = accessibility_path(brand, language, out)
        labels = resolver.labels(brand, language)
        edition = Edition(None, brand.meta.contact)
        page = ShortPage(
            language=language,
            direction=direction(language),
            title=labels.accessibility,
            brand_name=brand.name(language),
            logo=place_asset(brand.logo.resolve().as_uri(), path.parent),
            paragraphs=[
                labels.accessibility_aim,
                labels.accessibility_checked,
                labels.accessibility_limits,
                labels.accessibility_ask,
            ],
            labels=labels,
            css=short_page_css(project.base, brand, language),
            contact=resolve_edition(brand, edition, language)[0],  # no vCard QR code
        )
        write_page(
            path, functools.partial(render, project, page), cache, project.base / "templates", page
        )
        written.append(path)
    return written


def render(project: Project, page: ShortPage) -> str:
    return (
        _environment(project.base / "templates").get_template("short_page.html").render(page=page)
    )


@functools.lru_cache(maxsize=8)
def _environment(templates: Path) -> jinja2.Environment:
    """The templates' environment: each template is compiled once (and again when its file
    changes)."""
    import jinja2  # imported when a page is made: a build with nothing new makes none

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )


def _write_notice(
    out: Path,
    project: Project,
    gone: TakenOut,
    language: str,
    edition: Edition,
    resolver: Resolver,
) -> Path:
    leaflet, brand = gone.leaflet, gone.brand
    path = web_path(online_url(leaflet, brand, language, edition.id), out)
    _clear(path.parent)
    labels = resolver.labels(brand, language)
    when = long_date(gone.since, language)
    if gone.state == WITHDRAWN:
        notice = labels.withdrawn_notice.format(date=when)
    elif gone.state == OVERDUE:
        notice = labels.review_notice.format(date=when)
    else:
        notice = labels.unapproved_notice
    paragraphs = [notice]
    withdrawn = leaflet.meta.withdrawn
    if gone.state == WITHDRAWN and withdrawn is not None:
        paragraphs.append(in_language(withdrawn.reason, language))
    link = _replacement(project, gone, language, edition, path.parent, out)
    page = ShortPage(
        language=language,
        direction=direction(language),
        title=leaflet.versions[language].text.title,
        brand_name=brand.name(language),
        logo=place_asset(brand.logo.resolve().as_uri(), path.parent),
        paragraphs=paragraphs,
        labels=labels,
        css=short_page_css(project.base, brand, language),
        contact=resolver.edition(brand, edition, language).contact,
        link_intro=labels.use_instead if link else None,
        link=link,
        accessibility=relative(accessibility_path(brand, language, out).parent, path.parent) + "/",
        noindex=True,
        notice=True,
    )
    write_atomic(path, render(project, page).encode("utf-8"))
    return path


def _replacement(
    project: Project, gone: TakenOut, language: str, edition: Edition, folder: Path, out: Path
) -> Link | None:
    """The web edition of the leaflet that replaces *gone*, in *language* if it has it."""
    if gone.replaced_by is None:
        return None
    try:
        other: Leaflet = load_leaflet(project.leaflets / gone.replaced_by)
    except LeafletError:
        return None
    shown = language if language in other.versions else other.meta.source_language
    clinic = edition.id if edition.id in other.meta.editions else None
    target = web_path(online_url(other, gone.brand, shown, clinic), out)
    title = other.versions[shown].text.title
    if shown != language:
        title = f"{title} ({language_name(shown, language)})"
    return Link(title, relative(target.parent, folder) + "/", shown)


def _clear(folder: Path) -> None:
    """Take the published files out of a web edition's folder (not the pages below it)."""
    if not folder.is_dir():
        return
    for item in folder.iterdir():
        if item.is_file() and item.suffix == ".pdf":
            item.unlink()
    shutil.rmtree(folder / "assets", ignore_errors=True)


def short_page_css(base: Path, brand: Brand, language: str) -> str:
    """The short pages' styles: the brand's colours and fonts for *language*."""
    colours, fonts = brand.meta.colours, brand.meta.fonts
    script = profile(language).script_font(fonts.scripts)
    body = ", ".join(f'"{f}"' for f in [script, fonts.body] if f) + ", sans-serif"
    headings = ", ".join(f'"{f}"' for f in [script, fonts.headings] if f) + ", sans-serif"
    root = (
        f":root {{ --primary: {colours.primary}; --accent: {colours.accent}; "
        f"--text: {colours.text}; --tint: {colours.tint}; "
        f"--font-body: {body}; --font-headings: {headings}; }}\n"
    )
    sheets = [base / "web.css", brand.folder / "web.css"]
    return root + "\n".join(s.read_text(encoding="utf-8") for s in sheets if s.is_file())
