"""The preflight finds each defect on a small page made to have it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
import segno

from leafprint.content.formats import FORMATS
from leafprint.errors import Problem
from leafprint.layout.pdf import PdfRenderer
from leafprint.layout.preflight import Rules, Target, is_preflight, preflight

SOURCE = Path("leaflets/sample/en.yaml")
TARGET = Target(SOURCE, "sample", "en", "general", "a5")
RULES = Rules(safe_mm=6, min_text_pt=8)
WHERE = "sample (en, general edition, a5) page"
PAGE = "@page { size: A5; margin: 15mm; }"
LONG = "<p>" + "Rest a lot in the first week, but walk a little every day. " * 12 + "</p>"


@pytest.fixture(scope="module")
def renderer(tmp_path_factory: pytest.TempPathFactory) -> PdfRenderer:
    return PdfRenderer([tmp_path_factory.mktemp("assets")])


def check(renderer: PdfRenderer, css: str, body: str, rules: Rules = RULES) -> list[str]:
    html = f"<html lang='en'><head><style>{PAGE} {css}</style></head><body>{body}</body></html>"
    rendered = renderer.render(
        html, Path("."), SOURCE, check=lambda document: preflight(document, rules, TARGET)
    )
    assert rendered.data.startswith(b"%PDF")  # rendered once, then written
    return [str(problem) for problem in rendered.preflight]


def message(code: str, page: int, text: str) -> str:
    return str(Problem.at(SOURCE, "(preflight)", f"{WHERE} {page}: {text}", code=code))


@pytest.mark.slow
def test_a_clean_page_has_no_problems(renderer: PdfRenderer) -> None:
    assert check(renderer, "", "<p>Rest a lot in the first week.</p>") == []


@pytest.mark.slow
def test_text_outside_the_safe_area(renderer: PdfRenderer) -> None:
    css = (
        "@page { margin-bottom: 2mm; @bottom-left { content: none; } } "
        ".foot { position: absolute; bottom: -13mm; }"
    )
    body = "<p>Rest a lot.</p><p class='foot'>Call us</p>"
    [problem] = check(renderer, css, body)
    assert problem.startswith(f"leaflets/sample/en.yaml:1:1: PF101 (preflight): {WHERE} 1: text ")
    assert problem.endswith("mm from the bottom edge of the page (at least 6 mm): 'Call us'")


@pytest.mark.slow
def test_a_footer_in_the_margin_is_checked_too(renderer: PdfRenderer) -> None:
    css = (
        "@page { margin-bottom: 12mm; @bottom-left { content: 'Page 1'; vertical-align: bottom; } }"
    )
    [problem] = check(renderer, css, "<p>Rest a lot.</p>")
    assert "PF101" in problem and "'Page 1'" in problem


@pytest.mark.slow
def test_a_split_box_and_a_box_longer_than_a_page(renderer: PdfRenderer) -> None:
    css = ".row { height: 10mm; }"
    body = (
        "<div style='height: 120mm'></div><div class='callout'>"
        + "<div class='row'>Call us</div>" * 10
        + "</div><section class='contact-block'>"
        + "<div class='row'>Contact</div>" * 40
        + "</section>"
    )
    problems = check(renderer, css, body)
    assert [p for p in problems if "PF102" in p] == [
        message("PF102", 1, "'callout' box split over pages 1–2"),
        message(
            "PF102", 2, "contact block split over pages 2–4 (it is longer than a page: shorten it)"
        ),
    ]


@pytest.mark.slow
def test_large_print_key_points_may_go_on_to_the_next_page(renderer: PdfRenderer) -> None:
    """Large print lets its key points continue on the next page (not a split box), but
    not over three pages."""
    css = ".row { height: 10mm; }"
    body = "<div style='height: 120mm'></div><section class='key-points'>{}</section>"
    rules = Rules(safe_mm=6, min_text_pt=8, may_split=("key-points",))
    two = body.format("<div class='row'>Walk</div>" * 10)
    assert [p for p in check(renderer, css, two, rules) if "PF102" in p] == []
    assert [p for p in check(renderer, css, two) if "PF102" in p] == [
        message("PF102", 1, "'key-points' box split over pages 1–2")
    ]
    three = body.format("<div class='row'>Walk</div>" * 40)
    assert [p for p in check(renderer, css, three, rules) if "PF102" in p] == [
        message(
            "PF102",
            1,
            "'key-points' box split over pages 1–3 (it is longer than a page: shorten it)",
        )
    ]


@pytest.mark.slow
def test_a_half_empty_page_that_is_not_the_last(renderer: PdfRenderer) -> None:
    body = "<p>Rest a lot.</p><p style='break-before: page'>Walk a little.</p>"
    assert check(renderer, "", body) == [
        message("PF103", 1, "page 94% empty, at most 50% here (a page before the last)")
    ]


@pytest.mark.slow
def test_a_designed_cover_may_be_empty(renderer: PdfRenderer) -> None:
    css = "@page cover { margin: 15mm; } .cover { page: cover; break-after: page; }"
    body = "<div class='cover'>Title</div><p>Walk a little.</p>"
    assert check(renderer, css, body) == []


@pytest.mark.slow
def test_a_hyphenated_web_address(renderer: PdfRenderer) -> None:
    css = "p { width: 30mm; hyphens: auto; }"
    body = "<p>See <a href='#'>www.cancer.gov/publications/dictionaries</a>.</p>"
    problems = check(renderer, css, body)
    assert problems and all("PF104" in p for p in problems)
    assert "web address hyphenated at the line end: '" in problems[0]


@pytest.mark.slow
def test_addresses_set_by_typeset_are_not_hyphenated(renderer: PdfRenderer) -> None:
    css = "p { width: 30mm; hyphens: auto; } .address { hyphens: none; }"
    body = (
        "<p>See <a href='#'><span class='address'>www.<wbr>cancer.<wbr>gov/<wbr>"
        "publications/<wbr>dictionaries</span></a>.</p>"
    )
    assert check(renderer, css, body) == []


@pytest.mark.slow
def test_small_text_but_not_in_footers_or_superscripts(renderer: PdfRenderer) -> None:
    css = "@page { @bottom-left { content: 'Leaflet ONC-012'; font-size: 6pt; } }"
    body = (
        "<p>Rest<sup style='font-size: 6pt'>1</sup> a lot.</p>"
        "<p style='font-size: 7pt'>Small print</p>"
    )
    assert check(renderer, css, body) == [
        message("PF105", 1, "text in 7.0 pt, under the 8 pt minimum of this format: 'Small print'")
    ]


@pytest.mark.slow
def test_missing_glyphs(renderer: PdfRenderer) -> None:
    assert check(renderer, "", "<p>Rest \ue000 a lot.</p>") == [
        message("PF106", 1, "no font has a glyph for '\ue000' (U+E000)")
    ]


@pytest.mark.parametrize(
    ("name", "safe", "smallest", "empty", "body", "ppi", "apart"),
    [
        ("a4", 6, 8, 0.5, 12, 0, 10),
        ("press", 5, 8, 0.5, 12, 300, 10),
        ("large-print", 6, 16, 0.5, 16, 0, 16),
        ("booklet", 6, 8, 0.5, 12, 0, 10),
    ],
)
def test_rules_per_format(
    name: str, safe: float, smallest: float, empty: float, body: float, ppi: float, apart: float
) -> None:
    """Large print is a format of its own: nothing a reader reads under 16 pt; raster
    images are judged in press files only; the colophon's code and dates at body size; its
    key points may go on to the next page, as a booklet's."""
    required = ("availability", "credits", "contact-block")
    may_split = ("key-points",) if name in ("large-print", "booklet") else ()
    expected = Rules(
        safe, smallest, empty, min_body_pt=body, required=required, min_image_ppi=ppi,
        min_details_pt=body, min_apart_pt=apart, may_split=may_split,
    )  # fmt: skip
    assert Rules.of(FORMATS[name]) == expected


