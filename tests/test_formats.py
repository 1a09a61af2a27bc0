"""Every output format, checked from the PDFs themselves."""

from __future__ import annotations

import io
import re
import shutil
import statistics
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import ROOT, pdf_fonts, pdf_text
from leafprint.build import BuildOptions, BuildResult, Project, build
from leafprint.formats import FORMATS, device_cmyk
from leafprint.postprocess import booklet_order, impose_booklet
from test_build import META, TEXT, add_leaflet

pytestmark = pytest.mark.e2e
MM = 72 / 25.4
ALL = list(FORMATS)


@pytest.fixture(scope="module")
def formats(tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, BuildResult]:
    root = tmp_path_factory.mktemp("formats")
    shutil.copytree(ROOT / "styles", root / "styles")
    shutil.copytree(ROOT / "tests/fixtures/cited", root / "leaflets/cited")
    project = Project(root)
    options = BuildOptions(formats=ALL, languages=["en"], out=root / "dist")
    return project, build(project, options)


def output(formats: tuple[Project, BuildResult], name: str) -> Path:
    (path,) = [o.path for o in formats[1].outputs if o.format == name]
    return path


def boxes_mm(path: Path) -> dict[str, list[float]]:
    page = PdfReader(path).pages[0]
    return {
        name: [round(float(v) / MM, 1) for v in getattr(page, attr)]
        for name, attr in (("media", "mediabox"), ("trim", "trimbox"), ("bleed", "bleedbox"))
    }


def test_every_format_builds(formats: tuple[Project, BuildResult]) -> None:
    _, result = formats
    assert result.errors == []
    assert sorted(o.path.name for o in result.outputs) == sorted(
        f"cited.en{FORMATS[name].suffix}.pdf" for name in ALL
    )


@pytest.mark.parametrize(
    ("name", "media", "trim"),
    [
        ("a4", [0, 0, 210, 297], [0, 0, 210, 297]),
        ("a5", [0, 0, 148, 210], [0, 0, 148, 210]),
        ("large-print", [0, 0, 210, 297], [0, 0, 210, 297]),
        ("screen", [0, 0, 210, 297], [0, 0, 210, 297]),
        ("press", [-3, -3, 213, 300], [0, 0, 210, 297]),
        ("booklet", [0, 0, 296, 210], [0, 0, 296, 210]),
    ],
)
def test_page_boxes(
    formats: tuple[Project, BuildResult], name: str, media: list[float], trim: list[float]
) -> None:
    boxes = boxes_mm(output(formats, name))
    assert boxes["media"] == media
    assert boxes["trim"] == trim
    assert boxes["bleed"] == media  # 3 mm of bleed is inside WeasyPrint's 10 pt limit


def text_sizes(path: Path, words: str) -> Counter[float]:
    """Font sizes (in points, from the text and current matrices) of runs holding *words*."""
    sizes: Counter[float] = Counter()
    for page in PdfReader(path).pages:

        def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
            if words in text:
                sizes[round(size * abs(tm[3] * cm[3]), 1)] += 1

        page.extract_text(visitor_text=visit)
    return sizes


@pytest.mark.parametrize(("name", "size"), [("a4", 12), ("a5", 12), ("large-print", 16)])
def test_body_text_size(formats: tuple[Project, BuildResult], name: str, size: float) -> None:
    assert list(text_sizes(output(formats, name), "Skin cancer was first")) == [size]


def test_large_print_says_so_on_the_title_page(formats: tuple[Project, BuildResult]) -> None:
    first_page = PdfReader(output(formats, "large-print")).pages[0].extract_text()
    assert "Large-print edition" in first_page


@pytest.mark.parametrize("name", ["a4", "a5"])
def test_line_length_is_about_65_characters(
    formats: tuple[Project, BuildResult], name: str
) -> None:
    body = pdf_text(output(formats, name)).split("\nReferences\n")[0]  # 10 pt list excluded
    lengths = [len(line) for line in body.splitlines() if len(line) > 40]
    full_lines = statistics.quantiles(lengths, n=10)[7]  # last lines of paragraphs are shorter
    assert 58 <= full_lines <= 72


def test_booklet_order_pads_before_the_back_cover() -> None:
    assert booklet_order(5) == [(4, 0), (1, None), (None, 2), (3, None)]
    assert booklet_order(8) == [(7, 0), (1, 6), (5, 2), (3, 4)]


def numbered_pdf(pages: int) -> bytes:
    from weasyprint import HTML

    body = "".join(f'<p style="break-after: page">PAGE{n}</p>' for n in range(1, pages + 1))
    return HTML(string=f"<style>@page {{ size: A5 }}</style>{body}").write_pdf()


def halves(pdf: bytes, tmp_path: Path) -> list[tuple[str, str]]:
    path = tmp_path / "booklet.pdf"
    path.write_bytes(pdf)
    width, height = 421, 595
    result = []
    for page in range(1, len(PdfReader(path).pages) + 1):
        sides = []
        for x in (0, width):
            args = ["-f", str(page), "-l", str(page), "-x", str(x), "-y", "0"]
            args += ["-W", str(width), "-H", str(height)]
            text = subprocess.run(
                ["pdftotext", *args, str(path), "-"], capture_output=True, text=True, check=True
            ).stdout
            sides.append("".join(re.findall(r"PAGE\d+", text)) or "blank")
        result.append((sides[0], sides[1]))
    return result


