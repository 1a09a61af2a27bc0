"""Discover leaflets and load them: ``leaflet.yaml`` plus one ``<lang>.yaml`` per language."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from leafprint.errors import ContentError, LeafletError, Problem
from leafprint.yamlsource import Location, TextOrigin, YamlDocument, load_yaml

from .blocks import Block, expand_translation, load_library
from .citations import check_citations
from .formats import SHORT_VERSION
from .markdown import make_markdown
from .mdlinks import image_file
from .models import LANGUAGE_TAG, LeafletMeta, Section, Translation
from .references import ReferenceLibrary, load_references
from .validate import validate


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
    """Load and validate a leaflet folder; raise one error listing all its problems.

    Every file is read even when another has problems: a broken ``leaflet.yaml`` does
    not hide the mistakes of the language files, nor one language file another's."""
    document = load_yaml(folder / "leaflet.yaml")
    problems: list[Problem] = []
    meta: LeafletMeta | None = None
    try:
        meta = validate(document, LeafletMeta)
    except LeafletError as error:
        problems += error.problems
    versions: dict[str, LanguageVersion] = {}
    for index, language in enumerate(meta.languages if meta else _languages(document)):
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
    brand = meta.brand if meta else _raw(document, "brand")
    problems += _expand_blocks(folder.parent, brand, versions)
    references = ReferenceLibrary()
    citation_warnings: list[Problem] = []
    try:
        references = load_references(folder, document)
        block_texts = {
            lang: [(block.origin(lang), block.meta.text[lang]) for block in v.blocks]
            for lang, v in versions.items()
        }
        citation_errors, citation_warnings = check_citations(
            references, {lang: v.document for lang, v in versions.items()}, block_texts
        )
        problems += citation_errors
    except LeafletError as error:  # broken references: their citations are not checked
        problems.extend(error.problems)
    problems += _check_text_images(versions)
    if meta is None:
        raise ContentError(problems)
    leaflet = Leaflet(folder.name, folder, meta, document, versions, references)
    problems += _check_translations(leaflet) + _check_images(leaflet)
    if problems:
        raise ContentError(problems)
    leaflet.warnings += citation_warnings
    return leaflet


def _raw(document: YamlDocument, name: str) -> str:
    """A text field of a ``leaflet.yaml`` that does not validate ("" when it is not text)."""
    data = document.data if isinstance(document.data, dict) else {}
    value = data.get(name)
    return value if isinstance(value, str) else ""


def _languages(document: YamlDocument) -> list[str]:
    """The languages a ``leaflet.yaml`` that does not validate lists, where it lists them."""
    data = document.data if isinstance(document.data, dict) else {}
    listed = data.get("languages")
    if not isinstance(listed, list):
        return []
    return [item for item in listed if isinstance(item, str) and LANGUAGE_TAG.match(item)]


def text_fields(text: Translation) -> Iterator[tuple[Location, str, bool]]:
    """Every Markdown text of a language file: (location, text, is a block text)."""
    yield ("title",), text.title, False
    if text.subtitle:
        yield ("subtitle",), text.subtitle, False
    yield ("summary",), text.summary, True
    for short, part in (((), text), ((SHORT_VERSION,), text.dl)):
        if part is None:
            continue
        for i, point in enumerate(part.key_points):
            yield (*short, "key_points", i), point, False
        for i, section in enumerate(part.sections):
            yield (*short, "sections", i, "heading"), section.heading, False
            yield (*short, "sections", i, "body"), section.body, True
            for n, callout in enumerate(section.callouts):
                if callout.title:
                    yield (*short, "sections", i, "callouts", n, "title"), callout.title, False
                yield (*short, "sections", i, "callouts", n, "body"), callout.body, True
    for i, question in enumerate(text.questions):
        yield ("questions", i), question, False
    for i, item in enumerate(text.faq):
        yield ("faq", i, "question"), item.question, False
        yield ("faq", i, "answer"), item.answer, True
    for i, link in enumerate(text.more_information):
        yield ("more_information", i, "title"), link.title, False
        if link.description:
            yield ("more_information", i, "description"), link.description, False
    for key, words in text.images.items():
        if words.caption:
            yield ("images", key, "caption"), words.caption, False


def _check_text_images(versions: dict[str, LanguageVersion]) -> list[Problem]:
    """Images in the Markdown texts that cannot be used (missing, outside the folder), as
    the build would find them when it renders."""
    md = make_markdown()
    problems: list[Problem] = []
    for version in versions.values():
        folder = version.path.parent
        for loc, text, block in text_fields(version.text):
            if "![" not in text:  # no Markdown image without it: skip the parse
                continue
            tokens = md.parse(text, {}) if block else md.parseInline(text, {})
            for token in tokens:
                for child in token.children or []:
                    src = str(child.attrs.get("src", "")) if child.type == "image" else ""
                    _, message = image_file(src, folder) if src else (None, "")
                    if message:
                        origin = TextOrigin(version.document, loc)
                        problems.append(origin.problem(message, f"]({src}"))
    return problems


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
        for loc, section in all_sections(version.text):
            if section.image and section.image not in declared:
                problems.append(
                    version.document.problem(
                        (*loc, "image"), f"no image '{section.image}' in leaflet.yaml images"
                    )
                )
        used = {s.image for _, s in all_sections(version.text) if s.image}
        for image_id in sorted(used - set(version.text.images)):
            problems.append(
                version.document.problem(
                    ("images",), f"alt text missing for image '{image_id}' in language '{language}'"
                )
            )
    return problems


def all_sections(text: Translation) -> Iterator[tuple[Location, Section]]:
    """The sections of a language file with their places, the DL short version's too."""
    yield from ((("sections", i), section) for i, section in enumerate(text.sections))
    if text.dl:
        yield from (((SHORT_VERSION, "sections", i), s) for i, s in enumerate(text.dl.sections))
