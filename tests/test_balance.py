"""Page balancing fills a half-empty page, on small pages made to have one."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from leafprint.layout import weasy
from leafprint.layout.balance import PULL, Change, balance_pages, page_changes
from leafprint.layout.pdf import PdfRenderer, RenderedPdf
from leafprint.layout.preflight import Rules, Target, preflight

pytestmark = pytest.mark.slow  # every test here renders PDFs

SOURCE = Path("leaflets/sample/en.yaml")
TARGET = Target(SOURCE, "sample", "en", "general", "a5")
RULES = Rules(safe_mm=6, min_text_pt=8)
# A5 with 15 mm margins: 180 mm of text a page, in lines of exactly 5 mm.
CSS = """
@page { size: A5; margin: 15mm; }
body { font-size: 10pt; line-height: var(--leading, 5mm); }
p { margin: 0; }
.callout, .contact-block { break-inside: avoid; }
.notes-fill { display: none; position: relative; }
.note-lines { position: absolute; top: 12mm; bottom: 0; left: 0; right: 0; }
"""


@pytest.fixture(scope="module")
def renderer(tmp_path_factory: pytest.TempPathFactory) -> PdfRenderer:
    return PdfRenderer([tmp_path_factory.mktemp("assets")])


def render(
    renderer: PdfRenderer, body: str, balance: bool = True, spacings: tuple[str, ...] = ()
) -> RenderedPdf:
    html = f"<html lang='en'><head><style>{CSS}</style></head><body>{body}</body></html>"
    return renderer.render(
        html,
        Path("."),
        SOURCE,
        check=lambda document: preflight(document, RULES, TARGET),
        balance=(lambda d, relayout: balance_pages(d, relayout, RULES, spacings))
        if balance
        else None,
    )


def lines(name: str, count: int, first: int = 1) -> str:
    return "<br>".join(f"{name} line {n}" for n in range(first, first + count))


def block(name: str, count: int = 5) -> str:
    return f"<p>{lines(name, count)}</p>"


def box(name: str, count: int) -> str:
    return f"<div class='callout'>{lines(name, count)}</div>"


def page_texts(pdf: bytes, tmp_path: Path) -> list[str]:
    from pypdf import PdfReader

    path = tmp_path / "out.pdf"
    path.write_bytes(pdf)
    return [page.extract_text() for page in PdfReader(path).pages]


def codes(rendered: RenderedPdf) -> list[str]:
    return [problem.code for problem in rendered.preflight]


def test_a_booklet_keeps_the_spacing_that_needs_fewer_notes_pages(
    renderer: PdfRenderer, tmp_path: Path
) -> None:
    """Boxes of 28 lines, one of 7 after the second, and a back page: in lines of 5 mm the
    short box shares page 2 (six pages: two notes pages would pad a booklet's second sheet);
    in lines of 6 mm it takes a page of its own, 77 % empty (seven pages: one notes page).
    A booklet, printed four to a sheet, keeps the looser spacing; pages printed one by one
    keep the closer, which leaves no page half empty."""
    body = "".join(box(name, 28) for name in "ab") + box("short", 7)
    body += "".join(box(name, 28) for name in "cde")
    body += "<div style='page: back-cover; break-before: page'>Contact</div>"
    html = f"<html lang='en'><head><style>{CSS}</style></head><body>{body}</body></html>"
    spacings = ("--leading: 6mm",)
    for sheet, expected in ((4, 7), (1, 6)):
        rendered = renderer.render(
            html,
            Path("."),
            SOURCE,
            check=lambda document: preflight(document, RULES, TARGET),
            balance=lambda d, relayout, sheet=sheet: balance_pages(
                d, relayout, RULES, spacings, sheet
            ),
        )
        assert len(page_texts(rendered.data, tmp_path)) == expected


def test_the_end_of_the_page_before_moves_over(renderer: PdfRenderer, tmp_path: Path) -> None:
    """Blocks of 25 mm: seven fill page 1, the eighth starts page 2 and the 160 mm box
    after it goes on to page 3, leaving page 2 86% empty. Starting page 2 at block 5
    leaves 100 mm on each page."""
    body = "".join(block(f"block {n}") for n in range(1, 9)) + box("urgent", 32)
    assert codes(render(renderer, body, balance=False)) == ["PF103"]

    balanced = render(renderer, body)
    assert codes(balanced) == []
    pages = page_texts(balanced.data, tmp_path)
    assert len(pages) == 3
    assert pages[0].rstrip().endswith("block 4 line 5")
    assert pages[1].lstrip().startswith("block 5 line 1")
    assert pages[2].lstrip().startswith("urgent line 1")


def test_lines_of_a_paragraph_carry_over(renderer: PdfRenderer, tmp_path: Path) -> None:
    """One paragraph of 40 lines: 36 on page 1, 4 on page 2 before the box. Carrying 16
    more over leaves 20 lines on each page."""
    body = f"<p>{lines('text', 40)}</p>" + box("urgent", 32)
    assert codes(render(renderer, body, balance=False)) == ["PF103"]

    balanced = render(renderer, body)
    assert codes(balanced) == []
    pages = page_texts(balanced.data, tmp_path)
    assert pages[1].lstrip().startswith("text line 21")


def test_three_pages_before_give_together(renderer: PdfRenderer, tmp_path: Path) -> None:
    """Boxes of 20 + 14, 10 + 24 and 10 + 24 lines fill pages 1 to 3 (36 lines a page); a
    box of 4 lines is left alone on page 4 before the last box. The page before, or the
    two before, cannot give without being left under half full themselves; the three
    before can: each passes its last box on to the next page."""
    sizes = {"a": 20, "b": 14, "c": 10, "d": 24, "e": 10, "f": 24, "g": 4, "last": 34}
    body = "".join(box(name, count) for name, count in sizes.items())
    assert codes(render(renderer, body, balance=False)) == ["PF103"]

    balanced = render(renderer, body)
    assert codes(balanced) == []
    pages = page_texts(balanced.data, tmp_path)
    starts = [page.split()[0] for page in pages]
    assert starts == ["a", "b", "d", "f", "last"]


def test_a_pull_lifts_the_break_kept_before_where_it_starts_the_page_earlier(
    renderer: PdfRenderer, tmp_path: Path
) -> None:
    """Blocks of 20 and 12 lines fill page 1; a forced break kept from an earlier change
    starts page 2 at a block of 8 lines, before a box of 34 on page 3. Pulling the block of
    12 on to page 2 takes that break back: page 2 holds both blocks, and the box still
    starts page 3. Left in place, the break would put the block of 8 on a page of its own."""
    body = block("a", 20) + block("b", 12)
    body += f"<p style='{PULL}'>{lines('x', 8)}</p>" + box("urgent", 34)
    html = f"<html lang='en'><head><style>{CSS}</style></head><body>{body}</body></html>"
    found = []
    for lifting in (True, False):

        def pull(document: Any, relayout: Callable[[], Any], lifting: bool = lifting) -> Any:
            root = weasy.page_box(document.pages[0]).children[0].element
            broken = next(e for e in root.iter() if e.get("style") == PULL)
            kept = [Change(broken, PULL)] if lifting else []
            for change in next(page_changes(document, RULES, kept)):
                change.apply()
            return relayout()

        rendered = renderer.render(html, Path("."), SOURCE, balance=pull)
        found.append([page.split()[:3] for page in page_texts(rendered.data, tmp_path)])
    assert found[0] == [["a", "line", "1"], ["b", "line", "1"], ["urgent", "line", "1"]]
    assert found[1] == [
        ["a", "line", "1"],
        ["b", "line", "1"],
        ["x", "line", "1"],
        ["urgent", "line", "1"],
    ]


def test_room_for_notes_fills_the_page_before_the_back_page(
    renderer: PdfRenderer, tmp_path: Path
) -> None:
    """A box that fills page 1, the colophon alone on page 2, the contact block on page 3:
    nothing can move, so the room for notes takes the free space above the colophon."""
    body = (
        box("summary", 35)
        + "<section class='notes-fill'><h2>Notes</h2><div class='note-lines'></div></section>"
        + f"<footer class='colophon'>{lines('colophon', 4)}</footer>"
        + f"<section class='contact-block'>{lines('contact', 33)}</section>"
    )
    assert codes(render(renderer, body, balance=False)) == ["PF103"]

    balanced = render(renderer, body)
    assert codes(balanced) == []
    pages = page_texts(balanced.data, tmp_path)
    assert len(pages) == 3
    assert sorted(pages[1].split()) == sorted(
        ["Notes", *" ".join(lines("colophon", 4).split("<br>")).split()]
    )
    assert pages[2].lstrip().startswith("contact line 1")


def test_a_page_nothing_can_fill_is_still_reported(renderer: PdfRenderer) -> None:
    """Three boxes that cannot be split, the middle one short: no block can move, and
    without a colophon there is no room for notes either."""
    body = box("first", 34) + box("second", 8) + box("third", 34)
    assert codes(render(renderer, body)) == ["PF103"]


def test_a_closer_spacing_of_the_whole_document_fills_the_page(
    renderer: PdfRenderer, tmp_path: Path
) -> None:
    """A paragraph of 30 lines and a box of 10 do not share a page in lines of 5 mm (the box
    leaves page 2 72 % empty before a last box); in lines of 4 mm they do, and nothing is
    left to fill. Lines of 6 mm would not help: the closer variant is kept."""
    body = f"<p>{lines('text', 30)}</p>" + box("box", 10) + box("last", 30)
    spacings = ("--leading: 6mm", "--leading: 4mm")
    assert codes(render(renderer, body, spacings=())) == ["PF103"]

    balanced = render(renderer, body, spacings=spacings)
    assert codes(balanced) == []
    pages = page_texts(balanced.data, tmp_path)
    assert len(pages) == 2
    assert pages[0].rstrip().endswith("box line 10")


def test_a_booklet_grows_its_text_rather_than_pad_a_sheet_with_notes_pages(
    renderer: PdfRenderer, tmp_path: Path
) -> None:
    """Five paragraphs of 30 lines and a back page: in lines of 5 mm (35 a page) six pages,
    which two notes pages would pad to a booklet's two sheets. Of the growth steps, lines of
    6, 7 and 8 mm keep two sheets (six, seven and eight pages), 9 mm would need a third.
    The largest step on two sheets is kept: 22 lines a page, eight pages, no notes page."""
    body = "".join(f"<p>{lines(f'p{n}', 30)}</p>" for n in range(1, 6))
    body += "<div style='page: back-cover; break-before: page'>Contact</div>"
    html = f"<html lang='en'><head><style>{CSS}</style></head><body>{body}</body></html>"
    growth = ("--leading: 6mm", "--leading: 7mm", "--leading: 8mm", "--leading: 9mm")
    found = []
    for steps in ((), growth):
        rendered = renderer.render(
            html,
            Path("."),
            SOURCE,
            check=lambda document: preflight(document, RULES, TARGET),
            balance=lambda d, relayout, steps=steps: balance_pages(
                d, relayout, RULES, sheet=4, growth=steps
            ),
        )
        pages = page_texts(rendered.data, tmp_path)
        found.append((len(pages), pages[0].rstrip().split("\n")[-1]))
    assert found == [(6, "p2 line 5"), (8, "p1 line 22")]
