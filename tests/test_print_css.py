"""The print stylesheets on small documents: hanging titles, no hyphens where clear print
advises against them."""

from __future__ import annotations

from typing import Any

import pytest
from weasyprint import CSS, HTML

from helpers import ROOT
from leafprint.content.resolve import Credit
from leafprint.content.typography import Typesetting, typeset
from leafprint.layout.html import credit, last_words_together

pytestmark = pytest.mark.slow  # every test here renders PDFs

SHEETS = [CSS(filename=str(ROOT / "styles/base" / name)) for name in ("leaflet.css", "print.css")]
WORDS = "Immunotherapy medicines occasionally cause inflammation, hypothyroidism, pneumonitis " * 3


def text_boxes(html: str) -> list[Any]:
    document = HTML(string=f"<html lang='en'><body>{html}</body></html>").render(stylesheets=SHEETS)
    return [
        box
        for page in document.pages
        for box in page._page_box.descendants()
        if type(box).__name__ == "TextBox" and box.text.strip()
    ]


def test_a_title_with_an_icon_hangs_under_its_text() -> None:
    boxes = text_boxes(
        "<aside class='callout callout-urgent' style='width: 80mm'>"
        "<p class='callout-title with-icon'><span class='callout-icon'>!</span>"
        f"{WORDS}</p></aside>"
    )
    icon, first, *rest = boxes
    assert icon.text == "!"
    assert rest and all(abs(box.position_x - first.position_x) < 1 for box in rest)


@pytest.mark.parametrize(
    "html",
    [
        f"<h2 style='width: 32mm'>{WORDS}</h2>",
        f"<section class='key-points' style='width: 32mm'><p>{WORDS}</p></section>",
        f"<aside class='callout' style='width: 32mm'><p>{WORDS}</p></aside>",
        f"<div class='format-large-print'><p style='width: 32mm'>{WORDS}</p></div>",
    ],
)
def test_no_hyphenated_words_in_headings_boxes_and_large_print(html: str) -> None:
    assert not [box.text for box in text_boxes(html) if box.text.rstrip().endswith("\u2010")]


def test_body_text_is_still_hyphenated() -> None:
    boxes = text_boxes(f"<p style='width: 32mm'>{WORDS}</p>")
    assert any(box.text.rstrip().endswith("\u2010") for box in boxes)


def test_a_domain_name_with_capitals_is_not_hyphenated() -> None:
    """ "ClinicalTrials.gov" is an address: never "Clinical‐/Trials.gov"."""
    html = typeset("<p>" + "Search ClinicalTrials.gov " * 12 + "</p>", Typesetting("en"))
    assert 'class="address"' in html
    boxes = text_boxes(f"<div style='width: 32mm'>{html}</div>")
    assert not [box.text for box in boxes if box.text.rstrip().endswith("\u2010")]


def test_a_double_barrelled_name_stays_on_one_line() -> None:
    credit_html = str(credit(Credit(name="Dr. Antoine Lefebvre-Marchal", role="oncologue"), "ltr"))
    boxes = text_boxes(f"<p class='credits' style='width: 45mm'>Rédigé par : {credit_html}</p>")
    assert "Lefebvre-Marchal" in " ".join(box.text for box in boxes)
    assert not [box.text for box in boxes if box.text.rstrip().endswith("Lefebvre-")]


def test_a_title_keeps_its_last_two_words_together() -> None:
    title = str(last_words_together("Immunotherapy for cancer"))
    assert title == "Immunotherapy for\u00a0cancer"
    boxes = text_boxes(f"<h1 class='title' style='width: 110mm; font-size: 28pt'>{title}</h1>")
    assert [box.text.strip() for box in boxes] == ["Immunotherapy", "for\u00a0cancer"]
