"""Output formats: the same content set for an office printer, a booklet, large print,
a print shop or a screen.

Each format is a page set-up (CSS) plus PDF options and a post-processing step:

=============  ==========================================================================
``a4``         A4 pages for office printers (the default; no suffix in file names)
``a5``         A5 pages for office printers
``booklet``    A5 pages imposed two-up on A4 landscape sheets for saddle stitching
``dl``         six DL panels imposed three-up on both sides of an A4 sheet, roll-folded
``large-print``  A4, body text 16–18 pt, larger headings and spacing
``press``      A4 with 3 mm bleed, crop marks, CMYK colours and a PDF/X-4 output intent
``screen``     A4 tagged PDF/UA for screen readers, smallest file, no QR code
=============  ==========================================================================

This module is the format registry: :data:`FORMATS` holds one :class:`Format` record per
format, and every other module (the schema, the labels, the catalog, the web edition, the
checks, the preview) asks it rather than naming formats. A new format is a record here,
its styles and its labels (README, "Adding a format").

The page set-up and PDF options are made here (:func:`format_css`, :func:`pdf_options`);
the styles that differ per format are in ``styles/base/print.css`` (``<body>`` carries
``format-<name>``); imposition and press preparation (crop marks, page boxes, CMYK vector
colours) are in :mod:`leafprint.layout.postprocess`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from leafprint.errors import AssetError, Problem

if TYPE_CHECKING:  # the schema (models) validates format names against this registry
    from .models import BrandMeta, PressColour

# ISO Coated v2 300% (FOGRA39), zlib licence, in styles/base/icc/; a brand names its
# print shop's own profile (FOGRA51, GRACoL …) with press_profile in brand.yaml.
DEFAULT_CMYK_PROFILE = Path("icc/ISOcoated_v2_300_bas.icc")  # relative to styles/base
# The urgent boxes' colours, as in leaflet.css (--alert …); brand.yaml cmyk: may set their
# press values (alert, alert_text, alert_tint).
ALERT_COLOURS: dict[PressColour, str] = {
    "alert": "#B3261E",
    "alert_text": "#8C1D18",
    "alert_tint": "#FDECEA",
}


@dataclass(frozen=True)
class Format:
    """One output format: its page set-up, what it prints and where it is used."""

    name: str
    description: str
    catalog_name: str  # how the catalog page names its files
    page_size: str = "A4"
    margins: str = "16mm 38mm 26mm 38mm"  # a column of about 65 characters at 12 pt
    large_print: bool = False
    bleed_mm: float = 0
    crop_marks: bool = False  # drawn by postprocess.finish, outside the bleed
    pdf_variant: str | None = None
    qr_code: bool = True
    booklet: bool = False
    cmyk: bool = False
    safe_mm: float = 6  # no text closer to the paper edge (the trim, in press files)
    min_text_pt: float = 8  # the smallest reading text (footers and superscripts aside)
    min_fill: float = 0.5  # a page of text (not the last) is at least this much filled
    aim_fill: float = 0.5  # and page balancing tries to fill it this much (layout/balance.py)
    short_footer: bool = False  # two footer lines: code and contact (the colophon has dates)
    cover: bool = False  # page 1 is a cover without footer (print.css, .cover)
    prints: str | None = None  # the format whose pages this one prints for a print shop
    panels: int = 0  # a folded leaflet of this many panels (postprocess.impose_trifold)
    # Pages printed on one sheet, both sides: padded to whole sheets with notes pages.
    sheet_pages: int = 1
    # Spacing variants page balancing may lay the whole document out in (leafprint.layout.balance):
    # declarations of --leading, --paragraph-gap and --section-gap for the root element.
    spacings: tuple[str, ...] = ()
    # Steps page balancing may set the text larger and looser in, the least first: a
    # booklet to use its last sheet rather than pad it with notes pages, large print as more
    # spacing variants. Declarations of --grow (the body size's factor, in format_css) and
    # of the spacings, as above.
    growth: tuple[str, ...] = ()
    dpi: int | None = None  # images no sharper than this (a screen's file stays small)
    # Where it is used:
    default: bool = False  # built when neither the brand nor the leaflet lists formats
    web: bool = True  # linked for download beside the web edition
    offered: bool = True  # named in the leaflet's note on other formats
    print_shop: bool = False  # a print shop's file: not made from an outdated translation
    previewable: bool = True  # chosen in the preview (leafprint serve)
    thumbnail_rank: int = 0  # the catalog pictures a leaflet by its lowest-ranked PDF

    @property
    def label_key(self) -> str:
        return self.name.replace("-", "_")

    @property
    def name_label(self) -> str:
        """The label naming this format in the reader's language ("a folded A5 booklet")."""
        return f"format_{self.label_key}"

    @property
    def download_label(self) -> str:
        """The label of its download link in the web edition ("Folded A5 booklet")."""
        return f"pdf_{self.label_key}"

    @property
    def labels(self) -> tuple[str, ...]:
        """The labels every language file must give for this format."""
        return (self.name_label, self.download_label) if self.web else (self.name_label,)

    @property
    def imposed(self) -> bool:
        """Its pages are put on sheets after rendering (the file is rebuilt untagged)."""
        return self.booklet or self.panels > 0

    @property
    def reads_as(self) -> str:
        """The format a reader holds: a press file is the A4 leaflet, page for page (its
        text, the note on other formats too, is the A4 leaflet's)."""
        return self.prints or self.name

    @property
    def suffix(self) -> str:
        return "" if self.name == DEFAULT_FORMAT else f".{self.name}"


