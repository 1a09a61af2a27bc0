"""Tagged PDFs: every page's content is in the structure tree or an artifact, lists are
labelled, text in another language says so. The walks here read the real PDFs' content
streams and structure trees with pypdf."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from pypdf import PageObject, PdfReader
from pypdf.generic import (
    ArrayObject,
    ContentStream,
    DictionaryObject,
    IndirectObject,
    NullObject,
)

from leafprint.commands.build import BuildOptions, BuildResult, Project, build
from leafprint.layout.tagging import finish_tags, languages_tagged

pytestmark = pytest.mark.slow  # every test here renders PDFs

PAINTING = {
    b"S", b"s", b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*",  # paths
    b"Tj", b"TJ", b"'", b'"',  # text
    b"Do", b"sh", b"INLINE IMAGE",
}  # fmt: skip

# (slug, language, format): the formats that make tagged PDFs, in a left-to-right and a
# right-to-left language; refractory-cancer is a draft (watermark on every page).
TAGGED = [
    ("immunotherapy", "ar", "a4"),
    ("immunotherapy", "nl", "a4"),
    ("refractory-cancer", "fr", "a4"),
    ("immunotherapy", "ar", "screen"),
    ("refractory-cancer", "fr", "screen"),
    ("refractory-cancer", "fr", "a5"),
    ("immunotherapy", "ar", "large-print"),
]
# A reference title (or part of it) of every leaflet: written in English.
ENGLISH_TITLES = {
    "immunotherapy": ["Immunotherapy to treat cancer", "Improved survival with ipilimumab"],
    "refractory-cancer": ["Cancer drug resistance: an evolving paradigm"],
}


# --- walks -------------------------------------------------------------------------------------


@dataclass
class Page:
    """One page's marked content, as its content stream (and the forms it draws) has it."""

    mcids: list[int] = field(default_factory=list)  # in the page's own stream
    mcids_in_forms: list[int] = field(default_factory=list)
    bare: list[str] = field(default_factory=list)  # painting neither tagged nor an artifact
    tagged_in_artifact: list[int] = field(default_factory=list)
    text: dict[int, str] = field(default_factory=dict)  # MCID → text
    artifact_text: str = ""


def accounted_for(stack: list[tuple[str, int | None]]) -> bool:
    """Whether content inside these marked-content sequences is tagged or an artifact."""
    return any(tag == "/Artifact" or mcid is not None for tag, mcid in stack)


def walk_content(page: PageObject) -> Page:
    result = Page()
    stack: list[tuple[str, int | None]] = []

    def operations(holder: Any, in_form: bool) -> None:
        content = holder.get_contents() if isinstance(holder, PageObject) else holder
        resources = holder.get("/Resources")
        resources = resources.get_object() if resources is not None else {}
        for operands, operator in ContentStream(content, None).operations:
            if operator in (b"BDC", b"BMC"):
                mcid = None
                if operator == b"BDC" and isinstance(operands[1], DictionaryObject):
                    mcid = operands[1].get("/MCID")
                if mcid is not None:
                    (result.mcids_in_forms if in_form else result.mcids).append(int(mcid))
                    if any(tag == "/Artifact" for tag, _ in stack):
                        result.tagged_in_artifact.append(int(mcid))
                stack.append((str(operands[0]), None if mcid is None else int(mcid)))
            elif operator == b"EMC":
                stack.pop()
            elif operator in PAINTING and not any(
                t == "/Artifact" or m is not None for t, m in stack
            ):
                result.bare.append(operator.decode())  # neither tagged nor an artifact
            if operator == b"Do":
                xobject = resources["/XObject"][operands[0]].get_object()
                if xobject.get("/Subtype") == "/Form":
                    operations(xobject, True)

    operations(page, False)
    assert stack == []  # every BDC/BMC ends with an EMC
    return result


def read_text(page: PageObject, result: Page) -> None:
    """Fill in the text of each MCID and of the artifacts (pypdf decodes the glyphs)."""
    stack: list[tuple[str, int | None]] = []

    def before(operator: bytes, operands: list[Any], cm: Any, tm: Any) -> None:
        if operator in (b"BDC", b"BMC"):
            mcid = None
            if operator == b"BDC" and isinstance(operands[1], DictionaryObject):
                mcid = operands[1].get("/MCID")
            stack.append((str(operands[0]), None if mcid is None else int(mcid)))
        elif operator == b"EMC" and stack:
            stack.pop()

    def text(value: str, *_: Any) -> None:
        if any(tag == "/Artifact" for tag, _ in stack):
            result.artifact_text += value
            return
        mcid = next((m for _, m in reversed(stack) if m is not None), None)
        if mcid is not None:
            result.text[mcid] = result.text.get(mcid, "") + value

    page.extract_text(visitor_operand_before=before, visitor_text=text)


