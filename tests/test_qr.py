"""QR codes: inline SVG with a 4-module quiet zone that a phone can read once printed."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import pytest
import segno
from PIL import Image

from leafprint.content.qr import qr_svg

URL = "https://leaflets.westerhaven.example.org/immunotherapy/nl"


def test_svg_has_a_quiet_zone_of_four_modules_and_no_fixed_size() -> None:
    svg = str(qr_svg(URL, "Online"))
    modules = segno.make(URL, error="m", micro=False).symbol_size(border=0)[0]
    view_box = re.search(r'viewBox="0 0 (\d+) (\d+)"', svg)
    assert view_box is not None
    assert int(view_box.group(1)) == int(view_box.group(2)) == modules + 2 * 4
    assert not re.search(r"<svg[^>]*\swidth=", svg)  # the stylesheet sets the printed size
    assert "<title>Online</title>" in svg


def test_title_is_escaped() -> None:
    assert "<title>A &amp; B &lt;x&gt;</title>" in str(qr_svg(URL, "A & B <x>"))


def decode_printed(svg: str, width_mm: float, tmp_path: Path, dpi: int = 150) -> list[str]:
    """Print *svg* *width_mm* wide on a page, scan it at *dpi* and decode it."""
    from weasyprint import HTML

    html = f"<style>svg {{ width: {width_mm}mm; height: {width_mm}mm }}</style>{svg}"
    path = tmp_path / "qr.pdf"
    path.write_bytes(HTML(string=html).write_pdf())
    png = subprocess.run(
        ["pdftoppm", "-png", "-r", str(dpi), "-f", "1", "-l", "1", str(path)],
        capture_output=True,
        check=True,
    ).stdout
    import zxingcpp

    return [result.text for result in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]


@pytest.mark.slow
@pytest.mark.parametrize(
    "data", [URL, "https://www.lumen-patients.example.org/leaflets/immuno-oncology-guide/da"]
)
def test_printed_code_decodes_to_the_data(data: str, tmp_path: Path) -> None:
    assert decode_printed(str(qr_svg(data, "x")), 20, tmp_path) == [data]
