"""Post-processing of rendered PDFs: imposition (booklet, DL tri-fold) and press preparation.

A booklet is printed on A4 sheets, two A5 pages a side, duplex, then folded and
stapled. The pages are padded with blank pages to a multiple of four (the last
page, the back cover, stays last) and put in saddle-stitch order.

A DL tri-fold is one A4 sheet, three panels a side, roll-folded: its six panels (cover,
flap, three inside panels, back cover, in reading order) are put where the folds bring
them, with fold marks in the paper's unprinted edge.

A press PDF gets a slug area around its bleed with crop marks in registration
colour drawn on top of everything (WeasyPrint's own marks sit inside the bleed,
under any artwork that bleeds), an exact BleedBox, no link annotations, its vector
colours in DeviceCMYK, and its raster images converted to CMYK through the output
intent's own profile (so their ink stays within the limit that profile was made for).
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from decimal import Decimal
from functools import partial
from typing import Any, cast

from PIL import Image, ImageCms
from pypdf import PageObject, PdfReader, PdfWriter, Transformation
from pypdf.generic import (
    ArrayObject,
    ContentStream,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    RectangleObject,
    StreamObject,
    TextStringObject,
)

from leafprint.content.formats import SHORT_VERSION, Format, rgb_to_cmyk
from leafprint.errors import ContentError, Problem

from . import contentstreams, weasy
from .pagemeasure import is_notes_page

MM = 72 / 25.4
MARK_LENGTH_MM = 5.0  # crop marks run from the bleed edge outwards
SLUG_MM = 2.0  # free paper beyond the end of the marks
MARK_WIDTH_PT = 0.25
REGISTRATION = NameObject("/LeafprintRegistration")


def arrange_pages(fmt: Format, too_long: Problem | None = None) -> Callable[[Any], Any] | None:
    """The page selection of *fmt* on the laid-out document, before it is written.
    A folded leaflet longer than its panels is an error at *too_long* (LP120)."""
    if fmt.booklet:
        return keep_notes_pages
    if fmt.panels:
        return partial(fill_panels, panels=fmt.panels, too_long=too_long)
    return None


def finish(fmt: Format, pdf: bytes, *, right_to_left: bool = False, paper_mm: float = 0.0) -> bytes:
    """The post-processing step of *fmt*: imposition, press preparation or nothing.
    *paper_mm*: the paper's thickness, for a booklet's creep allowance."""
    if fmt.booklet:
        return impose_booklet(pdf, right_to_left=right_to_left, paper_mm=paper_mm)
    if fmt.panels:
        return impose_trifold(pdf, right_to_left=right_to_left)
    if fmt.crop_marks or fmt.cmyk:
        return prepare_for_press(pdf, fmt.bleed_mm, marks=fmt.crop_marks, cmyk=fmt.cmyk)
    return pdf


# --- booklets -------------------------------------------------------------------------------

A4_LANDSCAPE_PT = (297 * MM, 210 * MM)


def keep_notes_pages(document: Any) -> Any:
    """Keep as many notes pages as make a WeasyPrint *document*'s page count a multiple of
    four (the booklet's template offers three, before the back cover)."""
    notes, others = _notes_pages(document)
    return _keep_notes(document, notes, -len(others) % 4)


def fill_panels(document: Any, panels: int, too_long: Problem | None = None) -> Any:
    """Keep as many notes pages as fill a folded leaflet's *panels*; more pages of text
    than panels is an error (LP120) saying about how many words are too many."""
    notes, others = _notes_pages(document)
    if len(others) > panels:
        anchor = too_long or Problem.at("(document)", "(render)", "")
        message = _too_long(others, panels, short=anchor.field == SHORT_VERSION)
        raise ContentError(replace(anchor, message=message, code="LP120"))
    return _keep_notes(document, notes, panels - len(others))


def _too_long(pages: list[Any], panels: int, short: bool) -> str:
    """ "needs 8 panels, a DL leaflet has 6: …", with the words of the panels too many
    (the text panels' average: every panel but the covers)."""
    text = pages[1:-1]
    words = sum(len(_text(weasy.page_box(page)).split()) for page in text) / max(len(text), 1)
    over = round((len(pages) - panels) * words, -1)
    needs = f"needs {len(pages)} panels, a DL leaflet has {panels}"
    if short:
        return f"{needs}: shorten the `dl:` short version by about {over:.0f} words"
    return f"{needs}: shorten it by about {over:.0f} words or give it a `dl:` short version"


def _text(box: Any) -> str:
    if hasattr(box, "text"):
        return f" {box.text} "
    return "".join(_text(child) for child in getattr(box, "children", ()))


def _notes_pages(document: Any) -> tuple[list[Any], list[Any]]:
    notes = [p for p in document.pages if is_notes_page(p)]
    return notes, [p for p in document.pages if p not in notes]


def _keep_notes(document: Any, notes: list[Any], keep: int) -> Any:
    dropped = {id(page) for page in notes[max(keep, 0) :]}
    return document.copy([page for page in document.pages if id(page) not in dropped])


def booklet_order(pages: int) -> list[tuple[int | None, int | None]]:
    """(left, right) page indexes for every sheet side; None is a blank page.

    *pages* A5 pages are padded to a multiple of four with blanks inserted before
    the back cover. Sides alternate front, back, front, back …
    """
    total = -(-pages // 4) * 4
    if pages == 1:  # a cover and nothing else
        return [(None, 0), (None, None)]
    padded: list[int | None] = list(range(pages - 1))
    padded += [None] * (total - pages) + [pages - 1]
    sides: list[tuple[int | None, int | None]] = []
    for sheet in range(total // 4):
        sides.append((padded[total - 1 - 2 * sheet], padded[2 * sheet]))
        sides.append((padded[2 * sheet + 1], padded[total - 2 - 2 * sheet]))
    return sides


def impose_booklet(pdf: bytes, *, right_to_left: bool = False, paper_mm: float = 0.0) -> bytes:
    """Two A5 pages per A4 landscape side, in saddle-stitch order.

    A right-to-left booklet (Arabic) is bound on the right: every side is mirrored.
    Creep: folded into each other, inner sheets stick out further at the front edge and
    lose more to the trim, so each sheet's pages move toward the fold by *paper_mm* for
    every sheet around it (the outer sheet stays, the middle one moves most).
    """
    sides = [[left, right] for left, right in booklet_order(len(PdfReader(io.BytesIO(pdf)).pages))]
    creep = [sheet // 2 * paper_mm * MM for sheet in range(len(sides))]  # two sides a sheet
    shifts = [[by, -by] for by in creep]  # left page rightwards, right page leftwards
    return impose(pdf, [side[::-1] if right_to_left else side for side in sides], shifts)


# The six panels in reading order: 0 front cover, 1 the flap that folds in, 2–4 the
# inside, 5 back cover. Left to right on the outside (printed first) and the inside.
TRIFOLD_SIDES: tuple[list[int | None], ...] = ([1, 5, 0], [2, 3, 4])
FOLD_MARK_MM = (1.0, 4.0)  # from the paper's top and bottom edge: outside the printed area
FOLD_MARK_PT = 0.3


def impose_trifold(pdf: bytes, *, right_to_left: bool = False) -> bytes:
    """Six DL panels on both sides of one A4 landscape sheet, for a roll fold, with fold
    marks. A right-to-left leaflet (Arabic) opens the other way: both sides are mirrored."""
    sides = [side[::-1] if right_to_left else side for side in TRIFOLD_SIDES]
    return impose(pdf, sides, fold_marks=True)


def impose(
    pdf: bytes,
    sides: list[list[int | None]],
    shifts: list[list[float]] | None = None,
    *,
    fold_marks: bool = False,
) -> bytes:
    """The pages of *pdf* side by side on A4 landscape sheet sides, centred; None is a
    blank page. *shifts* moves each page sideways by so many points (a booklet's creep).
    *fold_marks* marks where the pages meet at the sheet's top and bottom."""
    reader = PdfReader(io.BytesIO(pdf))
    default = float(reader.pages[0].mediabox.width)
    sheet_width, sheet_height = A4_LANDSCAPE_PT
    writer = PdfWriter()
    for number, side in enumerate(sides):
        widths = [default if i is None else float(reader.pages[i].mediabox.width) for i in side]
        offset = (sheet_width - sum(widths)) / 2  # A4 is 1 mm wider than two A5 pages
        sheet = PageObject.create_blank_page(width=sheet_width, height=sheet_height)
        folds = []
        moves = shifts[number] if shifts else [0.0] * len(side)
        for index, width, move in zip(side, widths, moves, strict=True):
            if index is not None:
                sheet.merge_transformed_page(
                    reader.pages[index], Transformation().translate(tx=offset + move, ty=0)
                )
            offset += width
            folds.append(offset)
        if fold_marks:
            _draw_fold_marks(sheet, folds[:-1], sheet_height)
        writer.add_page(sheet).compress_content_streams()
    if reader.metadata:
        writer.add_metadata({k: v for k, v in reader.metadata.items() if k != "/Producer"})
    language = reader.root_object.get("/Lang")
    if language:
        writer.root_object[NameObject("/Lang")] = TextStringObject(str(language))
    writer.compress_identical_objects()
    return _bytes(writer)


def _draw_fold_marks(sheet: PageObject, folds: list[float], height: float) -> None:
    """Short lines at each fold, at the top and bottom of the sheet, in black."""
    start, end = (mm * MM for mm in FOLD_MARK_MM)
    lines = "".join(
        f"{x:.3f} {y1:.3f} m {x:.3f} {y2:.3f} l S\n"
        for x in folds
        for y1, y2 in ((start, end), (height - start, height - end))
    )
    _append_content(sheet, f"q 0 G {FOLD_MARK_PT:g} w 0 J [] 0 d\n{lines}Q\n")


# --- press ----------------------------------------------------------------------------------


def prepare_for_press(
    pdf: bytes, bleed_mm: float, *, marks: bool = True, cmyk: bool = True
) -> bytes:
    """Crop marks outside a *bleed_mm* bleed, exact page boxes, CMYK vector colours.

    Everything else of WeasyPrint's PDF/X file is kept: header version, document ID,
    Info dictionary (it must match the XMP metadata), output intent, tags.
    """
    with _quiet_pypdf():
        reader = PdfReader(io.BytesIO(pdf))
        writer = PdfWriter(clone_from=reader)
        writer.pdf_header = reader.pdf_header
        to_press = _image_transform(writer) if cmyk else None
        for page in writer.pages:
            trim = [float(v) for v in page.trimbox]
            bleed = bleed_mm * MM
            page.bleedbox = RectangleObject(_grow(trim, bleed))
            if "/Annots" in page:  # PDF/X: no annotations on the printed area
                del page[NameObject("/Annots")]
            if cmyk:
                _convert_page_colours(page)
            if to_press is not None:
                _convert_images(page, to_press)
            if marks:
                outside = bleed + (MARK_LENGTH_MM + SLUG_MM) * MM
                page.mediabox = RectangleObject(_grow(trim, outside))
                _draw_crop_marks(page, trim, bleed)
            page.compress_content_streams()
        _copy_info(reader, writer)
        writer.compress_identical_objects()  # cloning copies shared ICC profiles per page
        return _bytes(writer)


def _copy_info(reader: PdfReader, writer: PdfWriter) -> None:
    """The Info dictionary as it was: names stay names (``/Trapped /False``)."""
    info = reader.trailer.get("/Info")
    if info is None:
        return
    target = weasy.info_dictionary(writer)  # names stay names, not strings
    for key, value in info.get_object().items():
        target[NameObject(key)] = value.get_object().clone(writer)


@contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """pypdf warns about the object count of a cloned file; that is not our reader's concern."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def _grow(box: list[float], by: float) -> list[float]:
    return [box[0] - by, box[1] - by, box[2] + by, box[3] + by]


def crop_mark_lines(
    trim: list[float], offset: float, length: float
) -> Iterator[tuple[float, float, float, float]]:
    """(x1, y1, x2, y2) of the eight crop marks: each trim edge extended outwards,
    starting *offset* from the trim and *length* long."""
    left, bottom, right, top = trim
    for x, dx in ((left, -1), (right, 1)):
        for y, dy in ((bottom, -1), (top, 1)):
            yield (x + dx * offset, y, x + dx * (offset + length), y)  # horizontal
            yield (x, y + dy * offset, x, y + dy * (offset + length))  # vertical


def _draw_crop_marks(page: PageObject, trim: list[float], bleed: float) -> None:
    """Marks in the registration colour (every plate), on top of the page content."""
    if "/Resources" not in page:
        page[NameObject("/Resources")] = DictionaryObject()
    resources = cast(DictionaryObject, page["/Resources"].get_object())
    if "/ColorSpace" not in resources:
        resources[NameObject("/ColorSpace")] = DictionaryObject()
    spaces = cast(DictionaryObject, resources["/ColorSpace"].get_object())
    spaces[REGISTRATION] = _registration_space()
    lines = "".join(
        f"{x1:.3f} {y1:.3f} m {x2:.3f} {y2:.3f} l S\n"
        for x1, y1, x2, y2 in crop_mark_lines(trim, bleed, MARK_LENGTH_MM * MM)
    )
    marks = (
        "/Artifact <</Type /Pagination>> BDC\nq\n"
        f"{REGISTRATION} CS 1 SCN {MARK_WIDTH_PT:g} w 0 J [] 0 d\n{lines}Q\nEMC\n"
    )
    _append_content(page, marks)


def _append_content(page: PageObject, operators: str) -> None:
    """*operators* drawn on top of the page's content, in the page's own coordinates."""
    content = page.get_contents()
    data = content.get_data() if content is not None else b""
    _set_contents(page, b"q\n" + data + b"\nQ\n" + operators.encode("ascii"))


def _set_contents(page: PageObject, data: bytes) -> None:
    """Replace the content of *page* with the (decoded) content stream *data*."""
    stream = ContentStream(None, None)
    stream.set_data(data)
    page.replace_contents(stream)


def _registration_space() -> ArrayObject:
    """``[/Separation /All /DeviceCMYK f]``: a mark that prints on every plate."""
    function = DictionaryObject(
        {
            NameObject("/FunctionType"): NumberObject(2),
            NameObject("/Domain"): ArrayObject([NumberObject(0), NumberObject(1)]),
            NameObject("/C0"): ArrayObject([NumberObject(0)] * 4),
            NameObject("/C1"): ArrayObject([NumberObject(1)] * 4),
            NameObject("/N"): NumberObject(1),
        }
    )
    return ArrayObject(
        [NameObject("/Separation"), NameObject("/All"), NameObject("/DeviceCMYK"), function]
    )


def _convert_page_colours(page: PageObject) -> None:
    """DeviceRGB ``rg``/``RG`` operators become DeviceCMYK ``k``/``K``, in the page
    and in every form XObject it draws; gradients (shadings) get CMYK colours too.
    Raster images are left alone."""
    content = page.get_contents()
    converted = _converted(content.get_data()) if content is not None else None
    if converted is not None:
        _set_contents(page, converted)
    seen: set[int] = set()
    for xobject in _form_xobjects(page, seen):
        converted = _converted(xobject.get_data())
        if converted is not None:
            xobject.set_data(converted)
    for shading in _shadings(page.get("/Resources"), set()):
        _convert_shading(shading)


def _shadings(item: Any, seen: set[int]) -> Iterator[DictionaryObject]:
    """Every shading below *item* (resources, patterns, form XObjects), once."""
    item = item.get_object() if item is not None else None
    if isinstance(item, DictionaryObject):
        if id(item) in seen:
            return
        seen.add(id(item))
        if "/ShadingType" in item:
            yield item
        children = [value for key, value in item.items() if key != "/Parent"]
    elif isinstance(item, ArrayObject):
        children = list(item)
    else:
        return
    for child in children:
        yield from _shadings(child, seen)


def _convert_shading(shading: DictionaryObject) -> None:
    """A gradient WeasyPrint writes with RGB colours (its functions give three values)
    in a four-component space (the CMYK output intent), or in DeviceRGB: its colours
    become CMYK, in DeviceCMYK, by the same formula as other vector colours."""
    function = shading.get("/Function")
    functions = _type2_functions(function.get_object()) if function is not None else []
    rgb = [f for f in functions if len(f.get("/C0", [])) == 3 or len(f.get("/C1", [])) == 3]
    if not rgb:
        return
    for item in rgb:
        for key in ("/C0", "/C1"):
            values = [float(v) for v in item.get(key, [0, 0, 0])]
            item[NameObject(key)] = ArrayObject(_number(v) for v in rgb_to_cmyk(*values))
    shading[NameObject("/ColorSpace")] = NameObject("/DeviceCMYK")


def _type2_functions(function: Any) -> list[DictionaryObject]:
    """The exponential (type 2) functions of a shading's function, stitched ones too."""
    if function.get("/FunctionType") == 3:
        return [f for sub in function["/Functions"] for f in _type2_functions(sub.get_object())]
    return [function] if function.get("/FunctionType") == 2 else []


def _form_xobjects(holder: DictionaryObject, seen: set[int]) -> Iterator[StreamObject]:
    resources = holder.get("/Resources")
    if resources is None:
        return
    for reference in (resources.get_object().get("/XObject") or {}).values():
        xobject = reference.get_object()
        if id(xobject) in seen or xobject.get("/Subtype") != "/Form":
            continue
        seen.add(id(xobject))
        yield xobject
        yield from _form_xobjects(xobject, seen)


def _image_transform(writer: PdfWriter) -> ImageCms.ImageCmsTransform | None:
    """sRGB to the CMYK of the file's output intent, or None without one."""
    intents = writer.root_object.get("/OutputIntents")
    if not intents:
        return None
    profile = intents[0].get_object().get("/DestOutputProfile")
    if profile is None or profile.get_object().get("/N") != 4:
        return None
    cmyk = ImageCms.ImageCmsProfile(io.BytesIO(profile.get_object().get_data()))
    srgb = ImageCms.createProfile("sRGB")
    return ImageCms.buildTransform(
        srgb, cmyk, "RGB", "CMYK", renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC
    )


def _convert_images(page: PageObject, transform: ImageCms.ImageCmsTransform) -> None:
    """Every RGB raster image the page draws becomes DeviceCMYK (its soft mask kept)."""
    for image in raster_images(page, set()):
        if image.get("/ColorSpace") != "/DeviceRGB" or image.get("/ImageMask"):
            continue
        rgb = image.decode_as_image().convert("RGB")
        cmyk = cast(Image.Image, ImageCms.applyTransform(rgb, transform))
        for key in ("/DecodeParms", "/Decode"):
            image.pop(NameObject(key), None)
        if "/Filter" in image:  # an encoded stream: set_data compresses with Flate
            image[NameObject("/Filter")] = NameObject("/FlateDecode")
        image.set_data(cmyk.tobytes())
        image[NameObject("/ColorSpace")] = NameObject("/DeviceCMYK")
        image[NameObject("/BitsPerComponent")] = NumberObject(8)


def raster_images(holder: Any, seen: set[int]) -> Iterator[StreamObject]:
    """Every image XObject below *holder* (its resources and form XObjects), once."""
    resources = holder.get("/Resources")
    if resources is None:
        return
    for reference in (resources.get_object().get("/XObject") or {}).values():
        xobject = reference.get_object()
        if id(xobject) in seen:
            continue
        seen.add(id(xobject))
        if xobject.get("/Subtype") == "/Image":
            yield xobject
        elif xobject.get("/Subtype") == "/Form":
            yield from raster_images(xobject, seen)


def _converted(data: bytes) -> bytes | None:
    """The content stream *data* with its RGB colours in CMYK; None if it has none."""
    changed = False
    instructions = []
    for operator, made in contentstreams.parse(data):
        if operator in ("rg", "RG") and len(made.operands) == 3:
            cmyk = rgb_to_cmyk(*(float(value) for value in made.operands))
            operands = [Decimal(f"{value:.4f}").normalize() for value in cmyk]
            made = contentstreams.instruction(operands, "k" if operator == "rg" else "K")
            changed = True
        instructions.append(made)
    return contentstreams.unparse(instructions) if changed else None


def _number(value: float) -> FloatObject | NumberObject:
    value = round(value, 4)
    return NumberObject(int(value)) if value == int(value) else FloatObject(value)


def _bytes(writer: PdfWriter) -> bytes:
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()
