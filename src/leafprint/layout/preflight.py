"""Preflight: the build looks at its own laid-out pages before writing the PDF.

WeasyPrint's ``HTML.render()`` gives a document whose pages hold every box with its
position and style. :func:`preflight` walks them and returns a warning for each defect
a print designer would reject:

======  =====================================================================
PF101   text outside the safe area (too close to the paper edge or the trim)
PF102   a box or the contact block split over two pages (or longer than a page)
PF103   a page less filled than its format asks (half; 70 % in large print) that is
        not the last of the text (a cover, notes page or back cover may follow it)
PF104   a hyphenated web address, DOI or e-mail address
PF105   text under the format's minimum size (footers excepted)
PF106   a character no font could show (drawn as an empty box)
PF107   text whose contrast with the colour painted behind it is under 4.5:1 (3:1
        for large text)
PF108   a paragraph or list item of the leaflet's body under 12 pt (16 pt in large
        print), however the stylesheet set it
PF109   a QR code printed under 20 mm across or with modules under 0.5 mm
PF110   a block every leaflet must show (other formats, credits, contact) missing
        from the pages, or hidden
PF111   a photo or other raster image under 300 ppi as placed in a press file
PF112   body text justified, in italics or in capitals
PF113   body text lines longer than 75 characters (the median line of the document)
PF114   a part of the leaflet painted above a part that comes before it in reading order
PF115   what a reader needs outside the body under its minimum: the leaflet's code, dates
        and online address in the colophon under body size; the rest of the colophon and
        the references under 10 pt (16 pt in large print)
PF116   a word hyphenated across a page turn: the last line of a page's text ends with
        the hyphen that hyphenation added (:mod:`leafprint.layout.pageturn` sets such a word whole)
======  =====================================================================

Sizes and colours are measured on the boxes as laid out (:mod:`leafprint.layout.pagemeasure`),
so it does not matter which CSS rule set them.

Every message names leaflet, language, edition, format and page.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from leafprint.content.formats import Format
from leafprint.content.qr import MIN_MODULE_MM, MIN_SYMBOL_MM
from leafprint.errors import Problem

from . import pagemeasure, weasy
from .pagemeasure import Rgb

MM_PER_PX = 25.4 / 96  # WeasyPrint lays out in CSS pixels
PT_PER_PX = 0.75
# Boxes that are never split over pages (the template's class names).
BOX_CLASSES = (
    "summary",
    "key-points",
    "callout",
    "contact-block",
    "availability",
    "faq-item",
)
# Named pages that are designed to be partly empty.
DESIGNED_PAGES = frozenset({"cover", "back-cover", "back-page", "notes"})
ADDRESS = re.compile(r"(https?://|www\.|doi:|10\.\d{4,}/|\S@\S)", re.IGNORECASE)
# The leaflet's body: its paragraphs and list items are body text (PF108).
BODY_CLASSES = frozenset(
    {"content-section", "summary", "key-points", "callout", "questions", "faq"}
)
BODY_TAGS = frozenset({"p", "li"})
# Blocks every printed leaflet shows (PF110), by class, with what they are called.
REQUIRED_BLOCKS = {
    "availability": "the statement on other formats and languages",
    "credits": "the credits (owner and authors)",
    "contact-block": "the contact block",
}
# The parts of a leaflet in reading order (the template's order): PF114.
READING_PARTS = frozenset(
    {"summary", "key-points", "content-section", "questions", "faq", "more-information"}
    | {"availability", "references"}
)
# Text a reader needs outside the body (PF115): the parts, and what they are called.
NEEDED = {
    "details": "the leaflet's code, dates or online address",
    "colophon": "the colophon",
    "references": "the references",
}
QR_CLASSES = frozenset({"qr-code", "contact-vcard-code"})
PRESS_PPI = 300.0  # raster images in a press file (PF111)
MAX_LINE_CHARACTERS = 75  # the median line of body text; 60–70 reads best (PF113)


@dataclass(frozen=True)
class Rules:
    """What the preflight checks, per format."""

    safe_mm: float  # no text closer to the paper edge (trim) than this
    min_text_pt: float  # no reading text smaller than this (footers and superscripts aside)
    max_empty: float = 0.5  # a page (not the last) may be at most this much empty
    min_body_pt: float = 12.0  # paragraphs and list items of the body
    required: tuple[str, ...] = ()  # classes of the blocks the pages must show
    min_image_ppi: float = 0.0  # raster images as placed (0: not checked)
    min_details_pt: float = 12.0  # the colophon's code, dates and online address (PF115)
    min_apart_pt: float = 10.0  # the rest of the colophon, and the references (PF115)
    may_split: tuple[str, ...] = ()  # boxes that may go on to the next page (not PF102)

    @classmethod
    def of(cls, fmt: Format) -> Rules:
        body = 16.0 if fmt.large_print else 12.0
        return cls(
            fmt.safe_mm,
            fmt.min_text_pt,
            max_empty=round(1 - fmt.min_fill, 2),
            min_body_pt=body,
            required=tuple(REQUIRED_BLOCKS),
            min_image_ppi=PRESS_PPI if fmt.cmyk else 0.0,
            min_details_pt=body,
            min_apart_pt=16.0 if fmt.large_print else 9.0 if fmt.panels else 10.0,
            may_split=("key-points",) if fmt.large_print or fmt.booklet else (),
        )

    def needed_pt(self, part: str) -> float:
        """The smallest size for a part a reader needs outside the body (PF115)."""
        return self.min_details_pt if part == "details" else self.min_apart_pt


@dataclass(frozen=True)
class Target:
    """The PDF being checked, named in every message."""

    source: Path  # the content file problems are reported against
    leaflet: str
    language: str
    edition: str
    format: str

    def problem(self, page: int | None, code: str, message: str) -> Problem:
        """A warning about *page*, or about the whole document (no page)."""
        where = f"{self.leaflet} ({self.language}, {self.edition} edition, {self.format})"
        where += f" page {page}" if page else ""
        return Problem.at(self.source, "(preflight)", f"{where}: {message}", code=code)


@dataclass(frozen=True)
class TextRun:
    """One piece of laid-out text with what the checks need to know about it."""

    text: str
    x: float  # border box in CSS px, from the page's top left corner (the trim)
    y: float
    width: float
    height: float
    size_pt: float
    in_margin: bool  # in a page margin box (running header or footer)
    in_link: bool
    raised: bool  # a superscript or subscript (citation numbers, footnote calls)
    hyphen: str
    box: Any = field(repr=False, compare=False)
    colour: Rgb = (0.0, 0.0, 0.0)  # as painted, over what is behind it
    behind: Rgb | None = None  # the colour behind it (None: an image or gradient)
    body: bool = False  # in a paragraph or list item of the leaflet's body
    decorative: bool = False  # hidden from assistive technology (aria-hidden)
    large: bool = False  # large text in the WCAG sense
    needed: str = ""  # the part a reader needs outside the body it is in (NEEDED)


@dataclass(frozen=True)
class Around:
    """What a box takes from the boxes around it."""

    behind: Rgb | None
    in_margin: bool = False
    in_link: bool = False
    raised: bool = False
    opacity: float = 1.0
    body: bool = False  # in the leaflet's body (its sections and boxes)
    paragraph: bool = False  # in a paragraph or list item
    decorative: bool = False
    needed: str = ""  # a key of NEEDED


def preflight(document: Any, rules: Rules, target: Target) -> list[Problem]:
    """Warnings for every defect found on the pages of a rendered WeasyPrint *document*."""
    problems: list[Problem] = []
    pages = document.pages
    boxes: dict[int, _BoxPages] = {}  # by element
    shown: set[str] = set()  # required blocks seen on a page
    styled: set[str] = set()  # body text faults reported (once per document)
    lines: list[int] = []  # characters in each line of body text
    for number, page in enumerate(pages, 1):
        runs = list(text_runs(weasy.page_box(page)))
        problems += _outside_safe_area(page, runs, rules, target, number)
        problems += _small_text(runs, rules, target, number)
        problems += _small_needed_text(runs, rules, target, number)
        problems += _hyphenated_addresses(runs, target, number)
        problems += _missing_glyphs(runs, target, number)
        problems += _low_contrast(runs, target, number)
        problems += _small_body_text(runs, rules, target, number)
        problems += _small_qr_codes(weasy.page_box(page), target, number)
        problems += _coarse_images(weasy.page_box(page), rules, target, number)
        problems += _body_text_style(runs, target, number, styled)
        problems += _reading_order(weasy.page_box(page), target, number)
        if number < len(pages):
            problems += _hyphen_at_page_end(weasy.page_box(page), target, number)
        lines += body_lines(runs)
        shown |= _shown_blocks(weasy.page_box(page), rules.required)
        _collect_boxes(page, boxes, number)
        if needs_filling(pages, number - 1, rules):
            empty = 1 - filled(weasy.page_box(page))
            most = f"at most {rules.max_empty:.0%} here"
            message = f"page {empty:.0%} empty, {most} (a page before the last)"
            problems.append(target.problem(number, "PF103", message))
    problems += _missing_blocks(shown, rules.required, target)
    problems += _long_lines(lines, target)
    return problems + _split_boxes(boxes, rules, target)


def needs_filling(pages: list[Any], index: int, rules: Rules) -> bool:
    """Whether page *index* (from 0) of a laid-out document is a page of text that the
    text goes on from (not the last, nor one before a cover, notes or back page) and is
    more empty than *rules* allow."""
    page_box = weasy.page_box(pages[index])
    if index + 1 >= len(pages) or page_box.page_type.name in DESIGNED_PAGES:
        return False
    if weasy.page_box(pages[index + 1]).page_type.name in DESIGNED_PAGES:
        return False
    return 1 - filled(page_box) > rules.max_empty


def filled(page_box: Any) -> float:
    """How much of a page's content area is taken, from its top to its lowest line."""
    height = page_box.height
    used = content_bottom(page_box) - page_box.content_box_y()
    return used / height if height else 1.0


