"""Accessibility and design: colour contrast, type size, QR code size (LP5xx).

These read the brand's stylesheets and colours, so ``leafprint check`` warns before
anything is built; the build's preflight then measures the laid-out pages themselves
(PF107–PF110), whatever rule set a colour or size.

Colours are read from the stylesheets a brand's leaflets use (the base CSS and
the brand's own), with ``var(--primary)`` and friends resolved to the brand's
colours. A rule's text colour is checked against its own background, or the page
background; a background without a text colour against the brand's text colour.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import tinycss2
import tinycss2.color3

from leafprint.content import qr
from leafprint.content.brands import Brand
from leafprint.content.formats import FORMATS
from leafprint.content.leaflets import Leaflet
from leafprint.content.qr import MIN_SYMBOL_MM, QUIET_ZONE
from leafprint.content.resolve import online_url
from leafprint.errors import Problem, display_path
from leafprint.layout import pagemeasure

from . import CheckContext, brand_problem

MIN_CONTRAST = pagemeasure.MIN_CONTRAST
MIN_BODY_PT = 12.0
BRAND_COLOURS = ("primary", "accent", "text", "tint", "background")
_MM = {"mm": 1.0, "cm": 10.0, "in": 25.4, "pt": 25.4 / 72, "px": 25.4 / 96, "pc": 25.4 / 6}


@dataclass(frozen=True)
class Declaration:
    path: Path
    selector: str
    name: str
    value: str
    line: int
    column: int


@dataclass(frozen=True)
class Colour:
    hex: str
    origin: str | None  # the brand colour it comes from ("primary"), if any


def stylesheets(brand: Brand) -> list[Path]:
    base = brand.folder.parent / "base"
    return [base / "leaflet.css", base / "print.css", brand.stylesheet]


def declarations(path: Path) -> tuple[Declaration, ...]:
    """Every declaration of the plain style rules in *path* (at-rules are skipped)."""
    if not path.is_file():
        return ()
    return _declarations(path, path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=32)
def _declarations(path: Path, mtime: int) -> tuple[Declaration, ...]:
    return tuple(_parse(path))


def _parse(path: Path) -> Iterator[Declaration]:
    rules = tinycss2.parse_stylesheet(
        path.read_text(encoding="utf-8"), skip_comments=True, skip_whitespace=True
    )
    for rule in rules:
        if rule.type != "qualified-rule":
            continue
        selector = tinycss2.serialize(rule.prelude).strip()
        for item in tinycss2.parse_declaration_list(rule.content, True, True):
            if item.type == "declaration":
                value = tinycss2.serialize(item.value).strip()
                yield Declaration(
                    path, selector, item.lower_name, value, item.source_line, item.source_column
                )


def contrast(first: str, second: str) -> float:
    """The WCAG contrast of two ``#RRGGBB`` colours."""
    return pagemeasure.contrast(_rgb(first), _rgb(second))


