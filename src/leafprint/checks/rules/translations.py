"""Translations: freshness per section, missing parts, unlisted files, brand texts (LP3xx)."""

from __future__ import annotations

from leafprint.content.blocks import block_state, block_users, load_library
from leafprint.content.brands import Brand
from leafprint.content.labels import label_names, missing_labels
from leafprint.content.leaflets import LanguageVersion, Leaflet
from leafprint.content.translations import segments, translation_state
from leafprint.errors import Problem
from leafprint.languages import profile

from . import CheckContext, brand_problem, located

COUNTED = {"sections": "sections", "key_points": "key points", "questions": "questions"}


def freshness(leaflet: Leaflet, brand: Brand, context: CheckContext) -> list[Problem]:
    problems: list[Problem] = []
    for language, version in leaflet.versions.items():
        state = translation_state(leaflet, language)
        if state is None:
            continue
        if state.marked is not None:
            problems += _changed(leaflet, version, state.changed, state.marked.date)
        if state.version_behind:
            hint = ""
            if state.marked is not None and not state.changed:
                hint = (
                    "; no source section changed since it was marked current, so "
                    f"'leafprint translations mark-current {leaflet.slug} {language}' "
                    "brings it up to date"
                )
            problems.append(
                located(
                    version.document,
                    ("translated_from", "version"),
                    f"translation is outdated: made from version {state.version}, "
                    f"the source is now version {state.source_version}{hint}",
                    "LP302",
                )
            )
    return problems


def _changed(
    leaflet: Leaflet, version: LanguageVersion, changed: list[str], date: str
) -> list[Problem]:
    source = segments(leaflet.source.written)
    own = segments(version.written)
    problems = []
    for key in changed:
        segment = own.get(key) or source.get(key)
        loc = segment.loc if segment and key in own else ("translated_from",)
        what = "changed" if key in source else "was removed"
        problems.append(
            located(
                version.document,
                loc,
                f"source section {key} {what} since this translation was marked current "
                f"({date}); see 'leafprint translations diff {leaflet.slug} {version.language}'",
                "LP301",
            )
        )
    return problems


def missing_parts(leaflet: Leaflet, brand: Brand, context: CheckContext) -> list[Problem]:
    problems = []
    source = leaflet.source
    for language, version in leaflet.versions.items():
        if language == leaflet.meta.source_language:
            continue
        for name, words in COUNTED.items():
            have, want = len(getattr(version.text, name)), len(getattr(source.text, name))
            if have < want:
                problems.append(
                    located(
                        version.document,
                        (name,),
                        f"the source ({source.path.name}) has {want} {words}, this translation "
                        f"{have}: {name}[{have + 1}] onwards missing",
                        "LP303",
                    )
                )
    return problems


def unlisted_files(leaflet: Leaflet, brand: Brand, context: CheckContext) -> list[Problem]:
    listed = set(leaflet.meta.languages)
    return [
        located(
            leaflet.document,
            ("languages",),
            f"{path.name} is not listed in leaflet.yaml languages: add {path.stem} to "
            "languages to build it",
            "LP305",
        )
        for path in sorted(leaflet.folder.glob("*.yaml"))
        if path.stem not in listed and path.stem not in {"leaflet", "references"}
    ]


def brand_texts(leaflet: Leaflet, brand: Brand, context: CheckContext) -> list[Problem]:
    """One warning per language naming every brand text that falls back."""
    problems = []
    fallback = brand.meta.fallback_language
    for language in leaflet.versions:
        missing = missing_brand_texts(leaflet, brand, language)
        if missing:
            problems.append(
                brand_problem(
                    brand,
                    ("name",),
                    f"no brand texts in '{language}' for {'; '.join(missing)}: "
                    f"using '{fallback}' instead; translate them",
                    "LP310",
                )
            )
    return problems


def missing_brand_texts_refused(leaflet: Leaflet, brand: Brand, language: str) -> Problem | None:
    """Final output of *language* while brand texts fall back: a mixed-language leaflet."""
    missing = missing_brand_texts(leaflet, brand, language)
    if not missing:
        return None
    return brand_problem(
        brand,
        ("name",),
        f"no brand texts in '{language}' for {'; '.join(missing)}: final output refused, as "
        f"it would print them in '{brand.meta.fallback_language}'; translate them",
        "LP311",
    )


def missing_brand_texts(leaflet: Leaflet, brand: Brand, language: str) -> list[str]:
    """The brand texts (name, interface labels, contact texts) that *language* lacks and
    that print in the brand's fallback language instead; none for that language itself."""
    if language == brand.meta.fallback_language:
        return []
    tags = profile(language).tags
    mark = brand.meta.quality_mark
    texts = {
        "the brand name (brand.yaml name)": brand.meta.name,
        "the disclaimer (brand.yaml disclaimer)": brand.meta.disclaimer,
        "the quality mark (brand.yaml quality_mark name)": mark.name if mark else None,
    }
    missing = [
        what
        for what, text in texts.items()
        if isinstance(text, dict) and not any(tag in text for tag in tags)
    ]
    folders = [brand.labels, brand.folder.parent / "base" / "labels"]
    labels = missing_labels(folders, language)
    if labels:
        names = "" if len(labels) == len(label_names()) else " " + ", ".join(labels)
        missing.append(f"the interface labels{names} (labels/{language}.yaml)")
    contacts = brand.contacts
    ids = [leaflet.meta.contact or brand.meta.contact]
    book = contacts.book
    clinic_ids = [c for c in leaflet.meta.editions if c in book.clinics]
    ids += [book.clinics[c].contact for c in clinic_ids]
    fields = [
        path
        for contact_id in dict.fromkeys(ids)
        if contact_id in book.contacts
        for path in contacts.untranslated(("contacts", contact_id), language)
    ]
    fields += [path for c in clinic_ids for path in contacts.untranslated(("clinics", c), language)]
    if fields:
        missing.append("contacts.yaml " + ", ".join(fields))
    return missing


def shared_blocks(leaflet: Leaflet, brand: Brand, context: CheckContext) -> list[Problem]:
    """A shared block whose source text changed since a translation of it was marked."""
    problems: list[Problem] = []
    leaflets_dir = leaflet.folder.parent
    library = load_library(leaflets_dir)
    for language, version in leaflet.versions.items():
        for block in version.blocks:
            if language == block.meta.source_language:
                continue
            if not block_state(library, block, language).outdated:
                continue
            users = ", ".join(block_users(leaflets_dir).get(block.id, [leaflet.slug]))
            problems.append(
                located(
                    block.document,
                    ("text", language),
                    f"shared block '{block.id}' changed in its source "
                    f"({block.meta.source_language}) since its {language} text was marked "
                    f"current; it is used by {users} (update the {language} text, then "
                    f"'leafprint blocks mark-current {block.id} {language}')",
                    "LP320",
                )
            )
    return problems


RULES = [freshness, missing_parts, unlisted_files, brand_texts, shared_blocks]
