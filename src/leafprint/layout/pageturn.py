"""No word hyphenated across a page turn: a reader would have to turn the page mid-word.

After page balancing, :func:`keep_words_whole` looks at the last line of text of every
page but the last (:func:`leafprint.layout.preflight.hyphen_at_page_end`). When it ends with the
hyphen hyphenation added, the text holding that word is set without hyphenation, or, if
that costs a page, its last line is carried over; the document is laid out again, and the
new layout is kept only if it has no more pages (no more sheets, printed *sheet* to a
sheet) and no more pages to fill. What is left is reported by the preflight (PF116).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from . import weasy
from .balance import Change
from .pagemeasure import text_pages
from .preflight import Rules, hyphen_at_page_end, needs_filling

LAYOUTS = 3  # layouts tried, at most
WHOLE_WORDS = "hyphens: none"  # (manual would still break at a soft hyphen)


def keep_words_whole(
    document: Any, relayout: Callable[[], Any], rules: Rules, sheet: int = 1
) -> Any:
    """*document*, or a layout of it with fewer pages ending in a hyphenated word."""
    best, cost = document, _cost(document, rules, sheet)
    tried: set[tuple[int, str]] = set()
    for _ in range(LAYOUTS):
        change = next((c for c in _changes(best) if _key(c) not in tried), None)
        if change is None:
            break
        tried.add(_key(change))
        change.apply()
        layout = relayout()
        if _cost(layout, rules, sheet) < cost:
            best, cost = layout, _cost(layout, rules, sheet)
        else:
            change.undo()
    return best


def _cost(document: Any, rules: Rules, sheet: int) -> tuple[int, int, int]:
    """Sheets (or pages), pages to fill, and pages ending in a hyphenated word."""
    pages = document.pages
    printed = text_pages(document)
    to_fill = sum(needs_filling(pages, index, rules) for index in range(len(pages)))
    hyphenated = sum(hyphen_at_page_end(weasy.page_box(page)) is not None for page in pages[:-1])
    return -(-printed // sheet), to_fill, hyphenated


def _changes(document: Any) -> Iterator[Change]:
    """For each page ending in a hyphenated word: its text set without hyphenation, then
    the line carried over to the next page."""
    pages = document.pages
    for index, page in enumerate(pages[:-1]):
        box = hyphen_at_page_end(weasy.page_box(page))
        if box is None or box.element is None:
            continue
        yield Change(box.element, WHOLE_WORDS)
        block = _paragraph(weasy.page_box(page), box)
        if block is not None:
            carried = _lines_of(weasy.page_box(pages[index + 1]), block.element)
            yield Change(block.element, f"widows: {carried + 1}")


def _paragraph(page_box: Any, text: Any) -> Any:
    """The block box on *page_box* whose lines hold the text box *text*."""
    for box in _descendants(page_box):
        children = getattr(box, "children", None) or []
        if any(type(c).__name__ == "LineBox" and text in _descendants(c) for c in children):
            return box
    return None


def _lines_of(page_box: Any, element: Any) -> int:
    """How many lines of *element* are on *page_box*."""
    return sum(
        type(child).__name__ == "LineBox"
        for box in _descendants(page_box)
        if getattr(box, "element", None) is element and type(box).__name__ != "LineBox"
        for child in getattr(box, "children", None) or []
    )


def _descendants(box: Any) -> list[Any]:
    found = [box]
    for child in getattr(box, "children", None) or []:
        found += _descendants(child)
    return found


def _key(change: Change) -> tuple[int, str]:
    return id(change.element), change.declaration
