"""The format registry: a format added to it is built, every format has its labels and
styles; page set-up CSS, CMYK colours and the press profile.

What the shipped formats look like in the finished PDFs is checked in test_print_e2e.py.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader
from weasyprint import HTML

from helpers import META, ROOT, add_leaflet, normalise, pdf_text
from leafprint.commands.build import BuildOptions, Project, build
from leafprint.content.formats import (
    BOOKLET_GROWTH,
    BOOKLET_SPACINGS,
    DEFAULT_CMYK_PROFILE,
    FORMATS,
    Format,
    device_cmyk,
    format_css,
    rgb_to_cmyk,
)
from leafprint.content.models import BrandMeta, LeafletMeta
from leafprint.errors import AssetError, ContentError

WESTERHAVEN = ROOT / "styles/westerhaven"


def brand(**changes: object) -> BrandMeta:
    data = yaml.safe_load((WESTERHAVEN / "brand.yaml").read_text(encoding="utf-8"))
    data.update(changes)
    return BrandMeta.model_validate(data)


def test_crop_marks_are_not_left_to_weasyprint() -> None:
    # WeasyPrint draws them inside the bleed, under artwork; postprocess draws them outside.
    assert "marks:" not in format_css(FORMATS["press"], brand(), WESTERHAVEN)


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
    text = "--text-size" if FORMATS[name].growth else "font-size"  # (which may grow)
    assert f"{text}: {size};" in css.splitlines()[0]


@pytest.mark.slow
@pytest.mark.parametrize("variant", [None, *range(len(BOOKLET_SPACINGS))])
def test_a_booklet_keeps_its_body_size_in_every_spacing_variant(
    tmp_path: Path, variant: int | None
) -> None:
    """The spacing variants a booklet tries to save a sheet change line-height and gaps
    (never under 1.33), never the 12 pt of its text."""
    import pdfplumber

    css = format_css(FORMATS["booklet"], brand(), WESTERHAVEN)
    style = "" if variant is None else BOOKLET_SPACINGS[variant]
    html = f"<html style='{style}'><style>{css}</style><p>Some words</p></html>"
    HTML(string=html).write_pdf(tmp_path / "page.pdf")
    with pdfplumber.open(tmp_path / "page.pdf") as pdf:
        assert {round(char["size"], 1) for char in pdf.pages[0].chars} == {12.0}
    leadings = [float(v) for v in re.findall(r"--leading: ([0-9.]+)", " ".join(BOOKLET_SPACINGS))]
    assert min(leadings) >= 1.33


@pytest.mark.slow
def test_a_booklet_grows_from_12_to_13_5_pt_and_keeps_its_urgent_section_at_12() -> None:
    """The steps a booklet may grow its text by, instead of padding its last sheet with notes
    pages, go up a quarter point at a time to 13.5 pt, with looser lines; the urgent section
    (which must fit one page) and the covers stay at the brand's 12 pt."""
    css = format_css(FORMATS["booklet"], brand(), WESTERHAVEN)
    css += (ROOT / "styles/base/print.css").read_text(encoding="utf-8")
    found = []
    for step in ("", *BOOKLET_GROWTH):
        html = (
            f"<html style='{step}'><style>{css}</style><body class='format-booklet'><p>text</p>"
            "<section class='urgent-section'><p>urgent</p></section></body></html>"
        )
        box = HTML(string=html).render().pages[0]._page_box.children[0].children[0]
        text, urgent = (child.children[0] for child in box.children[:2])
        found.append((round(text.style["font_size"] * 0.75, 2), urgent.style["font_size"] * 0.75))
    assert [size for size, _ in found] == [12, 12.25, 12.5, 12.75, 13, 13.25, 13.5]
    assert {urgent for _, urgent in found} == {12}
    leadings = [float(v) for v in re.findall(r"--leading: ([0-9.]+)", " ".join(BOOKLET_GROWTH))]
    assert leadings == sorted(leadings) and min(leadings) > 1.45  # 1.45 as set


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
    assert f"html {{ --body-size: {latin}; " in first
    assert f"font-size: {text}; }}" in first or f"--text-size: {text}; " in first


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