def content_bottom(page_box: Any, above: float | None = None) -> float:
    """The lowest line or image of a page (footnotes fill it to the bottom), or the
    lowest that ends *above* a position."""
    top = page_box.content_box_y()
    bottom = top
    for box in block_boxes(page_box, skip="MarginBox"):
        if type(box).__name__ in {"LineBox", "InlineReplacedBox", "BlockReplacedBox"}:
            end = box.position_y + box.margin_height()
            if above is None or end <= above + 0.5:
                bottom = max(bottom, end)
    for child in page_box.children:
        if type(child).__name__ == "FootnoteAreaBox" and child.children and above is None:
            bottom = top + page_box.height
    return float(bottom)


# --- walking the boxes ----------------------------------------------------------------------


def classes(box: Any) -> set[str]:
    element = getattr(box, "element", None)
    if element is None or getattr(box, "element_tag", None) is None:
        return set()
    return set((element.get("class") or "").split())


def text_runs(page_box: Any) -> Iterator[TextRun]:
    """Every piece of text on a page, with the colour painted behind it."""
    return _text_runs(page_box, Around(pagemeasure.page_colour(page_box)))


def _text_runs(box: Any, around: Around) -> Iterator[TextRun]:
    around = _inside(box, around)
    style: Any = box.style
    if type(box).__name__ == "TextBox" and box.text.strip():
        colour, alpha = pagemeasure.rgba(style["color"])
        alpha *= around.opacity
        yield TextRun(
            box.text,
            box.position_x,
            box.position_y,
            box.width,
            box.height,
            style["font_size"] * PT_PER_PX,
            around.in_margin,
            around.in_link,
            around.raised,
            str(style["hyphenate_character"]),
            box,
            pagemeasure.over(colour, alpha, around.behind) if around.behind else colour,
            around.behind,
            around.body and around.paragraph and not str(box.element_tag).endswith("::marker"),
            around.decorative or style["visibility"] != "visible",
            pagemeasure.is_large(style),
            around.needed,
        )
    for child in getattr(box, "children", None) or []:
        yield from _text_runs(child, around)


