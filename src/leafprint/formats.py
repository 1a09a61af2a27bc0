"""Output formats: the same content set for an office printer, a booklet, large print,
a print shop or a screen.

Each format is a page set-up (CSS) plus PDF options and a post-processing step:

=============  ==========================================================================
``a4``         A4 pages for office printers (the default; no suffix in file names)
``a5``         A5 pages for office printers
``booklet``    A5 pages imposed two-up on A4 landscape sheets for saddle stitching
``large-print``  A4, body text 16–18 pt, larger headings and spacing
``press``      A4 with 3 mm bleed, crop marks, CMYK colours and a PDF/X-4 output intent
``screen``     A4 tagged PDF/UA for screen readers, smallest file, no QR code
=============  ==========================================================================
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from pathlib import Path

from .errors import AssetError, Problem
from .models import BrandMeta

DEFAULT_FORMAT = "a4"
# Debian's libgs-common ships this CMYK profile; a brand names its printer's own profile
# (FOGRA39, FOGRA51 …) with press_profile in brand.yaml.
DEFAULT_CMYK_PROFILE = Path("/usr/share/color/icc/ghostscript/default_cmyk.icc")


@dataclass(frozen=True)
class Format:
    """One output format."""

    name: str
    description: str
    page_size: str = "A4"
    margins: str = "16mm 38mm 22mm 38mm"  # a column of about 65 characters at 12 pt
    large_print: bool = False
    bleed_mm: float = 0
    crop_marks: bool = False
    pdf_variant: str | None = None
    qr_code: bool = True
    booklet: bool = False
    cmyk: bool = False

    @property
    def suffix(self) -> str:
        return "" if self.name == DEFAULT_FORMAT else f".{self.name}"


PAGE_WIDTHS_MM = {"A4": 210.0, "A5": 148.0}
A5_MARGINS = "13mm 12mm 20mm 12mm"
FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("a4", "A4 pages for office printers", pdf_variant="pdf/ua-1"),
        Format("a5", "A5 pages for office printers", "A5", A5_MARGINS, pdf_variant="pdf/ua-1"),
        Format("booklet", "A5 booklet imposed on A4 sheets", "A5", A5_MARGINS, booklet=True),
        Format(
            "large-print",
            "large print on A4",
            margins="16mm 20mm 22mm 20mm",
            large_print=True,
            pdf_variant="pdf/ua-1",
        ),
        Format(
            "press",
            "A4 with bleed and crop marks, PDF/X-4",
            bleed_mm=3,
            crop_marks=True,
            pdf_variant="pdf/x-4",
            cmyk=True,
        ),
        Format("screen", "tagged PDF/UA for screen readers", pdf_variant="pdf/ua-1", qr_code=False),
    )
}


def format_css(fmt: Format, brand: BrandMeta, brand_folder: Path) -> str:
    """CSS that sets up the page for *fmt*, added after the brand's stylesheet."""
    size = brand.large_print_size_pt if fmt.large_print else brand.body_size_pt
    rules = [f"html {{ --body-size: {size:g}pt; font-size: {size:g}pt; }}"]
    page = [f"size: {fmt.page_size}", f"margin: {fmt.margins}"]
    if fmt.bleed_mm:
        page.append(f"bleed: {fmt.bleed_mm:g}mm")
    if fmt.crop_marks:
        page.append("marks: crop")
    rules.append("@page { " + "; ".join(page) + "; }")
    if fmt.booklet:  # wider inner margins for the fold
        rules.append("@page :left { margin-left: 10mm; margin-right: 14mm; }")
        rules.append("@page :right { margin-left: 14mm; margin-right: 10mm; }")
    if fmt.bleed_mm:  # a band of brand colour across the top of the cover, into the bleed
        top, _, _, left = (float(m.removesuffix("mm")) for m in fmt.margins.split())
        width = PAGE_WIDTHS_MM[fmt.page_size] + 2 * fmt.bleed_mm
        rules.append(
            ".masthead { position: relative; }\n"
            ".masthead::before { content: ''; position: absolute; background: var(--primary); "
            f"top: -{top + fmt.bleed_mm:g}mm; left: -{left + fmt.bleed_mm:g}mm; "
            f"width: {width:g}mm; height: {6 + fmt.bleed_mm:g}mm; }}"
        )
    if fmt.cmyk:
        rules.append(_cmyk_css(brand, brand_folder))
    return "\n".join(rules) + "\n"


def _cmyk_css(brand: BrandMeta, brand_folder: Path) -> str:
    """Brand colours as CMYK, body text in 100 % black, and the output intent profile."""
    profile = brand_folder / brand.press_profile if brand.press_profile else DEFAULT_CMYK_PROFILE
    if not profile.is_file():
        raise AssetError(
            Problem.at(
                brand_folder / "brand.yaml",
                "press_profile",
                f"CMYK profile not found: {profile} (name your printer's profile in "
                "press_profile, or install Debian's libgs-common)",
            )
        )
    data = base64.b64encode(profile.read_bytes()).decode("ascii")
    colours = brand.colours
    lines = [
        "@color-profile device-cmyk { components: cyan, magenta, yellow, black; "
        f"src: url(data:application/vnd.iccprofile;base64,{data}); }}",
        ":root {",
        f"  --primary: {device_cmyk(colours.primary, brand.cmyk.get('primary'))};",
        f"  --accent: {device_cmyk(colours.accent, brand.cmyk.get('accent'))};",
        f"  --tint: {device_cmyk(colours.tint, brand.cmyk.get('tint'))};",
        "  --text: device-cmyk(0 0 0 1);",
        "}",
    ]
    return "\n".join(lines)


def device_cmyk(rgb: str, cmyk: list[float] | None = None) -> str:
    """``device-cmyk()`` for a brand colour: the brand's own CMYK values when given,
    otherwise a plain conversion without colour management."""
    if cmyk is None:
        r, g, b = (int(rgb[i : i + 2], 16) / 255 for i in (1, 3, 5))
        k = 1 - max(r, g, b)
        cmyk = [0.0, 0.0, 0.0, 1.0] if k >= 1 else [(1 - c - k) / (1 - k) for c in (r, g, b)] + [k]
    return "device-cmyk(" + " ".join(f"{value:.3f}".rstrip("0").rstrip(".") for value in cmyk) + ")"
