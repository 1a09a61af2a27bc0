"""End to end: build every example leaflet and inspect the PDFs themselves."""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from helpers import EXAMPLES, ROOT, normalise, pdf_fonts, pdf_text
from leafprint.commands.build import BuildResult, Project
from leafprint.content.brands import load_brand
from leafprint.content.labels import load_labels
from leafprint.content.leaflets import load_leaflet
from leafprint.content.resolve import long_date, resolve_page

pytestmark = pytest.mark.e2e

CASES = [(slug, lang) for slug, languages in EXAMPLES.items() for lang in languages]


def content(slug: str, lang: str) -> dict:
    return yaml.safe_load((ROOT / "leaflets" / slug / f"{lang}.yaml").read_text())


def pdf_for(examples: BuildResult, slug: str, lang: str) -> Path:
    (path,) = [o.path for o in examples.outputs if (o.slug, o.language) == (slug, lang)]
    return path


def test_one_pdf_per_leaflet_and_language(examples: BuildResult) -> None:
    assert examples.errors == []
    names = sorted(o.path.name for o in examples.outputs)
    assert names == sorted(f"{slug}.{lang}.pdf" for slug, lang in CASES)
    assert len(names) == 11


def test_building_the_examples_warns_only_of_the_deliberate_draft(examples: BuildResult) -> None:
    """Every example in every language, rendered and preflighted: the one warning is the
    draft that refractory-cancer is on purpose (its leaflet.yaml says so)."""
    assert [str(w).removeprefix(f"{ROOT}/") for w in examples.warnings] == [
        "leaflets/refractory-cancer/leaflet.yaml:2:10: LP210 version: version 1.0 has no "
        "sign-off by clinical-reviewer, patient-reviewer (required by lumen); it builds only "
        "as a draft"
    ]
    draft = (ROOT / "leaflets" / "refractory-cancer" / "leaflet.yaml").read_text()
    assert "# No approvals yet, on purpose: this example shows a draft (LP210)" in draft


# The first number of each brand's contacts, as a reader in that language dials it:
# without the country code only for readers in the hospital's own country.
PHONE = {
    ("immunotherapy", "nl"): "020 555 0140",
    ("immunotherapy", "en"): "+31 20 555 0140",
    ("immunotherapy", "da"): "+31 20 555 0140",
    ("immunotherapy", "fr"): "+31 20 555 0140",
    ("immunotherapy", "ar"): "+31 20 555 0140",
    ("immuno-oncology-guide", "da"): "70 10 20 30",
    ("immuno-oncology-guide", "en"): "+45 70 10 20 30",
    ("metastases-treatment", "nl"): "020 555 0140",
    ("metastases-treatment", "en"): "+31 20 555 0140",
    ("refractory-cancer", "fr"): "+45 70 10 20 30",
    ("refractory-cancer", "en"): "+45 70 10 20 30",
}


@pytest.mark.parametrize(("slug", "lang"), CASES)
def test_title_headings_and_contact_are_in_the_pdf(
    examples: BuildResult, slug: str, lang: str
) -> None:
    text = normalise(pdf_text(pdf_for(examples, slug, lang)))
    data = content(slug, lang)
    assert normalise(data["title"]) in text
    for section in data["sections"]:
        assert normalise(section["heading"]) in text
    assert PHONE[(slug, lang)] in text


@pytest.mark.parametrize(("slug", "lang"), CASES)
def test_metadata_language_tags_and_bookmarks(examples: BuildResult, slug: str, lang: str) -> None:
    reader = PdfReader(pdf_for(examples, slug, lang))
    data = content(slug, lang)
    root = reader.trailer["/Root"]
    assert root["/Lang"] == lang
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712 (a PDF boolean object)
    assert "/StructTreeRoot" in root
    metadata = reader.metadata
    assert metadata is not None
    assert metadata.title == data["title"]
    assert metadata["/Keywords"].startswith(
        yaml.safe_load((ROOT / "leaflets" / slug / "leaflet.yaml").read_text())["code"]
    )
    assert metadata.author and metadata.subject
    outline = [item for item in reader.outline if not isinstance(item, list)]
    assert normalise(outline[0].title) == normalise(data["title"])
    nested = [normalise(item.title) for item in reader.outline[1] if not isinstance(item, list)]
    headings = [normalise(s["heading"]) for s in data["sections"]]
    start = nested.index(headings[0])
    assert nested[start : start + len(headings)] == headings
    # room for notes (page balancing) is printed, but is no chapter of the outline
    labels = yaml.safe_load((ROOT / "styles" / "base" / "labels" / f"{lang}.yaml").read_text())
    assert normalise(labels["note_space"]) not in nested


@pytest.mark.parametrize(("slug", "lang"), CASES)
def test_fonts_are_embedded_with_unicode_maps(examples: BuildResult, slug: str, lang: str) -> None:
    fonts = pdf_fonts(pdf_for(examples, slug, lang))
    assert fonts
    assert all(f["emb"] == "yes" and f["uni"] == "yes" for f in fonts), fonts
    families = {re.sub(r"^[A-Z]{6}\+", "", f["name"]) for f in fonts}
    assert families <= {
        "Noto-Sans",
        "Noto-Sans-Bold",
        "Noto-Serif-Bold",
        "Noto-Serif",
        "Noto-Naskh-Arabic",
        "Noto-Naskh-Arabic-Bold",
        "Noto-Sans-LTR",  # left-to-right runs of right-to-left pages (fonts.ltr_alias)
        "Noto-Sans-LTR-Bold",
    }