def test_preflight_warnings_are_told_apart_by_their_code() -> None:
    assert is_preflight(Problem.at(SOURCE, "(preflight)", "x", code="PF103"))
    assert not is_preflight(Problem.at(SOURCE, "title", "x", code="LP101"))
    assert not is_preflight(Problem.at(SOURCE, "title", "x"))


@pytest.mark.slow
def test_the_last_page_of_text_before_a_back_cover_may_be_half_empty(
    renderer: PdfRenderer,
) -> None:
    css = ".back { page: back-cover; break-before: page; }"
    body = "<p>Walk a little.</p><p style='break-before: page'>Rest.</p><p class='back'>Call</p>"
    assert check(renderer, css, body) == [
        message("PF103", 1, "page 94% empty, at most 50% here (a page before the last)")
    ]


# --- what the page shows, whatever the stylesheet says ---------------------------------------

QR = segno.make("https://leaflets.example.org/immunotherapy/nl", error="m").svg_inline(
    border=4, omitsize=True
)  # 33 modules, 41 with the quiet zone
LONG_URL = "https://leaflets.example.org/" + "immunotherapy-and-its-side-effects/" * 4


@pytest.mark.slow
def test_contrast_of_text_against_the_box_behind_it(renderer: PdfRenderer) -> None:
    css = ".summary { background: #8A8A8A; } .summary h2, .summary p { color: #00567D; }"
    body = (
        "<section class='summary'><h2>In short</h2><p>Rest a lot in the first week.</p></section>"
        "<p style='color: #00567D'>Walk a little every day.</p>"
    )
    assert check(renderer, css, body) == [
        message(
            "PF107",
            1,
            "text #00567D on #8A8A8A has a contrast of 2.3:1, under 3:1 for large text: 'In short'",
        ),
        message(
            "PF107",
            1,
            "text #00567D on #8A8A8A has a contrast of 2.3:1, under 4.5:1: 'Rest a "
            "lot in the first week.'",
        ),
    ]


