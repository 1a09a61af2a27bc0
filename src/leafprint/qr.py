"""QR codes as inline SVG (segno): to the online version of a leaflet."""

from __future__ import annotations

import segno
from markupsafe import Markup


def qr_svg(data: str, title: str) -> Markup:
    """A QR code for *data* with the standard quiet zone of 4 modules.

    The SVG has no fixed size: the stylesheet sets it (at least 2 cm wide in print).
    """
    code = segno.make(data, error="m", micro=False)
    svg = code.svg_inline(border=4, dark="#000000", light="#FFFFFF", omitsize=True, title=title)
    return Markup(svg)