def drawn_words(path: Path, page: int) -> list[tuple[float, float, float, str]]:
    """(top, left, right, glyphs) of every word on *page*, each word's glyphs in the
    order they are drawn from left to right (poppler's ``pdftotext -bbox``)."""
    args = ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(path), "-"]
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    found = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" [^>]*>([^<]*)<', out)
    return [(float(y), float(x0), float(x1), html.unescape(t)) for x0, y, x1, t in found]


def test_arabic_is_right_to_left_and_extracts_in_logical_order(examples: BuildResult) -> None:
    path = pdf_for(examples, "immunotherapy", "ar")
    data = content("immunotherapy", "ar")
    title = normalise(data["title"]).split()
    words = drawn_words(path, 1)
    # Right to left: the title's first word is drawn rightmost, flush with the text's edge.
    first = next(w for w in words if normalise(w[3])[::-1] == title[0])
    line = sorted((w for w in words if w[0] == first[0]), key=lambda w: -w[1])
    assert [normalise(w[3])[::-1] for w in line] == title
    assert first[2] == max(w[2] for w in words)
    # Logical order: copied text reads as written, the title and headings in sequence.
    text = normalise(pdf_text(path))
    sections = [section["heading"] for section in data["sections"]]
    found = [text.find(normalise(t)) for t in [data["title"], *sections]]
    assert -1 not in found and found == sorted(found)


PAGES = {
    ("immunotherapy", "nl"): 9, ("immunotherapy", "en"): 9, ("immunotherapy", "da"): 9,
    ("immunotherapy", "fr"): 9, ("immunotherapy", "ar"): 9,
    ("immuno-oncology-guide", "da"): 7, ("immuno-oncology-guide", "en"): 7,
    ("metastases-treatment", "nl"): 7, ("metastases-treatment", "en"): 7,
    ("refractory-cancer", "fr"): 6, ("refractory-cancer", "en"): 6,
}  # fmt: skip


@pytest.mark.parametrize(("slug", "lang"), CASES)
def test_page_count(examples: BuildResult, slug: str, lang: str) -> None:
    """A layout change that adds or drops pages should be a deliberate one."""
    assert len(PdfReader(pdf_for(examples, slug, lang)).pages) == PAGES[(slug, lang)]


def test_dates_are_written_in_the_readers_language(examples: BuildResult) -> None:
    dutch = normalise(pdf_text(pdf_for(examples, "immunotherapy", "nl")))
    english = normalise(pdf_text(pdf_for(examples, "immunotherapy", "en")))
    assert "Laatst beoordeeld: 10 februari 2026" in dutch
    assert "Last reviewed: 10 February 2026" in english


def test_review_date_is_the_leaflets_and_a_translation_adds_its_update(
    examples: BuildResult,
) -> None:
    """A translation prints the leaflet's clinical review date, and under its own label
    when the translation was last brought up to date."""
    english = normalise(pdf_text(pdf_for(examples, "immuno-oncology-guide", "en")))
    assert "Last reviewed: 1 September 2024" in english
    assert "Translation updated: 1 December 2026" in english
    assert "Last reviewed: 1 December 2026" not in english
    french = normalise(pdf_text(pdf_for(examples, "immunotherapy", "fr")))
    assert "Dernière révision : 10 février 2026" in french
    assert "Mise à jour de la traduction : 2 décembre 2026" in french
    source = normalise(pdf_text(pdf_for(examples, "immuno-oncology-guide", "da")))
    assert "Senest gennemgået: 1. september 2024" in source
    assert "Oversættelse opdateret" not in source


@pytest.mark.parametrize(
    ("slug", "lang", "updated"),
    [
        ("immuno-oncology-guide", "en", "1 December 2026"),
        ("immuno-oncology-guide", "da", None),
        ("immunotherapy", "nl", None),
        ("immunotherapy", "da", "2. december 2026"),
        ("immunotherapy", "ar", "2 ديسمبر 2026"),
    ],
)
def test_the_page_says_when_its_translation_was_updated(
    project: Project, slug: str, lang: str, updated: str | None
) -> None:
    leaflet = load_leaflet(project.leaflets / slug)
    brand = load_brand(project.styles, leaflet.meta.brand)
    labels, _ = load_labels([brand.labels, project.base / "labels"], lang, "en")
    page = resolve_page(leaflet, lang, brand, labels)
    assert page.translation_updated == updated
    assert page.reviewed == long_date(leaflet.meta.reviewed, lang)


def test_translation_names_its_source(examples: BuildResult) -> None:
    text = normalise(pdf_text(pdf_for(examples, "metastases-treatment", "en")))
    assert "Translation of the Dutch original, version 1.2" in text
    source = normalise(pdf_text(pdf_for(examples, "metastases-treatment", "nl")))
    assert "Vertaling" not in source
