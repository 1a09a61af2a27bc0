"""Print quality of every example leaflet in every format, checked from the PDFs."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
import yaml
from pypdf import PdfReader

from helpers import ROOT, pdf_text, shading_outputs
from leafprint.commands.build import BuildOptions, BuildResult, Output, Project, build
from leafprint.content.formats import FORMATS
from leafprint.layout.preflight import is_preflight

pytestmark = pytest.mark.e2e
MM = 72 / 25.4
SHEET = (297 * MM, 210 * MM)  # A4 landscape, a booklet's sheet
SAFE_MM = {"press": 5.0}  # from the trim; every other format: from the paper edge
URL_LIKE = re.compile(r"(https?://|www\.|doi:|10\.\d{4,}/|\.org|\.gov|@)")


def outputs(result: BuildResult, fmt: str | None = None) -> Iterator[Output]:
    return (o for o in result.outputs if fmt is None or o.format == fmt)


def samples(result: BuildResult) -> Iterator[Output]:
    """Per format, the English and Arabic immunotherapy (both directions) and the English
    refractory-cancer (the other brand), where the format has them: for measures that the
    preflight makes on every page of every PDF anyway, or that do not depend on the text."""
    wanted = {("immunotherapy", "en"), ("immunotherapy", "ar"), ("refractory-cancer", "en")}
    return (o for o in result.outputs if (o.slug, o.language) in wanted)


def one(result: BuildResult, slug: str, language: str, fmt: str) -> Path:
    [output] = [o for o in outputs(result, fmt) if (o.slug, o.language) == (slug, language)]
    return output.path


BIDI_CONTROLS = dict.fromkeys(
    [0x200B, 0x200E, 0x200F, 0x2060, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
)


def flat(text: str) -> str:
    """pdftotext output as one line: no line breaks, bidi controls, zero-width marks or
    Arabic vowel signs (pdftotext moves them)."""
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    return " ".join(text.translate(BIDI_CONTROLS).split())


def words(text: str) -> str:
    """Only the words: pdftotext moves punctuation around in right-to-left lines."""
    return " ".join(re.sub(r"[^\w\s]", " ", flat(text)).split())


def test_every_format_builds_and_passes_its_own_preflight(every_format: BuildResult) -> None:
    """Nothing outside the safe area, no split box, no page of text more than half empty
    (page balancing fills them), no hyphenated address, no small text, no missing glyph."""
    assert every_format.errors == []
    formats = {o.format for o in every_format.outputs}
    assert formats == {"a4", "a5", "booklet", "large-print", "press", "screen"}
    found = [str(w) for w in every_format.warnings if is_preflight(w)]
    assert found == []


def test_every_format_of_the_examples_warns_only_of_the_deliberate_draft(
    every_format: BuildResult,
) -> None:
    """What ``make`` prints for the examples (here without the clinic editions): rendered and
    preflighted in every format, the one warning is refractory-cancer's deliberate draft."""
    assert [str(w).removeprefix(f"{ROOT}/") for w in every_format.warnings] == [
        "leaflets/refractory-cancer/leaflet.yaml:2:10: LP210 version: version 1.0 has no "
        "sign-off by clinical-reviewer, patient-reviewer (required by lumen); it builds only "
        "as a draft"
    ]


def test_every_character_keeps_its_distance_from_the_paper_edge(
    every_format: BuildResult,
) -> None:
    """6 mm from the paper edge (office printers leave 4–6 mm unprinted); 5 mm inside the
    trim in press files. Booklets are measured on the imposed A4 sheets. The preflight
    checks every page of every PDF (PF101, test_every_format_builds_and_passes_its_own_
    preflight); this measures the printed samples independently."""
    too_close = []
    for output in samples(every_format):
        safe = SAFE_MM.get(output.format, 6.0) * MM
        trims = [page.trimbox for page in PdfReader(output.path).pages]
        with pdfplumber.open(output.path) as pdf:
            for number, (page, trim) in enumerate(zip(pdf.pages, trims, strict=True), 1):
                left = float(trim[0]) - float(page.bbox[0])
                top = float(page.bbox[3]) - float(trim[3])
                right, bottom = left + float(trim[2] - trim[0]), top + float(trim[3] - trim[1])
                for char in page.chars:
                    gap = min(
                        char["x0"] - left, right - char["x1"], char["top"] - top,
                        bottom - char["bottom"],
                    )  # fmt: skip
                    if char["text"].strip() and gap < safe:
                        too_close.append((output.path.name, number, char["text"], gap / MM))
                        break
    assert too_close == []


