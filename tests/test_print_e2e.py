"""One small leaflet built in every format, checked from the PDFs themselves."""

from __future__ import annotations

import io
import re
import shutil
import statistics
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from helpers import META, ROOT, SIGNED, halves, pdf_fonts, pdf_text
from leafprint.commands.build import BuildOptions, BuildResult, Project, build
from leafprint.content.formats import DEFAULT_CMYK_PROFILE, FORMATS

pytestmark = pytest.mark.e2e
MM = 72 / 25.4
ALL = list(FORMATS)
PRINT = [name for name in ALL if FORMATS[name].qr_code]
URL = "https://leaflets.westerhaven.example.org/printing/en"

TEXT = """\
title: Going home after your operation
subtitle: Information for patients and their families
summary: |
  This leaflet tells you how to look after yourself in the first weeks at home,
  which problems are normal and when you should call the hospital.
key_points:
  - Rest a lot in the first week, but walk a little every day.
  - Call the hospital straight away if you get a fever or more pain.
sections:
  - heading: The first days at home
    body: |
      Most people feel tired for a week or two after an operation. This is normal: your
      body uses a lot of energy to heal. Rest when you feel tired and sleep when you can.
      Try to walk a little every day, a bit further each time. Walking helps your bowels,
      your lungs and your blood flow, and it lowers the chance of a blood clot in your legs.

      Eat small meals several times a day if you do not feel hungry. Drink enough water,
      tea or soup, so that your urine stays light in colour. Ask your family or friends to
      help with shopping and cleaning for the first two weeks.
  - heading: Looking after the wound
    body: |
      Keep the wound clean and dry for the first five days. You may shower after two
      days; pat the wound dry with a clean towel and do not rub it. Do not take a bath or
      go swimming until the wound has healed completely. A little redness along the edges
      of the wound is normal, and so is some itching while it heals.

      The stitches dissolve by themselves after two to three weeks. If you have staples,
      the nurse at your doctor's practice removes them after about ten days. You will get
      a letter with the date and time of that appointment before you leave the hospital.
    callouts:
      - kind: urgent
        title: Call the hospital straight away if you have
        body: |
          - a temperature of 38.5 °C or higher;
          - more pain in or around the wound, or pus coming out of it;
          - pain, swelling or warmth in one of your legs.
  - heading: Pain and medicines
    body: |
      You will go home with painkillers for the first days. Take them at set times, also
      when the pain is mild: it is easier to prevent pain than to take it away. Most people
      can stop taking them after about a week. Do not drive a car while you take strong
      painkillers, because they make you sleepy and slow down your reactions.

      Tell your doctor or pharmacist about every other medicine you take, including
      medicines you buy without a prescription, vitamins and herbal remedies. Some of them
      do not go well together with painkillers or with the medicines that stop blood clots.
  - heading: Work, sport and daily life
    body: |
      When you can go back to work depends on the operation and on the work you do. Most
      people with office work go back after two to four weeks; people with physical work
      often need six weeks or more. Talk about this with your doctor before you go home.

      Do not lift anything heavier than five kilograms for six weeks, such as a full bag
      of shopping or a small child. You can start gentle sport such as walking or cycling
      after two weeks, and heavier sport after six weeks if the wound has healed well.
questions:
  - When can I go back to work?
  - Who removes the stitches?
more_information:
  - title: Patient association
    url: https://www.patients.example.org/after-surgery
    description: Stories and advice from other patients.
dl:
  key_points:
    - Rest a lot in the first week, but walk a little every day.
    - Call the hospital straight away if you get a fever or more pain.
  sections:
    - heading: Looking after the wound
      body: |
        Keep the wound clean and dry for five days. You may shower after two days. The
        stitches dissolve by themselves after two to three weeks.
      callouts:
        - kind: urgent
          title: Call the hospital straight away if you have
          body: |
            - a temperature of 38.5 °C or higher;
            - more pain in or around the wound, or pus coming out of it;
            - pain, swelling or warmth in one of your legs.
"""


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, BuildResult]:
    root = tmp_path_factory.mktemp("print")
    shutil.copytree(ROOT / "styles", root / "styles")
    folder = root / "leaflets" / "printing"
    folder.mkdir(parents=True)
    (folder / "leaflet.yaml").write_text(META + SIGNED, encoding="utf-8")
    (folder / "en.yaml").write_text(TEXT, encoding="utf-8")
    project = Project(root)
    options = BuildOptions(formats=ALL, editions=["general"], out=root / "dist")
    return project, build(project, options)


