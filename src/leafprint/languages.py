"""What leafprint knows about a language tag, in one place: :func:`profile`.

A :class:`LanguageProfile` answers everything the build asks of a language: its base
language, region and script, its reading direction, its babel and CSL locales, its
quotes and spacing, its hyphenation dictionary, its readability formula, target and
syllable rules, and the brand font and size its script needs. Most of it comes from
CLDR (through babel); :data:`KNOWN` holds only what CLDR does not say.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib.util import find_spec
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.core import get_global

NBSP = "\u00a0"
Quotes = tuple[str, str, str, str]  # opening and closing double, then single quotes
ENGLISH_QUOTES: Quotes = ("“", "”", "‘", "’")
GUILLEMETS: Quotes = ("«", "»", "‹", "›")


@dataclass(frozen=True)
class Known:
    """What CLDR does not say about a language; anything left out has a default."""

    quotes: Quotes | None = None  # None: the script's default (see SCRIPT_QUOTES)
    space_before_marks: bool = False  # a no-break space before : ; ! ? and inside « »
    region: str | None = None  # where its leaflets are read, when not CLDR's likely region
    formula: str = "LIX"  # the readability formula's name (formulas.FORMULAS)
    target: float | None = None  # the default readability target; None: no verdict
    syllables: str = "generic"  # the syllable rules (syllables.py)


# Readability defaults from the standards research: Flesch-type scores of at least 70
# (en reading age 9–11, nl taalniveau B1, fr, de), LIX of at most 35 ("let") for the
# Nordic languages. Other languages have no validated target.
_NORDIC = Known(target=35, syllables="danish")
KNOWN: dict[str, Known] = {
    # Leaflets are written for European readers: English dates as "10 February 2026".
    "en": Known(region="GB", formula="Flesch Reading Ease", target=70, syllables="en"),
    "nl": Known(formula="Flesch–Douma", target=70, syllables="nl"),
    "fr": Known(
        quotes=("«" + NBSP, NBSP + "»", "‹" + NBSP, NBSP + "›"),
        space_before_marks=True,
        formula="Kandel–Moles",
        target=70,
        syllables="fr",
    ),
    "de": Known(quotes=("„", "“", "‚", "‘"), formula="Amstad", target=70, syllables="de"),
    "da": Known(quotes=("»", "«", "›", "‹"), target=35, syllables="danish"),
    "sv": _NORDIC,
    "nb": _NORDIC,
    "nn": _NORDIC,
    "no": _NORDIC,
}
# Quotes by script where a language has none of its own listed.
SCRIPT_QUOTES: dict[str, Quotes] = {"Arab": GUILLEMETS}
# Naskh has a small x-height: Arabic-script text at 1.125 × the Latin size (13.5 pt for 12).
SCRIPT_SIZES: dict[str, float] = {"Arab": 1.125}
# Scripts written without spaces between words: no word count, so no readability score.
UNSPACED_SCRIPTS = {"Hans", "Hant", "Jpan", "Thai", "Laoo", "Khmr", "Mymr", "Tibt"}
FALLBACK_CSL_LOCALE = "en-GB"


@dataclass(frozen=True)
class LanguageProfile:
    """One language tag ('nl', 'pt-BR', 'ar') and everything the build needs to know of it."""

    tag: str  # as written in the leaflet: 'pt-BR'
    language: str  # the base language: 'pt'
    region: str | None  # the tag's region, else where the language is most likely read
    script: str  # ISO 15924: 'Latn', 'Arab'
    direction: str  # 'ltr' or 'rtl'
    locale: Locale = field(compare=False)  # babel's; English when babel has none
    known: Known = field(compare=False)

    @property
    def tags(self) -> tuple[str, ...]:
        """Tags to look a text or file up by, most specific first: ('fr-BE', 'fr')."""
        return tuple(dict.fromkeys((self.tag, self.language)))

    @property
    def quotes(self) -> Quotes:
        return self.known.quotes or SCRIPT_QUOTES.get(self.script, ENGLISH_QUOTES)

    @property
    def space_before_marks(self) -> bool:
        """Whether ``: ; ! ?`` take a no-break space before them (French)."""
        return self.known.space_before_marks

    @property
    def syllables(self) -> str:
        return self.known.syllables

    @property
    def formula(self) -> str | None:
        """The readability formula's name; None for scripts without spaces between words."""
        return None if self.script in UNSPACED_SCRIPTS else self.known.formula

    @property
    def target(self) -> float | None:
        return self.known.target

    @property
    def size_factor(self) -> float:
        """The body size as a factor of the Latin size (1.125 for Naskh)."""
        return SCRIPT_SIZES.get(self.script, 1.0)

    @cached_property
    def csl_locale(self) -> str:
        """The CSL locale citeproc formats references with: 'pt-BR', 'fr-FR', 'ar'."""
        folder = _csl_locales()
        home = self.known.region or _likely(self.language)[1]
        own, script = self.language, self.script
        candidates = (self.tag, f"{own}-{script}-{self.region}", f"{own}-{self.region}")
        for candidate in (*candidates, f"{own}-{home}", own):
            if (folder / f"locales-{candidate}.xml").is_file():
                return candidate
        others = sorted(folder.glob(f"locales-{self.language}-*.xml"))
        return others[0].stem.removeprefix("locales-") if others else FALLBACK_CSL_LOCALE

    @cached_property
    def hyphenation(self) -> str | None:
        """The hyphenation dictionary WeasyPrint uses (pyphen's), or None: no hyphens."""
        import pyphen

        found: str | None = pyphen.language_fallback(self.tag.replace("-", "_"))
        return found

    def script_font(self, fonts: Mapping[str, str]) -> str | None:
        """The brand's font for this language from *fonts* (brand.yaml ``fonts.scripts``),
        keyed by its tag, its base language, its script ('Arab'), or another language
        written in the same script (a brand's ``ar`` font serves Persian and Urdu)."""
        for key in (*self.tags, self.script):
            if key in fonts:
                return fonts[key]
        same = [key for key in fonts if key[:1].islower() and profile(key).script == self.script]
        return fonts[same[0]] if same and self.script != "Latn" else None


