"""Page balancing: no page of text is left more than half empty where moving text, or
room for notes, can fill it.

A page stays half empty when what comes next cannot be split: a box, the urgent box
with the paragraph leading into it, or the contact block, moves to the next page whole
and leaves a gap. After a first layout, :func:`page_changes` proposes for each such
page what a designer would do:

- **pull**: start the half-empty page earlier, at a block of the page before or at a
  line of the paragraph running over (a forced break, or a higher ``widows``), so that
  both pages are at least half full. Only these two pages change: the half-empty page
  gets no more than its free space, so what did not fit it before still starts the next
  page, and every later page stays as it was. When the page before has too little to give,
  up to :data:`DEPTH` pages before give together, each passing its end on to the next. A
  page that an earlier pull started at a forced break may be started earlier again: that
  break is lifted, so what the earlier pull put there stays on the page.
- **fill**: when nothing can move and the half-empty page is the one before the back
  page (the contact block), show the template's room for notes there, as high as the
  free space above the colophon.

:func:`balance_pages` first tries the format's spacing variants of the whole document (a
little closer or looser lines, paragraphs and sections: :attr:`Format.spacings`) and keeps
the layout with the fewest pages to fill (a booklet: the fewest sheets, then the fewest
notes pages, first). Large print also tries its growth steps (:attr:`Format.growth`: the
text a little larger, the key points free to go on) as variants. A booklet that would still
end with more than one notes page grows its text instead (:func:`grow_text`): the largest
step, up to 13.5 pt, that stays on as many sheets, found by bisection, so that larger type
rather than blank pages uses the last sheet. Then it tries the changes one at a time,
laying the document out again (at most three times), and keeps a change only when it leaves
fewer pages to fill (on no more sheets).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from itertools import chain
from typing import Any

from . import weasy
from .pagemeasure import text_pages
from .preflight import (
    DESIGNED_PAGES,
    MM_PER_PX,
    Rules,
    block_boxes,
    classes,
    content_bottom,
    needs_filling,
)

LAYOUTS = 3  # layouts after the first, at most
ESTIMATE = 0.03  # how far off the estimate of a move may be (the new layout is checked)
SLACK_PX = 8.0  # room kept free on the filled page, against rounding and margins
PULL = "break-before: page"
DEPTH = 3  # pages before a half-empty page that may give it text together, at most
CHAINS = 3  # chains of two or more changes tried for one page, at most
AVOID = ("avoid", "avoid-page")
# Boxes whose inside is laid out as a whole: a break is never forced inside them.
_WHOLE = {"LineBox", "FlexBox", "GridBox", "TableWrapperBox", "TableBox"}


@dataclass(frozen=True)
class Change:
    """A declaration to add to an element's style attribute (and to take back), or, to
    *lift* it, one added before to take back (and to add again)."""

    element: Any
    declaration: str
    lift: bool = False

    def apply(self) -> None:
        (self._remove if self.lift else self._add)()

    def undo(self) -> None:
        (self._add if self.lift else self._remove)()

    def _add(self) -> None:
        style = (self.element.get("style") or "").strip().rstrip(";")
        self.element.set("style", f"{style}; {self.declaration}" if style else self.declaration)

    def _remove(self) -> None:
        style = (self.element.get("style") or "").removesuffix(self.declaration)
        style = style.rstrip().rstrip(";")
        if style:
            self.element.set("style", style)
        else:
            del self.element.attrib["style"]


Move = tuple[Change, ...]  # changes laid out together
Offer = tuple[float, float, Change]  # a change on a page: the height it moves on, and keeps


def balance_pages(
    document: Any,
    relayout: Callable[[], Any],
    rules: Rules,
    spacings: tuple[str, ...] = (),
    sheet: int = 1,
    aim: float = 0.0,
    growth: tuple[str, ...] = (),
) -> Any:
    """*document* (laid out by WeasyPrint), or a layout with fewer pages to fill.

    A page is to fill when it is more empty than *rules* allow, and, less urgently, when
    it is less full than *aim* (a fraction of the page, if above the rules' own).
    Each of the *spacings* is tried (:func:`best_spacing`) when a page is to be filled or,
    with pages printed *sheet* to a sheet, more than one notes page would pad the last;
    then, if more than one still would, the text grows by a step of *growth*
    (:func:`grow_text`); pages printed one by one try its steps as spacings. Then the
    first page to fill gets its best change not yet tried (:func:`page_changes`),
    *relayout* lays the changed HTML out again, and the change is kept if fewer pages are
    left to fill, taken back otherwise; then the next change, at most :data:`LAYOUTS` times.
    """
    aimed = replace(rules, max_empty=min(rules.max_empty, round(1 - aim, 2)))
    variants = spacings if sheet > 1 else (*spacings, *growth)
    best = best_spacing(document, relayout, (rules, aimed), variants, sheet)
    if sheet > 1:
        best = grow_text(best, relayout, (rules, aimed), growth, sheet)
    return _fill_pages(best, relayout, (rules, aimed), sheet)


def best_spacing(
    document: Any,
    relayout: Callable[[], Any],
    rules: tuple[Rules, Rules],
    spacings: tuple[str, ...],
    sheet: int,
) -> Any:
    """*document*, or its layout in the one of *spacings* (declarations on the root element)
    that leaves the fewest pages to fill: the fewest sheets first when pages are printed
    *sheet* to a sheet, the fewest pages last. The declaration of the layout kept stays."""
    best, score = document, _score(document, rules, sheet)
    if not spacings or _fine(score, sheet):
        return best
    root = next(_flow(weasy.page_box(document.pages[0]))).element
    kept: Change | None = None
    for declaration in spacings:
        if kept is not None:
            kept.undo()
        change = Change(root, declaration)
        change.apply()
        layout = relayout()
        if _score(layout, rules, sheet) < score:
            best, score, kept = layout, _score(layout, rules, sheet), change
        else:
            change.undo()
            if kept is not None:
                kept.apply()
    return best


def grow_text(
    document: Any,
    relayout: Callable[[], Any],
    rules: tuple[Rules, Rules],
    growth: tuple[str, ...],
    sheet: int,
) -> Any:
    """*document*, or its layout in the largest step of *growth* (declarations on the root
    element, the least growth first) whose text stays on the sheets it needs (*sheet* pages
    to a sheet), found by bisection: larger type on pages that notes pages would pad. The
    layout is kept only if it leaves fewer notes pages, and no more pages to fill."""
    score = _score(document, rules, sheet)
    if not growth or _notes(score, sheet) <= 1:
        return document
    root = next(_flow(weasy.page_box(document.pages[0]))).element
    laid: dict[int, Any] = {0: document}
    low, high = 0, len(growth) + 1  # on as many sheets at low; a sheet more at high
    while high - low > 1:
        middle = (low + high) // 2
        change = Change(root, growth[middle - 1])
        change.apply()
        laid[middle] = relayout()
        change.undo()
        if _score(laid[middle], rules, sheet)[0] > score[0]:
            high = middle
        else:
            low = middle
    grown = _score(laid[low], rules, sheet)
    if _notes(grown, sheet) >= _notes(score, sheet) or grown[2:4] > score[2:4]:
        return document
    Change(root, growth[low - 1]).apply()
    return laid[low]


def _notes(score: tuple[int, ...], sheet: int) -> int:
    """The notes pages that pad the last sheet of a layout of this *score*."""
    return score[0] * sheet + score[1]


def _score(document: Any, rules: tuple[Rules, Rules], sheet: int) -> tuple[int, ...]:
    """What a layout is judged by, the smaller the better: the fewest pages to fill (by the
    rules, then by the aim), then the fewest pages. Pages printed *sheet* to a sheet are
    judged by their sheets first, then by the notes pages padding the last (the most pages
    of text on them), then by the pages to fill, which the pulls after may still fill."""
    pages = text_pages(document)
    if sheet == 1:
        return (0, 0, *_to_fill(document, rules), pages)
    return (-(-pages // sheet), -pages, *_to_fill(document, rules), 0)


def _fine(score: tuple[int, ...], sheet: int) -> bool:
    """No page to fill, and no more than one notes page to pad the last sheet."""
    sheets, pages, to_fill, to_aim, _ = score
    return to_fill + to_aim == 0 and (sheet == 1 or sheets * sheet + pages <= 1)


def _fill_pages(
    document: Any, relayout: Callable[[], Any], rules: tuple[Rules, Rules], sheet: int = 1
) -> Any:
    """*document*, or a layout with pages filled by changes (:func:`page_changes`) kept
    one at a time, if they leave fewer pages to fill on no more sheets."""
    best, to_fill = document, _filling(document, rules, sheet)
    tried: set[tuple[tuple[int, str, bool], ...]] = set()
    kept: list[Change] = []  # the forced breaks kept, which a later move may lift
    for _ in range(LAYOUTS):
        moves = chain(page_changes(best, rules[0], kept), page_changes(best, rules[1], kept))
        move = next((m for m in moves if _key(m) not in tried), None)
        if move is None:
            break
        tried.add(_key(move))
        for change in move:
            change.apply()
        layout = relayout()
        left = _filling(layout, rules, sheet)
        if left < to_fill:
            best, to_fill = layout, left
            lifted = {id(change.element) for change in move if change.lift}
            kept = [c for c in kept if id(c.element) not in lifted]
            kept += [c for c in move if c.declaration == PULL and not c.lift]
        else:
            for change in reversed(move):
                change.undo()
    return best


def _filling(document: Any, rules: tuple[Rules, Rules], sheet: int) -> tuple[int, ...]:
    """The sheets a layout needs (pages printed *sheet* to a sheet), then its pages to fill:
    :func:`_score` without the pages."""
    sheets, _, *to_fill, _ = _score(document, rules, sheet)
    return (sheets, *to_fill)


def _key(move: Move) -> tuple[tuple[int, str, bool], ...]:
    return tuple((id(change.element), change.declaration, change.lift) for change in move)


def _to_fill(document: Any, rules: tuple[Rules, Rules]) -> tuple[int, int]:
    """The pages to fill by each of *rules*."""
    pages = document.pages
    first, second = (
        sum(needs_filling(pages, index, r) for index in range(len(pages))) for r in rules
    )
    return first, second


def page_changes(document: Any, rules: Rules, kept: Sequence[Change] = ()) -> Iterator[Move]:
    """Moves that could fill the half-empty pages of *document*, page by page, the best
    first: a pull from the page before, then pulls along the two or three pages before
    (when the page before has too little to give), then room for notes. A pull lifts the
    forced break of *kept* (the changes laid out before) that starts a page it starts
    earlier: what it pulls and what was there share the page."""
    pages = [weasy.page_box(page) for page in document.pages]
    offers: dict[int, list[Offer]] = {}
    for index in range(1, len(pages)):
        if not needs_filling(document.pages, index, rules):
            continue
        page = pages[index]
        wanted = (1 - rules.max_empty - ESTIMATE) * page.height
        for depth in range(1, DEPTH + 1):
            pulls = _pulls(pages, offers, index, _used(page), wanted, depth, kept)
            found = sorted(pulls, key=_best)
            yield from (move for _, move in found[: None if depth == 1 else CHAINS])
        if index + 2 == len(pages):
            yield from ((change,) for change in _fill(pages[index - 1], page))


def _pulls(
    pages: list[Any],
    offers: dict[int, list[Offer]],
    index: int,
    used: float,
    wanted: float,
    depth: int,
    kept: Sequence[Change] = (),
) -> Iterator[tuple[float, Move]]:
    """Chains of *depth* changes on the pages before page *index* (its content *used* high),
    each moving the end of a page (a forced break before one of its blocks, or more lines
    of its last paragraph carried over) to the next, that leave every page they touch about
    *wanted* high or more; each with the height of the least full of those pages."""
    if index < 1 or pages[index - 1].page_type.name in DESIGNED_PAGES:
        return
    room = float(pages[index].height) - SLACK_PX
    if index not in offers:
        offers[index] = _offers(pages[index - 1], pages[index])
    lifts = _lifts(pages[index], kept)
    for moved, left, change in offers[index]:
        filled = used + moved
        if not wanted <= filled <= room:
            continue
        if depth == 1:
            if left >= wanted:
                yield min(left, filled), (change, *lifts)
            continue
        for score, move in _pulls(pages, offers, index - 1, left, wanted, depth - 1, kept):
            yield min(score, filled), (*move, change, *lifts)


def _lifts(page: Any, kept: Sequence[Change]) -> tuple[Change, ...]:
    """The forced breaks of *kept* that start *page*, to lift."""
    starts = {id(box.element) for box in _starts(page)}
    return tuple(
        Change(change.element, PULL, lift=True)
        for change in kept
        if change.declaration == PULL and id(change.element) in starts
    )


def _starts(page: Any) -> Iterator[Any]:
    """The blocks that start *page*: its first block of the flow, that block's first, and
    so on down."""
    box = next(_flow(page), None)
    while box is not None:
        yield box
        blocks = [child for child in getattr(box, "children", None) or [] if _is_block(child)]
        box = blocks[0] if blocks and type(box).__name__ not in _WHOLE else None


def _offers(before: Any, page: Any) -> list[Offer]:
    """The changes on page *before* that move its end to *page*."""
    top, bottom = before.content_box_y(), content_bottom(before)
    return [
        (bottom - start, content_bottom(before, above=start) - top, change)
        for start, change in _moves(before, page)
    ]


def _best(found: tuple[float, Move]) -> float:
    return -found[0]


def _moves(before: Any, page: Any) -> list[tuple[float, Change]]:
    """Where the end of *before* could start *page*: at a block or a line."""
    return [*_block_moves(before), *_line_moves(before, page)]


def _block_moves(page: Any) -> Iterator[tuple[float, Change]]:
    """Where the end of *page* could start the next page: at a block break point."""
    for box in _break_points(page):
        yield box.position_y, Change(box.element, PULL)


def _line_moves(before: Any, page: Any) -> Iterator[tuple[float, Change]]:
    """Where the end of *before* could start *page*: at a line of the paragraph that runs
    on from one to the other (more lines carried over, by raising its ``widows``)."""
    last = _last_block(before)
    first = _first_block(page)
    if last is None or first is None or last.element is not first.element:
        return
    lines = [box for box in block_boxes(last) if type(box).__name__ == "LineBox"]
    carried = sum(type(box).__name__ == "LineBox" for box in block_boxes(first))
    for count in range(1, len(lines) - last.style["orphans"] + 1):
        widows = f"widows: {carried + count}"
        yield lines[-count].position_y, Change(last.element, widows)


def _fill(before: Any, page: Any) -> Iterator[Change]:
    """Show the room for notes, as high as the free space of *page* (the page before the
    back page), if the colophon after it starts on that page."""
    root = next(_flow(page)).element
    notes = next((e for e in root.iter() if "notes-fill" in (e.get("class") or "")), None)
    colophon = _find(page, "colophon")
    if notes is None or colophon is None or _find(before, "colophon") is not None:
        return
    free = _free(page) - _px(colophon.style["margin_top"])  # (dropped at a page's top)
    yield Change(notes, f"display: block; height: {free * MM_PER_PX:.1f}mm")


def _used(page: Any) -> float:
    """The height of *page*'s content area taken, from its top to its lowest line."""
    return content_bottom(page) - float(page.content_box_y())


def _free(page: Any) -> float:
    """The height left free below the lowest line of *page*, less the slack kept."""
    return float(page.height) - _used(page) - SLACK_PX


def _find(page: Any, name: str) -> Any:
    """The first box of class *name* on *page*, or None."""
    return next((box for box in block_boxes(page) if name in classes(box)), None)


def _px(length: Any) -> float:
    return float(length.value) if getattr(length, "unit", None) == "px" else 0.0


def _last_block(page: Any) -> Any:
    """The innermost last block of the flow of *page* (None on an empty page)."""
    boxes = list(_flow(page))
    return _innermost(boxes[-1], -1) if boxes else None


def _first_block(page: Any) -> Any:
    """The innermost first block of the flow of *page* (None on an empty page)."""
    boxes = list(_flow(page))
    return _innermost(boxes[0], 0) if boxes else None


def _flow(page: Any) -> Iterator[Any]:
    for child in page.children:
        if type(child).__name__ not in {"MarginBox", "FootnoteAreaBox"}:
            yield child


def _innermost(box: Any, end: int) -> Any:
    """Down the first (*end* 0) or last (-1) block children of *box*, to a box that has
    none or is laid out whole."""
    while type(box).__name__ not in _WHOLE:
        blocks = [child for child in getattr(box, "children", None) or [] if _is_block(child)]
        if not blocks:
            break
        box = blocks[end]
    return box


def _break_points(page: Any) -> Iterator[Any]:
    """Blocks that start on *page* (below its top) where a forced break is allowed: not
    inside a box that must stay whole, not after a heading or lead-in that must stay
    with it, not before an item that must stay with the one before it."""
    top = page.content_box_y()
    for child in _flow(page):
        yield from _break_points_in(child, top)


def _break_points_in(box: Any, top: float) -> Iterator[Any]:
    if type(box).__name__ in _WHOLE or box.style["break_inside"] in AVOID:
        return
    previous = None
    for child in getattr(box, "children", None) or []:
        if not _is_block(child):
            previous = None
            continue
        if (
            previous is not None
            and child.position_y > top + 1
            and previous.style["break_after"] not in AVOID
            and child.style["break_before"] not in AVOID
        ):
            yield child
        yield from _break_points_in(child, top)
        previous = child


def _is_block(box: Any) -> bool:
    """A block of its own element (not anonymous, not a pseudo-element, in the flow)."""
    tag = getattr(box, "element_tag", None)
    return (
        tag is not None
        and "::" not in tag
        and not type(box).__name__.startswith(("Anon", "Line", "Inline", "Text", "Footnote"))
        and box.style["position"] not in ("absolute", "fixed")
        and box.style["float"] == "none"
    )
