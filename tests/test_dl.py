"""The DL tri-fold: six panels imposed on both sides of one A4 sheet for a roll fold.

Built from the immunotherapy example's `dl:` short versions (English and Arabic); the Dutch
text has none and is too long for six panels.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pdfplumber
import pytest
from PIL import Image
from pypdf import PdfReader

from leafprint.commands.build import BuildOptions, BuildResult, Project, build

pytestmark = pytest.mark.slow  # every test here renders PDFs

MM = 72 / 25.4
FOLD_SAFE_MM = 5.0  # no text this close to a fold or the paper edge
# Panel edges in mm, left to right: outside (flap, back, cover) and inside (1, 2, 3).
LTR = ([0, 97, 197, 297], [0, 100, 200, 297])
RTL = ([0, 100, 200, 297], [0, 97, 197, 297])
URL = "https://leaflets.westerhaven.example.org/immunotherapy/{}"


def dl_build(project: Project, out: Path, languages: list[str]) -> BuildResult:
    options = BuildOptions(
        slugs=["immunotherapy"],
        languages=languages,
        formats=["dl"],
        editions=["general"],
        out=out,
        force=True,
    )
    return build(project, options)


@pytest.fixture(scope="module")
def folded(tmp_path_factory: pytest.TempPathFactory, project: Project) -> Path:
    out = tmp_path_factory.mktemp("dl")
    result = dl_build(project, out, ["en", "ar"])
    assert result.errors == []
    return out / "immunotherapy"


def panel_text(pdf: Path, side: int, panel: int, edges: list[int]) -> str:
    with pdfplumber.open(pdf) as document:
        page = document.pages[side]
        left, right = edges[panel] * MM, edges[panel + 1] * MM
        chars = [c for c in page.chars if left <= c["x0"] and c["x1"] <= right]
        return "".join(c["text"] for c in chars).replace("\u00a0", " ")


def test_two_a4_landscape_sides(folded: Path) -> None:
    for language in ("en", "ar"):
        pages = PdfReader(folded / f"immunotherapy.{language}.dl.pdf").pages
        assert [
            (round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in pages
        ] == [
            (842, 595),
            (842, 595),
        ]


@pytest.mark.parametrize(("language", "edges"), [("en", LTR), ("ar", RTL)])
def test_all_text_lies_inside_its_panel_clear_of_the_folds(
    folded: Path, language: str, edges: tuple[list[int], list[int]]
) -> None:
    with pdfplumber.open(folded / f"immunotherapy.{language}.dl.pdf") as document:
        for side, page in enumerate(document.pages):
            assert page.chars
            for char in page.chars:
                x0, x1 = char["x0"] / MM, char["x1"] / MM
                panel = next(
                    i for i in range(3) if edges[side][i] <= (x0 + x1) / 2 < edges[side][i + 1]
                )
                left, right = edges[side][panel], edges[side][panel + 1]
                where = f"side {side + 1} panel {panel + 1}: {char['text']!r} at {x0:.1f} mm"
                assert left + FOLD_SAFE_MM <= x0 and x1 <= right - FOLD_SAFE_MM, where
                assert FOLD_SAFE_MM * MM <= char["top"] <= page.height - FOLD_SAFE_MM * MM


def test_cover_has_the_title_and_the_back_the_contact_block(folded: Path) -> None:
    pdf = folded / "immunotherapy.en.dl.pdf"
    cover = panel_text(pdf, 0, 2, LTR[0])
    assert "Immunotherapy" in cover and "Who this leaflet is for" in cover
    back = panel_text(pdf, 0, 1, LTR[0])
    assert "Contact" in back and "+31 20 555 0199" in back
    assert "Read the full leaflet online" in back
    assert "Key points" in panel_text(pdf, 0, 0, LTR[0])  # the flap opens on them
    inside = "".join(panel_text(pdf, 1, panel, LTR[1]) for panel in range(3))
    assert "Call the hospital straight" in inside  # the urgent box
    assert "Contact" not in inside


def scan_panel(pdf: Path, edges: list[int], panel: int, tmp: Path) -> list[str]:
    import zxingcpp

    subprocess.run(
        ["pdftoppm", "-png", "-r", "150", "-f", "1", "-l", "1", pdf, tmp / "side"], check=True
    )
    (png,) = tmp.glob("side-*.png")
    with Image.open(png) as image:
        scale = image.width / 297
        box = (round(edges[panel] * scale), 0, round(edges[panel + 1] * scale), image.height)
        return [code.text for code in zxingcpp.read_barcodes(image.crop(box))]


def test_the_back_panel_carries_the_qr_code_to_the_full_leaflet(
    folded: Path, tmp_path: Path
) -> None:
    pdf = folded / "immunotherapy.en.dl.pdf"
    assert scan_panel(pdf, LTR[0], 1, tmp_path) == [URL.format("en")]


def test_arabic_is_mirrored(folded: Path, tmp_path: Path) -> None:
    pdf = folded / "immunotherapy.ar.dl.pdf"
    # pdfplumber gives Arabic in visual order: its words read backwards
    assert "المناعي"[::-1] in panel_text(pdf, 0, 0, RTL[0])  # the cover on the left
    assert "+31 20 555 0199" in panel_text(pdf, 0, 1, RTL[0])
    assert "نقاط أساسية"[::-1] in panel_text(pdf, 0, 2, RTL[0])  # the flap on the right
    assert scan_panel(pdf, RTL[0], 1, tmp_path) == [URL.format("ar")]


def test_fold_marks_stand_in_the_unprinted_edge_at_each_fold(folded: Path) -> None:
    with pdfplumber.open(folded / "immunotherapy.en.dl.pdf") as document:
        for side, page in enumerate(document.pages):
            marks = sorted(
                (round(line["x0"] / MM), round(line["top"] / MM))
                for line in page.lines
                if line["x0"] == line["x1"] and line["bottom"] - line["top"] < 4 * MM
            )
            folds = LTR[side][1:3]
            assert marks == [(x, y) for x in folds for y in (1, 206)]


def test_a_leaflet_too_long_for_six_panels_is_a_located_error(
    project: Project, tmp_path: Path
) -> None:
    result = dl_build(project, tmp_path, ["nl"])
    assert [str(p) for p in result.errors] == [
        "leaflets/immunotherapy/nl.yaml:14:3: LP120 sections: needs 15 panels, a DL leaflet "
        "has 6: shorten it by about 1140 words or give it a `dl:` short version"
    ]
    assert not list(tmp_path.rglob("*.pdf"))


def test_two_builds_give_the_same_bytes(folded: Path, project: Project, tmp_path: Path) -> None:
    dl_build(project, tmp_path, ["en"])
    again = (tmp_path / "immunotherapy/immunotherapy.en.dl.pdf").read_bytes()
    assert again == (folded / "immunotherapy.en.dl.pdf").read_bytes()
