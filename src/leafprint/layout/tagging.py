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

The structure tree is repaired with pypdf; the content streams are read and written by
qpdf (pikepdf), which also packs the result into object streams, as small as WeasyPrint's
own file. The same input gives the same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any, cast

import pikepdf
from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    ContentStream,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NullObject,
    StreamObject,
)

from . import weasy
from .contentstreams import Operations, parse, unparse

ARTIFACT = pikepdf.Name.Artifact
PAGINATION = pikepdf.Dictionary(Type=pikepdf.Name.Pagination)
# Operators that start or make up a graphics object: marked content may open before them.
_PAINTING = {
    b"m", b"l", b"c", b"v", b"y", b"h", b"re",  # path construction
    b"S", b"s", b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*", b"n",  # path painting
    b"Tj", b"TJ", b"'", b'"',  # text showing
    b"Do", b"sh", b"INLINE IMAGE",
}  # fmt: skip
# Operators before which an artifact that this module opened is closed again, so that
# marked content stays nested with text objects, graphics states and other marked content.
_BOUNDARIES = {b"BT", b"ET", b"q", b"Q", b"BDC", b"BMC", b"EMC"}


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
    reader = PdfReader(io.BytesIO(pdf))
    if "/StructTreeRoot" not in reader.root_object:
        return pdf
    writer = PdfWriter(clone_from=reader)
    writer.pdf_header = reader.pdf_header
    root = cast(DictionaryObject, writer.root_object["/StructTreeRoot"].get_object())
    pages = {_number(page): _Page(_int(page.get("/StructParents", -1))) for page in writer.pages}
    linked = _collect_references(root, pages)
    for page in writer.pages:
        _mark_page(page, pages[_number(page)])
    _prune_tree(root, pages)
    _label_list_items(root, writer)
    _clear_parent_tree(root, pages)
    _tag_loose_links(root, writer, linked)
    writer.compress_identical_objects(remove_duplicates=False, remove_unreferenced=True)
    output = io.BytesIO()
    writer.write(output)
    return _packed(output.getvalue())


def _packed(pdf: bytes) -> bytes:
    """*pdf* as small as WeasyPrint wrote it: pypdf writes every structure element and
    annotation as an object of its own, qpdf packs them into compressed object streams
    (and gives the file an ID made from its content, so the same input gives the same
    bytes)."""
    output = io.BytesIO()
    with pikepdf.open(io.BytesIO(pdf)) as document:
        document.save(
            output,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
            deterministic_id=True,
            recompress_flate=False,
        )
    return output.getvalue()


def _int(value: Any) -> int:
    return int(value)


def _number(page: PageObject) -> int:
    """The object number of *page*."""
    reference = page.indirect_reference
    assert reference is not None  # every page of a written file is an indirect object
    return reference.idnum


def structure_kids(element: DictionaryObject) -> list[Any]:
    """The kids of a structure element (or the tree root), resolved, as a list."""
    kids = element.get("/K")
    if kids is None:
        return []
    kids = kids.get_object()
    items = list(kids) if isinstance(kids, ArrayObject) else [kids]
    return [kid.get_object() if isinstance(kid, IndirectObject) else kid for kid in items]


def _page_of(element: DictionaryObject, inherited: Any) -> Any:
    page = element.get("/Pg")
    return page.idnum if isinstance(page, IndirectObject) else inherited


def _collect_references(root: DictionaryObject, pages: dict[int, _Page]) -> set[int]:
    """Record, per page, the MCIDs that structure elements reachable from *root* name;
    the object numbers of the annotations they name."""
    linked: set[int] = set()

    def walk(element: DictionaryObject, page: Any) -> None:
        page = _page_of(element, page)
        for kid in structure_kids(element):
            if isinstance(kid, int):
                if page in pages:
                    pages[page].referenced.add(int(kid))
            elif isinstance(kid, DictionaryObject) and kid.get("/Type") == "/MCR":
                target = _page_of(kid, page)
                if target in pages and "/Stm" not in kid:
                    pages[target].referenced.add(_int(kid["/MCID"]))
            elif isinstance(kid, DictionaryObject) and kid.get("/Type") == "/OBJR":
                linked.add(kid.raw_get("/Obj").idnum)
            elif isinstance(kid, DictionaryObject):
                walk(kid, page)

    walk(root, None)
    return linked


