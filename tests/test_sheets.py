"""Whole sheets: a layout printed two to a sheet shows a hidden notes page where its page
count is odd (leafprint.layout.sheets)."""

from __future__ import annotations

from functools import partial

import pytest
from weasyprint import HTML

from leafprint.layout.sheets import pad_to_sheets

STYLE = (
    "<style>@page { size: A5 } @page notes { margin: 20mm } p { break-after: page }"
    ".notes-page { display: none; page: notes; break-before: page }</style>"
)
NOTES = "<section class='notes-page'><h2>Notes</h2></section>"
BACK = "<div style='break-before: page'>back</div>"


pytestmark = pytest.mark.slow  # each lays out a leaflet


def layout(pages: int) -> tuple[object, partial[object]]:
    html = HTML(string=STYLE + "<p>text</p>" * (pages - 1) + NOTES * 3 + BACK)
    return html.render(), partial(html.render)


def names(document: object) -> list[str]:
    return [page._page_box.page_type.name or "" for page in document.pages]  # type: ignore[attr-defined]


def test_an_odd_page_count_gets_one_notes_page_before_the_back_page() -> None:
    document, relayout = layout(3)
    assert names(document) == ["", "", ""]
    padded = pad_to_sheets(document, relayout, 2)
    assert names(padded) == ["", "", "notes", ""]


def test_an_even_page_count_stays_as_it_is() -> None:
    document, relayout = layout(4)
    assert pad_to_sheets(document, relayout, 2) is document
    assert len(document.pages) == 4  # type: ignore[attr-defined]