def test_no_web_address_or_doi_is_hyphenated(every_format: BuildResult) -> None:
    hyphenated = []
    for output in every_format.outputs:
        for line in pdf_text(output.path).splitlines():
            word = line.strip().split(" ")[-1] if line.strip() else ""
            if word.endswith("\u2010") and URL_LIKE.search(word):
                hyphenated.append((output.path.name, word))
    assert hyphenated == []


@pytest.mark.parametrize("fmt", ["a4", "booklet", "large-print"])
def test_latin_references_in_arabic_read_in_logical_order(
    every_format: BuildResult, fmt: str
) -> None:
    text = flat(pdf_text(one(every_format, "immunotherapy", "ar", fmt)))
    text = re.sub(r" \.\d ", " ", text)  # the list numbers, extracted beside a first line
    assert "Hodi FS, O’Day SJ, McDermott DF, Weber RW, Sosman JA, Haanen JB, et al." in text
    # Brackets too: left-to-right runs take the body font under another name, so the
    # bracket glyphs the Arabic text draws mirrored do not turn "(8)" round.
    assert re.search(r"N Engl J Med\. 2010 Aug 19;363\(8\):711–23\. doi:10\. ?1056/ ?NEJMoa", text)
    address = "Available from: https://www.cancer.gov/about-cancer/treatment/types/"
    # A line may end after a / . or - of the address; pdftotext drops a "-" at a line end.
    pattern = re.sub(r"([/.])", r"\1 ?", re.escape(address)).replace(r"\-", "-? ?")
    assert re.search(pattern, text)
    for scrambled in (",Hodi", ".23–711", "/https://", ")8("):
        assert scrambled not in text


def test_arabic_uses_one_digit_system(every_format: BuildResult) -> None:
    text = pdf_text(one(every_format, "immunotherapy", "ar", "a4"))
    assert not re.search("[\u0660-\u0669\u06f0-\u06f9]", text)  # the brand chose 0–9
    assert "8:30" in text and "17:00" in text  # the opening hours, in 0–9


def urgent_cases() -> Iterator[tuple[str, str, str, str, str]]:
    """(slug, language, urgent box title, its section's heading and first words, the last
    words of the paragraph before the box)."""
    for folder in sorted(p.parent for p in (ROOT / "leaflets").glob("*/leaflet.yaml")):
        for path in sorted(folder.glob("*.yaml")):
            if path.name == "leaflet.yaml":
                continue
            for section in yaml.safe_load(path.read_text())["sections"]:
                for callout in section.get("callouts", []):
                    if callout.get("kind") == "urgent":
                        text = re.sub(r"\[[@^][^\]]*\]|[*_`]", "", section["body"])
                        lead = " ".join(text.strip().split("\n\n")[-1].split()[-3:])
                        start = " ".join([section["heading"], *text.split()[:3]])
                        yield folder.name, path.stem, callout["title"], start, lead


@pytest.mark.parametrize("fmt", ["a4", "a5", "booklet", "large-print", "press", "screen"])
def test_urgent_section_heading_lead_in_box_and_number_share_a_page(
    every_format: BuildResult, fmt: str
) -> None:
    """The section with the urgent box is read as one: its heading, all of the text leading
    into the box, the box and its urgent number are on one page."""
    checked = 0
    labels = {
        lang: yaml.safe_load((ROOT / f"styles/base/labels/{lang}.yaml").read_text())["call_now"]
        for lang in ("en", "nl", "da", "fr", "ar")
    }
    for slug, language, title, start, lead in urgent_cases():
        found = [o for o in outputs(every_format, fmt) if (o.slug, o.language) == (slug, language)]
        if not found:
            continue
        pages = [words(page) for page in _page_texts(found[0])]
        [box] = [text for text in pages if words(title) in text]
        assert words(labels[language]) in box, (slug, language, fmt)
        for part in (start, lead):
            if language == "ar":  # pdftotext may give a right-to-left paragraph's lines
                assert set(words(part).split()) <= set(box.split()), (fmt, part)  # reordered
            else:
                assert words(part) in box, (slug, language, fmt, part)
        checked += 1
    assert checked


def _pages_text(path: Path) -> list[str]:
    return pdf_text(path).split("\f")[:-1]