def _mcid(operands: list[Any]) -> int | None:
    properties = operands[1] if len(operands) > 1 else None
    if isinstance(properties, pikepdf.Dictionary) and "/MCID" in properties:
        return int(properties["/MCID"])
    return None


def _mark_page(page: Any, state: _Page) -> None:
    content = page.get_contents()
    if content is None:
        return
    operations = _marked_operations(parse(content.get_data()), state, page.get("/Resources"))
    stream = ContentStream(None, None)
    stream.set_data(unparse(operations))  # compressed when packed
    page.replace_contents(stream)


def _marked_operations(operations: Operations, state: _Page, resources: Any) -> Operations:
    """*operations* of a page with every marked-content ID outside the tree turned into a
    pagination artifact and everything painted outside marked content wrapped in one."""
    result: Operations = []
    forms: set[int] = set()  # the forms made artifacts
    depth = 0  # marked-content nesting
    open_artifact = False
    for operands, operator in operations:
        if open_artifact and operator in _BOUNDARIES:
            result.append(([], b"EMC"))
            open_artifact = False
        if operator in (b"BDC", b"BMC") and depth == 0 and operands[0] != ARTIFACT:
            mcid = _mcid(operands)
            if mcid is None:  # marked, but neither tagged nor an artifact
                operands, operator = [ARTIFACT], b"BMC"
            elif mcid not in state.referenced:
                state.dropped.add(mcid)
                operands, operator = [ARTIFACT, PAGINATION], b"BDC"
        if operator in (b"BDC", b"BMC"):
            depth += 1
        elif operator == b"EMC":
            depth -= 1
        elif depth == 0 and operator in _PAINTING and not open_artifact:
            result.append(([ARTIFACT], b"BMC"))
            open_artifact = True
        if operator == b"Do" and depth == 0:
            _unmark_form(resources, operands[0], state, forms)
        result.append((operands, operator))
    if open_artifact:
        result.append(([], b"EMC"))
    return result


def _unmark_form(resources: Any, name: Any, state: _Page, forms: set[int]) -> None:
    """A form drawn outside marked content is an artifact as a whole: the marked-content
    IDs inside it become artifacts too, and are dropped from the page's tree."""
    if resources is None:
        return
    xobjects = resources.get_object().get("/XObject")
    if xobjects is None or name not in xobjects:
        return
    form = xobjects[name].get_object()
    if not isinstance(form, StreamObject) or form.get("/Subtype") != "/Form":
        return
    if id(form) in forms:
        return
    forms.add(id(form))
    operations = []
    for operands, operator in parse(form.get_data()):
        if operator == b"BDC" and _mcid(operands) is not None:
            state.dropped.add(_mcid(operands) or 0)
            operands, operator = [ARTIFACT], b"BMC"
        if operator == b"Do":
            _unmark_form(form.get("/Resources"), operands[0], state, forms)
        operations.append((operands, operator))
    form.set_data(unparse(operations))


# --- tree repairs ------------------------------------------------------------------------------


def _prune_tree(root: DictionaryObject, pages: dict[int, _Page]) -> None:
    """Drop MCIDs that became artifacts from the tree, and the elements left empty."""

    def prune(element: DictionaryObject, page: Any) -> bool:
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
        mcid = int(kid)
    elif isinstance(kid, DictionaryObject) and kid.get("/Type") == "/MCR":
        page, mcid = _page_of(kid, page), _int(kid["/MCID"])
    else:
        return False
    return page in pages and mcid in pages[page].dropped


def _set_kids(element: DictionaryObject, kids: list[Any]) -> None:
    references = [
        kid.indirect_reference
        if isinstance(kid, DictionaryObject) and kid.indirect_reference is not None
        else kid
        for kid in kids
    ]
    element[NameObject("/K")] = ArrayObject(references)


