"""What a laid-out page shows: colours as painted, contrast, and QR code geometry.

The preflight measures WeasyPrint's boxes with these, not the CSS rules that made them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from leafprint.content.qr import QUIET_ZONE

from . import weasy

NOTES_PAGE = "notes"  # the named page of the template's notes pages, which pad to whole sheets


def is_notes_page(page: Any) -> bool:
    """Whether *page* (of a laid-out document) is one of the template's notes pages."""
    return bool(weasy.page_box(page).page_type.name == NOTES_PAGE)


def text_pages(document: Any) -> int:
    """The pages of *document* that are not notes pages."""
    return sum(not is_notes_page(page) for page in document.pages)


Rgb = tuple[float, float, float]  # sRGB channels from 0 to 1
WHITE: Rgb = (1.0, 1.0, 1.0)
MIN_CONTRAST = 4.5  # WCAG 1.4.3 for normal text
MIN_CONTRAST_LARGE = 3.0  # for large text
LARGE_PX = 24.0  # 18 pt
LARGE_BOLD_PX = 18.66  # 14 pt, bold
MM_PER_PX = 25.4 / 96


def rgba(color: Any) -> tuple[Rgb, float]:
    """The sRGB channels and alpha of a tinycss2 colour from a computed style."""
    if getattr(color, "space", "") == "device-cmyk":
        c, m, y, k = (float(v) for v in color.coordinates[:4])
        return ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k)), float(color.alpha)
    r, g, b, alpha = (min(1.0, max(0.0, float(v))) for v in color.to("srgb"))
    return (r, g, b), alpha


def over(top: Rgb, alpha: float, below: Rgb) -> Rgb:
    """*top* painted with *alpha* over *below*."""
    r, g, b = (alpha * t + (1 - alpha) * u for t, u in zip(top, below, strict=True))
    return (r, g, b)


def luminance(colour: Rgb) -> float:
    """WCAG relative luminance."""

    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: Rgb, second: Rgb) -> float:
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def hex_colour(colour: Rgb) -> str:
    return "#" + "".join(f"{round(v * 255):02X}" for v in colour)


def is_large(style: Any) -> bool:
    """Large text in the WCAG sense: 18 pt, or 14 pt bold."""
    size = float(style["font_size"])
    return size >= LARGE_PX - 0.01 or (size >= LARGE_BOLD_PX - 0.01 and style["font_weight"] >= 700)


def painted_behind(box: Any, below: Rgb | None) -> Rgb | None:
    """The colour behind a box's content: its own background colour over what is *below*
    it; None when an image or gradient is painted there (its colour is not known)."""
    background = getattr(box, "background", None)
    if background is None:
        return below
    if any(layer.image is not None for layer in background.layers):
        return None
    colour, alpha = rgba(background.color)
    if alpha == 0:
        return below
    if alpha == 1:
        return colour
    return None if below is None else over(colour, alpha, below)


def page_colour(page_box: Any) -> Rgb | None:
    """The paper as painted: the root element's background, else the page's, else white."""
    for background in (getattr(page_box, "canvas_background", None), page_box.background):
        if background is None:
            continue
        if any(layer.image is not None for layer in background.layers):
            return None
        colour, alpha = rgba(background.color)
        if alpha > 0:
            return over(colour, alpha, WHITE)
    return WHITE


@dataclass(frozen=True)
class QrPrint:
    """How large a QR code is printed."""

    symbol_mm: float  # the symbol without its quiet zone
    module_mm: float
    modules: int


def qr_print(box: Any) -> QrPrint | None:
    """The printed size of a QR code drawn by a laid-out inline SVG *box* (its viewBox
    counts modules, quiet zone included)."""
    view = (box.element.get("viewBox") or "").split()
    if len(view) != 4:
        return None
    total = float(view[2])
    modules = round(total) - 2 * QUIET_ZONE
    drawn = min(box.width, box.height) * MM_PER_PX
    if modules <= 0 or drawn <= 0:
        return None
    module = drawn / total
    return QrPrint(module * modules, module, modules)