def _page_texts(output: Output) -> list[str]:
    """The text of every page; a booklet's sheet sides are read a half (a page) at a time,
    so that the lines of two pages side by side do not mix."""
    if output.format != "booklet":
        return _pages_text(output.path)
    half = round(SHEET[0] / 2)
    sides = len(PdfReader(output.path).pages)
    return [
        _half_text(output.path, x=x, width=half, page=side)
        for side in range(1, sides + 1)
        for x in (0, half)
    ]


def test_urgent_box_carries_the_editions_urgent_number(every_format: BuildResult) -> None:
    text = flat(pdf_text(one(every_format, "immunotherapy", "en", "a4")))
    assert "Call straight away: +31 20 555 0199 (24 hours a day, 7 days a week)" in text


def test_booklet_sheets_are_a4_landscape_with_a_cover(every_format: BuildResult) -> None:
    for output in outputs(every_format, "booklet"):
        reader = PdfReader(output.path)
        assert len(reader.pages) % 2 == 0
        for page in reader.pages:
            box = [float(v) for v in page.mediabox]
            assert box[2] - box[0] == pytest.approx(SHEET[0], abs=0.01)
            assert box[3] - box[1] == pytest.approx(SHEET[1], abs=0.01)
    path = one(every_format, "immunotherapy", "en", "booklet")
    width = round(SHEET[0] / 2)
    front = _half_text(path, x=width, width=width)  # right half of the first side
    back = _half_text(path, x=0, width=width)
    assert "Immunotherapy for cancer" in flat(front)
    assert "Leaflet ONC-012" not in front  # a cover, not a page with a running footer
    assert "Contact" in back and "Leaflet ONC-012-EN · Version 2.1" in flat(back)


def _reading_text(path: Path, fmt: str) -> str:
    """The text of a PDF page by page; of a booklet's sheets, half by half (pdftotext
    would run the lines of two pages side by side together)."""
    if fmt != "booklet":
        return pdf_text(path)
    width = round(SHEET[0] / 2)
    sides = range(1, len(PdfReader(path).pages) + 1)
    return "\n".join(_half_text(path, x, width, side) for side in sides for x in (0, width))


def _half_text(path: Path, x: int, width: int, page: int = 1) -> str:
    """The text of part of a sheet side (the first), as pdftotext extracts it."""
    area = ["-f", str(page), "-l", str(page), "-x", str(x), "-y", "0", "-W", str(width)]
    area += ["-H", "600"]
    command = ["pdftotext", "-enc", "UTF-8", *area, str(path), "-"]
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


def test_owner_authors_and_reviewers_are_printed(every_format: BuildResult) -> None:
    for fmt in ("a4", "a5", "booklet", "large-print", "screen"):
        text = flat(_reading_text(one(every_format, "immunotherapy", "en", fmt), fmt))
        assert "Responsible department: Department of Medical Oncology" in text, fmt
        assert (
            "Written by: Dr. A. Jansen (medical oncologist) and M. de Vries (oncology nurse "
            "specialist)" in text
        ), fmt
        assert "With the help of: Dr. R. Bakker (hospital pharmacist) and S. Visser" in text, fmt
        pages = [flat(page) for page in _pages_text(one(every_format, "immunotherapy", "en", fmt))]
        [colophon] = [page for page in pages if "Written by:" in page]  # credits together
        assert "Responsible department:" in colophon and "With the help of:" in colophon, fmt
    # in the leaflet's own language, from the per-language texts of leaflet.yaml
    text = flat(pdf_text(one(every_format, "immunotherapy", "nl", "a4")))
    assert "Verantwoordelijke afdeling: Afdeling Medische Oncologie" in text
    assert "Geschreven door: Dr. A. Jansen (internist-oncoloog) en M. de Vries" in text
    text = flat(pdf_text(one(every_format, "immunotherapy", "fr", "a4")))
    assert "Dr. R. Bakker (pharmacien hospitalier) et S. Visser (panel de patients)" in text


def test_footer_does_not_break_inside_a_date_or_page_number(every_format: BuildResult) -> None:
    for fmt in ("a4", "a5", "large-print"):
        text = pdf_text(one(every_format, "immunotherapy", "nl", fmt))
        lines = [flat(line) for line in text.splitlines()]
        reviewed = [line for line in lines if "beoordeeld:" in line or "beoordeling:" in line]
        assert reviewed, fmt
        assert all(re.search(r"(beoordeeld|beoordeling): 10 februari 20\d\d", x) for x in reviewed)
        assert not [line for line in lines if re.search(r"Pagina \d+( van)?$", line)], fmt
        assert "Pagina 2 van " in text, fmt


