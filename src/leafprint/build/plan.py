"""Plan a build: every output the options ask for, its cache key, and how to resolve it.

:func:`plan_leaflet` lists the :class:`Planned` outputs of one loaded leaflet; they
hold it as the leaflet cache keeps it (:class:`~leafprint.build.leafletcache.Kept`), so
a build does not hold every leaflet it plans.
A :class:`Resolver` turns a planned output into a :class:`~leafprint.layout.jobs.Job`,
resolving each brand once (theme, labels), each leaflet language once (Markdown,
citations, dates) and each edition once per language (contact block); a job adds
only what its format changes.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel

from leafprint.cache import (
    BuildCache,
    contents_digest,
    files_digest,
    folder_digest,
    output_key,
    toolchain_digest,
    tree_digest,
)
from leafprint.content.brands import Brand
from leafprint.content.citations import CitationRegistry
from leafprint.content.codes import printed_code
from leafprint.content.editions import Edition, EditionView, edition_view, editions_of
from leafprint.content.formats import DEFAULT_FORMAT, FORMATS, SHORT_VERSION, Format, pdf_options
from leafprint.content.labels import Labels, load_labels, own_label
from leafprint.content.leaflets import Leaflet
from leafprint.content.markdown import MarkdownRenderer
from leafprint.content.qr import qr_svg
from leafprint.content.resolve import Page, availability, online_url, resolve_page
from leafprint.content.translations import LOCK_FILE, translation_state
from leafprint.errors import ContentError, Problem
from leafprint.languages import direction
from leafprint.layout.fonts import family_files
from leafprint.layout.html import page_css
from leafprint.layout.jobs import Job, PageModel, Sheet, Target, Theme, output_path

from .leafletcache import Kept, loading_key

PAGES_KEPT = 16  # resolved pages a Resolver keeps: enough for a leaflet's languages


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
class Planned:
    """An output with what is needed to resolve it."""

    target: Target
    kept: Kept  # the leaflet, read again from the leaflet cache when needed
    brand: Brand
    edition: Edition
    formats: tuple[str, ...]  # every format this leaflet is made in
    renamed_from: tuple[str, ...] = ()  # the leaflet's earlier slugs

    @property
    def leaflet(self) -> Leaflet:
        return self.kept.leaflet


@dataclass(frozen=True)
class Selection:
    """What a build was asked for; empty lists mean everything."""

    languages: list[str] = field(default_factory=list)
    formats: list[str] = field(default_factory=list)
    editions: list[str] = field(default_factory=list)
    pdf_variant: str | None = None


def plan_leaflet(
    project: Project,
    kept: Kept,
    brand: Brand,
    selection: Selection,
    cache: BuildCache | None = None,
) -> Iterator[Planned]:
    """The outputs of one leaflet; asking for a language or format it lacks is an error.
    *cache* keeps which translations are outdated while the leaflet's files are the same."""
    leaflet = kept.leaflet
    languages = selection.languages or leaflet.meta.languages
    missing = [lang for lang in languages if lang not in leaflet.meta.languages]
    if selection.languages and len(missing) == len(languages):
        files = [f"{lang}.yaml" for lang in missing if (leaflet.folder / f"{lang}.yaml").is_file()]
        hint = f"; {', '.join(files)} exists but is not listed in leaflet.yaml languages"
        raise ContentError(
            leaflet.document.problem(
                ("languages",),
                f"no version in {', '.join(missing)} "
                f"(has: {', '.join(leaflet.meta.languages)}){hint if files else ''}",
            )
        )
    configured = tuple(leaflet.meta.formats or brand.meta.formats or [DEFAULT_FORMAT])
    names = selection.formats or configured
    unknown = [name for name in names if name not in FORMATS]
    if unknown:
        raise ContentError(
            leaflet.document.problem(
                ("formats",), f"unknown format '{unknown[0]}' (known: {', '.join(FORMATS)})"
            )
        )
    editions = editions_of(leaflet, brand)
    if selection.editions:
        editions = [e for e in editions if e.name in selection.editions]
    inputs = _Inputs.of(project, leaflet, brand, cache)
    renamed = tuple(leaflet.meta.renamed_from)
    for language in languages:
        if language not in leaflet.versions:
            continue
        title = leaflet.versions[language].text.title
        for edition in editions:
            for name in names:
                fmt = FORMATS[name]
                key = inputs.key(fmt, selection.pdf_variant, language, edition, configured)
                path = output_path(leaflet.slug, language, edition.id, fmt)
                code = printed_code(leaflet.meta.code, language, edition.id)
                target = Target(
                    leaflet.slug,
                    language,
                    edition.id,
                    fmt,
                    path,
                    title,
                    key,
                    leaflet.meta.version,
                    code,
                )
                yield Planned(target, kept, brand, edition, configured, renamed)