PAGE_WIDTHS_MM = {"A4": 210.0, "A5": 148.0}
# 10 mm at the sides (an office printer's unprintable edge) gives a 128 mm column: about
# 60 characters a line at 12 pt. The booklet's own inner and outer margins replace them.
A5_MARGINS = "13mm 10mm 22mm 10mm"
# A5 text set a little closer (12 pt on 16.6 and 16 pt; 1.45 by default), for a booklet
# that would otherwise need blank notes pages.
A5_SPACINGS = (
    "--leading: 1.38; --paragraph-gap: 0.45em; --section-gap: 0.9em",
    "--leading: 1.33; --paragraph-gap: 0.4em; --section-gap: 0.8em",
)
# A booklet tries looser and closer still rather than pad a sheet with more than one notes
# page: 1.55, then 1.38 and 1.33 with the key points free to go on to the next page
# (print.css). Its text stays at the brand's body size: 12 pt is the floor patients read.
BOOKLET_SPACINGS = (
    *A5_SPACINGS,
    "--leading: 1.55; --paragraph-gap: 0.65em; --section-gap: 1.3em",
    "--leading: 1.38; --paragraph-gap: 0.45em; --section-gap: 0.9em; --key-points-break: auto",
    "--leading: 1.33; --paragraph-gap: 0.4em; --section-gap: 0.8em; --key-points-break: auto",
)


def growth(size_pt: float, spacing: tuple[float, float, float], steps: int) -> tuple[str, ...]:
    """*steps* steps of a quarter point up from a body size of *size_pt*, each with its
    *spacing* (leading, paragraph and section gaps in em) a little looser than the last."""
    leading, paragraph, section = spacing
    return tuple(
        f"--grow: {1 + step / (4 * size_pt):.4f}; --leading: {leading + 0.015 * step:.3f}; "
        f"--paragraph-gap: {paragraph + 0.025 * step:.3f}em; "
        f"--section-gap: {section + 0.05 * step:.2f}em"
        for step in range(1, steps + 1)
    )


