"""The build: discover → load and validate → resolve → render HTML → render PDF →
post-process → write → catalog.

A problem in one leaflet never stops the others. Every problem of the run is
collected and reported at the end; a leaflet that fails keeps its previous PDF.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .brands import Brand, load_brand
from .catalog import write_catalog
from .citations import CitationRegistry
from .content import Leaflet, discover, load_leaflet
from .editions import Edition, edition_extras, editions_of, resolve_edition, unknown_editions
from .errors import ContentError, LeafletError, Problem
from .fonts import check_pdf, check_text
from .formats import DEFAULT_FORMAT, FORMATS, Format, pdf_options
from .html import make_environment, render_html
from .labels import Labels, load_labels
from .markdown import MarkdownRenderer
from .pdf import PdfRenderer
from .postprocess import arrange_pages, finish
from .preflight import Rules, Target, preflight
from .qr import qr_svg
from .resolve import Page, availability, resolve_page
from .write import write_atomic


@dataclass(frozen=True)
class Project:
    """Where a project keeps its content and styles."""

    root: Path

    @property
    def leaflets(self) -> Path:
        return self.root / "leaflets"

    @property
    def styles(self) -> Path:
        return self.root / "styles"

    @property
    def base(self) -> Path:
        return self.styles / "base"


@dataclass(frozen=True)
class BuildOptions:
    slugs: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    formats: list[str] = field(default_factory=list)
    editions: list[str] = field(default_factory=list)  # empty: every edition
    pdf_variant: str | None = None  # an archival variant for every PDF: pdf/a-2b, pdf/a-3b
    out: Path = Path("dist")


@dataclass(frozen=True)
class Output:
    slug: str
    language: str
    format: str
    edition: str | None
    path: Path
    title: str
    changed: bool


@dataclass
class BuildResult:
    outputs: list[Output] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class Job:
    """One PDF to make: a leaflet in one language and format."""

    leaflet: Leaflet
    language: str
    format: Format
    edition: Edition
    formats: tuple[str, ...]  # every format this leaflet is made in

    def path(self, out: Path) -> Path:
        slug = self.leaflet.slug
        edition = f".{self.edition.id}" if self.edition.id else ""
        return out / slug / f"{slug}.{self.language}{edition}{self.format.suffix}.pdf"


def build(project: Project, options: BuildOptions) -> BuildResult:
    """Build the PDFs *options* ask for; never raises for content problems."""
    result = BuildResult()
    renderer = PdfRenderer([project.leaflets, project.styles])
    brands: dict[str, Brand] = {}
    clinics: set[str] = set()  # every clinic edition the leaflets list
    try:
        folders = discover(project.leaflets, options.slugs)
    except LeafletError as error:
        result.errors += error.problems
        return result
    for folder in folders:
        try:
            leaflet = load_leaflet(folder)
            clinics.update(leaflet.meta.editions)
            brand = _brand(project, leaflet, brands)
            jobs = list(plan(leaflet, brand, options))
        except LeafletError as error:
            # a brand's contact problem is found for every leaflet using it: report it once
            result.errors += [p for p in error.problems if p not in result.errors]
            continue
        result.warnings += leaflet.warnings
        for job in jobs:
            try:
                result.outputs.append(make_pdf(project, job, brand, renderer, options, result))
            except LeafletError as error:
                result.errors += error.problems
    result.errors += unknown_editions(options.editions, clinics, project.leaflets)
    write_catalog(options.out, result.outputs)
    return result


def plan(leaflet: Leaflet, brand: Brand, options: BuildOptions) -> Iterator[Job]:
    """The jobs for one leaflet; asking for a language it lacks is an error."""
    languages = options.languages or leaflet.meta.languages
    missing = [lang for lang in languages if lang not in leaflet.meta.languages]
    if options.languages and len(missing) == len(languages):
        raise ContentError(
            leaflet.document.problem(
                ("languages",),
                f"no version in {', '.join(missing)} (has: {', '.join(leaflet.meta.languages)})",
            )
        )
    configured = tuple(leaflet.meta.formats or brand.meta.formats or [DEFAULT_FORMAT])
    names = options.formats or configured
    unknown = [name for name in names if name not in FORMATS]
    if unknown:
        raise ContentError(
            leaflet.document.problem(
                ("formats",),
                f"unknown format '{unknown[0]}' (known: {', '.join(FORMATS)})",
            )
        )
    editions = editions_of(leaflet, brand)
    if options.editions:
        editions = [e for e in editions if e.name in options.editions]
    for language in languages:
        if language in leaflet.versions:
            for edition in editions:
                for name in names:
                    yield Job(leaflet, language, FORMATS[name], edition, configured)


def make_pdf(
    project: Project,
    job: Job,
    brand: Brand,
    renderer: PdfRenderer,
    options: BuildOptions,
    result: BuildResult,
) -> Output:
    """Resolve, render, post-process and write one PDF."""
    source = job.leaflet.versions[job.language].path
    page = resolve_job(project, job, brand, result)
    html = render_html(
        page,
        brand,
        job.format,
        make_environment(brand, project.base),
        [project.base / "leaflet.css", project.base / "print.css", brand.stylesheet],
    )
    where = f"{job.leaflet.slug} ({job.language})"
    target = Target(source, job.leaflet.slug, job.language, job.edition.name, job.format.name)
    fonts = check_text(html, brand.meta.fonts, job.language, where, source)
    rendered = renderer.render(
        html,
        base_url=job.leaflet.folder,
        source=source,
        options=pdf_options(job.format, options.pdf_variant),
        document_id=job.path(Path()).as_posix(),
        check=lambda document: preflight(document, Rules.of(job.format), target),
        arrange=arrange_pages(job.format),
    )
    result.warnings += [Problem.at(source, "(render)", message) for message in rendered.warnings]
    result.warnings += rendered.preflight
    fonts += check_pdf(rendered.data, brand.meta.fonts, where, source)
    result.warnings += [w for w in fonts if w not in result.warnings]  # once, not per format
    data = finish(job.format, rendered.data, right_to_left=page.direction == "rtl")
    path = job.path(options.out)
    changed = write_atomic(path, data)
    slug, title = job.leaflet.slug, page.plain_title
    return Output(slug, job.language, job.format.name, job.edition.id, path, title, changed)


def resolve_job(project: Project, job: Job, brand: Brand, result: BuildResult) -> Page:
    """Everything the template shows for one job: text, contact, edition, format extras."""
    leaflet, language = job.leaflet, job.language
    labels = _labels(project, brand, language, result)
    contact, clinic = resolve_edition(brand, job.edition, language)
    citations = CitationRegistry(leaflet.references, language, brand.meta.citation_style)
    markdown = MarkdownRenderer({"citations": citations})
    page = resolve_page(leaflet, language, brand, labels, contact, markdown)
    page.extras.update(edition_extras(page, brand, clinic, job.format))
    others = [lang for lang in leaflet.versions if lang != language]
    page.extras["availability"] = availability(page, others, job.formats, job.format.name)
    if job.format.qr_code:
        page.extras["online_qr"] = qr_svg(page.online_url, page.label("online_version"))
    if job.format.large_print:
        page.extras["format_label"] = page.label("large_print_edition")
    return page


def _brand(project: Project, leaflet: Leaflet, brands: dict[str, Brand]) -> Brand:
    brand_id = leaflet.meta.brand
    if brand_id not in brands:
        if not (project.styles / brand_id / "brand.yaml").is_file():
            known = sorted(p.parent.name for p in project.styles.glob("*/brand.yaml"))
            raise ContentError(
                leaflet.document.problem(
                    ("brand",), f"unknown brand '{brand_id}' (known: {', '.join(known)})"
                )
            )
        brands[brand_id] = load_brand(project.styles, brand_id)
    return brands[brand_id]


def _labels(project: Project, brand: Brand, language: str, result: BuildResult) -> Labels:
    labels, warnings = load_labels(
        [brand.labels, project.base / "labels"], language, brand.meta.fallback_language
    )
    result.warnings += [w for w in warnings if w not in result.warnings]
    return labels