@pytest.mark.slow
def test_a_leaflet_without_formats_is_built_in_the_default_one(sandbox: Project) -> None:
    """Neither the leaflet nor its brand lists formats: the A4 leaflet, without a suffix."""
    brand_yaml = sandbox.styles / "westerhaven" / "brand.yaml"
    text = brand_yaml.read_text(encoding="utf-8")
    brand_yaml.write_text(re.sub(r"(?m)^formats: .*\n", "", text), encoding="utf-8")
    add_leaflet(sandbox, "plain", META.replace("formats: [a4]\n", ""))
    result = build(sandbox, BuildOptions(out=sandbox.root / "dist"))
    assert [(o.path.name, o.format) for o in result.outputs] == [("plain.en.pdf", "a4")]
    assert [round(float(v)) for v in PdfReader(result.outputs[0].path).pages[0].mediabox] == [
        0,
        0,
        595,
        842,
    ]


# --- adding a format (README, "Adding a format") ---------------------------------------------

LETTER = Format(
    "us-letter",
    "US Letter pages for office printers",
    "US Letter",
    "letter",
    "16mm 40mm 26mm 40mm",
    pdf_variant="pdf/ua-1",
    thumbnail_rank=7,
)


def add_us_letter(project: Project, monkeypatch: pytest.MonkeyPatch, labels: bool = True) -> None:
    """The three places of a new format: its record in the registry, its styles in
    print.css and its labels (here English only: the test leaflet is in English)."""
    monkeypatch.setitem(FORMATS, LETTER.name, LETTER)
    with (project.base / "print.css").open("a", encoding="utf-8") as css:
        css.write(".format-us-letter h1.title { font-size: 30pt; }\n")
    if labels:
        with (project.base / "labels" / "en.yaml").open("a", encoding="utf-8") as file:
            file.write('format_us_letter: "a US Letter leaflet"\npdf_us_letter: "US Letter"\n')


def title_sizes(path: Path) -> set[float]:
    """The sizes (points, as printed) the title of the test leaflet is set in."""
    sizes: set[float] = set()

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if "test leaflet" in " ".join(text.split()):  # a no-break space binds "A test"
            sizes.add(round(size * abs(tm[3] * cm[3]), 1))

    PdfReader(path).pages[0].extract_text(visitor_text=visit)
    return sizes