def test_a_clinic_editions_code_names_language_and_clinic(project: Project, tmp_path: Path) -> None:
    options = BuildOptions(
        slugs=["immunotherapy"], languages=["en"], formats=["a5"], editions=["oostmeer"],
        out=tmp_path,
    )  # fmt: skip
    result = build(project, options)
    assert result.errors == []
    text = flat(pdf_text(result.outputs[0].path))
    assert "Leaflet ONC-012-EN-OOSTMEER · Version 2.1" in text


def test_a5_has_a_cover_and_a_back_page_with_the_contact_block(every_format: BuildResult) -> None:
    pages = [flat(page) for page in _pages_text(one(every_format, "immunotherapy", "en", "a5"))]
    assert pages[0].startswith("Westerhaven") and "Immunotherapy for cancer" in pages[0]
    assert "Leaflet ONC-012" not in pages[0] and "Page 1 of" not in pages[0]
    assert pages[-1].startswith("Contact Westerhaven Hospital")
    assert "References" not in pages[-1] and "Page " not in pages[-1]
    assert f"Page 2 of {len(pages)}" in pages[1]
    # one QR code, to the online version: the address-book code would dwarf it
    assert not [page for page in pages if "Scan to save" in page]


@pytest.mark.parametrize("fmt", ["a5", "booklet", "large-print"])
def test_one_qr_code_where_the_contact_block_fills_the_back_page(
    every_format: BuildResult, fmt: str
) -> None:
    """A5, booklet and large print print the online version's code only; A4 prints the
    address-book code in its contact block too."""
    assert "Scan to save" not in flat(pdf_text(one(every_format, "immunotherapy", "en", fmt)))
    assert "Scan to save" in flat(pdf_text(one(every_format, "immunotherapy", "en", "a4")))


def test_the_credits_never_stand_alone_on_a_page(every_format: BuildResult) -> None:
    """The credits keep the rest of the colophon with them, and the page they are on is
    never a page of credit lines only (it was 16–23 % full): its text reaches at least a
    third of the way down the text area. In large print, where the statements may go on
    to the next page, the credits stay with the colophon's online address (they were once
    on a page of their own)."""
    for output in outputs(every_format):
        if output.format == "booklet":  # imposed two pages a sheet
            continue
        meta = yaml.safe_load((ROOT / "leaflets" / output.slug / "leaflet.yaml").read_text())
        author = meta["authors"][-1]["name"].split()[-1]
        margins = [float(m.removesuffix("mm")) * MM for m in FORMATS[output.format].margins.split()]
        texts = _pages_text(output.path)  # poppler finds the credits' pages quickly
        with pdfplumber.open(output.path) as pdf:
            for page in pdf.pages:
                if author not in texts[page.page_number - 1].replace("\n", " "):
                    continue
                body = [c for c in page.chars if c["top"] < page.height - margins[2]]
                top, bottom = margins[0], page.height - margins[2]
                reach = (max(c["bottom"] for c in body) - top) / (bottom - top)
                assert reach >= 1 / 3, (output.path.name, page.page_number, round(reach, 2))
                if output.format == "large-print":  # the whole colophon: with the online code
                    online = f"{output.slug}/{output.language}"
                    text = "".join(c["text"] for c in body if c["size"] < 30)  # no watermark
                    text = re.sub(r"\s", "", text)
                    assert online in text, (output.path.name, page.page_number)