@dataclass
class Element:
    obj: DictionaryObject
    role: str
    page: int | None
    parent: Element | None
    kids: list[Element] = field(default_factory=list)
    mcids: list[int] = field(default_factory=list)
    objects: list[int] = field(default_factory=list)  # annotations (OBJR), by object number

    def descendants(self) -> Iterator[Element]:
        for kid in self.kids:
            yield kid
            yield from kid.descendants()

    def ancestors(self) -> Iterator[Element]:
        parent = self.parent
        while parent is not None:
            yield parent
            parent = parent.parent


@dataclass
class Tagged:
    reader: PdfReader
    pages: list[Page]
    root: Element
    page_numbers: dict[int, int]  # page object number → index

    def elements(self) -> list[Element]:
        return list(self.root.descendants())

    def text(self, element: Element) -> str:
        parts = [
            self.pages[node.page].text.get(mcid, "")
            for node in (element, *element.descendants())
            for mcid in node.mcids
            if node.page is not None
        ]
        return " ".join(" ".join(parts).split())


def structure(reader: PdfReader) -> Tagged:
    numbers = {page.indirect_reference.idnum: i for i, page in enumerate(reader.pages)}
    pages = []
    for page in reader.pages:
        result = walk_content(page)
        read_text(page, result)
        pages.append(result)

    def kids_of(obj: DictionaryObject) -> list[Any]:
        kids = obj.get("/K")
        if kids is None:
            return []
        kids = kids.get_object()
        return list(kids) if isinstance(kids, ArrayObject) else [kids]

    def element(obj: DictionaryObject, page: int | None, parent: Element | None) -> Element:
        if isinstance(obj.get("/Pg"), IndirectObject):
            page = numbers[obj.raw_get("/Pg").idnum]
        node = Element(obj, str(obj.get("/S")), page, parent)
        for raw in kids_of(obj):
            kid = raw.get_object()
            if isinstance(kid, int):
                node.mcids.append(int(kid))
            elif kid.get("/Type") == "/OBJR":
                node.objects.append(kid.raw_get("/Obj").idnum)
            elif kid.get("/Type") == "/MCR":
                raise AssertionError("leafprint's PDFs use plain MCIDs")
            else:
                assert isinstance(raw, IndirectObject), "structure elements are indirect"
                assert obj.indirect_reference is None or kid.raw_get("/P") == obj.indirect_reference
                node.kids.append(element(kid, page, node))
        return node

    tree_root = reader.root_object["/StructTreeRoot"].get_object()
    root = element(tree_root, None, None)
    return Tagged(reader, pages, root, numbers)


# --- the built examples ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(
    tmp_path_factory: pytest.TempPathFactory, project: Project, every_format: BuildResult
) -> dict[tuple[str, ...], Path]:
    """The PDFs of TAGGED: from the session's build of every format, and built here in a
    format the leaflet's brand does not make."""
    made = {(o.slug, o.language, o.format): o.path for o in every_format.outputs}
    paths = {key: made[key] for key in TAGGED if key in made}
    for slug, language, fmt in [key for key in TAGGED if key not in made]:
        options = BuildOptions(
            slugs=[slug], languages=[language], formats=[fmt], editions=["general"],
            out=tmp_path_factory.mktemp("tagged"),
        )  # fmt: skip
        result = build(project, options)
        assert result.errors == []
        paths[(slug, language, fmt)] = pdf_of(result, slug, language, fmt)
    return paths


def pdf_of(result: BuildResult, slug: str, language: str, fmt: str) -> Path:
    suffix = "" if fmt == "a4" else f".{fmt}"
    (path,) = [o.path for o in result.outputs if o.path.name == f"{slug}.{language}{suffix}.pdf"]
    return path


@pytest.fixture(scope="module")
def trees(built: dict[tuple[str, ...], Path]) -> dict[tuple[str, ...], Tagged]:
    return {key: structure(PdfReader(path)) for key, path in built.items()}


CASES = [pytest.param(key, id="-".join(key)) for key in TAGGED]


@pytest.mark.parametrize("key", CASES)
def test_nothing_is_painted_outside_marked_content(
    trees: dict[tuple[str, ...], Tagged], key: tuple[str, ...]
) -> None:
    for number, page in enumerate(trees[key].pages, 1):
        assert page.bare == [], f"page {number}"
        assert page.tagged_in_artifact == [], f"page {number}"
        assert page.mcids_in_forms == [], f"page {number}: tags inside a drawn form"


