"""Font checks: every character of a leaflet must be shown by one of the brand's fonts.

WeasyPrint silently falls back to any installed font (or draws an empty box) for a
character the brand fonts lack. Before rendering, the text is checked against the
character maps of the brand's font files as fontconfig finds them; after rendering,
the fonts the laid-out document uses are compared with the brand's.
"""

from __future__ import annotations

import html
import re
import subprocess
import unicodedata
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from leafprint.content.models import Fonts
from leafprint.errors import Problem
from leafprint.languages import profile


def brand_families(fonts: Fonts, language: str) -> list[str]:
    """The brand's font families in the order the stylesheet tries them for *language*:
    the language's script font first, then the body and heading fonts, then the other
    script fonts (every one of them is in the CSS font stack, see html.page_css)."""
    script = profile(language).script_font(fonts.scripts)
    families = (script, fonts.body, fonts.headings, *fonts.scripts.values())
    return list(dict.fromkeys(family for family in families if family))


def check_text(
    document: str, fonts: Fonts, language: str, where: str, source: Path
) -> list[Problem]:
    """Warnings, before rendering, for a brand font that is not installed and for every
    character of *document* that no brand font can show (WeasyPrint would silently use
    another font or draw an empty box). *where* names the leaflet and language."""
    families = brand_families(fonts, language)
    problems = [
        Problem.at(source, "(fonts)", f"brand font '{family}' is not installed")
        for family in missing_fonts(families)
    ]
    problems += [
        Problem.at(source, "(fonts)", f"no brand font can show {character} in {where}")
        for character in uncovered_characters(visible_text(document), families)
    ]
    return problems


def ltr_alias(family: str) -> str:
    """The name under which right-to-left pages use *family* for left-to-right runs.

    A font used both ways draws a bracket of right-to-left text with the glyph of its
    mirror, and WeasyPrint maps each glyph to the first character drawn with it: copied
    from a Latin run, "(8)" would read ")8(". Under another name, the same font file is
    another PDF font with a mapping of its own.
    """
    return f"{family} LTR"


def check_families(families: set[str], fonts: Fonts, where: str, source: Path) -> list[Problem]:
    """Warnings, after rendering, for every font *families* used that is not a brand font."""
    brand = (fonts.body, fonts.headings, *fonts.scripts.values())
    allowed = {family.lower() for family in (*brand, ltr_alias(fonts.body))}
    return [
        Problem.at(source, "(fonts)", f"the PDF uses the fallback font '{family}' in {where}")
        for family in sorted({family.lower() for family in families} - allowed)
    ]


@cache
def _listed() -> tuple[tuple[frozenset[str], str], ...]:
    """The family names (lower case) and file of every font fontconfig knows."""
    try:
        listed = subprocess.run(
            ["fc-list", "--format", "%{family}\t%{file}\n"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return ()
    rows = (line.rpartition("\t") for line in listed.splitlines() if "\t" in line)
    return tuple(
        (frozenset(name.strip().lower() for name in names.split(",")), file)
        for names, _, file in rows
    )


@cache
def installed_font_files() -> frozenset[str]:
    """The font files fontconfig knows (resolved paths)."""
    return frozenset(str(Path(file).resolve()) for _, file in _listed())


def family_files(families: Iterable[str]) -> list[str]:
    """Every installed file of *families*, in any weight or style: what a change of the
    fonts a PDF is set in shows in (one fontconfig listing, not a match per family)."""
    wanted = {family.lower() for family in families}
    return sorted({file for names, file in _listed() if names & wanted})


@cache
def font_file(family: str, bold: bool = False) -> str | None:
    """The file fontconfig uses for *family*, or None when it would substitute another."""
    pattern = f"{family}:weight={'bold' if bold else 'regular'}"
    try:
        found = subprocess.run(
            ["fc-match", "-f", "%{family}\n%{file}", pattern],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split("\n")
    except (OSError, subprocess.CalledProcessError):
        return None
    families = {name.strip().lower() for name in found[0].split(",")}
    return found[1] if family.lower() in families and len(found) > 1 else None


@cache
def _coverage(path: str) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True, fontNumber=0) as font:
        return frozenset(font.getBestCmap() or {})


def missing_fonts(families: Iterable[str]) -> list[str]:
    """Brand font families that are not installed."""
    return [family for family in families if font_file(family) is None]


def uncovered_characters(text: str, families: Iterable[str]) -> list[str]:
    """Characters of *text* that none of *families* can show, as readable names."""
    covered: set[int] = set()
    for family in families:
        path = font_file(family)
        if path:
            covered |= _coverage(path)
    found = sorted({c for c in text if _printable(c) and ord(c) not in covered})
    return [f"U+{ord(c):04X} {unicodedata.name(c, 'UNNAMED')} ('{c}')" for c in found]


def _printable(character: str) -> bool:
    return unicodedata.category(character)[0] not in {"C", "Z"}


def visible_text(document: str) -> str:
    """The text a reader sees in an HTML document (no styles, scripts or SVG code)."""
    document = re.sub(r"<(style|svg|title)\b.*?</\1>", " ", document, flags=re.S | re.I)
    document = re.sub(r"<head\b.*?</head>", " ", document, flags=re.S | re.I)
    return html.unescape(re.sub(r"<[^>]+>", " ", document))
