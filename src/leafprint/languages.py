"""What leafprint knows about a language tag: its babel locale, its reading direction,
the country it is most likely read in, and language names in another language."""

from __future__ import annotations

from babel import Locale, UnknownLocaleError
from babel.core import get_global

RTL_LANGUAGES = {"ar", "fa", "he", "ur", "ps", "yi", "ckb", "dv"}

# Leaflets are written for European readers: English dates as "10 February 2026".
_DEFAULT_REGIONS = {"en": "en_GB"}


def locale_for(language: str) -> Locale:
    """The babel locale of a BCP 47 tag ('nl', 'pt-BR'), English when babel has none."""
    try:
        return Locale.parse(_DEFAULT_REGIONS.get(language, language.replace("-", "_")))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


def direction(language: str) -> str:
    """'rtl' for right-to-left scripts, otherwise 'ltr'."""
    return "rtl" if language.split("-")[0] in RTL_LANGUAGES else "ltr"


def language_name(code: str, in_language: str) -> str:
    """The name of language *code* as written in *in_language* ("Dutch", "nederlandsk")."""
    name = locale_for(in_language).languages.get(code.split("-")[0])
    return name or code


def reader_country(language: str) -> str | None:
    """The country a language is most likely read in: 'nl' → 'NL', 'da' → 'DK'."""
    parts = language.replace("-", "_").split("_")
    if len(parts) > 1 and parts[-1].isupper():
        return parts[-1]
    likely = get_global("likely_subtags").get(parts[0], "")
    return likely.split("_")[-1] if likely else None