def _rgb(hex_colour: str) -> pagemeasure.Rgb:
    r, g, b = (int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return (r, g, b)


def greyscale(hex_colour: str) -> str:
    """The grey an office printer makes of a colour (Rec. 601 luma)."""
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    grey = round(0.299 * r + 0.587 * g + 0.114 * b)
    return f"#{grey:02X}{grey:02X}{grey:02X}"


class Palette:
    """Resolves CSS colour values (``var(--primary)``, ``#fff``, ``white``) to hex colours."""

    def __init__(self, brand: Brand, sheets: list[Path]) -> None:
        colours = brand.meta.colours
        self.variables: dict[str, str] = {n: getattr(colours, n) for n in BRAND_COLOURS}
        for sheet in sheets:
            for item in declarations(sheet):
                if item.name.startswith("--"):
                    self.variables[item.name[2:]] = item.value

    def resolve(self, value: str, origin: str | None = None, depth: int = 0) -> Colour | None:
        match = re.fullmatch(r"var\(\s*--([\w-]+)\s*(?:,\s*(.+))?\)", value.strip())
        if match and depth < 10:
            name, fallback = match.groups()
            if name in self.variables:
                own = name if name in BRAND_COLOURS else origin
                return self.resolve(self.variables[name], own, depth + 1)
            return self.resolve(fallback, origin, depth + 1) if fallback else None
        parsed = tinycss2.color3.parse_color(value.split()[0] if value.strip() else value)
        if parsed is None or isinstance(parsed, str) or parsed.alpha < 1:
            return None
        r, g, b = (round(c * 255) for c in (parsed.red, parsed.green, parsed.blue))
        return Colour(f"#{r:02X}{g:02X}{b:02X}", origin)


def colour_contrast(leaflet: Leaflet, brand: Brand, context: CheckContext) -> list[Problem]:
    sheets = stylesheets(brand)
    palette = Palette(brand, sheets)
    page = palette.resolve(brand.meta.colours.background, "background")
    text = palette.resolve(brand.meta.colours.text, "text")
    assert page is not None and text is not None  # brand colours are validated hex values
    problems: list[Problem] = []
    seen: set[tuple[str, str]] = set()
    for rule in _colour_rules(sheets):
        fg = palette.resolve(rule["color"].value) if "color" in rule else text
        background = rule.get("background-color") or rule.get("background")
        bg = palette.resolve(background.value) if background else page
        if fg is None or bg is None or (fg.hex, bg.hex) in seen:
            continue
        seen.add((fg.hex, bg.hex))
        where = rule.get("color") or background
        assert where is not None
        problems += _pair(brand, fg, bg, where)
    return problems


def _colour_rules(sheets: list[Path]) -> Iterator[dict[str, Declaration]]:
    names = {"color", "background", "background-color"}
    for sheet in sheets:
        rules: dict[tuple[str, int], dict[str, Declaration]] = {}
        for item in declarations(sheet):
            decorative = "::" in item.selector or "watermark" in item.selector
            if item.name in names and not decorative:
                rules.setdefault((item.selector, 0), {})[item.name] = item
        yield from rules.values()


def _pair(brand: Brand, fg: Colour, bg: Colour, where: Declaration) -> list[Problem]:
    problems = []
    for code, first, second, how in (
        ("LP501", fg.hex, bg.hex, ""),
        ("LP502", greyscale(fg.hex), greyscale(bg.hex), " when printed in greyscale"),
    ):
        ratio = contrast(first, second)
        if ratio >= MIN_CONTRAST:
            continue
        message = (
            f"text {_name(fg)} on {_name(bg)} has a contrast of {ratio:.1f}:1{how}; "
            f"at least {MIN_CONTRAST}:1 is needed ({where.selector} in "
            f"{display_path(where.path)})"
        )
        origin = fg.origin or bg.origin
        if origin and origin in BRAND_COLOURS:
            problems.append(brand_problem(brand, ("colours", origin), message, code))
        else:
            problems.append(
                Problem.at(where.path, where.name, message, where.line, where.column, code=code)
            )
        break  # the greyscale check only adds something when the colours pass
    return problems


def _name(colour: Colour) -> str:
    return f"{colour.hex} (colours.{colour.origin})" if colour.origin else colour.hex


def body_size(leaflet: Leaflet, brand: Brand, context: CheckContext) -> list[Problem]:
    problems = []
    if brand.meta.body_size_pt < MIN_BODY_PT:
        problems.append(
            brand_problem(
                brand,
                ("body_size_pt",),
                f"body text of {brand.meta.body_size_pt:g} pt is too small; at least 12 pt",
                "LP503",
            )
        )
    for item in declarations(brand.stylesheet):
        size = _length_mm(item.value) if item.name == "font-size" else None
        if size is not None and re.search(r"(^|[\s,])(body|p|li)\b", item.selector):
            points = size / _MM["pt"]
            if points < MIN_BODY_PT - 0.01:
                problems.append(
                    Problem.at(
                        item.path,
                        "font-size",
                        f"{item.selector} sets body text at {points:.1f} pt; at least 12 pt",
                        item.line,
                        item.column,
                        code="LP503",
                    )
                )
    return problems


def _length_mm(value: str) -> float | None:
    match = re.fullmatch(r"([\d.]+)(mm|cm|in|pt|px|pc)", value.strip())
    return float(match.group(1)) * _MM[match.group(2)] if match else None


def qr_size(leaflet: Leaflet, brand: Brand, context: CheckContext) -> list[Problem]:
    """The printed QR symbol (without its quiet zone) is at least 20 mm across."""
    # large print sets its code larger; the check reads the size the other formats print
    larger = [name for name, fmt in FORMATS.items() if fmt.large_print]
    widths = [
        item
        for sheet in stylesheets(brand)
        for item in declarations(sheet)
        if item.name == "width"
        and ".qr-code" in item.selector
        and not any(f".format-{name}" in item.selector for name in larger)
        and _length_mm(item.value) is not None
    ]
    if not widths:
        return []
    item = widths[-1]
    width = _length_mm(item.value) or 0.0
    longest = max((online_url(leaflet, brand, lang) for lang in leaflet.versions), key=len)
    modules = qr.modules(longest)
    symbol = width * modules / (modules + 2 * QUIET_ZONE)
    if symbol >= MIN_SYMBOL_MM:
        return []
    return [
        Problem.at(
            item.path,
            "width",
            f"the QR code to {longest} prints {symbol:.1f} mm wide ({item.value} with its "
            f"quiet zone); at least {MIN_SYMBOL_MM:g} mm, so at least "
            f"{MIN_SYMBOL_MM * (modules + 2 * QUIET_ZONE) / modules:.0f}mm here",
            item.line,
            item.column,
            code="LP504",
        )
    ]


RULES = [colour_contrast, body_size, qr_size]