@pytest.mark.parametrize("key", CASES)
def test_every_marked_content_id_is_in_the_tree_and_the_parent_tree(
    trees: dict[tuple[str, ...], Tagged], key: tuple[str, ...]
) -> None:
    tagged = trees[key]
    in_tree: dict[int, set[int]] = {}
    owner: dict[tuple[int, int], Element] = {}
    for element in tagged.elements():
        for mcid in element.mcids:
            assert element.page is not None
            assert (element.page, mcid) not in owner, "an MCID belongs to one element"
            owner[(element.page, mcid)] = element
            in_tree.setdefault(element.page, set()).add(mcid)
    parent_tree = tagged.reader.root_object["/StructTreeRoot"]["/ParentTree"].get_object()
    nums = parent_tree["/Nums"]
    entries = {int(nums[i]): nums[i + 1].get_object() for i in range(0, len(nums), 2)}
    for index, page in enumerate(tagged.pages):
        assert len(page.mcids) == len(set(page.mcids)), f"page {index + 1}: an MCID twice"
        assert set(page.mcids) == in_tree.get(index, set()), f"page {index + 1}"
        mapping = entries[int(tagged.reader.pages[index]["/StructParents"])]
        for mcid in page.mcids:
            assert mapping[mcid].indirect_reference == owner[(index, mcid)].obj.indirect_reference
        unreached = [
            m
            for m, e in enumerate(mapping)
            if not isinstance(e, NullObject) and m not in page.mcids
        ]
        assert unreached == [], f"page {index + 1}: the parent tree maps content not on it"


@pytest.mark.parametrize("key", CASES)
def test_every_annotation_is_reached_from_the_tree(
    trees: dict[tuple[str, ...], Tagged], key: tuple[str, ...]
) -> None:
    tagged = trees[key]
    reached = {n for element in tagged.elements() for n in element.objects}
    annotations = [
        annotation.idnum
        for page in tagged.reader.pages
        for annotation in page.get("/Annots") or []
        if annotation.get_object().get("/Subtype") != "/Popup"
    ]
    assert annotations  # the leaflets have links
    assert set(annotations) <= reached


@pytest.mark.parametrize("key", CASES)
def test_running_footer_is_an_artifact_on_every_page(
    trees: dict[tuple[str, ...], Tagged], key: tuple[str, ...]
) -> None:
    tagged = trees[key]
    words = {"ar": "الصفحة", "nl": "Pagina", "fr": "Page"}[key[1]]
    tagged_text = " ".join(" ".join(tagged.text(e) for e in tagged.elements()).split())
    footers = [n for n, page in enumerate(tagged.pages, 1) if words in page.artifact_text]
    # every page but a cover and a back page of its own (a5, large print)
    assert len(footers) >= len(tagged.pages) - 2
    assert re.findall(rf"{words} \d+ \S+ \d+", tagged_text) == [], "page numbers are not read"


@pytest.mark.parametrize("key", [k for k in CASES if k.values[0][0] == "refractory-cancer"])
def test_draft_watermark_is_an_artifact_not_text(
    trees: dict[tuple[str, ...], Tagged], key: tuple[str, ...]
) -> None:
    tagged = trees[key]
    for number, page in enumerate(tagged.pages, 1):
        assert "BROUILLON" in page.artifact_text.replace(" ", ""), f"page {number}"
    texts = [tagged.text(e) for e in tagged.elements()]
    assert not any("BROUILLON" in text.replace(" ", "") for text in texts)


@pytest.mark.parametrize("key", CASES)
def test_english_references_carry_their_language(
    trees: dict[tuple[str, ...], Tagged], key: tuple[str, ...]
) -> None:
    tagged = trees[key]
    english = [e for e in tagged.elements() if e.obj.get("/Lang") == "en"]
    read_as_english = " ".join(tagged.text(e) for e in english)
    for title in ENGLISH_TITLES[key[0]]:
        assert title in read_as_english
    for element in english:  # in the reference list, or the offer's line in English
        in_references = any(a.role == "/LBody" for a in element.ancestors())
        assert in_references or tagged.text(element) == "This leaflet is also available in English."
    if key[1] == "ar":  # a whole reference entry is English
        entries = [e for e in english if e.role == "/Div"]
        assert len(entries) == 5
        assert all(e.parent is not None and e.parent.role == "/LBody" for e in entries)