# A booklet whose text would leave more than one notes page on its last sheet is set up to
# 13.5 pt instead (leafprint.layout.balance.grow_text): larger type rather than blank pages.
BOOKLET_GROWTH = growth(12, (1.45, 0.55, 1.1), 6)
# Large print a little closer or looser (1.55 by default; never under 1.4); then, as set
# or closer, with the key points free to go on to the next page (print.css).
LARGE_PRINT_CLOSER = "--leading: 1.48; --paragraph-gap: 0.6em; --section-gap: 1.1em"
LARGE_PRINT_SPACINGS = (
    LARGE_PRINT_CLOSER,
    "--leading: 1.62; --paragraph-gap: 0.8em; --section-gap: 1.4em",
    "--key-points-break: auto",
    f"{LARGE_PRINT_CLOSER}; --key-points-break: auto",
)
# Large print may also be set a quarter or three quarters of a point larger, with the key
# points free to go on to the next page, when that leaves fewer pages under its aim.
LARGE_PRINT_GROWTH = tuple(
    f"{step}; --key-points-break: auto" for step in growth(16, (1.55, 0.7, 1.3), 3)[::2]
)
# A DL panel: a third of A4 landscape. The panel that folds in is 3 mm narrower (the
# second and fifth page, html.page_css); 8 mm margins keep text clear of the folds.
DL_PANEL = "100mm 210mm"
DL_NARROW_MM = 97
DL_MARGINS = "9mm 8mm 10mm 8mm"
FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("a4", "A4 pages for office printers", "A4", pdf_variant="pdf/ua-1", default=True),
        Format(
            "a5",
            "A5 pages for office printers",
            "A5",
            "A5",
            A5_MARGINS,
            pdf_variant="pdf/ua-1",
            short_footer=True,
            cover=True,
            spacings=A5_SPACINGS,
            sheet_pages=2,
            thumbnail_rank=2,
        ),
        Format(
            "booklet",
            "A5 booklet imposed on A4 sheets",
            "Booklet",
            "A5",
            A5_MARGINS,
            booklet=True,
            short_footer=True,
            cover=True,
            spacings=BOOKLET_SPACINGS,
            growth=BOOKLET_GROWTH,
            sheet_pages=4,
            print_shop=True,
            thumbnail_rank=5,
        ),
        Format(
            "dl",
            "DL tri-fold leaflet imposed on A4 sheets",
            "DL tri-fold",
            DL_PANEL,
            DL_MARGINS,
            short_footer=True,
            cover=True,
            panels=6,
            print_shop=True,
            thumbnail_rank=6,
        ),
        Format(
            "large-print",
            "large print on A4",
            "Large print",
            margins="16mm 20mm 30mm 20mm",
            large_print=True,
            pdf_variant="pdf/ua-1",
            min_text_pt=16,
            aim_fill=0.7,
            short_footer=True,
            spacings=LARGE_PRINT_SPACINGS,
            growth=LARGE_PRINT_GROWTH,
            thumbnail_rank=3,
        ),
        Format(
            "press",
            "A4 with bleed and crop marks, PDF/X-4",
            "Press",
            bleed_mm=3,
            crop_marks=True,
            pdf_variant="pdf/x-4",
            cmyk=True,
            safe_mm=5,
            prints="a4",
            web=False,  # the print shop's file, not one a reader downloads or asks for
            offered=False,
            print_shop=True,
            thumbnail_rank=4,
        ),
        Format(
            "screen",
            "tagged PDF/UA for screen readers",
            "Screen",
            pdf_variant="pdf/ua-1",
            qr_code=False,
            dpi=150,
            thumbnail_rank=1,
        ),
    )
}
DEFAULT_FORMAT = next(f.name for f in FORMATS.values() if f.default)  # no suffix in file names
# Waiting-room posters (leafprint.publish.poster) are chosen with --format too: name and paper size.
POSTER_SIZES = {"poster-a4": "A4", "poster-a3": "A3"}

# The web edition: the same page model as an HTML page, never rendered to a PDF.
WEB_EDITION = Format(
    "web",
    "accessible, responsive HTML page",
    "Web edition",
    margins="15mm 15mm 18mm",
    qr_code=False,
)
# The part of a language file with the shorter text of a folded leaflet (``dl:``).
SHORT_VERSION = "dl"


ARCHIVAL_VARIANTS = ("pdf/a-2b", "pdf/a-3b")


def pdf_options(fmt: Format, variant: str | None = None) -> dict[str, object]:
    """WeasyPrint options for *fmt*. An archival *variant* (PDF/A) replaces the format's
    own, except for the files made for printing only: ``press`` must stay PDF/X-4 for the
    print shop, and imposing a ``booklet`` or ``dl`` rebuilds the file without tags or
    metadata."""
    print_only = fmt.imposed or fmt.cmyk
    options: dict[str, object] = {"pdf_tags": not print_only}
    chosen = fmt.pdf_variant if print_only else variant or fmt.pdf_variant
    if chosen:
        options["pdf_variant"] = chosen
    if fmt.dpi:  # smallest file: images no sharper than a screen shows
        options.update(dpi=fmt.dpi, optimize_images=True)
    return options