def test_imposition_puts_pages_in_saddle_stitch_order(tmp_path: Path) -> None:
    assert halves(impose_booklet(numbered_pdf(6)), tmp_path) == [
        ("PAGE6", "PAGE1"),
        ("PAGE2", "blank"),
        ("blank", "PAGE3"),
        ("PAGE4", "PAGE5"),
    ]


def test_right_to_left_booklet_is_mirrored(tmp_path: Path) -> None:
    assert halves(impose_booklet(numbered_pdf(4), right_to_left=True), tmp_path) == [
        ("PAGE1", "PAGE4"),
        ("PAGE3", "PAGE2"),
    ]


def test_booklet_sheets(formats: tuple[Project, BuildResult]) -> None:
    booklet = PdfReader(output(formats, "booklet"))
    a5_pages = len(PdfReader(output(formats, "a5")).pages)
    assert len(booklet.pages) * 2 % 4 == 0
    assert len(booklet.pages) * 2 >= a5_pages
    cover = booklet.pages[0].extract_text()
    assert "Citation pattern" in cover  # front cover on the right of the first side
    assert "Read this leaflet online" in cover  # back cover on its left


@pytest.mark.parametrize("name", ALL)
def test_rebuild_is_byte_identical(
    formats: tuple[Project, BuildResult], name: str, tmp_path: Path
) -> None:
    project, _ = formats
    again = build(project, BuildOptions(formats=[name], languages=["en"], out=tmp_path))
    (path,) = [o.path for o in again.outputs]
    assert path.read_bytes() == output(formats, name).read_bytes()


@pytest.mark.parametrize("name", ALL)
def test_fonts_are_embedded(formats: tuple[Project, BuildResult], name: str) -> None:
    fonts = pdf_fonts(output(formats, name))
    assert fonts and all(f["emb"] == "yes" for f in fonts)


def test_press_has_crop_marks_cmyk_and_an_output_intent(
    formats: tuple[Project, BuildResult],
) -> None:
    reader = PdfReader(output(formats, "press"))
    (intent,) = reader.root_object["/OutputIntents"]
    assert intent.get_object()["/S"] == "/GTS_PDFX"
    xmp = reader.root_object["/Metadata"].get_object().get_data().decode()
    assert 'pdfxid:GTS_PDFXVersion="PDF/X-4"' in xmp or ">PDF/X-4<" in xmp
    content = reader.pages[0].get_contents().get_data().decode("latin-1")
    assert "/DeviceCMYK cs" in content
    assert "0 0 0 1 scn" in content  # body text in 100 % black
    assert "1 0.312 0 0.51 scn" in content  # the brand's primary colour as CMYK


def test_cmyk_conversion() -> None:
    assert device_cmyk("#000000") == "device-cmyk(0 0 0 1)"
    assert device_cmyk("#FF0000") == "device-cmyk(0 1 1 0)"
    assert device_cmyk("#00567D", [1, 0.45, 0, 0.35]) == "device-cmyk(1 0.45 0 0.35)"


@pytest.mark.parametrize("name", ["a4", "a5", "booklet", "large-print", "press"])
def test_qr_code_leads_to_the_online_version(
    formats: tuple[Project, BuildResult], name: str, tmp_path: Path
) -> None:
    import zxingcpp
    from PIL import Image

    path = output(formats, name)
    last = len(PdfReader(path).pages)
    pages = [1] if name == "booklet" else [last - 1, last]
    found = []
    for page in pages:
        png = subprocess.run(
            ["pdftoppm", "-png", "-r", "150", "-f", str(page), "-l", str(page), str(path)],
            capture_output=True,
            check=True,
        ).stdout
        found += [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]
    url = "https://leaflets.westerhaven.example.org/cited/en"
    assert url in found
    assert "leaflets.westerhaven.example.org/cited/en" in pdf_text(path)


def test_screen_is_pdf_ua_without_qr_code(formats: tuple[Project, BuildResult]) -> None:
    reader = PdfReader(output(formats, "screen"))
    xmp = reader.root_object["/Metadata"].get_object().get_data().decode()
    assert 'pdfuaid:part="1"' in xmp
    assert "/StructTreeRoot" in reader.root_object
    assert "Read this leaflet online" in pdf_text(output(formats, "screen"))
    assert output(formats, "screen").stat().st_size <= output(formats, "a4").stat().st_size


def test_archival_variant(sandbox: Project) -> None:
    add_leaflet(sandbox, "archive")
    result = build(sandbox, BuildOptions(out=sandbox.root / "dist", pdf_variant="pdf/a-3b"))
    xmp = PdfReader(result.outputs[0].path).root_object["/Metadata"].get_object().get_data()
    assert b'pdfaid:part="3"' in xmp and b'pdfaid:conformance="B"' in xmp


def test_character_without_a_brand_font_is_reported(sandbox: Project) -> None:
    add_leaflet(sandbox, "glyphs", META, TEXT.replace("Some text", "Some text ✓ ☎"))
    result = build(sandbox, BuildOptions(out=sandbox.root / "dist"))
    messages = [w.message for w in result.warnings if w.field == "(fonts)"]
    assert "no brand font can show U+2713 CHECK MARK ('✓') in glyphs (en)" in messages
    assert "no brand font can show U+260E BLACK TELEPHONE ('☎') in glyphs (en)" in messages
    assert any(m.startswith("the PDF uses the fallback font") for m in messages)
