"""Post-processing of rendered PDFs: booklet imposition.

A booklet is printed on A4 sheets, two A5 pages a side, duplex, then folded and
stapled. The pages are padded with blank pages to a multiple of four (the last
page, the back cover, stays last) and put in saddle-stitch order.
"""

from __future__ import annotations

import io

from pypdf import PageObject, PdfReader, PdfWriter, Transformation
from pypdf.generic import NameObject, TextStringObject


def booklet_order(pages: int) -> list[tuple[int | None, int | None]]:
    """(left, right) page indexes for every sheet side; None is a blank page.

    *pages* A5 pages are padded to a multiple of four with blanks inserted before
    the back cover. Sides alternate front, back, front, back …
    """
    total = -(-pages // 4) * 4
    padded: list[int | None] = list(range(pages - 1))
    padded += [None] * (total - pages) + [pages - 1]
    sides: list[tuple[int | None, int | None]] = []
    for sheet in range(total // 4):
        sides.append((padded[total - 1 - 2 * sheet], padded[2 * sheet]))
        sides.append((padded[2 * sheet + 1], padded[total - 2 - 2 * sheet]))
    return sides


def impose_booklet(pdf: bytes, right_to_left: bool = False) -> bytes:
    """Two A5 pages per A4 landscape side, in saddle-stitch order.

    A right-to-left booklet (Arabic, Hebrew …) is bound on the other edge, so every
    side is mirrored: the front cover is on the left of the first side.
    """
    reader = PdfReader(io.BytesIO(pdf))
    width = float(reader.pages[0].mediabox.width)
    height = float(reader.pages[0].mediabox.height)
    writer = PdfWriter()
    for left, right in booklet_order(len(reader.pages)):
        if right_to_left:
            left, right = right, left
        sheet = PageObject.create_blank_page(width=2 * width, height=height)
        for index, offset in ((left, 0.0), (right, width)):
            if index is not None:
                sheet.merge_transformed_page(
                    reader.pages[index], Transformation().translate(tx=offset, ty=0)
                )
        writer.add_page(sheet)
    if reader.metadata:
        writer.add_metadata({k: v for k, v in reader.metadata.items() if k != "/Producer"})
    language = reader.root_object.get("/Lang")
    if language:
        writer.root_object[NameObject("/Lang")] = TextStringObject(str(language))
    writer.compress_identical_objects()
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()
