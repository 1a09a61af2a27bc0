"""Thumbnails of a PDF's first page (pypdfium2), for the catalog page."""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2

from .write import write_atomic

WIDTH_PX = 320  # twice the width the catalog shows, for sharp high-density screens


def thumbnail(pdf: Path, target: Path, width: int = WIDTH_PX) -> Path:
    """Render the first page of *pdf* as a PNG *width* pixels wide, unless *target*
    is newer than *pdf* already."""
    if target.is_file() and target.stat().st_mtime >= pdf.stat().st_mtime:
        return target
    document = pypdfium2.PdfDocument(pdf)
    try:
        page = document[0]
        bitmap = page.render(scale=width / page.get_width(), may_draw_forms=False)
        image = bitmap.to_pil()
        buffer = io.BytesIO()
        image.save(buffer, format="PNG", optimize=True)
    finally:
        document.close()
    write_atomic(target, buffer.getvalue())
    return target