def test_arabic_large_print_is_set_at_18_pt(every_format: BuildResult) -> None:
    """Naskh at 1.125 × the Latin 16 pt; nothing a reader reads under 16 pt, in Arabic or in
    the Latin runs (addresses, numbers, references): the footer's code and page number aside,
    the single raised letters that call a footnote, and the logo's own lettering."""
    logo = (ROOT / "styles/westerhaven/logo.svg").read_text(encoding="utf-8")
    artwork = ["".join(filter(str.isalnum, text)) for text in re.findall(r">([^<>]+)</text", logo)]
    for output in outputs(every_format, "large-print"):
        if output.language != "ar":
            continue
        sizes: dict[float, int] = {}
        small: list[str] = []
        with pdfplumber.open(output.path) as pdf:
            for page in pdf.pages:
                footer = page.height - 30 * MM
                chars = [c for c in page.chars if c["top"] < footer and c["text"].isalnum()]
                runs = ""
                for index, char in enumerate(chars):
                    size = round(char["size"], 1)
                    if "\u0600" <= char["text"] <= "\u06ff":
                        sizes[size] = sizes.get(size, 0) + 1
                    around = chars[max(0, index - 1) : index + 2]
                    if size < 15.95 and sum(round(c["size"], 1) == size for c in around) > 1:
                        runs += char["text"]  # a run of small text, not a raised call
                for text in artwork:
                    runs = runs.replace(text, "")
                small += [runs] if runs else []
        body = max(sizes, key=lambda size: sizes[size])
        assert body >= 17.95, sizes
        assert small == [], sizes


def test_booklet_pages_are_numbered_without_a_total(every_format: BuildResult) -> None:
    text = flat(pdf_text(one(every_format, "immunotherapy", "en", "booklet")))
    assert not re.search(r"Page \d+ of \d+", text)
    assert text.count("Leaflet ONC-012-EN · Version 2.1") >= 8  # the running footers are there


WHITE = {(1.0, 1.0, 1.0), (0.0, 0.0, 0.0, 0.0), (1.0,), (1,)}  # RGB, CMYK, grey


def _filled_squares(page: Any) -> list[dict[str, Any]]:
    """The small square fills of a page: the discs drawn behind the "!" icons."""
    return [
        shape
        for shape in (*page.rects, *page.curves)
        if shape.get("fill") and abs(shape["width"] - shape["height"]) < 1 and shape["width"] < 30
    ]


def test_the_warning_glyph_sits_inside_its_disc(every_format: BuildResult) -> None:
    """Every white "!" (urgent box title, contact block, footer) lies inside a disc, in
    every format, in both directions and both brands."""
    outside, checked = [], 0
    for output in samples(every_format):
        with pdfplumber.open(output.path) as pdf:
            for number, page in enumerate(pdf.pages, 1):
                icons = [
                    c for c in page.chars
                    if c["text"] == "!" and tuple(c["non_stroking_color"] or ()) in WHITE
                ]  # fmt: skip
                discs = _filled_squares(page) if icons else []
                for char in icons:
                    middle = (char["top"] + char["bottom"]) / 2
                    inside = [
                        disc for disc in discs
                        if disc["x0"] <= char["x0"] and char["x1"] <= disc["x1"]
                        and disc["top"] < middle < disc["bottom"]
                    ]  # fmt: skip
                    checked += 1
                    if not inside:
                        outside.append((output.path.name, number, round(char["x0"])))
    assert outside == []
    assert checked > 50


def _urgent_page(path: Path, language: str) -> int:
    """The number of the page with the urgent box of *path*, a leaflet in *language*."""
    [title] = [c[2] for c in urgent_cases() if c[:2] == (path.name.split(".")[0], language)]
    pages = [words(text) for text in _pages_text(path)]
    return next(n for n, text in enumerate(pages, 1) if words(title) in text)


def _disc_pixels(path: Path, page_number: int) -> list[tuple[int, int, int]]:
    """The pixels inside the urgent box title's disc, rendered at 150 dpi."""
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[page_number - 1]
        [disc] = [d for d in _filled_squares(page) if abs(d["width"] - 5.5 * MM) < 1]  # 5.5 mm
        image = page.to_image(resolution=150).original.convert("RGB")
    scale = 150 / 72
    box = [round(v * scale) for v in (disc["x0"], disc["top"], disc["x1"], disc["bottom"])]
    crop = image.crop(tuple(box))
    return [crop.getpixel((x, y)) for y in range(crop.height) for x in range(crop.width)]


@pytest.mark.parametrize(("language", "fmt"), [("nl", "a4"), ("fr", "a5"), ("ar", "a4")])
def test_the_urgent_box_disc_shows_a_white_mark(
    every_format: BuildResult, language: str, fmt: str
) -> None:
    """Looked at on the page: the disc holds white (the "!") as well as red."""
    path = one(every_format, "immunotherapy", language, fmt)
    pixels = _disc_pixels(path, _urgent_page(path, language))
    white = sum(min(p) > 230 for p in pixels)
    red = sum(p[0] > 150 and p[1] < 80 and p[2] < 80 for p in pixels)
    assert white > 0.05 * len(pixels), white
    assert red > 0.3 * len(pixels), red


