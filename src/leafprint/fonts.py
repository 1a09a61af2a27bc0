"""Font checks: every character of a leaflet must be shown by one of the brand's fonts.

WeasyPrint silently falls back to any installed font (or draws an empty box) for a
character the brand fonts lack. Before rendering, the text is checked against the
character maps of the brand's font files as fontconfig finds them; after rendering,
the embedded fonts are compared with the brand's.
"""

from __future__ import annotations

import html
import io
import re
import subprocess
import unicodedata
from collections.abc import Iterable
from functools import cache

from pypdf import PdfReader


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


def embedded_families(pdf: bytes) -> set[str]:
    """Family names of the fonts embedded in *pdf*, without subset prefixes and styles."""
    reader = PdfReader(io.BytesIO(pdf))
    names: set[str] = set()
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            base = str(font.get_object().get("/BaseFont", ""))
            names.add(_family(base))
    return names - {""}


def _family(base_font: str) -> str:
    name = base_font.lstrip("/").split("+")[-1]
    name = re.sub(r"-(Bold|Italic|BoldItalic|Regular|Medium|SemiBold|Light)$", "", name)
    return name.replace("-", " ").lower()
