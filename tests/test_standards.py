"""Patient-information standards the other test files did not yet prove: each test mutates
a copy of an example and asserts the exact message an editor sees (the README's table
"Standards for patient information" names these tests)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PIL import Image

from helpers import ROOT, copy_example, findings, pdf_text
from leafprint.build.leafletcache import LeafletCache
from leafprint.build.plan import Resolver, Selection, plan_leaflet
from leafprint.commands.build import BuildOptions, Project, build
from leafprint.content.brands import load_brand


def example(project: Project, slug: str) -> Path:
    return copy_example(slug, project.leaflets)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --- identity: version, publisher, language, provenance -----------------------------------------


def test_the_version_is_required_and_written_as_numbers(sandbox: Project) -> None:
    meta = example(sandbox, "immunotherapy") / "leaflet.yaml"
    edit(meta, 'version: "2.1"\n', 'version: "two"\n')
    assert findings(sandbox, "") == [
        "leaflets/immunotherapy/leaflet.yaml:2:10: error version: 'two' is not in the "
        "expected form (numbers with dots, e.g. '2.1')"
    ]
    edit(meta, 'version: "two"\n', "")
    assert findings(sandbox, "") == [
        "leaflets/immunotherapy/leaflet.yaml:1:1: error version: required field is missing"
    ]


def test_the_publisher_has_a_logo_that_exists(sandbox: Project) -> None:
    example(sandbox, "immunotherapy")
    (sandbox.styles / "westerhaven" / "logo.svg").unlink()
    assert findings(sandbox, "") == [
        "styles/westerhaven/brand.yaml:17:7: error logo: file not found: logo.svg"
    ]
    edit(sandbox.styles / "westerhaven" / "brand.yaml", "logo: logo.svg\n", "")
    assert findings(sandbox, "") == [
        "styles/westerhaven/brand.yaml:2:1: error logo: required field is missing"
    ]


def test_a_language_tag_is_a_bcp_47_tag(sandbox: Project) -> None:
    meta = example(sandbox, "immunotherapy") / "leaflet.yaml"
    edit(meta, "languages: [nl, en, da, fr, ar]", "languages: [nl, EN, da, fr, ar]")
    assert findings(sandbox, "") == [
        "leaflets/immunotherapy/leaflet.yaml:5:17: error languages[2]: 'EN' is not a language "
        "code such as 'nl', 'en' or 'pt-BR'"
    ]


def test_a_translation_names_the_source_and_version_it_follows(sandbox: Project) -> None:
    text = example(sandbox, "immunotherapy") / "en.yaml"
    source = 'translated_from: {language: nl, version: "2.1"'
    edit(text, source, source.replace("nl", "da"))
    assert findings(sandbox, "") == [
        "leaflets/immunotherapy/en.yaml:1:29: error translated_from.language: translations "
        "must be made from the source language 'nl'"
    ]
    edit(text, 'translated_from: {language: da, version: "2.1", date: 2026-12-02}\n', "")
    assert findings(sandbox, "") == [
        "leaflets/immunotherapy/en.yaml:1:1: error translated_from: required in a translation: "
        'translated_from: {language: nl, version: "2.1"}'
    ]


def test_a_further_information_link_is_a_web_address(sandbox: Project) -> None:
    text = example(sandbox, "immunotherapy") / "en.yaml"
    edit(text, "url: https://www.cancer.gov/", "url: www.cancer.gov/")
    assert findings(sandbox, "") == [
        "leaflets/immunotherapy/en.yaml:179:10: error more_information[1].url: "
        "'www.cancer.gov/about-cancer/treatment/types/immunotherapy' is not in the expected "
        "form (a web address starting with https://)"
    ]


# --- who the leaflet is for (LP115) ---------------------------------------------------------------


def test_lp115_the_leaflet_says_who_it_is_for(sandbox: Project) -> None:
    meta = example(sandbox, "refractory-cancer") / "leaflet.yaml"
    text = meta.read_text(encoding="utf-8")
    meta.write_text(re.sub(r"^audience:\n(?:  .*\n)+", "", text, flags=re.M), encoding="utf-8")
    assert findings(sandbox, "LP115") == [
        "leaflets/refractory-cancer/leaflet.yaml:1:1: warning LP115 audience: the leaflet does "
        "not say who it is for: add audience: (for example 'Adults who are offered …, and "
        "their families'); it is printed under the title"
    ]


# --- no advertising in the text (LP116) ---------------------------------------------------------


def test_lp116_advertising_in_the_text_is_found_where_it_is_written(sandbox: Project) -> None:
    text = example(sandbox, "immunotherapy") / "en.yaml"
    edit(
        text,
        "      So immunotherapy works in a different way from chemotherapy.\n",
        "      Ask for Keytruda® in our shop: buy now for € 49,95 at\n"
        "      https://shop.example.org/immuno or 12 euro a week.\n"
        "      So immunotherapy works in a different way from chemotherapy.\n",
    )
    edit(text, "url: https://www.cancer.gov/", "url: https://www.example.org/checkout?")
    where = "leaflets/immunotherapy/en.yaml"
    advert = "patient information advertises nothing"
    assert findings(sandbox, "LP116") == [
        f"{where}:29:15: warning LP116 sections[1].body: 'Keytruda®' carries a trademark sign: "
        f"{advert}; name a medicine by its generic name (its brand name may follow in "
        "brackets) without ® or ™",
        f"{where}:29:38: warning LP116 sections[1].body: 'buy now' is selling language: "
        f"{advert}; say what the reader needs to know",
        f"{where}:29:50: warning LP116 sections[1].body: '€ 49,95' is a price: {advert}; if "
        "the reader needs to know a cost, say who to ask about it",
        f"{where}:30:7: warning LP116 sections[1].body: 'https://shop.example.org/immuno' "
        f"links to a shop: {advert}; link to independent information",
        f"{where}:30:42: warning LP116 sections[1].body: '12 euro' is a price: {advert}; if "
        "the reader needs to know a cost, say who to ask about it",
        f"{where}:181:10: warning LP116 more_information[1].url: 'https://www.example.org/"
        "checkout?about-cancer/treatment/types/immunotherapy' links to a shop: "
        f"{advert}; link to independent information",
    ]


def test_lp116_the_examples_advertise_nothing(project: Project) -> None:
    assert findings(project, "LP116") == []


# --- a quality mark, shown only while certified (LP630, LP631) ---------------------------------


def mark_shown(project: Project) -> tuple[bool, bool]:
    """Whether the English A4 PDF and web page of immunotherapy show the quality mark."""
    out = project.root / "dist"
    options = BuildOptions(
        slugs=["immunotherapy"], languages=["en"], formats=["a4"], editions=["general"],
        out=out, jobs=1,
    )  # fmt: skip
    result = build(project, options)
    assert result.errors == []
    pdf = " ".join(pdf_text(out / result.outputs[0].path).split())
    page = out / "leaflets.westerhaven.example.org/immunotherapy/en"
    web = (page / "index.html").read_text(encoding="utf-8")
    image = re.search(r'<img src="(assets/\w+-quality-mark\.svg)" alt="Trusted Patient', web)
    assert image is None or (page / image[1]).is_file()
    return "Trusted Patient Information (example)" in pdf, image is not None


@pytest.mark.slow
def test_a_quality_mark_is_printed_only_while_certified(sandbox: Project) -> None:
    example(sandbox, "immunotherapy")
    brand = sandbox.styles / "westerhaven" / "brand.yaml"
    assert findings(sandbox, "LP63") == []
    assert mark_shown(sandbox) == (True, True)
    edit(brand, "certified_until: 2029-06-30", "certified_until: 2027-01-15")
    assert findings(sandbox, "LP63") == [
        "styles/westerhaven/brand.yaml:50:20: warning LP630 quality_mark.certified_until: the "
        "certification for the quality mark ends on 2027-01-15: renew it, or leaflets made "
        "after that day are printed without the mark"
    ]
    edit(brand, "certified_until: 2027-01-15", "certified_until: 2026-11-30")
    assert findings(sandbox, "LP63") == [
        "styles/westerhaven/brand.yaml:50:20: warning LP631 quality_mark.certified_until: the "
        "certification for the quality mark ended on 2026-11-30: leaflets are made without "
        "the mark until a renewed certified_until is entered"
    ]
    assert mark_shown(sandbox) == (False, False)  # the PDF made while certified is remade


# --- print: raster images and the look of body text ---------------------------------------------


def preflight(project: Project, slug: str, fmt: str, lang: str = "en") -> list[str]:
    """The preflight warnings of one PDF of *slug*, paths relative to the project."""
    options = BuildOptions(
        slugs=[slug], languages=[lang], formats=[fmt], editions=["general"],
        out=project.root / "dist", jobs=1,
    )  # fmt: skip
    result = build(project, options)
    root = str(project.root) + "/"
    return [str(p).replace(root, "") for p in result.warnings if p.code.startswith("PF")]


@pytest.mark.slow
def test_a_raster_image_under_300_ppi_in_a_press_file(sandbox: Project) -> None:
    folder = example(sandbox, "refractory-cancer")
    (folder / "images").mkdir()
    Image.new("RGB", (60, 40), "#00567D").save(folder / "images" / "scan.png")
    edit(
        folder / "en.yaml",
        "      keeps on growing.\n",
        "      keeps on growing.\n\n      ![A blue square](images/scan.png)\n",
    )
    assert preflight(sandbox, "refractory-cancer", "press") == [
        "leaflets/refractory-cancer/en.yaml:1:1: PF111 (preflight): refractory-cancer (en, "
        "general edition, press) page 1: image images/scan.png prints at 96 ppi (60×40 pixels "
        "placed 16 mm wide); at least 300 ppi in print: use a larger image or place it smaller"
    ]


@pytest.mark.slow
def test_body_text_is_flush_left_upright_and_in_small_letters(sandbox: Project) -> None:
    example(sandbox, "refractory-cancer")
    with (sandbox.styles / "lumen" / "leaflet.css").open("a", encoding="utf-8") as css:
        css.write(".content-section p { text-align: justify; font-style: italic; }\n")
        css.write(".key-points li { text-transform: uppercase; }\n")
    where = (
        "leaflets/refractory-cancer/en.yaml:1:1: PF112 (preflight): refractory-cancer (en, "
        "general edition, a4) page 1: body text"
    )
    assert preflight(sandbox, "refractory-cancer", "a4") == [
        f"{where} justified; set it flush left (text-align: start): 'A cancer is'",
        f"{where} in italics; set it upright and emphasise in bold: 'A cancer is'",
        f"{where} in capitals; set it in upper and lower case: 'A CANCER IS CALLED "
        "REFRACTORY WHEN IT D…'",
    ]


@pytest.mark.slow
def test_body_text_lines_of_at_most_75_characters(sandbox: Project) -> None:
    example(sandbox, "refractory-cancer")
    with (sandbox.styles / "lumen" / "leaflet.css").open("a", encoding="utf-8") as css:
        css.write("body { margin-left: -30mm; margin-right: -30mm; }\n")  # 8 mm from the edge
    assert preflight(sandbox, "refractory-cancer", "a4") == [
        "leaflets/refractory-cancer/en.yaml:1:1: PF113 (preflight): refractory-cancer (en, "
        "general edition, a4): lines of body text hold 84 characters (the median of 64 lines); "
        "at most 75, and 60–70 read best: narrow the column or set the text larger"
    ]


@pytest.mark.slow
def test_what_a_reader_needs_outside_the_body_is_not_small(sandbox: Project) -> None:
    example(sandbox, "refractory-cancer")
    assert preflight(sandbox, "refractory-cancer", "a4") == []
    with (sandbox.styles / "lumen" / "leaflet.css").open("a", encoding="utf-8") as css:
        css.write(".colophon, .references { font-size: 9pt; }\n")
        css.write(".colophon .colophon-details, .colophon .qr-text { font-size: 11pt; }\n")
    where = (
        "leaflets/refractory-cancer/en.yaml:1:1: PF115 (preflight): refractory-cancer (en, "
        "general edition, a4) page"
    )
    assert preflight(sandbox, "refractory-cancer", "a4") == [
        f"{where} 5: the leaflet's code, dates or online address in 11.0 pt, under the 12 pt "
        "a reader needs in this format: 'Read this leaflet online'",
        f"{where} 5: the colophon in 9.0 pt, under the 10 pt a reader needs in this format: "
        "'Responsible department:'",
        f"{where} 5: the references in 9.0 pt, under the 10 pt a reader needs in this format: '1.'",
    ]


@pytest.mark.slow
def test_the_parts_are_seen_in_the_order_they_are_read(sandbox: Project) -> None:
    example(sandbox, "refractory-cancer")
    with (sandbox.styles / "lumen" / "leaflet.css").open("a", encoding="utf-8") as css:
        css.write(".key-points { position: absolute; top: 0; }\n")
    assert preflight(sandbox, "refractory-cancer", "a4") == [
        "leaflets/refractory-cancer/en.yaml:1:1: PF114 (preflight): refractory-cancer (en, "
        "general edition, a4) page 1: 'Key points' is painted above 'In short', which comes "
        "before it in reading order: a reader of the tags or a screen reader meets them the "
        "other way round; keep the parts in the template's order"
    ]


# --- the other formats offer in large type, and in the other languages ---------------------------


def offer_sizes(pdf: Path) -> set[float]:
    """The sizes of the words "You can also ask for it in" (braille …) as printed."""
    import pdfplumber

    with pdfplumber.open(pdf) as document:
        words = [w for page in document.pages for w in page.extract_words(extra_attrs=["size"])]
    texts = [w["text"] for w in words]
    wanted = ["You", "can", "also", "ask", "for", "it", "in"]
    start = next(i for i in range(len(texts)) if texts[i : i + len(wanted)] == wanted)
    return {round(w["size"], 1) for w in words[start : start + len(wanted)]}


@pytest.mark.slow
def test_the_other_formats_offer_and_a_line_in_each_other_language(
    sandbox: Project,
) -> None:
    example(sandbox, "immunotherapy")
    out = sandbox.root / "dist"
    options = BuildOptions(
        slugs=["immunotherapy"], languages=["en"], formats=["a4", "a5"], editions=["general"],
        out=out, jobs=1,
    )  # fmt: skip
    assert build(sandbox, options).errors == []
    a4, a5 = (out / f"immunotherapy/immunotherapy.en{suffix}.pdf" for suffix in ("", ".a5"))
    assert offer_sizes(a4) == offer_sizes(a5) == {12.0}  # body size (large print: 16 pt)
    web = (out / "leaflets.westerhaven.example.org/immunotherapy/en/index.html").read_text()
    strip = [
        ("nl", "ltr", "Deze folder is er ook in het Nederlands."),
        ("da", "ltr", "Denne pjece findes også på dansk."),
        ("fr", "ltr", "Cette brochure existe aussi en français."),
        ("ar", "rtl", "هذه النشرة متوفرة أيضًا باللغة العربية."),
    ]
    for pdf in (a4, a5):
        text = " ".join(pdf_text(pdf).split())
        assert all(line in text for _, _, line in strip[:3])
        assert "also available in English" not in text
    for language, direction, line in strip:
        assert f'<span lang="{language}" dir="{direction}">{line}</span>' in web


# --- a booklet's creep allowance ----------------------------------------------------------------


def test_a_booklet_is_imposed_with_the_brands_paper_thickness(sandbox: Project) -> None:
    """The positions on the sheet: tests/test_postprocess.py; here the brand's setting."""
    folder = example(sandbox, "immunotherapy")
    brand_file = sandbox.styles / "westerhaven" / "brand.yaml"
    edit(brand_file, "vcard_qr: true\n", "vcard_qr: true\nprint: {paper_mm: 0.15}\n")
    brand = load_brand(sandbox.styles, "westerhaven")
    selection = Selection(["en"], ["booklet", "a5"], ["general"])
    planned = list(plan_leaflet(sandbox, LeafletCache(None).load(folder), brand, selection))
    assert [Resolver(sandbox, None).job(item).paper_mm for item in planned] == [0.15, 0.15]
    edit(brand_file, "print: {paper_mm: 0.15}\n", "print: {paper_mm: 2}\n")
    assert findings(sandbox, "") == [
        "styles/westerhaven/brand.yaml:33:19: error print.paper_mm: Input should be less than or "
        "equal to 0.5"
    ]


# --- the README's table -------------------------------------------------------------------------


def test_the_readme_table_has_every_row_and_names_real_tests() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Standards for patient information\n", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| (\d+|N\d+) \|", table, flags=re.M)
    assert rows == [str(n) for n in range(1, 48)] + [f"N{n}" for n in range(1, 16)]
    named = set(re.findall(r"`tests/(test_\w+\.py)::(test_\w+)`", table))
    assert len(named) > 60
    missing = [
        f"{file}::{name}"
        for file, name in sorted(named)
        if not re.search(rf"^def {name}\(", (ROOT / "tests" / file).read_text(), flags=re.M)
    ]
    assert missing == []
