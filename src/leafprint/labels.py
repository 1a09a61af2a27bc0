"""Interface labels: the fixed words around the content, per language."""

from __future__ import annotations

from pathlib import Path

from pydantic import ConfigDict

from .errors import ContentError, Problem
from .models import Strict, Text
from .yamlsource import load_yaml


class Labels(Strict):
    """``styles/base/labels/<lang>.yaml`` (a brand may override single labels)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

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
    published: Text
    version: Text
    leaflet_code: Text
    page_x_of_y: Text
    translated_from: Text
    online_version: Text
    large_print_edition: Text
    also_languages: Text
    also_formats: Text
    ask_other_format: Text
    format_a4: Text
    format_a5: Text
    format_booklet: Text
    format_large_print: Text
    format_screen: Text
    format_press: Text
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
    call_now: Text
    owner: Text
    written_by: Text
    reviewed_by: Text


def load_labels(folders: list[Path], language: str, fallback: str) -> tuple[Labels, list[Problem]]:
    """Labels for *language*, completed from *fallback*; warnings name what was missing.

    *folders* are searched in order (brand first, then base); the first file found
    for a language wins key by key.
    """
    wanted = _merged(folders, language)
    base = _merged(folders, fallback)
    missing = [name for name in Labels.model_fields if name not in wanted]
    warnings: list[Problem] = []
    if missing:
        where = folders[-1] / f"{language}.yaml"
        listed = ", ".join(missing) if len(missing) < len(Labels.model_fields) else "all labels"
        warnings.append(
            Problem.at(
                where,
                "labels",
                f"no interface labels for '{language}' ({listed}); using '{fallback}' instead",
            )
        )
    return Labels(**{**base, **wanted}), warnings


def _merged(folders: list[Path], language: str) -> dict[str, str]:
    merged: dict[str, str] = {}
    for folder in reversed(folders):
        path = folder / f"{language}.yaml"
        if path.is_file():
            document = load_yaml(path)
            known = {k: v for k, v in (document.data or {}).items() if k in Labels.model_fields}
            unknown = set(document.data or {}) - set(known)
            if unknown:
                raise ContentError(
                    [document.problem((k,), f"unknown label '{k}'", key=True) for k in unknown]
                )
            merged.update({key: str(value) for key, value in known.items()})
    return merged