def _inside(box: Any, around: Around) -> Around:
    """What *box* and its descendants take from *around* and from *box* itself."""
    kind = type(box).__name__
    tag = getattr(box, "element_tag", None)
    element = getattr(box, "element", None)
    style: Any = box.style
    align = style["vertical_align"]  # "super" is computed to a length
    hidden = element is not None and tag is not None and element.get("aria-hidden") == "true"
    return Around(
        pagemeasure.painted_behind(box, around.behind),
        around.in_margin or kind == "MarginBox",
        around.in_link or tag == "a",
        around.raised or not isinstance(align, str) or align in ("super", "sub"),
        around.opacity * float(style["opacity"]),
        around.body or bool(classes(box) & BODY_CLASSES),
        around.paragraph or tag in BODY_TAGS,
        around.decorative or hidden,
        _needed(classes(box), around.needed),
    )


def _needed(found: set[str], around: str) -> str:
    """The part of NEEDED a box is in: the colophon's details inside the colophon."""
    if around == "colophon" and "colophon-details" in found:
        return "details"
    return next((part for part in ("colophon", "references") if part in found), around)


def block_boxes(box: Any, skip: str = "") -> Iterator[Any]:
    """*box* and its descendants, leaving out subtrees of boxes of type *skip*."""
    if type(box).__name__ == skip:
        return
    yield box
    for child in getattr(box, "children", None) or []:
        yield from block_boxes(child, skip)


