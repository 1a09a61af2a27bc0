"""The reference list: citeproc-py formats the cited references with the project's
Vancouver CSL style in the leaflet's language, as linked HTML entries whose own texts keep
their own language."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup

from leafprint.languages import profile

from .typography import linkify

STYLE_FILE = Path(__file__).resolve().parent / "csl" / "vancouver.csl"  # package data


@dataclass(frozen=True)
class BibliographyEntry:
    number: int
    key: str
    html: Markup
    language: str = ""  # the language the entry is written in (its dates, its terms)


def format_references(items: list[dict[str, Any]], language: str) -> list[str]:
    """Plain-text Vancouver entries for *items*, in the given order."""
    from citeproc import (
        Citation,
        CitationItem,
        CitationStylesBibliography,
        CitationStylesStyle,
        formatter,
    )
    from citeproc.source.json import CiteProcJSON

    style = CitationStylesStyle(
        str(STYLE_FILE), locale=profile(language).csl_locale, validate=False
    )
    bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    return [_tidy(str(entry)) for entry in bibliography.bibliography()]


# Citing Medicine abbreviates every month to three letters ("Jun", "Jul", "Sep").
_ENGLISH_MONTHS = re.compile(r"\b(June|July|Sept)\b")


def _tidy(text: str) -> str:
    """Repair what citeproc-py gets wrong: doubled punctuation and spacing."""
    text = _ENGLISH_MONTHS.sub(lambda m: m.group(1)[:3], text)
    text = re.sub(r"\.\.(?!\.)", ".", text)
    text = re.sub(r"\s+([.,;:])", r"\1", text)
    return re.sub(r"\s{2,}", " ", text).strip()


# Fields whose text is the reference's own (not a term of the citation style).
OWN_FIELDS = ("title", "container-title", "container-title-short", "publisher")


def _own_language(entry: str, item: dict[str, Any], language: str) -> str:
    """*entry* (HTML) with the reference's own texts (its title, journal) marked with their
    language (CSL ``language``, English when not given) where the entry is formatted in
    another, so that they keep their own typography (no French space before a colon)."""
    own = str(item.get("language") or "en")
    if profile(own).language == profile(language).language:
        return entry
    for name in OWN_FIELDS:
        text = html.escape(str(item.get(name) or ""), quote=False)
        if text and text in entry and f">{text}<" not in entry:
            entry = entry.replace(text, f'<span lang="{html.escape(own)}">{text}</span>', 1)
    return entry


def entry_html(text: str, item: dict[str, Any], language: str) -> Markup:
    """A formatted entry as HTML: its DOI and web address linked, its own texts (title,
    journal) marked with their language."""
    return Markup(_own_language(str(linkify(text, reference=True)), item, language))
