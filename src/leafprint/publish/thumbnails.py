"""Pictures of PDF pages (pypdfium2): the catalog's thumbnails, the preview's pages.

PDFium must never be called from two threads at once, not even for two documents
(the preview server draws pages in request threads while its builder draws
thumbnails): every use holds :data:`PDFIUM`, and every PDFium object is closed
before it is released, so no finaliser calls PDFium later from another thread.
"""

from __future__ import annotations

import functools
import io
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from leafprint.timings import span
from leafprint.write import write_atomic

if TYPE_CHECKING:
    import pypdfium2

WIDTH_PX = 320  # twice the width the catalog shows, for sharp high-density screens
PDFIUM = threading.Lock()


def thumbnail(pdf: Path, target: Path, width: int = WIDTH_PX) -> Path:
    """Render the first page of *pdf* as a PNG *width* pixels wide, unless *target*
    is newer than *pdf* already."""
    with span("thumbnails"):
        if target.is_file() and target.stat().st_mtime >= pdf.stat().st_mtime:
            return target
        write_atomic(target, _png(pdf, 0, width, optimize=True))
        return target


def page_sizes(pdf: Path) -> list[tuple[float, float]]:
    """The width and height (points) of every page of *pdf*."""
    return _page_sizes(pdf, pdf.stat().st_mtime_ns)


@functools.lru_cache(maxsize=32)
def _page_sizes(pdf: Path, mtime: int) -> list[tuple[float, float]]:
    with PDFIUM:
        document = _open(pdf)
        try:
            sizes = []
            for index in range(len(document)):
                page = document[index]
                sizes.append((page.get_width(), page.get_height()))
                page.close()
            return sizes
        finally:
            document.close()


def page_png(pdf: Path, index: int, width: int) -> bytes:
    """Page *index* (from 0) of *pdf* as a PNG *width* pixels wide."""
    return _page_png(pdf, pdf.stat().st_mtime_ns, index, width)


@functools.lru_cache(maxsize=64)
def _page_png(pdf: Path, mtime: int, index: int, width: int) -> bytes:
    return _png(pdf, index, width)


def _png(pdf: Path, index: int, width: int, optimize: bool = False) -> bytes:
    """Page *index* of *pdf* drawn *width* pixels wide, as PNG bytes."""
    with PDFIUM:
        document = _open(pdf)
        try:
            page = document[index]
            bitmap = page.render(scale=width / page.get_width(), may_draw_forms=False)
            image = bitmap.to_pil().copy()  # its own pixels: the bitmap is closed next
            bitmap.close()
            page.close()
        finally:
            document.close()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=optimize)
    return buffer.getvalue()


def _open(pdf: Path) -> pypdfium2.PdfDocument:
    import pypdfium2  # imported when a page is drawn: a build with nothing new draws none

    return pypdfium2.PdfDocument(pdf)