@dataclass(frozen=True)
class _Inputs:
    """Digests of what a leaflet's outputs are made from; each output's key takes only
    the parts it prints: its own language, its own edition's contact."""

    leaflet: Leaflet
    brand: Brand
    shared: str  # base styles, fonts, leafprint and its libraries
    outdated: dict[str, bool]  # language → an outdated translation

    @classmethod
    def of(
        cls, project: Project, leaflet: Leaflet, brand: Brand, cache: BuildCache | None
    ) -> _Inputs:
        shared = output_key(folder_digest(project.base), _fonts_digest(brand), toolchain_digest())
        return cls(leaflet, brand, shared, _outdated(leaflet, cache))

    def key(
        self,
        fmt: Format,
        variant: str | None,
        language: str,
        edition: Edition,
        formats: tuple[str, ...],
    ) -> str:
        return output_key(
            self.shared,
            self.language(language),
            self.edition(edition),
            repr(fmt),
            repr(pdf_options(fmt, variant)),
            language,
            ",".join(formats),  # the availability statement names them
        )

    def language(self, language: str) -> str:
        """The leaflet's folder without the other languages' files, and whether this
        language, if a translation, is outdated (its notice follows the source)."""
        leaflet = self.leaflet
        others = [f"{lang}.yaml" for lang in leaflet.versions if lang != language]
        blocks = leaflet.versions[language].blocks
        return output_key(
            tree_digest(leaflet.folder, [*others, LOCK_FILE]),
            contents_digest(leaflet.references.files),  # the shared reference library
            *(block.meta.text[language] for block in blocks),  # shared texts it uses
            repr(self.outdated[language]),
        )

    def edition(self, edition: Edition) -> str:
        """The brand's folder without ``contacts.yaml``, and this edition's entries in it."""
        book = self.brand.contacts.book
        entries: list[BaseModel] = [book.contacts[edition.contact_id]]
        if edition.id is not None:
            entries.append(book.clinics[edition.id])
        return output_key(
            tree_digest(self.brand.folder, [self.brand.contacts.document.path.name]),
            edition.name,
            edition.contact_id,
            repr(self.brand.meta.quality_mark),  # left out once its certification ends
            *(json.dumps(entry.model_dump(mode="json"), sort_keys=True) for entry in entries),
        )


def _outdated(leaflet: Leaflet, cache: BuildCache | None) -> dict[str, bool]:
    """Whether each language of *leaflet* is an outdated translation; kept in *cache* (its
    lock file is long to read) while nothing the leaflet is loaded from changed."""
    key, name = loading_key(leaflet.folder), f"outdated {leaflet.slug}"
    kept = cache.value(name, key) if cache is not None else None
    if isinstance(kept, dict) and set(kept) == set(leaflet.versions):
        return {language: bool(value) for language, value in kept.items()}
    states = {language: translation_state(leaflet, language) for language in leaflet.versions}
    outdated = {language: bool(state and state.outdated) for language, state in states.items()}
    if cache is not None:
        cache.keep(name, key, outdated)
    return outdated


def _fonts_digest(brand: Brand) -> str:
    fonts = brand.meta.fonts
    families = sorted({fonts.body, fonts.headings, *fonts.scripts.values()})
    return files_digest(family_files(families))