@pytest.mark.parametrize(("language", "fmt"), [("nl", "a4"), ("en", "a5"), ("ar", "a4")])
def test_the_urgent_box_has_a_red_bar_at_its_inline_start(
    every_format: BuildResult, language: str, fmt: str
) -> None:
    path = one(every_format, "immunotherapy", language, fmt)
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[_urgent_page(path, language) - 1]
        pink = (0.992157, 0.92549, 0.917647)  # --alert-tint, the box's background
        [box] = [
            r for r in page.rects
            if r["height"] > 100 and tuple(round(v, 6) for v in r["non_stroking_color"]) == pink
        ]  # fmt: skip
        image = page.to_image(resolution=150).original.convert("RGB")
    bar = 1.2 * MM  # the middle of the 2.5 mm bar
    x = box["x1"] - bar if language == "ar" else box["x0"] + bar
    y = (box["top"] + box["bottom"]) / 2
    r, g, b = image.getpixel((round(x * 150 / 72), round(y * 150 / 72)))
    assert r > 150 and g < 80 and b < 80, (r, g, b)


# --- text a patient acts on: at reading size --------------------------------------------

# Words of the opening hours, urgent hours and the way in (contacts.yaml), per language.
HOURS_WORDS = {
    "nl": {"8.30–17.00", "bereikbaar", "Hoofdingang,"},
    "en": {"8.30", "entrance,"},
    "da": {"8.30–17.00", "døgnet", "Hovedindgangen,"},
    "fr": {"vendredi,", "parcours"},
    "ar": {"8:30"},
}


def _body_size(output: Output) -> float:
    return 16.0 if output.format == "large-print" else 12.0


def _words(path: Path, having: set[str] | None = None) -> Iterator[tuple[int, dict[str, Any]]]:
    """The words of every page with their size; with *having*, of the pages whose text (as
    poppler extracts it, quickly) has all of those words only."""
    texts = _pages_text(path) if having else []
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            if having and not having <= set(texts[number - 1].split()):
                continue
            for word in page.extract_words(extra_attrs=["size"]):
                yield number, word


