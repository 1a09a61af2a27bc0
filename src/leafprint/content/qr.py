"""QR codes as inline SVG (segno), and the sizes they need in print: a symbol at least
20 mm across with modules of at least 0.5 mm, easy for older phones, and a quiet zone of
four modules on every side (ISO/IEC 18004)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from markupsafe import Markup

if TYPE_CHECKING:
    import segno

MIN_SYMBOL_MM = 20.0  # the symbol, without its quiet zone
MIN_MODULE_MM = 0.5
QUIET_ZONE = 4  # modules on each side


def _code(data: str) -> segno.QRCode:
    import segno  # imported when a code is made: a build with nothing new makes none

    return segno.make(data, error="m", micro=False)


def modules(data: str) -> int:
    """Modules across the symbol that holds *data*, without its quiet zone."""
    return int(_code(data).symbol_size(border=0)[0])


def print_size_mm(data: str) -> float:
    """The printed width (mm) a code for *data* needs, its quiet zone included."""
    count = modules(data)
    module_mm = max(MIN_MODULE_MM, MIN_SYMBOL_MM / count)
    return round(module_mm * (count + 2 * QUIET_ZONE), 1)


def qr_svg(data: str, title: str) -> Markup:
    """A QR code for *data* with its quiet zone.

    The SVG has no fixed size: the stylesheet sets it (at least 2 cm wide in print).
    """
    svg = _code(data).svg_inline(
        border=QUIET_ZONE, dark="#000000", light="#FFFFFF", omitsize=True, title=title
    )
    return Markup(svg)