def _label_list_items(root: DictionaryObject, writer: PdfWriter) -> None:
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
        body: DictionaryObject | None = None
        for kid in kids:
            if _role(kid) in ("/Lbl", "/LBody"):
                arranged.append(kid)
                body = None
                continue
            if body is None:
                body = _new_element("/LBody", element, writer)
                arranged.append(body)
            _set_kids(body, [*structure_kids(body), kid])
            kid[NameObject("/P")] = body.indirect_reference
        _set_kids(element, arranged)


def _role(kid: Any) -> str | None:
    """The structure type of *kid*, or None for marked content and annotations."""
    if isinstance(kid, DictionaryObject) and kid.get("/Type") not in ("/MCR", "/OBJR"):
        role = kid.get("/S")
        return str(role) if role is not None else None
    return None


def _new_element(role: str, parent: DictionaryObject, writer: PdfWriter) -> DictionaryObject:
    element = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/StructElem"),
            NameObject("/S"): NameObject(role),
            NameObject("/P"): parent.indirect_reference,
            NameObject("/K"): ArrayObject(),
        }
    )
    if "/Pg" in parent:
        element[NameObject("/Pg")] = parent.raw_get("/Pg")
    weasy.add_object(writer, element)
    return element


def _elements(root: DictionaryObject) -> Iterator[DictionaryObject]:
    """Every structure element below *root*, parents before their kids."""
    for kid in structure_kids(root):
        if _role(kid):
            yield kid
            yield from _elements(kid)


def _tag_loose_links(root: DictionaryObject, writer: PdfWriter, linked: set[int]) -> None:
    """Links outside the tree (a phone number in the running footer) stay clickable: each
    page's links to one address become one ``Link`` element after that page's content."""
    document = next((kid for kid in structure_kids(root) if _role(kid) == "/Document"), root)
    kids = structure_kids(document)
    numbers: Any = cast(DictionaryObject, root["/ParentTree"].get_object())["/Nums"]
    for page in reversed(writer.pages):
        links: dict[str, DictionaryObject] = {}
        for reference in page.get("/Annots") or []:
            annotation = reference.get_object()
            if "/StructParent" not in annotation or reference.idnum in linked:
                continue
            target = str(annotation.get("/A", {}).get("/URI") or annotation.get("/Contents"))
            if target not in links:
                links[target] = _new_element("/Link", document, writer)
                links[target][NameObject("/Pg")] = page.indirect_reference
            objr = DictionaryObject(
                {
                    NameObject("/Type"): NameObject("/OBJR"),
                    NameObject("/Obj"): reference,
                    NameObject("/Pg"): page.indirect_reference,
                }
            )
            link = links[target]
            cast(ArrayObject, link["/K"]).append(weasy.add_object(writer, objr))
            _map_parent(numbers, _int(annotation["/StructParent"]), link)
        if links:
            last = [i for i, kid in enumerate(kids) if kid.get("/Pg") == page.indirect_reference]
            at = last[-1] + 1 if last else len(kids)
            kids[at:at] = list(links.values())
    _set_kids(document, kids)


def _map_parent(numbers: ArrayObject, key: int, element: DictionaryObject) -> None:
    for position in range(0, len(numbers) - 1, 2):
        if int(numbers[position]) == key:
            numbers[position + 1] = element.indirect_reference
            return


def _clear_parent_tree(root: DictionaryObject, pages: dict[int, _Page]) -> None:
    """The parent tree no longer maps the MCIDs that became artifacts."""
    parent_tree = root.get("/ParentTree")
    if parent_tree is None:
        return
    numbers = parent_tree.get_object().get("/Nums")
    if numbers is None:
        return
    numbers = numbers.get_object()
    by_key = {state.key: state for state in pages.values()}
    for position in range(0, len(numbers) - 1, 2):
        state = by_key.get(int(numbers[position]))
        entry = numbers[position + 1].get_object()
        if state is None or not isinstance(entry, ArrayObject):
            continue
        for mcid in state.dropped:
            if mcid < len(entry):
                entry[mcid] = NullObject()