def _luminance(rgb: tuple[float, ...]) -> float:
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(rgb: tuple[float, ...], background: tuple[float, ...]) -> float:
    light, dark = sorted((_luminance(rgb), _luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_phone_numbers_and_hours_are_printed_at_body_size(every_format: BuildResult) -> None:
    """Every phone number (footer, urgent box, contact block) and the opening hours and way
    in of the contact block, measured on the page: 12 pt, 16 pt in large print; grey text
    keeps a contrast of 4.5:1 or more, on the urgent box's pink too."""
    small, numbers, hours = [], 0, 0
    pink = (0xFD / 255, 0xEC / 255, 0xEA / 255)
    for output in every_format.outputs:
        if output.slug != "immunotherapy":
            continue
        body = _body_size(output) - 0.05
        for number, word in _words(output.path):
            if "0140" in word["text"] or "0199" in word["text"]:
                numbers += 1
            elif word["text"] in HOURS_WORDS[output.language]:
                hours += 1
            else:
                continue
            if word["size"] < body:
                small.append((output.path.name, number, word["text"], round(word["size"], 1)))
    assert small == []
    assert numbers > 100 and hours > 20
    with pdfplumber.open(one(every_format, "immunotherapy", "nl", "a4")) as pdf:
        greys = {
            tuple(c["non_stroking_color"])
            for page in pdf.pages
            for word in page.extract_words(extra_attrs=["non_stroking_color"])
            if word["text"] in HOURS_WORDS["nl"]
            for c in [word]
        }
    assert greys and all(_contrast(grey, pink) >= 4.5 for grey in greys), greys


@pytest.mark.parametrize("fmt", ["a4", "a5", "booklet", "large-print", "press", "screen"])
def test_the_other_formats_offer_is_at_body_size(every_format: BuildResult, fmt: str) -> None:
    checked = 0
    for output in outputs(every_format, fmt):
        if output.language == "ar":  # words of a right-to-left line come out reordered
            continue
        offer = yaml.safe_load((ROOT / f"styles/base/labels/{output.language}.yaml").read_text())
        wanted = offer["other_formats_offer"].split()[:4]
        found = [w for _, w in _words(output.path, having=set(wanted))]
        starts = [
            i for i in range(len(found)) if [w["text"] for w in found[i : i + 4]] == wanted
        ]  # fmt: skip
        assert starts, (output.path.name, wanted)
        sizes = {round(w["size"], 1) for i in starts for w in found[i : i + 4]}
        assert min(sizes) >= _body_size(output) - 0.05, (output.path.name, sizes)
        checked += 1
    assert checked


def _footer_lines(output: Output) -> Iterator[tuple[int, list[str]]]:
    """The lines of the running footer of every page (in the bottom margin above the
    trim's foot), as poppler lays out the text of that strip: one line a baseline, in
    reading order, without bidi controls."""
    margin = float(FORMATS[output.format].margins.split()[2].removesuffix("mm")) * MM
    for number, page in enumerate(PdfReader(output.path).pages, 1):
        media, trim = page.mediabox, page.trimbox
        bottom = float(media[3]) - float(trim[1])  # the trim's foot, from the top
        area = ["-x", "0", "-y", str(round(bottom - margin)), "-W", str(round(media[2]))]
        area += ["-H", str(round(margin)), "-f", str(number), "-l", str(number)]
        command = ["pdftotext", "-layout", "-enc", "UTF-8", *area, str(output.path), "-"]
        text = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        lines = [line.translate(BIDI_CONTROLS).strip() for line in text.splitlines()]
        yield number, [line for line in lines if line]


@pytest.mark.parametrize("fmt", ["a4", "a5", "large-print", "press", "screen"])
def test_the_running_footer_has_two_lines_at_most_and_no_dangling_dot(
    every_format: BuildResult, fmt: str
) -> None:
    found, footers = [], 0
    for output in outputs(every_format, fmt):
        for number, lines in _footer_lines(output):
            footers += bool(lines)
            # (neither end of a line, in either direction, is a separating dot)
            if len(lines) > 2 or any(line[:1] == "·" or line[-1:] == "·" for line in lines):
                found.append((output.path.name, number, lines))
    assert found == []
    assert footers > 20  # the strip holds the footers


# --- press ---------------------------------------------------------------------------------


def test_press_files_paginate_like_their_a4_proof(every_format: BuildResult) -> None:
    """A press file is the A4 leaflet for the print shop: the same pages, page for page."""
    pairs = 0
    for press in outputs(every_format, "press"):
        a4 = one(every_format, press.slug, press.language, "a4")
        press_pages = [words(page)[:60] for page in _pages_text(press.path)]
        a4_pages = [words(page)[:60] for page in _pages_text(a4)]
        assert press_pages == a4_pages, press.path.name
        pairs += 1
    assert pairs >= 7


def test_every_press_colour_is_valid_in_the_cmyk_output_intent(
    every_format: BuildResult,
) -> None:
    """Shadings give as many values as their colour space has components, no raster image
    or colour space is RGB, and the writing lines of notes are drawn (as vectors)."""
    checked = 0
    for output in outputs(every_format, "press"):
        shadings = shading_outputs(output.path)
        assert all(components == values for components, values in shadings), output.path.name
        reader = PdfReader(output.path)
        for page in reader.pages:
            xobjects = page["/Resources"].get("/XObject") or {}
            for xobject in xobjects.values():
                space = str(xobject.get_object().get("/ColorSpace", ""))
                assert "RGB" not in space, output.path.name
            spaces = page["/Resources"].get("/ColorSpace") or {}
            assert all("RGB" not in str(space.get_object()) for space in spaces.values())
        checked += 1
    assert checked
    # The Notes page of an Arabic press file shows its lines (poppler draws them).
    path = one(every_format, "immunotherapy", "ar", "press")
    [number] = [n for n, text in enumerate(_pages_text(path), 1) if "ملاحظات" in text][:1]
    with pdfplumber.open(path) as pdf:  # (pdfplumber renders with pypdfium2)
        image = pdf.pages[number - 1].to_image(resolution=100).original.convert("RGB")
    upper = range(image.height // 10, image.height // 2)  # below the heading: lines only
    inked = [max(image.getpixel((image.width // 2, y))) < 220 for y in upper]
    runs = sum(ink and not before for before, ink in zip([False, *inked], inked, strict=False))
    assert runs >= 5, runs  # writing lines, not one rule