def output(printed: tuple[Project, BuildResult], name: str) -> Path:
    (path,) = [o.path for o in printed[1].outputs if o.format == name]
    return path


def xmp(path: Path) -> str:
    data: bytes = PdfReader(path).root_object["/Metadata"].get_object().get_data()
    return data.decode()


def xmp_value(path: Path, name: str) -> str | None:
    """An XMP property, written as an attribute or as an element."""
    found = re.search(rf'{name}(?:="([^"]*)"|>([^<]*)</{name})', xmp(path))
    return (found.group(1) or found.group(2)) if found else None


def test_every_format_builds_without_problems(printed: tuple[Project, BuildResult]) -> None:
    _, result = printed
    assert result.errors == []
    # a page left half empty before a box that cannot be split is reported, not an error
    assert [w for w in result.warnings if w.code != "PF103"] == []
    assert sorted(o.path.name for o in result.outputs) == sorted(
        f"printing.en{FORMATS[name].suffix}.pdf" for name in ALL
    )


# --- page sizes and boxes -------------------------------------------------------------------


def boxes_mm(path: Path) -> dict[str, list[float]]:
    pages = PdfReader(path).pages
    found = [
        {
            name: [round(float(v) / MM, 1) for v in getattr(page, attr)]
            for name, attr in (("media", "mediabox"), ("trim", "trimbox"), ("bleed", "bleedbox"))
        }
        for page in pages
    ]
    assert all(boxes == found[0] for boxes in found)  # every page alike
    return found[0]


@pytest.mark.parametrize(
    ("name", "media", "trim", "bleed"),
    [
        ("a4", [0, 0, 210, 297], [0, 0, 210, 297], [0, 0, 210, 297]),
        ("a5", [0, 0, 148, 210], [0, 0, 148, 210], [0, 0, 148, 210]),
        ("large-print", [0, 0, 210, 297], [0, 0, 210, 297], [0, 0, 210, 297]),
        ("screen", [0, 0, 210, 297], [0, 0, 210, 297], [0, 0, 210, 297]),
        ("booklet", [0, 0, 297, 210], [0, 0, 297, 210], [0, 0, 297, 210]),  # A4 landscape
        # 3 mm bleed, then crop marks in a slug up to 10 mm outside the trim
        ("press", [-10, -10, 220, 307], [0, 0, 210, 297], [-3, -3, 213, 300]),
    ],
)
def test_page_boxes(
    printed: tuple[Project, BuildResult],
    name: str,
    media: list[float],
    trim: list[float],
    bleed: list[float],
) -> None:
    assert boxes_mm(output(printed, name)) == {"media": media, "trim": trim, "bleed": bleed}


# --- type size and line length --------------------------------------------------------------


def text_sizes(path: Path) -> Counter[float]:
    """How many characters of the PDF are set at each size (points, as printed); text
    without a letter or digit (icons, bullets) does not count."""
    sizes: Counter[float] = Counter()
    for page in PdfReader(path).pages:

        def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
            if any(character.isalnum() for character in text):
                sizes[round(size * abs(tm[3] * cm[3]), 1)] += len(text.strip())

        page.extract_text(visitor_text=visit)
    return sizes


@pytest.mark.parametrize(
    ("name", "body"), [("a4", 12), ("a5", 12), ("screen", 12), ("press", 12), ("large-print", 16)]
)
def test_body_text_size(printed: tuple[Project, BuildResult], name: str, body: float) -> None:
    """The body at the brand's size, or as much larger as page balancing may set it (large
    print: three quarters of a point at most, Format.growth)."""
    grow = max((float(g.split()[1].rstrip(";")) for g in FORMATS[name].growth), default=1.0)
    sizes = text_sizes(output(printed, name))
    most = sizes.most_common(1)[0][0]
    assert body <= most <= round(body * grow, 1)
    assert sum(n for size, n in sizes.items() if size == most) > 0.5 * sum(sizes.values())


def test_large_print_has_nothing_small(printed: tuple[Project, BuildResult]) -> None:
    logo = (ROOT / "styles/westerhaven/logo.svg").read_text(encoding="utf-8")
    artwork = {"".join(text.split()) for text in re.findall(r">([^<>]+)</text", logo)}
    small = []
    for page in PdfReader(output(printed, "large-print")).pages:

        def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
            words = "".join(text.split())
            reading = any(c.isalnum() for c in words) and words not in artwork
            if reading and size * abs(tm[3] * cm[3]) < 12:
                small.append(text)

        page.extract_text(visitor_text=visit)
    assert small == []