@pytest.mark.parametrize("key", CASES)
def test_list_items_hold_a_label_and_a_body(
    trees: dict[tuple[str, ...], Tagged], key: tuple[str, ...]
) -> None:
    tagged = trees[key]
    items = [e for e in tagged.elements() if e.role == "/LI"]
    assert items
    for item in items:
        assert item.parent is not None and item.parent.role == "/L"
        roles = [kid.role for kid in item.kids]
        assert set(roles) <= {"/Lbl", "/LBody"} and "/LBody" in roles, tagged.text(item)
        assert item.mcids == [] and item.objects == []
    for element in tagged.elements():
        if element.role == "/L":
            assert {kid.role for kid in element.kids} <= {"/LI", "/L", "/Caption"}
    numbers = [tagged.text(kid) for item in items for kid in item.kids if kid.role == "/Lbl"]
    bullets = [n for n in numbers if n == "•"]
    numbered = [n for n in numbers if re.fullmatch(r"\d+\.|\.\d+", n.replace(" ", ""))]
    assert bullets and numbered  # the reference list is numbered
    assert len(bullets) + len(numbered) == len(numbers)


@pytest.mark.parametrize("key", CASES)
def test_document_keeps_its_metadata(
    built: dict[tuple[str, ...], Path], key: tuple[str, ...]
) -> None:
    reader = PdfReader(built[key])
    root = reader.root_object
    assert root["/Lang"] == key[1]
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712 (a PDF boolean object)
    assert b"pdfuaid:part" in root["/Metadata"].get_object().get_data()
    assert reader.metadata is not None and reader.metadata.title
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712


def test_building_twice_gives_the_same_bytes(
    built: dict[tuple[str, ...], Path], tmp_path: Path, project: Project
) -> None:
    options = BuildOptions(
        slugs=["refractory-cancer"],
        languages=["fr"],
        formats=["a4"],
        editions=["general"],
        out=tmp_path,
    )
    result = build(project, options)
    again = pdf_of(result, "refractory-cancer", "fr", "a4")
    assert again.read_bytes() == built[("refractory-cancer", "fr", "a4")].read_bytes()


def test_pdfua_checker_finds_nothing(built: dict[tuple[str, ...], Path]) -> None:
    """An independent check (the machine-checkable part of PDF/UA-1)."""
    pdfua = pytest.importorskip("pdfua")
    for path in built.values():
        report = pdfua.validate(str(path))
        assert list(report.findings) == [], path.name


# --- a small document -------------------------------------------------------------------------

SMALL = """<!DOCTYPE html><html lang="nl"><head><title>Proef</title><style>
@page { margin: 20mm; @bottom-center { content: "Pagina " counter(page); } }
.mark { position: fixed; top: 40%; opacity: .3; font-size: 40pt; }
hr { border: 0; border-top: 1pt solid black; }
</style></head><body>
<div class="mark">CONCEPT</div>
<h1>Proef</h1><p>Een alinea.</p><hr>
<ul><li>een</li><li>twee</li></ul>
<ol><li><div lang="en">An English reference.</div></li></ol>
</body></html>"""


def small_pdf(tags: bool = True) -> bytes:
    from weasyprint import HTML

    with languages_tagged():
        return HTML(string=SMALL).write_pdf(pdf_tags=tags, pdf_variant="pdf/ua-1" if tags else None)


def test_a_small_document_is_tagged_throughout() -> None:
    before = structure(PdfReader(io.BytesIO(small_pdf())))
    after = structure(PdfReader(io.BytesIO(finish_tags(small_pdf()))))
    # what WeasyPrint leaves to do: a footer outside the tree, a watermark outside any tag
    assert "Pagina 1" in " ".join(before.pages[0].text.values())
    assert before.pages[0].bare and before.pages[0].mcids_in_forms
    page = after.pages[0]
    assert page.bare == [] and page.mcids_in_forms == [] and page.tagged_in_artifact == []
    assert "Pagina 1" in page.artifact_text and "CONCEPT" in page.artifact_text
    texts = {after.text(e) for e in after.elements()}
    assert "Pagina 1" not in " ".join(texts) and "CONCEPT" not in " ".join(texts)
    english = [e for e in after.elements() if e.obj.get("/Lang") == "en"]
    assert [after.text(e) for e in english] == ["An English reference."]
    items = [e for e in after.elements() if e.role == "/LI"]
    assert [[k.role for k in item.kids] for item in items] == [
        ["/Lbl", "/LBody"],
        ["/Lbl", "/LBody"],
        ["/Lbl", "/LBody"],
    ]
    assert finish_tags(small_pdf()) == finish_tags(small_pdf())


def test_the_tagged_file_stays_about_as_small_as_weasyprint_wrote_it() -> None:
    data = small_pdf()
    assert len(finish_tags(data)) <= 1.1 * len(data)


def test_an_untagged_pdf_is_left_as_it_is() -> None:
    data = small_pdf(tags=False)
    assert finish_tags(data) is data