# --- the checks -------------------------------------------------------------------------------


def _outside_safe_area(
    page: Any, runs: list[TextRun], rules: Rules, target: Target, number: int
) -> list[Problem]:
    worst: tuple[float, str, TextRun] | None = None
    for run in runs:
        distances = {
            "left": run.x,
            "right": page.width - run.x - run.width,
            "top": run.y,
            "bottom": page.height - run.y - run.height,
        }
        side, gap = min(distances.items(), key=lambda item: item[1])
        if gap * MM_PER_PX < rules.safe_mm and (worst is None or gap < worst[0]):
            worst = (gap, side, run)
    if worst is None:
        return []
    gap, side, run = worst
    return [
        target.problem(
            number,
            "PF101",
            f"text {gap * MM_PER_PX:.1f} mm from the {side} edge of the page "
            f"(at least {rules.safe_mm:g} mm): '{_short(run.text)}'",
        )
    ]


def _small_text(runs: list[TextRun], rules: Rules, target: Target, number: int) -> list[Problem]:
    """Body text has its own, larger minimum (PF108)."""
    small = [
        r
        for r in runs
        if not (r.in_margin or r.raised or r.body) and r.size_pt < rules.min_text_pt - 0.05
    ]
    if not small:
        return []
    run = min(small, key=lambda r: r.size_pt)
    return [
        target.problem(
            number,
            "PF105",
            f"text in {run.size_pt:.1f} pt, under the {rules.min_text_pt:g} pt minimum of "
            f"this format: '{_short(run.text)}'",
        )
    ]


def _small_needed_text(
    runs: list[TextRun], rules: Rules, target: Target, number: int
) -> list[Problem]:
    """The colophon's code, dates and online address at body size, the rest of the
    colophon and the references at a floor of their own (PF115); one warning per part."""
    problems = []
    for part, name in NEEDED.items():
        floor = rules.needed_pt(part)
        small = [
            r
            for r in runs
            if r.needed == part and not (r.in_margin or r.raised) and r.size_pt < floor - 0.05
        ]
        if small:
            run = min(small, key=lambda r: r.size_pt)
            message = (
                f"{name} in {run.size_pt:.1f} pt, under the {floor:g} pt a reader needs in "
                f"this format: '{_short(run.text)}'"
            )
            problems.append(target.problem(number, "PF115", message))
    return problems


