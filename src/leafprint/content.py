"""Discover leaflets and load them: ``leaflet.yaml`` plus one ``<lang>.yaml`` per language."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .blocks import Block, expand_translation, load_library
from .citations import ReferenceLibrary, check_citations, load_references
from .errors import ContentError, LeafletError, Problem
from .mdlinks import image_file
from .models import LeafletMeta, Translation
from .validate import validate
from .yamlsource import YamlDocument, load_yaml


@dataclass(frozen=True)
class LanguageVersion:
    """The text of a leaflet in one language, with its source file.

    *text* is what the reader reads (shared blocks expanded); *written* is the file as
    written (a block as its reference), which translation status follows.
    """

    language: str
    text: Translation
    document: YamlDocument
    source_text: Translation | None = None  # as written, where blocks were expanded
    blocks: tuple[Block, ...] = ()  # the shared blocks the text uses

    @property
    def written(self) -> Translation:
        return self.source_text or self.text

    @property
    def path(self) -> Path:
        return self.document.path


@dataclass
class Leaflet:
    """One leaflet: shared metadata and its language versions, linked by the folder's slug."""

    slug: str
    folder: Path
    meta: LeafletMeta
    document: YamlDocument
    versions: dict[str, LanguageVersion]
    references: ReferenceLibrary = field(default_factory=ReferenceLibrary)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def inputs(self) -> list[Path]:
        """The files outside its folder it is made from: the reference library, blocks."""
        blocks = {b.path for version in self.versions.values() for b in version.blocks}
        lock = self.folder.parent / "blocks" / "translations.lock"  # their translations' state
        status = [lock] if blocks and lock.is_file() else []
        return [*self.references.files, *sorted(blocks), *status]

    @property
    def source(self) -> LanguageVersion:
        return self.versions[self.meta.source_language]


def discover(leaflets_dir: Path, slugs: list[str] | None = None) -> list[Path]:
    """Leaflet folders under *leaflets_dir* (those holding a ``leaflet.yaml``), sorted.

    Asking for a slug that does not exist is an error that lists the known ones.
    """
    found = sorted(p.parent for p in leaflets_dir.glob("*/leaflet.yaml"))
    if not slugs:
        return found
    known = {p.name: p for p in found}
    missing = [slug for slug in slugs if slug not in known]
    if missing:
        raise ContentError(
            Problem.at(
                leaflets_dir / missing[0],
                "slug",
                f"no leaflet '{missing[0]}' (known: {', '.join(known) or 'none'})",
            )
        )
    return [known[slug] for slug in slugs]


def load_leaflet(folder: Path) -> Leaflet:
    """Load and validate a leaflet folder; raise one error listing all its problems."""
    document = load_yaml(folder / "leaflet.yaml")
    meta = validate(document, LeafletMeta)
    problems: list[Problem] = []
    versions: dict[str, LanguageVersion] = {}
    for index, language in enumerate(meta.languages):
        path = folder / f"{language}.yaml"
        if not path.is_file():
            problems.append(
                document.problem(("languages", index), f"translation file {path.name} not found")
            )
            continue
        try:
            language_document = load_yaml(path)
            text = validate(language_document, Translation)
        except LeafletError as error:
            problems.extend(error.problems)
            continue
        versions[language] = LanguageVersion(language, text, language_document)
    problems += _expand_blocks(folder.parent, meta.brand, versions)
    leaflet = Leaflet(folder.name, folder, meta, document, versions)
    citation_errors: list[Problem] = []
    citation_warnings: list[Problem] = []
    try:
        leaflet.references = load_references(folder, document)
        block_texts = {
            lang: [(block.origin(lang), block.meta.text[lang]) for block in v.blocks]
            for lang, v in versions.items()
        }
        citation_errors, citation_warnings = check_citations(
            leaflet.references, {lang: v.document for lang, v in versions.items()}, block_texts
        )
    except LeafletError as error:  # broken references: their citations are not checked
        problems.extend(error.problems)
    problems += _check_translations(leaflet) + _check_images(leaflet) + citation_errors
    if problems:
        raise ContentError(problems)
    leaflet.warnings += citation_warnings
    return leaflet


def _expand_blocks(
    leaflets_dir: Path, brand: str, versions: dict[str, LanguageVersion]
) -> list[Problem]:
    """Put the shared blocks' texts in place of their references, in every language."""
    try:
        library = load_library(leaflets_dir)
    except ContentError as error:
        return error.problems
    problems: list[Problem] = []
    for language, version in versions.items():
        text, used, found = expand_translation(
            version.text, version.document, language, brand, library
        )
        versions[language] = LanguageVersion(
            language, text, version.document, version.text, tuple(dict.fromkeys(used))
        )
        problems += [p for p in found if p not in problems]
    return problems


def _check_translations(leaflet: Leaflet) -> list[Problem]:
    problems: list[Problem] = []
    meta = leaflet.meta
    for language, version in leaflet.versions.items():
        origin = version.text.translated_from
        if language == meta.source_language:
            if origin is not None:
                problems.append(
                    version.document.problem(
                        ("translated_from",),
                        "the source language file must not have translated_from",
                        key=True,
                    )
                )
        elif origin is None:
            problems.append(
                version.document.problem(
                    ("translated_from",),
                    f"required in a translation: translated_from: "
                    f'{{language: {meta.source_language}, version: "{meta.version}"}}',
                )
            )
        elif origin.language != meta.source_language:
            problems.append(
                version.document.problem(
                    ("translated_from", "language"),
                    f"translations must be made from the source language '{meta.source_language}'",
                )
            )
    return problems


def _check_images(leaflet: Leaflet) -> list[Problem]:
    problems: list[Problem] = []
    declared = {image.id: index for index, image in enumerate(leaflet.meta.images)}
    for index, image in enumerate(leaflet.meta.images):
        _, problem = image_file(image.file, leaflet.folder)
        if problem:
            problems.append(leaflet.document.problem(("images", index, "file"), problem))
    for language, version in leaflet.versions.items():
        for number, section in enumerate(version.text.sections):
            if section.image and section.image not in declared:
                problems.append(
                    version.document.problem(
                        ("sections", number, "image"),
                        f"no image '{section.image}' in leaflet.yaml images",
                    )
                )
        used = {s.image for s in version.text.sections if s.image}
        for image_id in sorted(used - set(version.text.images)):
            problems.append(
                version.document.problem(
                    ("images",), f"alt text missing for image '{image_id}' in language '{language}'"
                )
            )
    return problems
