"""Every use of WeasyPrint's and pypdf's private objects, in one place.

leafprint needs a few things that neither library offers publicly: the laid-out page
(preflight, balancing, booklets), reproducible document IDs, languages in the structure
tree, and a PDF's Info dictionary with its names kept. Each function here names the private
object it reaches for; ``tests/test_weasy.py`` checks that each still has the shape used,
so an upgrade that changes one fails there, not deep inside a build. The versions they
were tested with are pinned in ``pyproject.toml``.
"""

from __future__ import annotations

import sys
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pypdf is imported by what writes PDFs, not by what only reads pages
    from pypdf import PdfWriter
    from pypdf.generic import DictionaryObject


def page_box(page: Any) -> Any:
    """The laid-out page box of a rendered WeasyPrint page (``Page._page_box``)."""
    return page._page_box


def placed_box(box: Any) -> Any:
    """The box an absolutely positioned box's placeholder stands for
    (``AbsolutePlaceholder._box``); any other box itself."""
    return getattr(box, "_box", box)


@contextmanager
def stable_document_id(seed: str) -> Iterator[None]:
    """Make WeasyPrint's XMP DocumentID (PDF/X-4) a function of *seed* instead of random
    (``weasyprint.pdf.metadata.uuid4``)."""
    from weasyprint.pdf import metadata

    original = metadata.uuid4
    metadata.uuid4 = lambda: uuid.uuid5(uuid.NAMESPACE_URL, seed)
    try:
        yield
    finally:
        metadata.uuid4 = original


@contextmanager
def tagged_languages(language_of: Callable[[Any], str | None]) -> Iterator[None]:
    """While WeasyPrint writes a tagged PDF, give the structure elements made for a box
    ``/Lang`` *language_of(box)*, unless a box inside it gave them one
    (``weasyprint.pdf.tags._build_box_tree``, which yields the elements of a box and of
    the boxes inside it)."""
    from weasyprint.pdf import tags

    original = tags._build_box_tree

    def build(box: Any, *args: Any) -> Iterator[Any]:
        language = language_of(box)
        for element in original(box, *args):
            if language and "Lang" not in element:
                element["Lang"] = tags.pydyf.String(language)
            yield element

    tags._build_box_tree = build
    try:
        yield
    finally:
        tags._build_box_tree = original


def unknown_glyphs(box: Any) -> list[int]:
    """Code points Pango could not find a glyph for in a laid-out text box (WeasyPrint's
    ``pango_layout`` of the box and its ``weasyprint.text.ffi`` bindings)."""
    from weasyprint.text.ffi import ffi, pango

    layout = getattr(box, "pango_layout", None)
    if layout is None:
        return []
    layout.reactivate(box.style)  # WeasyPrint frees the Pango layout after line breaking
    line, _ = layout.get_first_line()
    found = []
    run = line.runs
    while run != ffi.NULL:
        glyphs = run.data.glyphs
        for index in range(glyphs.num_glyphs):
            glyph = glyphs.glyphs[index].glyph
            if glyph & pango.PANGO_GLYPH_UNKNOWN_FLAG and glyph != pango.PANGO_GLYPH_EMPTY:
                found.append(glyph - pango.PANGO_GLYPH_UNKNOWN_FLAG)
        run = run.next
    layout.deactivate()
    return found


def fetching_attachment() -> bool:
    """Whether WeasyPrint is fetching a URL to embed it as a file attachment: it gives the
    fetcher no purpose, so the caller's frames tell (``weasyprint.pdf.anchors.
    write_pdf_attachment``)."""
    frame = sys._getframe(1)
    while frame is not None:
        if frame.f_code.co_name == "write_pdf_attachment":
            return True
        frame = frame.f_back  # type: ignore[assignment]
    return False


def info_dictionary(writer: PdfWriter) -> DictionaryObject:
    """*writer*'s Info dictionary itself, made if missing (``PdfWriter._info``): pypdf's
    ``add_metadata`` would turn every value into a string."""
    if writer._info is None:
        writer.add_metadata({})
    info = writer._info
    assert info is not None
    return info