def _small_body_text(
    runs: list[TextRun], rules: Rules, target: Target, number: int
) -> list[Problem]:
    small = [r for r in runs if r.body and not r.raised and r.size_pt < rules.min_body_pt - 0.05]
    if not small:
        return []
    run = min(small, key=lambda r: r.size_pt)
    return [
        target.problem(
            number,
            "PF108",
            f"body text in {run.size_pt:.1f} pt, under the {rules.min_body_pt:g} pt minimum "
            f"for body text in this format: '{_short(run.text)}'",
        )
    ]


def _low_contrast(runs: list[TextRun], target: Target, number: int) -> list[Problem]:
    """One warning per colour pair on a page, naming its first text."""
    problems = []
    seen: set[tuple[str, str, bool]] = set()
    for run in runs:
        if run.decorative or run.behind is None:
            continue
        ratio = pagemeasure.contrast(run.colour, run.behind)
        least = pagemeasure.MIN_CONTRAST_LARGE if run.large else pagemeasure.MIN_CONTRAST
        pair = (pagemeasure.hex_colour(run.colour), pagemeasure.hex_colour(run.behind), run.large)
        if ratio >= least or pair in seen:
            continue
        seen.add(pair)
        large = " for large text" if run.large else ""
        message = (
            f"text {pair[0]} on {pair[1]} has a contrast of {math.floor(ratio * 10) / 10:.1f}:1, "
            f"under {least:g}:1{large}: '{_short(run.text)}'"
        )
        problems.append(target.problem(number, "PF107", message))
    return problems


def _small_qr_codes(page_box: Any, target: Target, number: int) -> list[Problem]:
    problems = []
    for box in _qr_boxes(page_box):
        size = pagemeasure.qr_print(box)
        if size is None:
            continue
        if size.symbol_mm < MIN_SYMBOL_MM - 0.05 or size.module_mm < MIN_MODULE_MM - 0.005:
            message = (
                f"QR code printed {size.symbol_mm:.1f} mm across with modules of "
                f"{size.module_mm:.2f} mm ({size.modules} modules, quiet zone aside); at least "
                f"{MIN_SYMBOL_MM:g} mm and {MIN_MODULE_MM:g} mm modules, so at least "
                f"{max(MIN_SYMBOL_MM, MIN_MODULE_MM * size.modules):.1f} mm here"
            )
            problems.append(target.problem(number, "PF109", message))
    return problems


def _coarse_images(page_box: Any, rules: Rules, target: Target, number: int) -> list[Problem]:
    """Raster images with fewer pixels per inch than the print shop needs (PF111)."""
    problems: list[Problem] = []
    if not rules.min_image_ppi:
        return problems
    for box in block_boxes(page_box):
        image: Any = getattr(box, "replacement", None)
        if type(image).__name__ != "RasterImage" or box.width <= 0:
            continue
        ppi = min(image.width / (box.width / 96), image.height / (max(box.height, 1e-6) / 96))
        if ppi < rules.min_image_ppi - 0.5:
            name = _image_name(box, target)
            message = (
                f"image {name} prints at {ppi:.0f} ppi ({image.width}×{image.height} pixels "
                f"placed {box.width * MM_PER_PX:.0f} mm wide); at least "
                f"{rules.min_image_ppi:g} ppi in print: use a larger image or place it smaller"
            )
            problems.append(target.problem(number, "PF111", message))
    return problems


def _image_name(box: Any, target: Target) -> str:
    """The image's file as the leaflet names it (relative to the leaflet's folder)."""
    src = box.element.get("src", "") if box.element is not None else ""
    path = Path(unquote(urlparse(src).path))
    folder = target.source.resolve().parent
    return str(path.relative_to(folder)) if path.is_relative_to(folder) else path.name


# What body text must not be (PF112), by the computed style that makes it so.
BODY_STYLE_FAULTS = (
    ("text_align_all", ("justify",), "justified; set it flush left (text-align: start)"),
    ("font_style", ("italic", "oblique"), "in italics; set it upright and emphasise in bold"),
    ("text_transform", ("uppercase",), "in capitals; set it in upper and lower case"),
)


