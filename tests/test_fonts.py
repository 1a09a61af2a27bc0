"""Font checks: a character no brand font can show is reported, never printed as a box."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import META, TEXT, add_leaflet, pdf_fonts
from leafprint.commands.build import BuildOptions, Project, build
from leafprint.content.models import Fonts
from leafprint.layout.fonts import (
    brand_families,
    check_families,
    check_text,
    family_files,
    font_file,
    uncovered_characters,
    visible_text,
)

FONTS = Fonts(body="Noto Sans", headings="Noto Serif", scripts={"ar": "Noto Naskh Arabic"})
SOURCE = Path("leaflets/x/en.yaml")


def test_brand_families_put_the_script_font_first() -> None:
    assert brand_families(FONTS, "ar") == ["Noto Naskh Arabic", "Noto Sans", "Noto Serif"]
    assert brand_families(FONTS, "en") == ["Noto Sans", "Noto Serif", "Noto Naskh Arabic"]


def test_font_files_come_from_fontconfig() -> None:
    path = font_file("Noto Sans")
    assert path is not None and Path(path).is_file()
    assert font_file("No Such Font Anywhere") is None  # fontconfig would substitute one


def test_a_familys_files_are_every_style_fontconfig_lists_for_it() -> None:
    files = family_files(["Noto Serif", "NO SUCH FONT ANYWHERE"])
    assert {font_file("Noto Serif"), font_file("Noto Serif", bold=True)} <= set(files)
    assert any("Italic" in Path(file).name for file in files)  # emphasis is set in it too
    assert font_file("Noto Sans") not in files
    assert family_files(["No Such Font Anywhere"]) == []


def test_uncovered_characters_are_named() -> None:
    text = "Fever ✓ call ☎ مرحبا é"
    assert uncovered_characters(text, ["Noto Sans", "Noto Naskh Arabic"]) == [
        "U+260E BLACK TELEPHONE ('☎')",
        "U+2713 CHECK MARK ('✓')",
    ]
    latin_only = uncovered_characters(text, ["Noto Sans"])
    assert "U+0645 ARABIC LETTER MEEM ('م')" in latin_only


def test_visible_text_skips_styles_svg_and_head() -> None:
    document = (
        "<html><head><title>☎</title><style>p::before { content: '✓' }</style></head>"
        "<body><p>a &amp; b</p><svg><title>★</title><path d='M0 0'/></svg></body></html>"
    )
    assert visible_text(document).split() == ["a", "&", "b"]


def test_check_text_names_leaflet_language_and_character() -> None:
    problems = check_text("<p>Take ✓</p>", FONTS, "en", "guide (en)", SOURCE)
    assert [p.message for p in problems] == [
        "no brand font can show U+2713 CHECK MARK ('✓') in guide (en)"
    ]


def test_missing_brand_font_is_reported() -> None:
    fonts = Fonts(body="No Such Font Anywhere", headings="Noto Sans")
    problems = check_text("<p>text</p>", fonts, "en", "guide (en)", SOURCE)
    assert [p.message for p in problems] == ["brand font 'No Such Font Anywhere' is not installed"]


@pytest.mark.slow
def test_build_reports_characters_without_a_brand_font_once(sandbox: Project) -> None:
    meta = META.replace("formats: [a4]", "formats: [a4, screen]")
    add_leaflet(sandbox, "glyphs", meta, TEXT.replace("Some text", "Some text ✓ ☎"))
    result = build(sandbox, BuildOptions(out=sandbox.root / "dist"))
    messages = [w.message for w in result.warnings if w.field == "(fonts)"]
    assert messages.count("no brand font can show U+2713 CHECK MARK ('✓') in glyphs (en)") == 1
    assert "no brand font can show U+260E BLACK TELEPHONE ('☎') in glyphs (en)" in messages
    assert any(m.startswith("the PDF uses the fallback font") for m in messages)
    assert len(result.outputs) == 2


ARABIC_META = META.replace(
    "source_language: en\nlanguages: [en]", "source_language: ar\nlanguages: [ar]"
)
ARABIC_TEXT = """\
title: العلاج المناعي
summary: تحدّث طبيبك معك عن العلاج المناعي.
sections:
  - heading: ما هو العلاج المناعي؟
    body: يحمي جهاز المناعة جسمك من البكتيريا والفيروسات (PD-1).
"""


@pytest.mark.slow
def test_arabic_leaflet_uses_the_brand_script_font(sandbox: Project) -> None:
    folder = add_leaflet(sandbox, "arabic", ARABIC_META)
    (folder / "en.yaml").unlink()
    (folder / "ar.yaml").write_text(ARABIC_TEXT, encoding="utf-8")
    result = build(sandbox, BuildOptions(out=sandbox.root / "dist"))
    assert result.errors == []
    assert [w for w in result.warnings if w.field == "(fonts)"] == []
    names = {row["name"].split("+")[-1] for row in pdf_fonts(result.outputs[0].path)}
    assert "Noto-Naskh-Arabic" in names
    assert all(row["emb"] == "yes" for row in pdf_fonts(result.outputs[0].path))


def test_the_left_to_right_name_of_the_body_font_is_a_brand_font() -> None:
    """Right-to-left pages set Latin runs in the body font under another name
    (:func:`leafprint.layout.fonts.ltr_alias`); the font check knows it."""
    assert check_families({"noto sans ltr", "noto naskh arabic"}, FONTS, "x (ar)", SOURCE) == []
    assert len(check_families({"dejavu sans"}, FONTS, "x (ar)", SOURCE)) == 1
