"""Tagged PDFs that a screen reader reads right.

WeasyPrint tags the body of a leaflet; this module finishes the job on its PDF:

- every piece of content on a page is either real content, reached from the structure tree
  through its marked-content ID, or an artifact. The running header and footer (WeasyPrint
  numbers their text but links it to elements outside the tree) become pagination
  artifacts; whatever is painted outside any marked content (decorations, rules, a form
  drawn with transparency such as the draft watermark) is wrapped in ``/Artifact BMC … EMC``,
  and the structure elements that pointed into such a form are removed;
- every list item is ``LI > Lbl + LBody``: WeasyPrint tags a bullet or number as the label
  but may leave the rest outside a body (a reference's ``Div``);
- :func:`languages_tagged` gives the structure element of every HTML element with its own
  ``lang`` attribute a ``/Lang`` (an English reference in an Arabic leaflet is read as
  English).

The work is done with qpdf (pikepdf), which also packs the result into object streams, as
small as WeasyPrint's own file. The same input gives the same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any

import pikepdf

from . import weasy
from .contentstreams import INLINE_IMAGE, Operations, instruction, parse, unparse

ARTIFACT = pikepdf.Name.Artifact
PAGINATION = pikepdf.Dictionary(Type=pikepdf.Name.Pagination)
# Operators that start or make up a graphics object: marked content may open before them.
_PAINTING = {
    "m", "l", "c", "v", "y", "h", "re",  # path construction
    "S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "n",  # path painting
    "Tj", "TJ", "'", '"',  # text showing
    "Do", "sh", INLINE_IMAGE,
}  # fmt: skip
# Operators before which an artifact that this module opened is closed again, so that
# marked content stays nested with text objects, graphics states and other marked content.
_BOUNDARIES = {"BT", "ET", "q", "Q", "BDC", "BMC", "EMC"}
_EMC = instruction([], "EMC")
_OPEN_ARTIFACT = instruction([ARTIFACT], "BMC")


def languages_tagged() -> AbstractContextManager[None]:
    """While WeasyPrint writes a tagged PDF, give the structure element of every HTML
    element that carries a ``lang`` attribute that language as ``/Lang``."""
    return weasy.tagged_languages(_own_language)


def _own_language(box: Any) -> str | None:
    """The ``lang`` attribute of the HTML element that *box* tags on its own (not the
    root, whose language is the document's, nor a page or margin box)."""
    from weasyprint.formatting_structure import boxes

    box = weasy.placed_box(box)
    if box.element is None or isinstance(box, (boxes.PageBox, boxes.MarginBox)):
        return None
    if box.element_tag in ("html", "body"):
        return None
    language = str(box.element.attrib.get("lang") or "").strip()
    return language or None


# --- content and structure tree ---------------------------------------------------------------


@dataclass
class _Page:
    """What one page's content and the structure tree say about its marked content."""

    key: int  # the page's /StructParents: its entry in the parent tree
    referenced: set[int] = field(default_factory=set)  # MCIDs the tree reaches
    dropped: set[int] = field(default_factory=set)  # MCIDs turned into artifacts


def finish_tags(pdf: bytes) -> bytes:
    """*pdf* with its content fully tagged or marked as artifacts and its lists labelled;
    an untagged PDF comes back unchanged."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        root = document.Root.get("/StructTreeRoot")
        if root is None:
            return pdf
        pages = {
            _number(page): _Page(int(page.get("/StructParents", -1))) for page in _pages(document)
        }
        linked = _collect_references(root, pages)
        for page in _pages(document):
            _mark_page(document, page, pages[_number(page)])
        _prune_tree(root, pages)
        _label_list_items(root, document)
        _clear_parent_tree(root, pages)
        _tag_loose_links(root, document, linked)
        return _packed(document)


def _packed(document: pikepdf.Pdf) -> bytes:
    """*document* as small as WeasyPrint wrote it: its objects packed into compressed
    object streams, the content streams compressed, and an ID made from its content (the
    same input gives the same bytes)."""
    output = io.BytesIO()
    document.save(
        output,
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
        deterministic_id=True,
        recompress_flate=False,
    )
    return output.getvalue()


def _pages(document: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    return [page.obj for page in document.pages]


def _number(obj: Any) -> int:
    """The object number of *obj*, an indirect object (a page, an annotation)."""
    return int(obj.objgen[0])


def structure_kids(element: Any) -> list[Any]:
    """The kids of a structure element (or the tree root), as a list."""
    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def _page_of(element: Any, inherited: Any) -> Any:
    page = element.get("/Pg")
    return _number(page) if page is not None else inherited


def _collect_references(root: Any, pages: dict[int, _Page]) -> set[int]:
    """Record, per page, the MCIDs that structure elements reachable from *root* name;
    the object numbers of the annotations they name."""
    linked: set[int] = set()

    def walk(element: Any, page: Any) -> None:
        page = _page_of(element, page)
        for kid in structure_kids(element):
            if isinstance(kid, int):
                if page in pages:
                    pages[page].referenced.add(kid)
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                target = _page_of(kid, page)
                if target in pages and "/Stm" not in kid:
                    pages[target].referenced.add(int(kid["/MCID"]))
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR":
                linked.add(_number(kid["/Obj"]))
            elif isinstance(kid, pikepdf.Dictionary):
                walk(kid, page)

    walk(root, None)
    return linked


def _mcid(operands: list[Any]) -> int | None:
    properties = operands[1] if len(operands) > 1 else None
    if isinstance(properties, pikepdf.Dictionary) and "/MCID" in properties:
        return int(properties["/MCID"])
    return None


def _mark_page(document: pikepdf.Pdf, page: Any, state: _Page) -> None:
    if "/Contents" not in page:
        return
    pikepdf.Page(page).contents_coalesce()
    operations = parse(page.Contents.read_bytes())
    marked = _marked_operations(operations, state, page.get("/Resources"))
    page.Contents = document.make_stream(unparse(marked))  # compressed when packed


def _marked_operations(operations: Operations, state: _Page, resources: Any) -> list[Any]:
    """The instructions of a page with every marked-content ID outside the tree turned
    into a pagination artifact and everything painted outside marked content wrapped in
    one."""
    result: list[Any] = []
    forms: set[tuple[int, int]] = set()  # the forms made artifacts
    depth = 0  # marked-content nesting
    open_artifact = False
    for operator, made in operations:
        if open_artifact and operator in _BOUNDARIES:
            result.append(_EMC)
            open_artifact = False
        if operator in ("BDC", "BMC") and depth == 0 and made.operands[0] != ARTIFACT:
            mcid = _mcid(made.operands)
            if mcid is None:  # marked, but neither tagged nor an artifact
                made = _OPEN_ARTIFACT
            elif mcid not in state.referenced:
                state.dropped.add(mcid)
                made = instruction([ARTIFACT, PAGINATION], "BDC")
        if operator in ("BDC", "BMC"):
            depth += 1
        elif operator == "EMC":
            depth -= 1
        elif depth == 0 and operator in _PAINTING and not open_artifact:
            result.append(_OPEN_ARTIFACT)
            open_artifact = True
        if operator == "Do" and depth == 0:
            _unmark_form(resources, made.operands[0], state, forms)
        result.append(made)
    if open_artifact:
        result.append(_EMC)
    return result


def _unmark_form(resources: Any, name: Any, state: _Page, forms: set[tuple[int, int]]) -> None:
    """A form drawn outside marked content is an artifact as a whole: the marked-content
    IDs inside it become artifacts too, and are dropped from the page's tree."""
    xobjects = resources.get("/XObject") if resources is not None else None
    if xobjects is None or name not in xobjects:
        return
    form = xobjects[name]
    if not isinstance(form, pikepdf.Stream) or form.get("/Subtype") != "/Form":
        return
    if form.objgen in forms:
        return
    forms.add(form.objgen)
    instructions = []
    for operator, made in parse(form.read_bytes()):
        mcid = _mcid(made.operands) if operator == "BDC" else None
        if mcid is not None:
            state.dropped.add(mcid)
            made = _OPEN_ARTIFACT
        if operator == "Do":
            _unmark_form(form.get("/Resources"), made.operands[0], state, forms)
        instructions.append(made)
    form.write(unparse(instructions))


# --- tree repairs ------------------------------------------------------------------------------


def _prune_tree(root: Any, pages: dict[int, _Page]) -> None:
    """Drop MCIDs that became artifacts from the tree, and the elements left empty."""

    def prune(element: Any, page: Any) -> bool:
        """Prune below *element*; whether it still has kids."""
        page = _page_of(element, page)
        kids = structure_kids(element)
        kept = []
        for kid in kids:
            if _dropped(kid, page, pages) or (_role(kid) and not prune(kid, page)):
                continue
            kept.append(kid)
        if len(kept) != len(kids):
            _set_kids(element, kept)
        return bool(kept) or not kids

    prune(root, None)


def _dropped(kid: Any, page: Any, pages: dict[int, _Page]) -> bool:
    """Whether *kid* is marked content that became an artifact."""
    if isinstance(kid, int):
        mcid = kid
    elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
        page, mcid = _page_of(kid, page), int(kid["/MCID"])
    else:
        return False
    return page in pages and mcid in pages[page].dropped


def _set_kids(element: Any, kids: list[Any]) -> None:
    element.K = pikepdf.Array(kids)  # structure elements stay references


def _label_list_items(root: Any, document: pikepdf.Pdf) -> None:
    """Every ``LI`` holds ``Lbl`` and ``LBody`` only: any other structure element in it
    (a reference's ``Div``) moves into a body of its own."""
    for element in _elements(root):
        if element.get("/S") != "/LI":
            continue
        kids = structure_kids(element)
        if all(_role(kid) in ("/Lbl", "/LBody") for kid in kids):
            continue
        if not all(_role(kid) for kid in kids):  # content straight in the item: left alone
            continue
        arranged: list[Any] = []
        body: Any = None
        for kid in kids:
            if _role(kid) in ("/Lbl", "/LBody"):
                arranged.append(kid)
                body = None
                continue
            if body is None:
                body = _new_element("/LBody", element, document)
                arranged.append(body)
            _set_kids(body, [*structure_kids(body), kid])
            kid.P = body
        _set_kids(element, arranged)


def _role(kid: Any) -> str | None:
    """The structure type of *kid*, or None for marked content and annotations."""
    if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") not in ("/MCR", "/OBJR"):
        role = kid.get("/S")
        return str(role) if role is not None else None
    return None


def _new_element(role: str, parent: Any, document: pikepdf.Pdf) -> Any:
    element = pikepdf.Dictionary(
        Type=pikepdf.Name.StructElem, S=pikepdf.Name(role), P=parent, K=pikepdf.Array()
    )
    if "/Pg" in parent:
        element.Pg = parent.Pg
    return document.make_indirect(element)


def _elements(root: Any) -> Iterator[Any]:
    """Every structure element below *root*, parents before their kids."""
    for kid in structure_kids(root):
        if _role(kid):
            yield kid
            yield from _elements(kid)


def _tag_loose_links(root: Any, document: pikepdf.Pdf, linked: set[int]) -> None:
    """Links outside the tree (a phone number in the running footer) stay clickable: each
    page's links to one address become one ``Link`` element after that page's content."""
    element = next((kid for kid in structure_kids(root) if _role(kid) == "/Document"), root)
    kids = structure_kids(element)
    numbers = root.ParentTree.Nums
    for page in reversed(_pages(document)):
        links: dict[str, Any] = {}
        for annotation in page.get("/Annots") or []:
            if "/StructParent" not in annotation or _number(annotation) in linked:
                continue
            action = annotation.get("/A")
            target = str(
                (action.get("/URI") if action is not None else None) or annotation.get("/Contents")
            )
            if target not in links:
                links[target] = _new_element("/Link", element, document)
                links[target].Pg = page
            objr = pikepdf.Dictionary(Type=pikepdf.Name.OBJR, Obj=annotation, Pg=page)
            link = links[target]
            link.K.append(document.make_indirect(objr))
            _map_parent(numbers, int(annotation.StructParent), link)
        if links:
            last = [i for i, kid in enumerate(kids) if _on_page(kid, page)]
            at = last[-1] + 1 if last else len(kids)
            kids[at:at] = list(links.values())
    _set_kids(element, kids)


def _on_page(kid: Any, page: Any) -> bool:
    return isinstance(kid, pikepdf.Dictionary) and "/Pg" in kid and kid.Pg.objgen == page.objgen


def _map_parent(numbers: Any, key: int, element: Any) -> None:
    for position in range(0, len(numbers) - 1, 2):
        if int(numbers[position]) == key:
            numbers[position + 1] = element
            return


def _clear_parent_tree(root: Any, pages: dict[int, _Page]) -> None:
    """The parent tree no longer maps the MCIDs that became artifacts."""
    parent_tree = root.get("/ParentTree")
    numbers = parent_tree.get("/Nums") if parent_tree is not None else None
    if numbers is None:
        return
    by_key = {state.key: state for state in pages.values()}
    for position in range(0, len(numbers) - 1, 2):
        state = by_key.get(int(numbers[position]))
        entry = numbers[position + 1]
        if state is None or not isinstance(entry, pikepdf.Array):
            continue
        for mcid in state.dropped:
            if mcid < len(entry):
                entry[mcid] = None
