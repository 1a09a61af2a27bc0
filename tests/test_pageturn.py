"""No word hyphenated across a page turn, read back from the PDF."""

from __future__ import annotations

import io
from functools import partial
from typing import Any

import pdfplumber
import pytest
from weasyprint import HTML

from leafprint.content.formats import FORMATS
from leafprint.layout.pageturn import keep_words_whole
from leafprint.layout.preflight import Rules

# Ten lines of 5 mm on a page: the tenth ends in "im‐" of "immunterapien" at 62 mm wide.
PAGE = (
    "@page { size: 90mm 60mm; margin: 5mm } body { font: 12pt/5mm 'Noto Sans'; margin: 0 } "
    "p { hyphens: auto; width: 62mm; margin: 0 }"
)
TEXT = "Linje.<br>" * 9 + "Mange har det godt under immunterapien, og de kan arbejde."

pytestmark = pytest.mark.slow  # each lays out a document


def page_lines(data: bytes) -> list[list[str]]:
    """The lines of text of every page of a PDF."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [page.extract_text().splitlines() for page in pdf.pages]


def layout(body: str) -> tuple[Any, HTML]:
    html = HTML(string=f"<html lang='da'><style>{PAGE}</style><body>{body}</body></html>")
    return html.render(), html


def test_a_word_hyphenated_at_the_foot_of_a_page_goes_over_whole() -> None:
    document, html = layout(f"<p>{TEXT}</p>")
    first, second = page_lines(document.write_pdf())
    assert first[-1].endswith("im\u2010") and second[0].startswith("munterapien,")  # the defect
    kept = keep_words_whole(document, partial(html.render), Rules.of(FORMATS["a5"]))
    first, second = page_lines(kept.write_pdf())
    assert first[-1] == "Mange har det godt under"
    assert second[0].startswith("immunterapien, og")  # whole, on the next page


def test_hyphens_inside_a_page_are_kept() -> None:
    """Only the page's last line loses its hyphen: body text is hyphenated as before."""
    body = "<p>" + "Immunterapien virker hos mange, og bivirkningerne er milde. " * 4 + "</p>"
    document, html = layout(body)
    kept = keep_words_whole(document, partial(html.render), Rules.of(FORMATS["a5"]))
    assert kept is document
    with pdfplumber.open(io.BytesIO(kept.write_pdf())) as pdf:
        assert "\u2010" in pdf.pages[0].extract_text()