def test_brand_body_size_of_11_pt(tmp_path: Path, printed: tuple[Project, BuildResult]) -> None:
    project, _ = printed
    root = tmp_path / "small"
    shutil.copytree(project.root / "leaflets", root / "leaflets")
    shutil.copytree(project.root / "styles", root / "styles")
    brand = root / "styles/westerhaven/brand.yaml"
    brand.write_text(brand.read_text() + "body_size_pt: 11\n")
    result = build(Project(root), BuildOptions(formats=["a4"], out=root / "dist"))
    assert [p.code for p in result.errors] == ["LP503"]  # under 12 pt is refused ...
    brand.write_text(brand.read_text() + "rules: {LP503: warning}\n")  # ... unless lowered
    result = build(Project(root), BuildOptions(formats=["a4"], out=root / "dist"))
    # the page still says so: every PDF's body text is under 12 pt (PF108)
    # the colophon's code and dates at the brand's body size: under 12 pt too (PF115)
    assert [p.code for p in result.warnings if p.code != "PF108"] == ["LP503", "PF115"]
    small = [p for p in result.warnings if p.code == "PF108"]
    assert small and all(
        "body text in 11.0 pt, under the 12 pt minimum" in p.message for p in small
    )
    assert text_sizes(result.outputs[0].path).most_common(1)[0][0] == 11