def _body_text_style(
    runs: list[TextRun], target: Target, number: int, reported: set[str]
) -> list[Problem]:
    """Body text set flush left, upright and in upper and lower case (PF112): each fault
    once per document, on the first page it is found."""
    problems = []
    for name, values, how in BODY_STYLE_FAULTS:
        run = next((r for r in runs if r.body and r.box.style[name] in values), None)
        if run is not None and name not in reported:
            reported.add(name)
            message = f"body text {how}: '{_short(run.text)}'"
            problems.append(target.problem(number, "PF112", message))
    return problems


def _reading_order(page_box: Any, target: Target, number: int) -> list[Problem]:
    """The parts of the leaflet on a page are seen in the order they are read (and tagged):
    a part whose box lies wholly above an earlier part's box was moved by the stylesheet
    (PF114). One warning per page."""
    parts = [
        box
        for box in block_boxes(page_box, skip="MarginBox")
        if classes(box) & READING_PARTS and type(box).__name__ != "TextBox"
    ]
    for index, later in enumerate(parts):
        for earlier in parts[:index]:
            if later.border_box_y() + later.border_height() <= earlier.border_box_y() + 1:
                message = (
                    f"'{_first_text(later)}' is painted above '{_first_text(earlier)}', which "
                    "comes before it in reading order: a reader of the tags or a screen reader "
                    "meets them the other way round; keep the parts in the template's order"
                )
                return [target.problem(number, "PF114", message)]
    return []


def _first_text(box: Any) -> str:
    text = next((b.text for b in block_boxes(box) if type(b).__name__ == "TextBox"), "")
    return _short(text)


def body_lines(runs: list[TextRun]) -> list[int]:
    """The characters of each line of body text on a page: runs of body text whose tops
    lie within 2 px of each other make one line."""
    lines: list[tuple[float, int]] = []
    for run in sorted((r for r in runs if r.body and not r.raised), key=lambda r: r.y):
        if lines and run.y - lines[-1][0] < 2:
            lines[-1] = (lines[-1][0], lines[-1][1] + len(run.text))
        else:
            lines.append((run.y, len(run.text)))
    return [length for _, length in lines]


