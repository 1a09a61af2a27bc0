"""Quality records an assessor asks for: user testing, translation checks, sponsorship and
the brand's disclaimer (LP60x); the brand's quality mark while certified (LP630, LP631)."""

from __future__ import annotations

from leafprint.content.brands import Brand
from leafprint.content.leaflets import Leaflet
from leafprint.content.lifecycle import add_months, version_key
from leafprint.errors import Problem

from . import CheckContext, brand_problem, located

HOW = {
    "user_testing": "add user_testing: [{version, date, participants, who, method, changed}]",
    "sponsorship": "add sponsorship: {funding, competing_interests} (write none if none)",
}


def unchecked_languages(leaflet: Leaflet) -> list[tuple[str, str]]:
    """(language, version) of each translation without a quality check of the version it
    follows."""
    checked = {(c.language, c.version) for c in leaflet.meta.translation_checks}
    missing = []
    for language, version in leaflet.versions.items():
        made_from = version.text.translated_from
        if made_from is not None and (language, made_from.version) not in checked:
            missing.append((language, made_from.version))
    return missing


def missing_records(leaflet: Leaflet, brand: Brand) -> list[str]:
    """The records the brand requires that this leaflet (or the brand) lacks, by name."""
    meta, missing = leaflet.meta, []
    for name in brand.meta.records.required:
        if name == "user_testing" and not meta.user_testing:
            missing.append("user testing")
        elif name == "translation_checks" and unchecked_languages(leaflet):
            languages = ", ".join(language for language, _ in unchecked_languages(leaflet))
            missing.append(f"translation check ({languages})")
        elif name == "sponsorship" and meta.sponsorship is None:
            missing.append("sponsorship")
        elif name == "disclaimer" and brand.meta.disclaimer is None:
            missing.append("disclaimer")
    return missing


def required_records(leaflet: Leaflet, brand: Brand, context: CheckContext) -> list[Problem]:
    """Each record the brand requires (before final output) is there."""
    meta, required, problems = leaflet.meta, brand.meta.records.required, []
    why = f"required by {brand.id} before final output"
    for name, code, present in (
        ("user_testing", "LP601", bool(meta.user_testing)),
        ("sponsorship", "LP603", meta.sponsorship is not None),
    ):
        if name in required and not present:
            what = name.replace("_", " ")
            message = f"no {what} record ({why}): {HOW[name]}"
            problems.append(located(leaflet.document, (name,), message, code))
    if "translation_checks" in required:
        for language, version in unchecked_languages(leaflet):
            message = (
                f"the {language} translation of version {version} has no quality check ({why}): "
                f'add {{language: {language}, version: "{version}", by, method, date}} to '
                "translation_checks in leaflet.yaml"
            )
            document = leaflet.versions[language].document
            problems.append(located(document, ("translated_from",), message, "LP602"))
    if "disclaimer" in required and brand.meta.disclaimer is None:
        message = f"no disclaimer ({why}): add disclaimer: (one text, or one per language)"
        problems.append(brand_problem(brand, ("disclaimer",), message, "LP604"))
    return problems


def record_dates(leaflet: Leaflet, brand: Brand, context: CheckContext) -> list[Problem]:
    """Records tell what happened: not after today, of a version and language that exist."""
    meta, problems = leaflet.meta, []
    records = [("user_testing", n, r.date, r.version) for n, r in enumerate(meta.user_testing)]
    records += [
        ("translation_checks", n, r.date, r.version) for n, r in enumerate(meta.translation_checks)
    ]
    for group, index, day, version in records:
        if day > context.today:
            message = f"record dated {day}, after today ({context.today})"
            problems.append(located(leaflet.document, (group, index, "date"), message, "LP605"))
        if version_key(version) > version_key(meta.version):
            message = f"version {version} is newer than the leaflet's version {meta.version}"
            problems.append(located(leaflet.document, (group, index, "version"), message, "LP605"))
    for index, check in enumerate(meta.translation_checks):
        if check.language == meta.source_language or check.language not in meta.languages:
            message = f"'{check.language}' is not a translation of this leaflet"
            loc = ("translation_checks", index, "language")
            problems.append(located(leaflet.document, loc, message, "LP605"))
    return problems


MARK_NOTICE_MONTHS = 2  # warn this long before a quality mark's certification ends


def quality_mark(leaflet: Leaflet, brand: Brand, context: CheckContext) -> list[Problem]:
    """A quality mark is printed only while certified: say when that ends, and when it has."""
    mark = brand.meta.quality_mark
    if mark is None:
        return []
    until, loc = mark.certified_until, ("quality_mark", "certified_until")
    if until < context.today:
        message = (
            f"the certification for the quality mark ended on {until}: leaflets are made "
            "without the mark until a renewed certified_until is entered"
        )
        return [brand_problem(brand, loc, message, "LP631")]
    if until <= add_months(context.today, MARK_NOTICE_MONTHS):
        message = (
            f"the certification for the quality mark ends on {until}: renew it, or leaflets "
            "made after that day are printed without the mark"
        )
        return [brand_problem(brand, loc, message, "LP630")]
    return []


RULES = [required_records, record_dates, quality_mark]