def format_css(fmt: Format, brand: BrandMeta, brand_folder: Path, language: str = "en") -> str:
    """CSS that sets up the page for *fmt* in *language*, added after the brand's
    stylesheet. The body size is the brand's, times its factor for the language's script."""
    size = brand.large_print_size_pt if fmt.large_print else brand.body_size_pt
    # the footer's contact line (Latin digits) keeps the Latin size: --body-size
    text = size * brand.print.script_size(language)
    rules = [f"html {{ --body-size: {size:g}pt; font-size: {text:g}pt; }}"]
    if fmt.growth:  # page balancing may set the text larger (--grow), up from --text-size
        rules[0] = (
            f"html {{ --body-size: {size:g}pt; --text-size: {text:g}pt; "
            "font-size: calc(var(--text-size) * var(--grow, 1)); }"
        )
    page = [f"size: {fmt.page_size}", f"margin: {fmt.margins}"]
    if fmt.bleed_mm:
        page.append(f"bleed: {fmt.bleed_mm:g}mm")
    rules.append("@page { " + "; ".join(page) + "; }")
    if fmt.large_print:  # a larger footer (html.page_css gives the boxes their widths)
        rules.append(
            "@page { @bottom-left { font-size: 12pt; } @bottom-right { font-size: 12pt; } }"
        )
    if fmt.booklet:  # wider inner margins for the fold
        rules.append("@page :left { margin-left: 10mm; margin-right: 14mm; }")
        rules.append("@page :right { margin-left: 14mm; margin-right: 10mm; }")
    if fmt.panels:  # the flap and the panel behind it are narrower; no running footer
        rules.append(f"@page :nth(2), :nth(5) {{ size: {DL_NARROW_MM}mm 210mm; }}")
        rules.append("@page { @bottom-left { content: none; } @bottom-right { content: none; } }")
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
    if brand.press_profile:
        profile = brand_folder / brand.press_profile
    else:
        profile = brand_folder.parent / "base" / DEFAULT_CMYK_PROFILE
    if not profile.is_file():
        raise AssetError(
            Problem.at(
                brand_folder / "brand.yaml",
                "press_profile",
                f"CMYK profile not found: {profile} (press_profile names a file in the "
                "brand folder)",
            )
        )
    colours = brand.colours
    rgb: dict[PressColour, str] = {
        "primary": colours.primary,
        "accent": colours.accent,
        "tint": colours.tint,
    }
    rgb.update(ALERT_COLOURS)
    # The rule must reach WeasyPrint in the document's own <style> (see html.page_css):
    # in a pre-parsed stylesheet it is silently dropped, and without `components` it fails.
    lines = [
        "@color-profile device-cmyk { components: cyan, magenta, yellow, black; "
        f'src: url("{profile.resolve().as_uri()}"); }}',
        ":root {",
        *(
            f"  --{name.replace('_', '-')}: {device_cmyk(value, brand.cmyk.get(name))};"
            for name, value in rgb.items()
        ),
        "  --text: device-cmyk(0 0 0 1);",
        "}",
    ]
    return "\n".join(lines)


def device_cmyk(rgb: str, cmyk: list[float] | None = None) -> str:
    """``device-cmyk()`` for a brand colour: the brand's own CMYK values when given,
    otherwise a plain conversion without colour management."""
    if cmyk is None:
        r, g, b = (int(rgb[i : i + 2], 16) / 255 for i in (1, 3, 5))
        cmyk = list(rgb_to_cmyk(r, g, b))
    return "device-cmyk(" + " ".join(f"{value:.3f}".rstrip("0").rstrip(".") for value in cmyk) + ")"


def rgb_to_cmyk(r: float, g: float, b: float) -> tuple[float, float, float, float]:
    """A plain conversion without colour management; greys become black ink only."""
    k = 1 - max(r, g, b)
    if k >= 1:
        return (0.0, 0.0, 0.0, 1.0)
    return ((1 - r - k) / (1 - k), (1 - g - k) / (1 - k), (1 - b - k) / (1 - k), k)