@cache
def profile(tag: str) -> LanguageProfile:
    """The profile of a BCP 47 tag ('nl', 'pt-BR', 'sr-Latn')."""
    parts = tag.replace("_", "-").split("-")
    language = parts[0].lower()
    known = KNOWN.get(language, Known())
    script = next((p.title() for p in parts[1:] if len(p) == 4 and p.isalpha()), None)
    region = next((p.upper() for p in parts[1:] if len(p) == 2 or p.isdigit()), None)
    likely_script, likely_region = _likely(language)
    script = script or likely_script
    region = region or known.region or likely_region
    name = "_".join(parts) if len(parts) > 1 else "_".join(filter(None, (language, known.region)))
    locale = _locale(name)
    return LanguageProfile(
        tag=tag,
        language=language,
        region=region,
        script=script,
        direction="rtl" if locale.character_order == "right-to-left" else "ltr",
        locale=locale,
        known=known,
    )


def _locale(name: str) -> Locale:
    """babel's locale for *name* ('pt_BR', 'en_GB' for a bare 'en'), else for its language;
    English when babel has neither."""
    for candidate in (name, name.split("_")[0]):
        try:
            return Locale.parse(candidate)
        except (UnknownLocaleError, ValueError):
            continue
    return Locale.parse("en")


def _likely(language: str) -> tuple[str, str | None]:
    """CLDR's likely script and region of a base language: 'pt' → ('Latn', 'BR')."""
    parts = get_global("likely_subtags").get(language, "").split("_")[1:]
    script = next((part for part in parts if len(part) == 4), "Latn")
    return script, next((part for part in parts if len(part) != 4), None)


@cache
def _csl_locales() -> Path:
    """citeproc-py's folder of CSL locales, found without importing citeproc."""
    spec = find_spec("citeproc")
    assert spec is not None and spec.origin is not None, "citeproc-py is a dependency"
    return Path(spec.origin).parent / "data" / "locales"


def direction(language: str) -> str:
    """'rtl' for right-to-left scripts, otherwise 'ltr'."""
    return profile(language).direction


def locale_for(language: str) -> Locale:
    """The babel locale of a BCP 47 tag ('nl', 'pt-BR'), English when babel has none."""
    return profile(language).locale


def language_name(code: str, in_language: str) -> str:
    """The name of language *code* as written in *in_language* ("Dutch", "nederlandsk")."""
    return locale_for(in_language).languages.get(profile(code).language) or code


def reader_country(language: str) -> str | None:
    """The country a language is most likely read in: 'nl' → 'NL', 'da' → 'DK'."""
    return profile(language).region