def _long_lines(lines: list[int], target: Target) -> list[Problem]:
    """Lines of body text too long to find the next one easily (PF113)."""
    if not lines:
        return []
    median = sorted(lines)[len(lines) // 2]
    if median <= MAX_LINE_CHARACTERS:
        return []
    message = (
        f"lines of body text hold {median} characters (the median of {len(lines)} lines); at "
        f"most {MAX_LINE_CHARACTERS}, and 60–70 read best: narrow the column or set the "
        "text larger"
    )
    return [target.problem(None, "PF113", message)]


def _qr_boxes(box: Any, in_qr: bool = False) -> Iterator[Any]:
    """The drawn QR codes: images inside a QR code's box."""
    in_qr = in_qr or bool(classes(box) & QR_CLASSES)
    if in_qr and "Replaced" in type(box).__name__:
        yield box
    for child in getattr(box, "children", None) or []:
        yield from _qr_boxes(child, in_qr)


def _shown_blocks(page_box: Any, required: tuple[str, ...]) -> set[str]:
    """The required blocks that have visible text on a page."""
    shown = set()
    for box in block_boxes(page_box, skip="MarginBox"):
        found = classes(box).intersection(required)
        if found and type(box).__name__ != "TextBox" and _has_visible_text(box):
            shown |= found
    return shown


def _has_visible_text(box: Any) -> bool:
    return any(
        type(b).__name__ == "TextBox" and b.text.strip() and b.style["visibility"] == "visible"
        for b in block_boxes(box)
    )


def _missing_blocks(shown: set[str], required: tuple[str, ...], target: Target) -> list[Problem]:
    return [
        target.problem(
            None, "PF110", f"{REQUIRED_BLOCKS[name]} is on no page (class '{name}' with text)"
        )
        for name in required
        if name not in shown
    ]


def _hyphenated_addresses(runs: list[TextRun], target: Target, number: int) -> list[Problem]:
    """Hyphenation adds the hyphenation character (U+2010), never found in an address."""
    problems = []
    for run in runs:
        text = run.text.rstrip()
        if not text.endswith(run.hyphen) or text.endswith("-"):
            continue
        word = text.split()[-1]
        if run.in_link or ADDRESS.search(word):
            message = f"web address hyphenated at the line end: '{word}'"
            problems.append(target.problem(number, "PF104", message))
    return problems


def _hyphen_at_page_end(page_box: Any, target: Target, number: int) -> list[Problem]:
    box = hyphen_at_page_end(page_box)
    if box is None:
        return []
    word = box.text.split()[-1]
    message = f"the last line of the page ends in a word hyphenated over the page turn: '{word}'"
    return [target.problem(number, "PF116", message)]


def hyphen_at_page_end(page_box: Any) -> Any:
    """The text box that ends the last line of a page's text (footnotes aside) with the
    hyphen hyphenation added, so that the word goes on overleaf; None if there is none."""
    flow = [
        box
        for child in page_box.children
        if type(child).__name__ not in {"MarginBox", "FootnoteAreaBox"}
        for box in block_boxes(child)
    ]
    lines = [box for box in flow if type(box).__name__ == "LineBox"]
    if not lines:
        return None
    last = max(lines, key=lambda line: line.position_y + line.height)
    texts = [b for b in block_boxes(last) if type(b).__name__ == "TextBox" and b.text.strip()]
    if not texts:
        return None
    text = texts[-1].text.rstrip()
    hyphen = str(texts[-1].style["hyphenate_character"])
    return texts[-1] if text.endswith(hyphen) and not text.endswith("-") else None


def _missing_glyphs(runs: list[TextRun], target: Target, number: int) -> list[Problem]:
    missing: list[str] = []
    for run in runs:
        missing += [chr(c) for c in weasy.unknown_glyphs(run.box) if chr(c) not in missing]
    if not missing:
        return []
    listed = ", ".join(f"'{c}' (U+{ord(c):04X})" for c in missing)
    return [target.problem(number, "PF106", f"no font has a glyph for {listed}")]


@dataclass
class _BoxPages:
    kind: str
    pages: list[int]
    at_top: bool  # its first part starts at the top of the page area


def _collect_boxes(page: Any, boxes: dict[int, _BoxPages], number: int) -> None:
    """Note on which pages each never-split box has a part."""
    top = weasy.page_box(page).content_box_y()
    for box in block_boxes(weasy.page_box(page), skip="MarginBox"):
        if type(box).__name__ != "BlockBox":
            continue
        kinds = classes(box).intersection(BOX_CLASSES)
        if not kinds:
            continue
        key = id(box.element)
        if key not in boxes:
            boxes[key] = _BoxPages(sorted(kinds)[0], [], box.position_y - top < 1)
        if number not in boxes[key].pages:
            boxes[key].pages.append(number)


def _split_boxes(boxes: dict[int, _BoxPages], rules: Rules, target: Target) -> list[Problem]:
    problems = []
    for box in boxes.values():
        if len(box.pages) < 2 or (box.kind in rules.may_split and len(box.pages) == 2):
            continue
        first, last = box.pages[0], box.pages[-1]
        longer = box.at_top or len(box.pages) > 2
        what = "contact block" if box.kind == "contact-block" else f"'{box.kind}' box"
        message = f"{what} split over pages {first}–{last}"
        message += " (it is longer than a page: shorten it)" if longer else ""
        problems.append(target.problem(first, "PF102", message))
    return problems


def _short(text: str, length: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"


def is_preflight(problem: Problem) -> bool:
    """Whether *problem* is a preflight warning (``leafprint build --strict`` makes these
    errors)."""
    return problem.code.startswith("PF")
