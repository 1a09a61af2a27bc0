"""The private objects of WeasyPrint and pypdf that leafprint uses still have the shape it
uses: one test per use, each failing when an upgrade changes that object."""

from __future__ import annotations

import io
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DictionaryObject, NameObject
from weasyprint import HTML
from weasyprint.formatting_structure import boxes
from weasyprint.layout.absolute import AbsolutePlaceholder
from weasyprint.urls import URLFetcher

from leafprint.layout import weasy

pytestmark = pytest.mark.slow  # each lays out a small document with WeasyPrint


def descendants(box: Any) -> Iterator[Any]:
    yield box
    for child in getattr(box, "children", []):
        yield from descendants(child)


def test_page_box_is_the_laid_out_page_with_its_name() -> None:
    html = '<style>@page cover { size: A5 }</style><div style="page: cover">Hello</div>'
    page = HTML(string=html).render().pages[0]
    box = weasy.page_box(page)
    assert isinstance(box, boxes.PageBox)
    assert box.page_type.name == "cover"
    assert box.content_box_y() > 0
    assert "Hello" in [getattr(b, "text", None) for b in descendants(box)]


def test_placed_box_is_the_box_an_absolute_placeholder_stands_for() -> None:
    html = '<p>Flow</p><div style="position: absolute; top: 0">Placed</div>'
    page_box = weasy.page_box(HTML(string=html).render().pages[0])
    (placeholder,) = [b for b in descendants(page_box) if isinstance(b, AbsolutePlaceholder)]
    placed = weasy.placed_box(placeholder)
    assert isinstance(placed, boxes.BlockBox)
    assert placed is not placeholder
    assert placed.element_tag == "div"
    assert weasy.placed_box(page_box) is page_box


def test_stable_document_id_seeds_the_pdf_x_document_id() -> None:
    html = '<meta name="dcterms.modified" content="2026-01-01">Hello'
    for seed in ("one", "two"):
        with weasy.stable_document_id(seed):
            pdf = HTML(string=html).write_pdf(pdf_variant="pdf/x-4", uncompressed_pdf=True)
        assert f"xmp.did:{uuid.uuid5(uuid.NAMESPACE_URL, seed)}".encode() in pdf


def test_tagged_languages_sets_lang_on_the_elements_of_a_box() -> None:
    html = '<html lang="en"><body><p lang="fr">Bonjour</p><p>Hello</p></body></html>'

    def language_of(box: Any) -> str | None:
        if box.element is None or box.element_tag != "p":
            return None
        return box.element.get("lang")

    with weasy.tagged_languages(language_of):
        pdf = HTML(string=html).write_pdf(pdf_tags=True)
    root = PdfReader(io.BytesIO(pdf)).root_object["/StructTreeRoot"].get_object()
    paragraphs = [e for e in elements(root) if e.get("/S") == "/P"]
    assert [str(e.get("/Lang")) for e in paragraphs] == ["fr", "None"]


def elements(node: Any) -> Iterator[DictionaryObject]:
    kids = node.get("/K")
    kids = kids if isinstance(kids, list) else [kids] if kids is not None else []
    for kid in kids:
        kid = kid.get_object()
        if isinstance(kid, DictionaryObject) and "/S" in kid:
            yield kid
            yield from elements(kid)


def test_unknown_glyphs_are_the_characters_no_font_can_show() -> None:
    html = "<p>Hello</p><p>A \U0010fffd B</p>"  # a private-use character no font has
    page_box = weasy.page_box(HTML(string=html).render().pages[0])
    texts = {b.text: b for b in descendants(page_box) if isinstance(b, boxes.TextBox)}
    assert weasy.unknown_glyphs(texts["Hello"]) == []
    assert weasy.unknown_glyphs(texts["A \U0010fffd B"]) == [0x10FFFD]


def test_fetching_attachment_tells_an_attachment_from_an_image() -> None:
    seen: dict[str, bool] = {}

    class Recording(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            seen[url[:20]] = weasy.fetching_attachment()
            return super().fetch(url, headers)

    image = "data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg' width='1' height='1'/>"
    html = f'<link rel="attachment" href="data:text/plain,notes"><img src="{image}">'
    HTML(string=html, url_fetcher=Recording()).write_pdf()
    assert seen == {"data:text/plain,note": True, image[:20]: False}


def test_info_dictionary_keeps_names_in_the_written_file() -> None:
    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    info = weasy.info_dictionary(writer)
    info[NameObject("/Trapped")] = NameObject("/False")
    assert weasy.info_dictionary(writer) is info
    output = io.BytesIO()
    writer.write(output)
    trapped = PdfReader(output).trailer["/Info"].get_object()["/Trapped"]
    assert isinstance(trapped, NameObject)
    assert trapped == "/False"