class Resolver:
    """Turns planned outputs into jobs, resolving shared parts once."""

    def __init__(self, project: Project, variant: str | None, time_limit: float = 0) -> None:
        self.project = project
        self.variant = variant
        self.time_limit = time_limit
        self.warnings: list[Problem] = []
        self._themes: dict[str, Theme] = {}
        self._labels: dict[tuple[str, str], Labels] = {}
        # the last pages resolved (those of the leaflet being rendered; a build of many
        # leaflets does not hold them all), and every content error, reported once
        self._pages: OrderedDict[tuple[str, str, bool], Page] = OrderedDict()
        self._page_errors: dict[tuple[str, str, bool], ContentError] = {}
        self._editions: dict[tuple[str, str, str | None, str], EditionView] = {}

    def job(self, planned: Planned) -> Job:
        """The job of *planned*; raises :class:`ContentError` for content problems."""
        target, leaflet, brand = planned.target, planned.leaflet, planned.brand
        fmt = target.format
        version = leaflet.versions[target.language]
        short = bool(fmt.panels and version.text.dl)  # a folded leaflet's short version
        page = self.page(leaflet, brand, target.language, short)
        view = self.edition(brand, planned.edition, target.language)
        if not (fmt.qr_code and view.vcard):
            view = EditionView(**{**vars(view), "vcard": None})
        others = [lang for lang in leaflet.versions if lang != target.language]
        url = online_url(leaflet, brand, target.language, planned.edition.id)
        sheet = Sheet(
            availability=availability(page, others, planned.formats, fmt.reads_as, view.contact),
            online_url=url,
            online_qr=qr_svg(url, page.label("online_version")) if fmt.qr_code else None,
            format_label=page.label("large_print_edition") if fmt.large_print else None,
            short=short,
            in_other_languages=() if fmt.panels else self.in_other_languages(brand, others),
        )
        # where a folded leaflet too long for its panels is reported (LP120)
        too_long = version.document.problem((SHORT_VERSION,) if short else ("sections",), "")
        return Job(
            target=target,
            model=PageModel(page, view, sheet),
            theme=self.theme(brand),
            page_css=page_css(page, brand, fmt),
            source=leaflet.versions[target.language].path,
            folder=leaflet.folder,
            pdf_options=tuple(sorted(pdf_options(fmt, self.variant).items())),
            time_limit=self.time_limit,
            too_long=too_long if fmt.panels else None,
            paper_mm=brand.meta.print.paper_mm,
        )

    def theme(self, brand: Brand) -> Theme:
        if brand.id not in self._themes:
            base = self.project.base
            self._themes[brand.id] = Theme(
                id=brand.id,
                template_dirs=(brand.templates, base / "templates"),
                stylesheets=(base / "leaflet.css", base / "print.css", brand.stylesheet),
                fonts=brand.meta.fonts,
                digits=brand.meta.print.digits,
                roots=(self.project.leaflets, self.project.styles),
            )
        return self._themes[brand.id]

    def in_other_languages(
        self, brand: Brand, languages: list[str]
    ) -> tuple[tuple[str, str, str], ...]:
        """ "Also in English" in English, and so on, for each of *languages* whose labels
        say it in that language (a fallback language's words would mislead)."""
        folders = [brand.labels, self.project.base / "labels"]
        found = ((lang, own_label(folders, lang, "in_this_language")) for lang in languages)
        return tuple((lang, direction(lang), text) for lang, text in found if text)

    def labels(self, brand: Brand, language: str) -> Labels:
        if (brand.id, language) not in self._labels:
            folders = [brand.labels, self.project.base / "labels"]
            # missing labels are named once by the checks (LP310)
            labels, _ = load_labels(folders, language, brand.meta.fallback_language)
            self._labels[brand.id, language] = labels
        return self._labels[brand.id, language]

    def page(self, leaflet: Leaflet, brand: Brand, language: str, short: bool = False) -> Page:
        """The page of *leaflet* in *language* (*short*: its DL short version); a content
        error is raised for each of its jobs, and reported once."""
        key = (leaflet.slug, language, short)
        if key in self._page_errors:
            raise self._page_errors[key]
        if key not in self._pages:
            citations = CitationRegistry(leaflet.references, language, brand.meta.citation_style)
            markdown = MarkdownRenderer({"citations": citations})
            labels = self.labels(brand, language)
            try:
                self._pages[key] = resolve_page(leaflet, language, brand, labels, markdown, short)
            except ContentError as error:
                self._page_errors[key] = error
                raise
            if len(self._pages) > PAGES_KEPT:
                self._pages.popitem(last=False)
        self._pages.move_to_end(key)
        return self._pages[key]

    def edition(self, brand: Brand, edition: Edition, language: str) -> EditionView:
        key = (brand.id, edition.contact_id, edition.id, language)
        if key not in self._editions:
            labels = self.labels(brand, language)
            self._editions[key] = edition_view(brand, edition, language, labels)
        return self._editions[key]