@pytest.mark.slow
def test_contrast_counts_transparency_and_skips_decoration(renderer: PdfRenderer) -> None:
    css = "body { background: #FFF4E5; } .faint { opacity: 0.4; } .mark { color: #DDD; }"
    body = (
        "<p class='faint'>Rest a lot.</p><p><span class='mark' aria-hidden='true'>DRAFT</span>"
        "</p><p style='color: #777; font-size: 24px'>Large grey heading</p>"
    )
    assert check(renderer, css, body) == [
        message(
            "PF107",
            1,
            "text #999289 on #FFF4E5 has a contrast of 2.8:1, under 4.5:1: 'Rest a lot.'",
        )
    ]


@pytest.mark.slow
def test_body_text_size_wherever_the_stylesheet_set_it(renderer: PdfRenderer) -> None:
    css = "section.content-section { font-size: 10pt; } .colophon { font-size: 10pt; }"
    body = (
        "<section class='content-section'><h2>Rest</h2>"
        "<p>Rest a lot<sup>1</sup> in the first week.</p><ul><li>Walk</li></ul></section>"
        "<footer class='colophon'><p>Leaflet ONC-012</p></footer>"
    )
    assert check(renderer, css, body) == [
        message(
            "PF108",
            1,
            "body text in 10.0 pt, under the 12 pt minimum for body text in this "
            "format: 'Rest a lot'",
        )
    ]


@pytest.mark.slow
def test_large_print_body_text_is_at_least_16_pt(renderer: PdfRenderer) -> None:
    rules = Rules.of(FORMATS["large-print"])
    body = "<section class='key-points'><ul><li style='font-size: 14pt'>Walk</li></ul></section>"
    problems = check(renderer, "", body, replace(rules, required=()))
    assert problems == [
        message("PF105", 1, "text in 14.0 pt, under the 16 pt minimum of this format: '•'"),
        message(
            "PF108",
            1,
            "body text in 14.0 pt, under the 16 pt minimum for body text in this format: 'Walk'",
        ),
    ]


