"""Pictures of PDF pages (pypdfium2): the catalog's thumbnails, the preview's pages."""

from __future__ import annotations

import functools
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


def page_sizes(pdf: Path) -> list[tuple[float, float]]:
    """The width and height (points) of every page of *pdf*."""
    return _page_sizes(pdf, pdf.stat().st_mtime_ns)


@functools.lru_cache(maxsize=32)
def _page_sizes(pdf: Path, mtime: int) -> list[tuple[float, float]]:
    document = pypdfium2.PdfDocument(pdf)
    try:
        return [(page.get_width(), page.get_height()) for page in document]
    finally:
        document.close()


def page_png(pdf: Path, index: int, width: int) -> bytes:
    """Page *index* (from 0) of *pdf* as a PNG *width* pixels wide."""
    return _page_png(pdf, pdf.stat().st_mtime_ns, index, width)


@functools.lru_cache(maxsize=64)
def _page_png(pdf: Path, mtime: int, index: int, width: int) -> bytes:
    document = pypdfium2.PdfDocument(pdf)
    try:
        page = document[index]
        bitmap = page.render(scale=width / page.get_width(), may_draw_forms=False)
        buffer = io.BytesIO()
        bitmap.to_pil().save(buffer, format="PNG")
    finally:
        document.close()
    return buffer.getvalue()
