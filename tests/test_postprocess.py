"""Post-processing on small PDFs made for the test: booklet imposition, press preparation."""

from __future__ import annotations

import io
import re
import subprocess
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from pypdf import PdfReader
from pypdf.generic import NameObject

from helpers import ROOT, copy_example, halves, shading_outputs
from leafprint.commands.build import BuildOptions, Project, build
from leafprint.content.formats import DEFAULT_CMYK_PROFILE, FORMATS, rgb_to_cmyk
from leafprint.layout.postprocess import (
    MM,
    booklet_order,
    crop_mark_lines,
    finish,
    impose_booklet,
    prepare_for_press,
    raster_images,
)


def numbered_pdf(pages: int, size: str = "A5", css: str = "") -> bytes:
    """A PDF whose page n says PAGEn."""
    from weasyprint import HTML

    body = "".join(f'<p style="break-after: page">PAGE{n}</p>' for n in range(1, pages + 1))
    style = f"<style>@page {{ size: {size} }} {css}</style>"
    return HTML(string=f"<html lang='en'><title>Numbered</title>{style}{body}").write_pdf()


# --- booklets -------------------------------------------------------------------------------


@pytest.mark.parametrize("pages", range(1, 18))
def test_booklet_order_uses_every_page_once_on_whole_sheets(pages: int) -> None:
    sides = booklet_order(pages)
    assert len(sides) % 2 == 0  # front and back of each sheet
    assert len(sides) * 2 == -(-pages // 4) * 4
    placed = [index for side in sides for index in side if index is not None]
    assert sorted(placed) == list(range(pages))
    assert sides[0][1] == 0  # the front cover is on the right of the outside
    if pages > 1:
        assert sides[0][0] == pages - 1  # the back cover on its left


def test_booklet_order_pads_before_the_back_cover() -> None:
    assert booklet_order(5) == [(4, 0), (1, None), (None, 2), (3, None)]
    assert booklet_order(8) == [(7, 0), (1, 6), (5, 2), (3, 4)]


@pytest.mark.slow
def test_imposition_puts_pages_in_saddle_stitch_order(tmp_path: Path) -> None:
    booklet = impose_booklet(numbered_pdf(6))
    page = PdfReader(io.BytesIO(booklet)).pages[0]
    assert [round(float(v) / MM, 2) for v in page.mediabox] == [0, 0, 297, 210]  # A4 landscape
    assert halves(booklet, tmp_path) == [
        ("PAGE6", "PAGE1"),
        ("PAGE2", "blank"),
        ("blank", "PAGE3"),
        ("PAGE4", "PAGE5"),
    ]


@pytest.mark.slow
def test_right_to_left_booklet_is_mirrored(tmp_path: Path) -> None:
    assert halves(impose_booklet(numbered_pdf(4), right_to_left=True), tmp_path) == [
        ("PAGE1", "PAGE4"),
        ("PAGE3", "PAGE2"),
    ]


def left_edges_mm(pdf: bytes) -> dict[str, float]:
    """Where each page's label starts on the imposed sheets, in mm from the sheet's left."""
    import pdfplumber

    with pdfplumber.open(io.BytesIO(pdf)) as document:
        words = [word for page in document.pages for word in page.extract_words()]
    return {w["text"]: w["x0"] / MM for w in words if w["text"].startswith("PAGE")}


@pytest.mark.slow
@pytest.mark.parametrize("right_to_left", [False, True])
def test_booklet_pages_move_toward_the_fold_by_the_sheets_around_them(
    right_to_left: bool,
) -> None:
    pdf = numbered_pdf(12)  # three sheets, the cover sheet outside
    flat = left_edges_mm(impose_booklet(pdf, right_to_left=right_to_left))
    crept = left_edges_mm(
        finish(FORMATS["booklet"], pdf, right_to_left=right_to_left, paper_mm=0.5)
    )
    moved = {page: round(crept[page] - flat[page], 2) for page in flat}
    # even pages lie left of the fold and move right; mirrored, they lie right and move left
    even, odd = (1, -1) if not right_to_left else (-1, 1)
    assert moved == {
        "PAGE12": 0, "PAGE1": 0, "PAGE2": 0, "PAGE11": 0,  # the outer sheet stays
        "PAGE10": 0.5 * even, "PAGE3": 0.5 * odd, "PAGE4": 0.5 * even, "PAGE9": 0.5 * odd,
        "PAGE8": 1.0 * even, "PAGE5": 1.0 * odd, "PAGE6": 1.0 * even, "PAGE7": 1.0 * odd,
    }  # fmt: skip


@pytest.mark.slow
def test_imposed_booklet_stays_small_and_keeps_its_metadata() -> None:
    single = numbered_pdf(8)
    booklet = impose_booklet(single)
    assert len(booklet) < 1.5 * len(single)  # content streams compressed, fonts shared
    reader = PdfReader(io.BytesIO(booklet))
    assert reader.metadata is not None and reader.metadata.title == "Numbered"
    assert reader.root_object["/Lang"] == "en"


# --- press ----------------------------------------------------------------------------------

BLEED_HTML_CSS = """
@page { bleed: 3mm; margin: 20mm; background: white; }
.band { position: absolute; top: -23mm; left: -23mm; width: 154mm; height: 12mm;
        background: #00567D; }
p { color: #777777; }
a { color: #B3261E; }
"""


def bleed_pdf() -> bytes:
    from weasyprint import HTML

    html = (
        f"<html lang='en'><style>@page {{ size: A5 }} {BLEED_HTML_CSS}</style>"
        "<div class='band'></div><p>Grey text <a href='https://example.org'>a link</a></p>"
    )
    return HTML(string=html).write_pdf()


@pytest.fixture(scope="module")
def press() -> bytes:
    return prepare_for_press(bleed_pdf(), 3)


@pytest.mark.slow
def test_press_page_boxes(press: bytes) -> None:
    page = PdfReader(io.BytesIO(press)).pages[0]
    mm = {
        name: [round(float(v) / MM, 2) for v in box]
        for name, box in (("media", page.mediabox), ("bleed", page.bleedbox))
    }
    assert [round(float(v) / MM, 2) for v in page.trimbox] == [0, 0, 148, 210]
    assert mm["bleed"] == [-3, -3, 151, 213]  # exactly 3 mm, not WeasyPrint's 10 pt limit
    assert mm["media"] == [-10, -10, 158, 220]  # room for the crop marks outside the bleed


def test_crop_marks_lie_outside_the_bleed() -> None:
    lines = list(crop_mark_lines([0, 0, 100, 200], 3, 5))
    assert len(lines) == 8
    for x1, y1, x2, y2 in lines:
        for x, y in ((x1, y1), (x2, y2)):
            outside_x = x <= -3 or x >= 103
            outside_y = y <= -3 or y >= 203
            assert outside_x or outside_y
        assert {x1, x2} & {0, 100} or {y1, y2} & {0, 200}  # in line with a trim edge


@pytest.mark.slow
def test_crop_marks_are_drawn_in_registration_colour_on_top(press: bytes) -> None:
    page = PdfReader(io.BytesIO(press)).pages[0]
    space = page["/Resources"]["/ColorSpace"]["/LeafprintRegistration"]
    assert space[0] == "/Separation" and space[1] == "/All"
    content = page.get_contents().get_data().decode("latin-1")
    marks = content[content.rindex("/LeafprintRegistration CS") :]
    assert marks.count(" l S") == 8  # the last thing drawn: nothing can cover them
    assert "/Artifact" in content[content.rindex("BDC", 0, len(content) - len(marks)) - 40 :]


def render(pdf: bytes, tmp_path: Path, dpi: int = 100) -> Image.Image:
    path = tmp_path / "page.pdf"
    path.write_bytes(pdf)
    png = subprocess.run(
        ["pdftoppm", "-png", "-r", str(dpi), "-f", "1", "-l", "1", str(path)],
        capture_output=True,
        check=True,
    ).stdout
    return Image.open(io.BytesIO(png)).convert("RGB")


@pytest.mark.slow
def test_marks_and_bleeding_band_are_visible(press: bytes, tmp_path: Path) -> None:
    image = render(press, tmp_path, 100)
    px = 100 / 25.4  # pixels per mm; the image starts at the media box, 10 mm outside the trim
    dark = {
        name: sum(image.getpixel((round(x * px), round(y * px))))
        for name, (x, y) in {
            "band in the bleed": (10 - 1.5, 10 - 1.5),
            "band at the trim": (30, 10 + 2),
            "mark left of the top-left corner": (10 - 6, 10),
            "mark above the top-left corner": (10, 10 - 6),
            "paper beyond the marks": (1, 1),
        }.items()
    }
    assert dark["band in the bleed"] < 300
    assert dark["band at the trim"] < 300
    assert dark["mark left of the top-left corner"] < 300
    assert dark["mark above the top-left corner"] < 300
    assert dark["paper beyond the marks"] > 700


@pytest.mark.slow
def test_press_colours_are_cmyk_and_links_are_gone(press: bytes) -> None:
    page = PdfReader(io.BytesIO(press)).pages[0]
    content = page.get_contents().get_data().decode("latin-1")
    assert not re.search(r"\b(rg|RG)\b", content)
    assert "0 0 0 0.5333 k" in content  # #777777 grey text in black ink only
    assert "/Annots" not in page


@pytest.mark.slow
def test_press_keeps_document_information_and_id() -> None:
    from weasyprint import HTML

    html = (
        "<html lang='en'><head><title>Press test</title><meta name=author content='A. Author'>"
        "<meta name=keywords content='TST-001'></head><p>Text</p></html>"
    )
    source = HTML(string=html).write_pdf(pdf_identifier=b"press-test-id", pdf_variant="pdf/x-4")
    before = PdfReader(io.BytesIO(source))
    after = PdfReader(io.BytesIO(prepare_for_press(source, 3)))
    assert after.pdf_header == before.pdf_header == "%PDF-1.6"
    assert after.trailer["/ID"][0] == "press-test-id"
    assert list(after.trailer["/ID"]) == list(before.trailer["/ID"])
    info = after.trailer["/Info"].get_object()
    assert (info["/Title"], info["/Author"], info["/Keywords"]) == (
        "Press test",
        "A. Author",
        "TST-001",
    )
    assert isinstance(info["/Trapped"], NameObject) and info["/Trapped"] == "/False"
    assert dict(after.metadata or {}) == dict(before.metadata or {})


@pytest.mark.slow
def test_press_preparation_is_deterministic() -> None:
    source = bleed_pdf()
    assert prepare_for_press(source, 3) == prepare_for_press(source, 3)


@pytest.mark.parametrize(
    ("rgb", "cmyk"),
    [
        ((0, 0, 0), (0, 0, 0, 1)),
        ((1, 1, 1), (0, 0, 0, 0)),
        ((0.5, 0.5, 0.5), (0, 0, 0, 0.5)),
        ((1, 0, 0), (0, 1, 1, 0)),
    ],
)
def test_rgb_to_cmyk(rgb: tuple[float, float, float], cmyk: tuple[float, ...]) -> None:
    assert rgb_to_cmyk(*rgb) == pytest.approx(cmyk)


@pytest.mark.slow
def test_finish_leaves_office_formats_alone() -> None:
    pdf = numbered_pdf(2, "A4")
    assert finish(FORMATS["a4"], pdf) == pdf
    assert finish(FORMATS["screen"], pdf) == pdf
    assert len(PdfReader(io.BytesIO(finish(FORMATS["booklet"], numbered_pdf(3)))).pages) == 2


@pytest.mark.slow
def test_press_gradients_give_as_many_values_as_their_colour_space() -> None:
    """WeasyPrint writes a gradient's colours in RGB, even in the CMYK output intent's
    space: a press file converts them (viewers draw nothing for the invalid object)."""
    from weasyprint import HTML

    profile = (ROOT / "styles/base" / DEFAULT_CMYK_PROFILE).as_uri()
    html = (
        "<html lang='en'><style>@color-profile device-cmyk { components: c, m, y, k; "
        f"src: url('{profile}') }} div {{ height: 40mm; "
        "background: linear-gradient(to bottom, #00567D, #E6F0F5) }</style><div></div>"
    )
    source = HTML(string=html).write_pdf(pdf_variant="pdf/x-4")
    before = shading_outputs(source)
    assert before and any(components != values for components, values in before)
    after = shading_outputs(prepare_for_press(source, 3))
    colour = [pair for pair in after if pair[0] != 1]  # (masks are grey)
    assert colour and all(components == values == 4 for components, values in colour)


@pytest.mark.slow
def test_press_photos_are_cmyk_within_the_profiles_ink_limit(sandbox: Project) -> None:
    """A photo in a press file is converted through the output intent's profile (ISO Coated
    v2, 300 % total ink): DeviceCMYK, its transparency kept, no pixel over the limit; the
    office PDF keeps the RGB original."""
    folder = copy_example("refractory-cancer", sandbox.leaflets)
    (folder / "images").mkdir()
    photo = Image.new("RGBA", (600, 400), (255, 255, 255, 255))
    for x in range(600):  # black, rich blue, red and white: the inks a naive split overdoes
        colour = [(0, 0, 0), (20, 30, 120), (200, 20, 30), (255, 255, 255)][x // 150]
        for y in range(400):
            photo.putpixel((x, y), (*colour, 255 if y < 350 else 0))
    photo.save(folder / "images" / "photo.png")
    text = folder / "en.yaml"
    text.write_text(
        text.read_text().replace(
            "      keeps on growing.\n",
            "      keeps on growing.\n\n      ![Four colour bands](images/photo.png)\n",
            1,
        )
    )
    out = sandbox.root / "dist"
    options = BuildOptions(
        slugs=["refractory-cancer"], languages=["en"], formats=["a4", "press"], out=out
    )
    options = replace(options, editions=["general"])
    assert build(sandbox, options).errors == []
    [press] = photos(out / "refractory-cancer" / "refractory-cancer.en.press.pdf")
    assert (press["/ColorSpace"], press["/BitsPerComponent"]) == ("/DeviceCMYK", 8)
    assert "/SMask" in press
    size = (press["/Width"], press["/Height"])
    assert size == (600, 400)
    pixels = Image.frombytes("CMYK", size, press.get_data())
    inks = [sum(pixels.getpixel((x, 10))) / 255 for x in (75, 225, 375, 525)]
    assert max(inks) <= 3.0 + 0.01  # the profile's 300 % total ink
    assert inks[0] > 2.5  # black is a rich black, not ink beyond the limit
    assert inks[3] == 0  # white paper stays unprinted
    [office] = photos(out / "refractory-cancer" / "refractory-cancer.en.pdf")
    assert office["/ColorSpace"] != "/DeviceCMYK"


def photos(path: Path) -> list[Any]:
    found = {}
    for page in PdfReader(path).pages:
        for image in raster_images(page, set()):
            found[image.indirect_reference.idnum] = image
    return list(found.values())