@pytest.mark.slow
def test_a_format_added_to_the_registry_is_built(
    sandbox: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_us_letter(sandbox, monkeypatch)
    formats = "formats: [a4, us-letter, press]"
    add_leaflet(sandbox, "letter", META.replace("formats: [a4]", formats))
    out = sandbox.root / "dist"
    result = build(sandbox, BuildOptions(out=out))
    assert result.errors == []
    paths = {o.format: o.path for o in result.outputs}
    assert paths["us-letter"].name == "letter.en.us-letter.pdf"
    letter = PdfReader(paths["us-letter"])
    assert [float(v) for v in letter.pages[0].mediabox] == [0, 0, 612, 792]  # 8.5 × 11 in
    assert "/StructTreeRoot" in letter.root_object  # tagged, as its record says
    assert title_sizes(paths["us-letter"]) == {30.0}  # its own styles
    assert title_sizes(paths["a4"]) != {30.0}
    # the other formats' note names it with its label (the press file is not offered)
    assert "also available as a US Letter leaflet." in normalise(pdf_text(paths["a4"]))
    assert "also available as an A4 leaflet." in normalise(pdf_text(paths["us-letter"]))
    # the catalog names it; the web edition links it with its download label
    assert '<option value="us-letter">US Letter</option>' in (out / "index.html").read_text()
    (page,) = out.glob("*/letter/en/index.html")
    downloads = re.findall(
        r'<a href="([^"]+\.pdf)" type="application/pdf">([^<]+)<', page.read_text()
    )
    assert downloads == [
        ("letter.en.pdf", "A4 leaflet "),
        ("letter.en.us-letter.pdf", "US Letter "),
    ]


def test_a_format_without_its_labels_is_an_error_in_the_labels_file(
    sandbox: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_us_letter(sandbox, monkeypatch, labels=False)
    add_leaflet(sandbox, "letter", META.replace("formats: [a4]", "formats: [us-letter]"))
    with pytest.raises(ContentError) as raised:
        build(sandbox, BuildOptions(out=sandbox.root / "dist"))
    where = sandbox.base / "labels" / "en.yaml"
    assert [str(p) for p in raised.value.problems] == [
        f"{where}:1:1: labels: no interface labels for 'en' or its fallback 'en' "
        "(format_us_letter, pdf_us_letter): add them to styles/base/labels/en.yaml"
    ]


def test_a_format_not_registered_is_not_allowed_in_the_schema(
    sandbox: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The schema reads the registry: what is registered is allowed, and listed."""
    add_us_letter(sandbox, monkeypatch)
    add_leaflet(sandbox, "odd", META.replace("formats: [a4]", "formats: [a4, letter]"))
    result = build(sandbox, BuildOptions(out=sandbox.root / "dist"))
    assert [f"{p.line}:{p.column}: {p.message}" for p in result.errors] == [
        "12:15: 'letter' is not allowed; input should be 'a4', 'a5', 'booklet', 'dl', "
        "'large-print', 'press', 'screen' or 'us-letter'"
    ]
    schema = LeafletMeta.model_json_schema()  # the editors' completion offers it too
    assert schema["properties"]["formats"]["anyOf"][0]["items"]["enum"][-1] == "us-letter"


# --- every registered format has its labels and styles ----------------------------------------

SHIPPED_LABELS = sorted((ROOT / "styles/base/labels").glob("*.yaml"))
STYLESHEETS = sorted(ROOT.glob("styles/**/*.css"))


@pytest.mark.parametrize("path", SHIPPED_LABELS, ids=lambda path: path.stem)
def test_every_format_has_its_labels_in_every_shipped_language(path: Path) -> None:
    given = yaml.safe_load(path.read_text(encoding="utf-8"))
    needed = [(fmt.name, label) for fmt in FORMATS.values() for label in fmt.labels]
    assert [(name, label) for name, label in needed if not given.get(label)] == []
    # a label of a format no longer registered would be refused as unknown
    made = {label for _, label in needed}
    assert sorted(k for k in given if k.startswith(("format_", "pdf_")) and k not in made) == []


@pytest.mark.parametrize("path", STYLESHEETS, ids=lambda path: path.relative_to(ROOT).as_posix())
def test_styles_are_for_registered_formats(path: Path) -> None:
    """A rule for ``.format-<name>`` (the class of a PDF's <body>) names a registered
    format: a renamed format cannot leave its styles behind."""
    css = re.sub(r"/\*.*?\*/", "", path.read_text(encoding="utf-8"), flags=re.S)
    named = set(re.findall(r"(?:^|[,{}])\s*\.format-([a-z0-9-]+)", css, flags=re.M))
    assert named - set(FORMATS) == set()


@pytest.mark.slow
@pytest.mark.parametrize("name", list(FORMATS))
def test_every_formats_page_set_up_is_valid_css(
    name: str, caplog: pytest.LogCaptureFixture
) -> None:
    """WeasyPrint drops a declaration it cannot read (a misspelt page size) with a
    warning, and the page falls back to A4: the record's page set-up is read whole."""
    css = format_css(FORMATS[name], brand(), WESTERHAVEN)
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        HTML(string=f"<style>{css}</style><p class=masthead>Text</p>").render()
    assert [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint")] == []


def test_no_module_but_the_registry_names_a_format() -> None:
    """A format's name is written only in the registry (and in templates, styles and label
    files): every other module asks the registry."""
    import ast

    from leafprint.content.formats import FORMATS, POSTER_SIZES

    names = {*FORMATS, *POSTER_SIZES}
    source = ROOT / "src" / "leafprint"
    naming = sorted(
        f"{path.relative_to(source).as_posix()}:{node.lineno}: {node.value}"
        for path in source.rglob("*.py")
        if path.relative_to(source).as_posix() != "content/formats.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant) and node.value in names
    )
    assert naming == []