@pytest.mark.slow
def test_qr_code_measured_as_printed_whatever_rules_follow(renderer: PdfRenderer) -> None:
    css = (
        ".qr-code { width: 12mm; height: 12mm; } .back-details .qr-code { width: 26mm; } "
        ".qr-code svg { width: 100%; height: 100%; }"
    )
    body = f"<div class='qr-code'>{QR}</div><p>Rest a lot.</p>"
    assert check(renderer, css, body) == [
        message(
            "PF109",
            1,
            "QR code printed 9.7 mm across with modules of 0.29 mm (33 modules, "
            "quiet zone aside); at least 20 mm and 0.5 mm modules, so at least 20.0 mm here",
        )
    ]


@pytest.mark.slow
def test_qr_code_modules_too_small_for_a_long_address(renderer: PdfRenderer) -> None:
    css = ".qr-code { width: 28mm; height: 28mm; } .qr-code svg { width: 100%; height: 100%; }"
    code = segno.make(LONG_URL, error="m").svg_inline(border=4, omitsize=True)
    assert check(renderer, css, f"<div class='qr-code'>{code}</div>") == [
        message(
            "PF109",
            1,
            "QR code printed 24.3 mm across with modules of 0.46 mm (53 modules, "
            "quiet zone aside); at least 20 mm and 0.5 mm modules, so at least 26.5 mm here",
        )
    ]


@pytest.mark.slow
def test_a_large_enough_qr_code_passes(renderer: PdfRenderer) -> None:
    css = ".qr-code { width: 28mm; height: 28mm; } .qr-code svg { width: 100%; height: 100%; }"
    assert check(renderer, css, f"<div class='contact-vcard-code qr-code'>{QR}</div>") == []


REQUIRED = replace(RULES, required=("availability", "credits", "contact-block"))
BLOCKS = (
    "<section class='availability'><p>Also in large print.</p></section>"
    "<p class='credits'>Written by nurses</p>"
    "<section class='contact-block'><p>Call us</p></section>"
)


@pytest.mark.slow
def test_required_blocks_on_the_page(renderer: PdfRenderer) -> None:
    assert check(renderer, "", BLOCKS, REQUIRED) == []


@pytest.mark.slow
def test_required_blocks_hidden_or_empty_are_missing(renderer: PdfRenderer) -> None:
    css = (
        "/* .availability is kept */ .availability { display: none; } "
        ".credits { visibility: hidden; }"
    )
    body = BLOCKS.replace("<p>Call us</p>", "")
    where = "sample (en, general edition, a5)"
    assert check(renderer, css, body, REQUIRED) == [
        str(Problem.at(SOURCE, "(preflight)", f"{where}: {text}", code="PF110"))
        for text in (
            "the statement on other formats and languages is on no page (class 'availability' "
            "with text)",
            "the credits (owner and authors) is on no page (class 'credits' with text)",
            "the contact block is on no page (class 'contact-block' with text)",
        )
    ]


@pytest.mark.slow
def test_a_word_hyphenated_over_a_page_turn(renderer: PdfRenderer) -> None:
    css = (
        "@page { size: 90mm 60mm; margin: 5mm } body { font: 12pt/5mm 'Noto Sans'; margin: 0 } "
        "p { hyphens: auto; width: 62mm; margin: 0 }"
    )
    text = "Mange har det godt under immunterapien, og de kan arbejde."
    body = "<p lang='da'>" + "Linje.<br>" * 9 + text + "</p>"
    problems = [p for p in check(renderer, css, body) if "PF116" in p]
    assert problems == [
        message(
            "PF116", 1, "the last line of the page ends in a word hyphenated over the page "
            "turn: 'im\u2010'"
        )
    ]  # fmt: skip
