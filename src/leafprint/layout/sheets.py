"""Whole sheets: pages printed on both sides of a sheet (a booklet four to a sheet, A5 two)
end on the back of the last sheet, where the back page (the contact block) belongs.

The page balancing (:func:`leafprint.layout.balance.balance_pages`) judges their layouts by the
sheets they need first, so a spacing variant that saves a sheet is kept; a booklet whose
last sheet would still need more than one notes page sets its text larger (up to 13.5 pt)
on as many sheets (:func:`leafprint.layout.balance.grow_text`). What is left over
is padded with notes pages before the back page: a booklet lays out all three of its
template's notes pages and the build keeps as many as it needs
(``postprocess.keep_notes_pages``); A5 hides them, and :func:`balance_sheets` shows one
where its page count is odd.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from leafprint.content.formats import Format

from . import weasy
from .balance import Change, balance_pages
from .pagemeasure import is_notes_page
from .preflight import Rules

SHOW = "display: block"


def balance_sheets(document: Any, relayout: Callable[[], Any], rules: Rules, fmt: Format) -> Any:
    """*document* balanced for *fmt* (the fewest sheets first), then padded to whole
    sheets."""
    sheet = fmt.sheet_pages
    best = balance_pages(document, relayout, rules, fmt.spacings, sheet, fmt.aim_fill, fmt.growth)
    return pad_to_sheets(best, relayout, sheet) if sheet > 1 else best


def pad_to_sheets(document: Any, relayout: Callable[[], Any], sheet: int) -> Any:
    """*document*, or laid out again with as many of its hidden notes pages shown as make
    whole sheets of *sheet* pages. Nothing changes when notes pages are laid out already,
    or when the new layout does not come out on whole sheets."""
    pages = document.pages
    missing = -len(pages) % sheet
    if not missing or any(is_notes_page(page) for page in pages):
        return document
    root = next(c for c in weasy.page_box(pages[0]).children if type(c).__name__ != "MarginBox")
    notes = [e for e in root.element.iter() if "notes-page" in (e.get("class") or "").split()]
    shown = [Change(element, SHOW) for element in notes[:missing]]
    for change in shown:
        change.apply()
    layout = relayout()
    if len(layout.pages) % sheet:
        for change in reversed(shown):
            change.undo()
        return document
    return layout