def full_line_lengths(path: Path) -> list[int]:
    """Characters in every line that spans (nearly) the whole text column."""
    layout = subprocess.run(
        ["pdftotext", "-bbox-layout", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    ns = "{http://www.w3.org/1999/xhtml}"
    lines = []
    for line in ET.fromstring(layout).iter(ns + "line"):
        text = " ".join(word.text or "" for word in line.iter(ns + "word"))
        lines.append((float(line.get("xMax", 0)) - float(line.get("xMin", 0)), len(text)))
    column = max(width for width, _ in lines)
    return [length for width, length in lines if width >= 0.85 * column]


@pytest.mark.parametrize("name", ["a4", "a5", "large-print"])
def test_line_length_is_about_60_to_70_characters(
    printed: tuple[Project, BuildResult], name: str
) -> None:
    lengths = full_line_lengths(output(printed, name))
    assert len(lengths) > 20
    assert 56 <= statistics.median(lengths) <= 72


def test_large_print_says_so_on_the_title_page(printed: tuple[Project, BuildResult]) -> None:
    reader = PdfReader(output(printed, "large-print"))
    assert "Large-print edition" in reader.pages[0].extract_text()
    assert "Large-print edition" not in pdf_text(output(printed, "a4"))


# --- booklet --------------------------------------------------------------------------------


def test_booklet_is_imposed_in_saddle_stitch_order(
    printed: tuple[Project, BuildResult], tmp_path: Path
) -> None:
    booklet = output(printed, "booklet")
    a5 = PdfReader(output(printed, "a5"))
    sides = halves(booklet.read_bytes(), tmp_path)
    assert (len(sides) * 2) % 4 == 0  # whole sheets, folded
    assert len(a5.pages) <= len(sides) * 2 < len(a5.pages) + 4
    first = PdfReader(booklet).pages[0]
    width = float(first.mediabox.width) / 2

    def half(x0: float) -> str:
        parts: list[str] = []

        def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
            if x0 <= tm[4] * cm[0] + cm[4] < x0 + width:
                parts.append(text)

        first.extract_text(visitor_text=visit)
        return " ".join("".join(parts).split())

    assert "Going home after your operation" in half(width)  # front cover on the right
    back_cover = " ".join(a5.pages[-1].extract_text().split())
    assert back_cover[:80] in half(0)  # the last page, on the left of the outside


# --- reproducibility, fonts -----------------------------------------------------------------


def test_rebuild_is_byte_identical(printed: tuple[Project, BuildResult], tmp_path: Path) -> None:
    project, _ = printed
    again = build(project, BuildOptions(formats=ALL, editions=["general"], out=tmp_path))
    assert len(again.outputs) == len(ALL)
    for rebuilt in again.outputs:
        assert rebuilt.path.read_bytes() == output(printed, rebuilt.format).read_bytes(), (
            rebuilt.format
        )


def test_rebuild_in_another_process_is_byte_identical(
    printed: tuple[Project, BuildResult], tmp_path: Path
) -> None:
    project, _ = printed
    command = [sys.executable, "-m", "leafprint", "build", "--format", "press", "--format", "a4"]
    command += ["--edition", "general", "--out", str(tmp_path)]
    subprocess.run(command, cwd=project.root, check=True, capture_output=True)
    for name in ("press", "a4"):
        path = tmp_path / "printing" / output(printed, name).name
        assert path.read_bytes() == output(printed, name).read_bytes(), name


@pytest.mark.parametrize("name", ALL)
def test_brand_fonts_are_embedded(printed: tuple[Project, BuildResult], name: str) -> None:
    fonts = pdf_fonts(output(printed, name))
    assert fonts
    assert all(f["emb"] == "yes" and f["uni"] == "yes" for f in fonts)
    assert {f["name"].split("+")[-1] for f in fonts} <= {"Noto-Sans", "Noto-Sans-Bold"}


# --- QR code --------------------------------------------------------------------------------


def scan(path: Path, page: int, dpi: int = 150) -> list[tuple[str, float]]:
    """(text, printed width in mm) of every QR code found on *page* of *path*."""
    import zxingcpp

    png = subprocess.run(
        ["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page), str(path)],
        capture_output=True,
        check=True,
    ).stdout
    found = []
    for result in zxingcpp.read_barcodes(Image.open(io.BytesIO(png))):
        corners = result.position
        width_px = abs(corners.top_right.x - corners.top_left.x)
        found.append((result.text, width_px / dpi * 25.4))
    return found


@pytest.mark.parametrize("name", PRINT)
def test_qr_code_leads_to_the_online_version(
    printed: tuple[Project, BuildResult], name: str
) -> None:
    path = output(printed, name)
    label = "Read the full leaflet online" if name == "dl" else "Read this leaflet online"
    (page,) = [  # the colophon, near the end of the leaflet (a DL's short version: its back)
        number
        for number, page in enumerate(PdfReader(path).pages, 1)
        if label in page.extract_text()
    ]
    codes = [(text, width) for text, width in scan(path, page) if text == URL]
    assert codes
    assert codes[0][1] >= 20  # the code itself, without its quiet zone
    text = pdf_text(path).replace("/\n", "/")  # an address may wrap after a slash
    assert "leaflets.westerhaven.example.org/printing/en" in text
    assert label in text


def word_boxes(path: Path, page: int) -> list[tuple[str, float, float, float, float]]:
    """(word, xMin, yMin, xMax, yMax) in points from the top left, as pdftotext sees them."""
    layout = subprocess.run(
        ["pdftotext", "-bbox", "-enc", "UTF-8", "-f", str(page), "-l", str(page), str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    ns = "{http://www.w3.org/1999/xhtml}"
    return [
        (word.text or "", *(float(word.get(k, 0)) for k in ("xMin", "yMin", "xMax", "yMax")))
        for word in ET.fromstring(layout).iter(ns + "word")
    ]


@pytest.mark.parametrize("name", ["a4", "a5", "large-print"])
def test_colophon_sits_beside_the_qr_code(printed: tuple[Project, BuildResult], name: str) -> None:
    """The address and the leaflet's details make a column beside the code, so the colophon
    is hardly taller than the code and fits at the foot of the reference list."""
    import zxingcpp

    path = output(printed, name)
    (page,) = [
        number
        for number, page in enumerate(PdfReader(path).pages, 1)
        if "Read this leaflet online" in page.extract_text()
    ]
    dpi = 150
    png = subprocess.run(
        ["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page), str(path)],
        capture_output=True,
        check=True,
    ).stdout
    (code,) = [c for c in zxingcpp.read_barcodes(Image.open(io.BytesIO(png))) if c.text == URL]
    corners = code.position
    xs = [p.x * 72 / dpi for p in (corners.top_left, corners.top_right, corners.bottom_left)]
    ys = [p.y * 72 / dpi for p in (corners.top_left, corners.top_right, corners.bottom_left)]
    beside = [
        word
        for word, x_min, y_min, _, y_max in word_boxes(path, page)
        if x_min > max(xs) and min(ys) - 10 <= y_min and y_max <= max(ys) + 10
    ]
    assert "online" in beside  # "Read this leaflet online"
    if "large-print" not in str(path):  # at 16 pt the details run on below the code
        assert "Published:" in beside  # the colophon's details, not below the code


# --- screen, a4, press, archival ------------------------------------------------------------


def test_screen_is_a_small_tagged_pdf_ua_without_qr_code(
    printed: tuple[Project, BuildResult],
) -> None:
    path = output(printed, "screen")
    reader = PdfReader(path)
    assert xmp_value(path, "pdfuaid:part") == "1"
    assert "/StructTreeRoot" in reader.root_object
    assert reader.outline  # bookmarks for the headings
    links = [
        annotation.get_object()["/A"]["/URI"]
        for page in reader.pages
        for annotation in page.get("/Annots") or []
        if "/URI" in annotation.get_object().get("/A", {})
    ]
    assert "https://www.patients.example.org/after-surgery" in links
    codes = [text for n in range(1, len(reader.pages) + 1) for text, _ in scan(path, n)]
    assert URL not in codes  # the online version needs no code on screen: it is a link
    assert "Read this leaflet online" in pdf_text(path)
    assert path.stat().st_size <= output(printed, "a4").stat().st_size


def test_a4_is_tagged_pdf_ua(printed: tuple[Project, BuildResult]) -> None:
    path = output(printed, "a4")
    assert xmp_value(path, "pdfuaid:part") == "1"
    assert "/StructTreeRoot" in PdfReader(path).root_object


def test_press_is_pdf_x4_in_cmyk_with_an_output_intent(
    printed: tuple[Project, BuildResult],
) -> None:
    path = output(printed, "press")
    reader = PdfReader(path)
    assert reader.pdf_header == "%PDF-1.6"
    (intent,) = reader.root_object["/OutputIntents"]
    intent = intent.get_object()
    assert intent["/S"] == "/GTS_PDFX"
    assert intent["/OutputConditionIdentifier"] == "ISO Coated v2 300% (basICColor)"
    profile = (ROOT / "styles" / "base" / DEFAULT_CMYK_PROFILE).read_bytes()
    assert intent["/DestOutputProfile"].get_object().get_data() == profile  # embedded whole
    assert xmp_value(path, "pdfxid:GTS_PDFXVersion") == "PDF/X-4"
    assert reader.trailer["/Info"].get_object()["/Trapped"] == "/False"
    for page in reader.pages:
        assert "/Annots" not in page
        content = page.get_contents().get_data().decode("latin-1")
        assert not re.search(r"\b(rg|RG)\b", content)  # no DeviceRGB vector colours left
    first = reader.pages[0].get_contents().get_data().decode("latin-1")
    assert re.search(r"\b0 0 0 1 (scn|k)\b", first)  # body text in 100 % black


def test_press_band_bleeds_and_crop_marks_show(
    printed: tuple[Project, BuildResult], tmp_path: Path
) -> None:
    png = subprocess.run(
        ["pdftoppm", "-png", "-r", "100", "-f", "1", "-l", "1", str(output(printed, "press"))],
        capture_output=True,
        check=True,
    ).stdout
    image = Image.open(io.BytesIO(png)).convert("RGB")
    px = 100 / 25.4  # the image starts 10 mm outside the trim

    def ink(x_mm: float, y_mm: float) -> int:
        return 765 - sum(image.getpixel((round((x_mm + 10) * px), round((y_mm + 10) * px))))

    assert ink(100, -1.5) > 300  # the coloured band runs into the bleed above the page
    assert ink(-6, 0) > 300 and ink(0, -6) > 300  # crop marks at the top-left corner
    assert ink(-9, -9) < 30  # paper outside the marks
    assert ink(-1.5, 100) < 30  # no ink in the side bleed next to the text


def test_archival_variant_replaces_pdf_ua_but_not_pdf_x(
    printed: tuple[Project, BuildResult], tmp_path: Path
) -> None:
    project, _ = printed
    options = BuildOptions(formats=["a4", "press"], pdf_variant="pdf/a-3b", out=tmp_path)
    result = build(project, options)
    paths = {o.format: o.path for o in result.outputs}
    assert xmp_value(paths["a4"], "pdfaid:part") == "3"
    assert xmp_value(paths["a4"], "pdfaid:conformance") == "B"
    assert xmp_value(paths["press"], "pdfxid:GTS_PDFXVersion") == "PDF/X-4"
    assert xmp_value(paths["press"], "pdfaid:part") is None


def test_pdf_variant_on_the_command_line(
    printed: tuple[Project, BuildResult], tmp_path: Path
) -> None:
    from click.testing import CliRunner

    from leafprint.cli import cli

    project, _ = printed
    arguments = ["--project", str(project.root), "build", "--format", "a4"]
    arguments += ["--edition", "general", "--out", str(tmp_path)]
    result = CliRunner().invoke(cli, [*arguments, "--pdf-variant", "pdf/a-2b"])
    assert result.exit_code == 0, result.output
    path = tmp_path / "printing" / "printing.en.pdf"
    assert xmp_value(path, "pdfaid:part") == "2"
    refused = CliRunner().invoke(cli, [*arguments, "--pdf-variant", "pdf/x-1a"])
    assert refused.exit_code == 2
    assert "pdf/a-2b" in refused.output and "pdf/a-3b" in refused.output
