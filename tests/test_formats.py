"""The format registry: page set-up CSS, PDF options, CMYK colours and the press profile.

What the formats look like in the finished PDFs is checked in test_print_e2e.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT
from leafprint.build import BuildOptions, Project, build
from leafprint.errors import AssetError
from leafprint.formats import (
    DEFAULT_CMYK_PROFILE,
    DEFAULT_FORMAT,
    FORMATS,
    device_cmyk,
    format_css,
    pdf_options,
    rgb_to_cmyk,
)
from leafprint.models import BrandMeta
from test_build import META, add_leaflet

WESTERHAVEN = ROOT / "styles/westerhaven"


def brand(**changes: object) -> BrandMeta:
    import yaml

    data = yaml.safe_load((WESTERHAVEN / "brand.yaml").read_text(encoding="utf-8"))
    data.update(changes)
    return BrandMeta.model_validate(data)


def test_formats_and_file_name_suffixes() -> None:
    assert list(FORMATS) == ["a4", "a5", "booklet", "dl", "large-print", "press", "screen"]
    assert DEFAULT_FORMAT == "a4"
    assert FORMATS["a4"].suffix == ""
    assert FORMATS["large-print"].suffix == ".large-print"


def test_only_screen_has_no_qr_code() -> None:
    assert [name for name, fmt in FORMATS.items() if not fmt.qr_code] == ["screen"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("a4", "@page { size: A4; margin: 16mm 38mm 26mm 38mm; }"),
        ("a5", "size: A5"),
        ("press", "bleed: 3mm"),
    ],
)
def test_page_set_up(name: str, expected: str) -> None:
    assert expected in format_css(FORMATS[name], brand(), WESTERHAVEN)


def test_crop_marks_are_not_left_to_weasyprint() -> None:
    # WeasyPrint draws them inside the bleed, under artwork; postprocess draws them outside.
    assert "marks:" not in format_css(FORMATS["press"], brand(), WESTERHAVEN)
    assert FORMATS["press"].crop_marks


def test_booklet_pages_have_a_wider_inner_margin() -> None:
    css = format_css(FORMATS["booklet"], brand(), WESTERHAVEN)
    assert "@page :left { margin-left: 10mm; margin-right: 14mm; }" in css
    assert "@page :right { margin-left: 14mm; margin-right: 10mm; }" in css


@pytest.mark.parametrize(
    ("name", "changes", "size"),
    [
        ("a4", {}, "12pt"),
        ("a4", {"body_size_pt": 11}, "11pt"),
        ("a5", {}, "12pt"),
        ("large-print", {}, "16pt"),
        ("large-print", {"large_print_size_pt": 18}, "18pt"),
    ],
)
def test_body_size(name: str, changes: dict[str, object], size: str) -> None:
    css = format_css(FORMATS[name], brand(**changes), WESTERHAVEN)
    assert f"font-size: {size};" in css.splitlines()[0]


@pytest.mark.parametrize(
    ("name", "changes", "text"),
    [
        ("a4", {}, "13.5pt"),
        ("large-print", {}, "18pt"),
        ("large-print", {"print": {"script_sizes": {"ar": 1.2}}}, "19.2pt"),
    ],
)
def test_arabic_is_set_larger_by_the_brands_factor(
    name: str, changes: dict[str, object], text: str
) -> None:
    """Naskh reads smaller than Latin type at the same size: an Arabic leaflet's text is
    set at the brand's factor (1.125 unless it sets one), the footer's digits are not."""
    first = format_css(FORMATS[name], brand(**changes), WESTERHAVEN, "ar").splitlines()[0]
    latin = "16pt" if name == "large-print" else "12pt"
    assert first == f"html {{ --body-size: {latin}; font-size: {text}; }}"


def test_large_print_size_is_limited_to_16_to_18_pt() -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        brand(large_print_size_pt=14)


def test_press_colours_and_output_intent_profile() -> None:
    css = format_css(FORMATS["press"], brand(cmyk={"primary": [1, 0.45, 0, 0.35]}), WESTERHAVEN)
    profile = (ROOT / "styles/base" / DEFAULT_CMYK_PROFILE).resolve()
    assert (
        "@color-profile device-cmyk { components: cyan, magenta, yellow, black; "
        f'src: url("{profile.as_uri()}"); }}' in css
    )
    assert "--primary: device-cmyk(1 0.45 0 0.35);" in css  # the brand's own press values
    assert "--text: device-cmyk(0 0 0 1);" in css  # body text in black ink only
    assert "@color-profile" not in format_css(FORMATS["a4"], brand(), WESTERHAVEN)


def test_profile_is_in_the_project_with_its_licence() -> None:
    icc = ROOT / "styles/base/icc"
    assert (icc / DEFAULT_CMYK_PROFILE.name).read_bytes()[36:40] == b"acsp"  # an ICC profile
    assert "zlib" in (icc / "ISOcoated_v2_300_bas.LICENSE.txt").read_text()


def test_missing_press_profile_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(AssetError, match="CMYK profile not found"):
        format_css(FORMATS["press"], brand(press_profile="printer.icc"), tmp_path / "brand")


def test_cmyk_conversion() -> None:
    assert device_cmyk("#000000") == "device-cmyk(0 0 0 1)"
    assert device_cmyk("#FF0000") == "device-cmyk(0 1 1 0)"
    assert device_cmyk("#808080") == "device-cmyk(0 0 0 0.498)"
    assert device_cmyk("#00567D", [1, 0.45, 0, 0.35]) == "device-cmyk(1 0.45 0 0.35)"
    assert rgb_to_cmyk(1, 1, 1) == (0, 0, 0, 0)


def test_pdf_options() -> None:
    assert pdf_options(FORMATS["a4"]) == {"pdf_tags": True, "pdf_variant": "pdf/ua-1"}
    assert pdf_options(FORMATS["booklet"]) == {"pdf_tags": False}  # imposition drops tags
    assert pdf_options(FORMATS["press"]) == {"pdf_tags": False, "pdf_variant": "pdf/x-4"}
    assert pdf_options(FORMATS["screen"])["dpi"] == 150


def test_archival_variant_is_for_the_files_people_keep() -> None:
    variants = {
        name: pdf_options(fmt, "pdf/a-2b").get("pdf_variant") for name, fmt in FORMATS.items()
    }
    assert variants == {
        "a4": "pdf/a-2b",
        "a5": "pdf/a-2b",
        "booklet": None,
        "dl": None,
        "large-print": "pdf/a-2b",
        "press": "pdf/x-4",
        "screen": "pdf/a-2b",
    }


def test_unknown_format_is_an_error_at_its_place(sandbox: Project) -> None:
    add_leaflet(sandbox, "odd", META.replace("formats: [a4]", "formats: [a4, poster]"))
    result = build(sandbox, BuildOptions(out=sandbox.root / "dist"))
    assert [f"{p.line}:{p.column}: {p.field}: {p.message}" for p in result.errors] == [
        "12:15: formats[2]: 'poster' is not allowed; input should be 'a4', 'a5', 'booklet', "
        "'dl', 'large-print', 'press' or 'screen'"
    ]


@pytest.mark.slow
def test_leaflet_formats_are_the_default(sandbox: Project) -> None:
    add_leaflet(sandbox, "two", META.replace("formats: [a4]", "formats: [a5, screen]"))
    result = build(sandbox, BuildOptions(out=sandbox.root / "dist"))
    assert sorted(o.path.name for o in result.outputs) == ["two.en.a5.pdf", "two.en.screen.pdf"]


def test_registry_and_schema_name_the_same_formats() -> None:
    from typing import get_args

    from leafprint.models import FormatName

    assert set(get_args(FormatName)) == set(FORMATS)


def test_every_format_is_registered_where_it_is_named() -> None:
    """A new format needs its labels in every language, a catalog name, and a decision on
    the web's downloads and the print shop's files."""
    from leafprint.catalog_page import FORMAT_NAMES
    from leafprint.check import PRINT_SHOP_FORMATS
    from leafprint.labels import Labels
    from leafprint.web import WEB_FORMATS

    for name in FORMATS:
        label = name.replace("-", "_")
        assert f"format_{label}" in Labels.model_fields
        assert name in FORMAT_NAMES
        if name in WEB_FORMATS:
            assert f"pdf_{label}" in Labels.model_fields
    assert set(WEB_FORMATS) | PRINT_SHOP_FORMATS | {"screen", "a4", "a5", "large-print"} == set(
        FORMATS
    )
    assert {"dl", "booklet", "press"} <= PRINT_SHOP_FORMATS
    for path in sorted((ROOT / "styles/base/labels").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert "\nformat_dl:" in text and "\npdf_dl:" in text, path.name
