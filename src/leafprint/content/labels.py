"""Interface labels: the fixed words around the content, per language."""

from __future__ import annotations

import difflib
import functools
from pathlib import Path
from string import Formatter

from pydantic import ConfigDict

from leafprint.errors import ContentError, Problem
from leafprint.languages import profile
from leafprint.yamlsource import YamlDocument, load_yaml

from .formats import FORMATS
from .models import Strict, Text


class Labels(Strict):
    """``styles/base/labels/<lang>.yaml`` (a brand may override single labels).

    Besides these, each format names the labels it needs (:attr:`Format.labels`):
    ``format_<name>`` and, for the web edition's downloads, ``pdf_<name>``.
    """

    # the formats' labels are the extra ones; every name is checked by _read
    model_config = ConfigDict(extra="allow", frozen=True)
    __pydantic_extra__: dict[str, Text]

    contents: Text
    summary: Text
    key_points: Text
    contact: Text
    urgent: Text
    more_information: Text
    questions_to_ask: Text
    faq: Text
    references: Text
    last_reviewed: Text
    next_review: Text
    translation_updated: Text
    published: Text
    version: Text
    leaflet_code: Text
    page_x_of_y: Text
    translated_from: Text
    online_version: Text
    online_full_version: Text  # a short version's QR code
    large_print_edition: Text
    also_languages: Text
    also_formats: Text
    ask_other_format: Text
    edition: Text
    visiting_address: Text
    postal_address: Text
    other_formats: Text
    save_contact: Text
    from_abroad: Text
    note_space: Text
    email: Text
    website: Text
    feedback: Text
    draft: Text
    draft_notice: Text
    read_original: Text
    withdrawn_notice: Text
    review_notice: Text
    unapproved_notice: Text
    use_instead: Text
    moved: Text
    poster_heading: Text
    poster_available: Text
    poster_scan: Text
    choose_language: Text
    accessibility: Text
    accessibility_aim: Text
    accessibility_checked: Text
    accessibility_limits: Text
    accessibility_ask: Text
    change_log: Text
    approved_by: Text
    audience: Text
    other_formats_offer: Text
    in_this_language: Text  # "also in English", written in English, for the other languages
    ask_by_phone_email: Text
    ask_by_phone: Text
    ask_by_email: Text
    funding: Text
    no_funding: Text
    competing_interests: Text
    no_competing_interests: Text
    references_on_request: Text
    emergency: Text
    outdated_translation: Text
    skip_to_content: Text
    web_downloads: Text
    web_languages: Text
    general_edition: Text
    footnotes: Text
    call_now: Text
    owner: Text
    written_by: Text
    reviewed_by: Text

    def text(self, name: str) -> str:
        """Label *name* as written (a format's label too)."""
        return str(getattr(self, name))


def label_names() -> list[str]:
    """Every label a language file gives: the fixed ones and the formats' own."""
    return [*Labels.model_fields, *(name for fmt in FORMATS.values() for name in fmt.labels)]


# The {placeholders} each label may use; every other label is plain text.
PLACEHOLDERS = {
    "page_x_of_y": {"page", "pages"},
    "translated_from": {"language", "version"},
    "outdated_translation": {"language", "version"},
    "also_languages": {"languages"},
    "also_formats": {"formats"},
    "read_original": {"language"},
    "withdrawn_notice": {"date"},
    "review_notice": {"date"},
    "ask_by_phone_email": {"phone", "email"},
    "ask_by_phone": {"phone"},
    "ask_by_email": {"email"},
    "emergency": {"number"},
}


def load_labels(folders: list[Path], language: str, fallback: str) -> tuple[Labels, list[Problem]]:
    """Labels for *language*, completed from *fallback*; warnings name what was missing.

    *folders* are searched in order (brand first, then base); the first file found
    for a language wins key by key.
    """
    wanted = _merged(folders, language)
    base = _merged(folders, fallback)
    names = label_names()
    missing = [name for name in names if name not in wanted]
    warnings: list[Problem] = []
    if missing:
        where = folders[-1] / f"{language}.yaml"
        listed = ", ".join(missing) if len(missing) < len(names) else "all labels"
        warnings.append(
            Problem.at(
                where,
                "labels",
                f"no interface labels for '{language}' ({listed}); using '{fallback}' instead",
            )
        )
    lacking = [name for name in missing if name not in base]
    if lacking:
        listed = ", ".join(lacking) if len(lacking) < len(names) else "all labels"
        raise ContentError(
            Problem.at(
                folders[-1] / f"{fallback}.yaml",
                "labels",
                f"no interface labels for '{language}' or its fallback '{fallback}' ({listed}): "
                f"add them to styles/base/labels/{fallback}.yaml",
            )
        )
    return Labels.model_validate({**base, **wanted}), warnings


def missing_labels(folders: list[Path], language: str) -> list[str]:
    """Names of the labels no file in *folders* gives for *language*."""
    found = _merged(folders, language)
    return [name for name in label_names() if name not in found]


def own_label(folders: list[Path], language: str, name: str) -> str | None:
    """Label *name* as written for *language* itself, without a fallback language's."""
    return _merged(folders, language).get(name)


def _merged(folders: list[Path], language: str) -> dict[str, str]:
    """The labels of *language* ('fr-BE': fr.yaml, then fr-BE.yaml for what differs)."""
    merged: dict[str, str] = {}
    for folder in reversed(folders):
        for tag in reversed(profile(language).tags):
            path = folder / f"{tag}.yaml"
            if path.is_file():
                merged.update(_read(path))
    return merged


def _read(path: Path) -> dict[str, str]:
    """One labels file: a mapping of known label names to texts with known placeholders."""
    stat = path.stat()
    return dict(_read_version(path, stat.st_mtime_ns, stat.st_size))


@functools.lru_cache(maxsize=64)
def _read_version(path: Path, mtime_ns: int, size: int) -> dict[str, str]:
    """One version of a labels file, read once."""
    document = load_yaml(path)
    data = document.data if document.data is not None else {}
    if not isinstance(data, dict):
        raise ContentError(document.problem((), "expected a mapping of label names to texts"))
    problems = [_check(document, key, value) for key, value in data.items()]
    found = [problem for problem in problems if problem is not None]
    if found:
        raise ContentError(found)
    return {str(key): str(value) for key, value in data.items()}


def _check(document: YamlDocument, key: object, value: object) -> Problem | None:
    name = str(key)
    if name not in label_names():
        close = difflib.get_close_matches(name, label_names(), n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        return document.problem((name,), f"unknown label '{name}'{hint}", key=True)
    if not isinstance(value, str | int | float) or isinstance(value, bool) or value == "":
        return document.problem((name,), "a label must be a text (put it in quotes)")
    allowed = PLACEHOLDERS.get(name, set())
    try:
        used = {field for _, field, _, _ in Formatter().parse(str(value)) if field is not None}
    except ValueError:
        return document.problem((name,), "a lone '{' or '}': write {{ or }} for a brace")
    wrong = sorted(used - allowed)
    if wrong:
        may = ", ".join(f"{{{p}}}" for p in sorted(allowed)) or "none"
        return document.problem(
            (name,), f"unknown placeholder {{{wrong[0]}}} (this label may use: {may})"
        )
    return None
