"""The language profile: what leafprint knows of a language tag, asked in one place."""

from __future__ import annotations

import re
import shutil
import unicodedata
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
import yaml
from pypdf import PdfReader

from helpers import ROOT, pdf_fonts, pdf_text
from leafprint.checks.check import run_checks
from leafprint.checks.formulas import formula_for
from leafprint.checks.readability import target_for
from leafprint.checks.rules.translations import missing_brand_texts
from leafprint.commands.build import BuildOptions, Project, build
from leafprint.content.brands import load_brand
from leafprint.content.labels import load_labels
from leafprint.content.leaflets import load_leaflet
from leafprint.content.models import PrintOptions, ReadabilitySettings
from leafprint.content.typography import Typesetting, set_text, typeset
from leafprint.languages import NBSP, profile

NEW_LANGUAGE = Path(__file__).parent / "fixtures" / "new-language"


@pytest.mark.parametrize("tag", ["ar", "he", "fa", "ur", "ug", "sd", "syr", "ar-EG", "pa-Arab"])
def test_right_to_left_languages_come_from_cldr(tag: str) -> None:
    assert profile(tag).direction == "rtl"


@pytest.mark.parametrize("tag", ["en", "nl", "pt-BR", "pa", "tr", "zh"])
def test_other_languages_read_left_to_right(tag: str) -> None:
    assert profile(tag).direction == "ltr"


def test_a_tag_with_a_region_has_its_base_language_and_region() -> None:
    brazil = profile("pt-BR")
    assert (brazil.language, brazil.region, brazil.script) == ("pt", "BR", "Latn")
    assert brazil.tags == ("pt-BR", "pt")
    assert str(brazil.locale) == "pt_BR"
    assert profile("pt").tags == ("pt",)
    assert profile("sr-Latn").script == "Latn" and profile("sr").script == "Cyrl"


def test_a_bare_language_is_read_where_cldr_says_and_english_in_britain() -> None:
    assert [profile(tag).region for tag in ("nl", "da", "fa", "en", "en-US")] == [
        "NL",
        "DK",
        "IR",
        "GB",
        "US",
    ]
    assert str(profile("en").locale) == "en_GB"  # "10 February 2026"
    assert str(profile("xx").locale) == "en"  # babel has no such language


@pytest.mark.parametrize(
    ("tag", "csl"),
    [
        ("pt-BR", "pt-BR"),  # the tag itself
        ("nl", "nl-NL"),  # the language where it is read
        ("en", "en-GB"),
        ("fr-BE", "fr-FR"),  # no Belgian locale: the language's home region
        ("sr-Latn", "sr-Latn-RS"),  # the script decides between two Serbian locales
        ("ar", "ar"),  # a locale without a region
        ("ur", "en-GB"),  # no CSL locale for Urdu at all
    ],
)
def test_csl_locale_falls_back_from_the_tag_to_its_language(tag: str, csl: str) -> None:
    assert profile(tag).csl_locale == csl


@pytest.mark.parametrize(
    ("tag", "quotes"),
    [
        ("en", "“a” ‘b"),
        ("nl-BE", "“a” ‘b"),
        ("de-AT", "„a“ ‚b"),
        ("da", "»a« ›b"),
        ("fr-CA", f"«{NBSP}a{NBSP}» ‹{NBSP}b"),
        ("fa", "«a» ‹b"),  # no entry of its own: the Arabic script's quotes
        ("pt-BR", "“a” ‘b"),  # no entry: English quotes
    ],
)
def test_quotes_per_language(tag: str, quotes: str) -> None:
    assert set_text('"a" \'b', Typesetting(tag)) == quotes


def test_french_spacing_follows_the_base_language_and_nothing_else() -> None:
    assert profile("fr-BE").space_before_marks
    assert not profile("en").space_before_marks
    html = '<p lang="fr-CA">Oui : <span lang="en-GB">resistance: an</span>, non ?</p>'
    assert typeset(html, Typesetting("en")) == (
        f'<p lang="fr-CA">Oui{NBSP}: <span lang="en-GB">resistance: an</span>, non\u202f?</p>'
    )


def test_readability_formula_target_and_syllables_come_from_the_profile() -> None:
    assert formula_for("fr-BE") is not None and formula_for("fr-BE").name == "Kandel–Moles"
    assert formula_for("pt-BR") is not None and formula_for("pt-BR").name == "LIX"
    assert formula_for("ko") is not None  # Korean puts spaces between words
    assert formula_for("zh-TW") is None and formula_for("th") is None
    settings = ReadabilitySettings(targets={"fr-BE": 60, "da": None})
    assert [target_for(tag, settings) for tag in ("fr-BE", "fr", "nb", "da", "pt")] == [
        60,
        70,
        35,
        None,
        None,
    ]


def test_hyphenation_dictionary_is_the_one_weasyprint_uses() -> None:
    assert profile("pt-BR").hyphenation == "pt_BR"
    assert profile("de-CH").hyphenation == "de_CH"
    assert profile("ar").hyphenation is None


def test_a_brand_font_for_a_script_serves_every_language_written_in_it() -> None:
    fonts = {"ar": "Noto Naskh Arabic"}
    assert [profile(t).script_font(fonts) for t in ("ar-EG", "fa", "ur", "he", "en")] == [
        "Noto Naskh Arabic",
        "Noto Naskh Arabic",
        "Noto Naskh Arabic",
        None,
        None,
    ]
    own = {"ar": "Noto Naskh Arabic", "fa": "Vazirmatn", "Hebr": "Noto Serif Hebrew"}
    assert [profile(t).script_font(own) for t in ("fa-IR", "ur", "he")] == [
        "Vazirmatn",
        "Noto Naskh Arabic",
        "Noto Serif Hebrew",
    ]


def test_arabic_script_is_set_larger_unless_the_brand_says_otherwise() -> None:
    assert [PrintOptions().script_size(t) for t in ("ar-EG", "ug", "he", "en")] == [
        1.125,
        1.125,
        1.0,
        1.0,
    ]
    assert PrintOptions(script_sizes={"ar": 1.2}).script_size("ar-EG") == 1.2


def test_no_module_but_the_profile_splits_a_language_tag() -> None:
    split = re.compile(r"""\.(?:split|partition)\(["']-["']\)""")
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted((ROOT / "src" / "leafprint").rglob("*.py"))
        if path.name != "languages.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if split.search(line) and "language" in line.lower()
    ]
    assert found == []


# --- adding a language: the places the README names -----------------------------------

# The brand's own texts in Persian (brand.yaml and contacts.yaml), by where they go.
PERSIAN_BRAND_TEXTS: dict[tuple[str | int, ...], str] = {
    ("brand.yaml", "name"): "بیمارستان وسترهاون",
    ("brand.yaml", "disclaimer"): (
        "این بروشور اطلاعات عمومی می‌دهد. پزشک یا پرستار شما وضعیت شما را می‌شناسد و "
        "توصیهٔ مناسب شما را می‌دهد."
    ),
    ("brand.yaml", "quality_mark", "name"): "اطلاعات قابل اعتماد برای بیماران (نمونه)",
    ("contacts.yaml", "contacts", "oncology", "organisation"): "بیمارستان وسترهاون",
    ("contacts.yaml", "contacts", "oncology", "department"): "بخش انکولوژی پزشکی",
    ("contacts.yaml", "contacts", "oncology", "phones", 0, "label"): "درمانگاه سرپایی سرطان",
    ("contacts.yaml", "contacts", "oncology", "phones", 0, "hours"): ("دوشنبه تا جمعه، ۸:۳۰ تا ۱۷"),
    ("contacts.yaml", "contacts", "oncology", "urgent", "label"): (
        "فوری: تب، تنگی نفس یا اسهال شدید"
    ),
    ("contacts.yaml", "contacts", "oncology", "urgent", "hours"): "شبانه‌روزی، هفت روز هفته",
    ("contacts.yaml", "contacts", "oncology", "visiting_address", "directions"): (
        "ورودی اصلی، مسیر ۴۲ (طبقهٔ دوم)"
    ),
    ("contacts.yaml", "contacts", "oncology", "feedback"): (
        "برای قدردانی یا شکایت به patientenservice@westerhaven.example.org ایمیل بزنید."
    ),
}


def readable(text: str) -> str:
    """*text* without format characters (bidi controls, the zero-width non-joiner, which
    pdftotext drops) or combining marks, for comparisons."""
    kept = (c for c in text if unicodedata.category(c) not in {"Cf", "Mn"})
    return " ".join("".join(kept).split())


def add_brand_texts(brand: Path, texts: dict[tuple[str | int, ...], str], tag: str) -> None:
    """Give each localised brand text in *texts* its *tag* version."""
    files: dict[str, Any] = {}
    for (name, *path), text in texts.items():
        data = files.setdefault(name, yaml.safe_load((brand / name).read_text("utf-8")))
        for key in path:
            data = data[key]
        data[tag] = text
    for name, data in files.items():
        (brand / name).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


@pytest.mark.e2e
def test_a_new_language_needs_only_its_files_and_the_brand_texts(sandbox: Project) -> None:
    """Persian, which the examples lack: its labels and plain words, a leaflet, and the
    brand's texts in it. Direction, quotes, script font and size come from its profile."""
    shutil.copytree(NEW_LANGUAGE, sandbox.root, dirs_exist_ok=True)
    add_brand_texts(sandbox.styles / "westerhaven", PERSIAN_BRAND_TEXTS, "fa")
    report = run_checks(sandbox.root)
    codes = [finding.problem.code for finding in report.findings]
    assert "LP310" not in codes and "PL102" not in codes, [str(f) for f in report.findings]

    result = build(sandbox, BuildOptions(formats=["a4"], out=sandbox.root / "dist"))
    assert result.errors == []
    assert not [w for w in result.warnings if "font" in str(w) or "LP310" in str(w)]
    [pdf] = [o.path for o in result.outputs if o.path.suffix == ".pdf"]

    assert PdfReader(pdf).trailer["/Root"]["/Lang"] == "fa"
    text = readable(pdf_text(pdf))
    for words in ("خواب بهتر در دوران درمان", "نکته‌های اصلی", "«اینسومنیا»", "تماس با ما"):
        assert readable(words) in text
    families = {re.sub(r"^[A-Z]{6}\+", "", font["name"]) for font in pdf_fonts(pdf)}
    assert "Noto-Naskh-Arabic" in families  # the brand's Arabic-script font
    with pdfplumber.open(pdf) as document:
        chars = document.pages[0].chars
    title = [c for c in chars if c["size"] > 30]
    body = [c for c in chars if c["size"] == pytest.approx(13.5)]  # 12 pt × 1.125 (Naskh)
    assert title and body and {c["fontname"][7:] for c in body} >= {"Noto-Naskh-Arabic"}
    # right to left: the title starts where the text's lines start, at the right margin
    assert max(c["x1"] for c in title) == pytest.approx(max(c["x1"] for c in body), abs=2)
    assert min(c["x0"] for c in title) - min(c["x0"] for c in body) > 50


def test_a_regional_variant_uses_its_language_s_brand_texts_and_labels() -> None:
    brand = load_brand(ROOT / "styles", "westerhaven")
    leaflet = load_leaflet(ROOT / "leaflets" / "metastases-treatment")
    assert brand.name("fr-BE") == "Hôpital Westerhaven"
    assert missing_brand_texts(leaflet, brand, "fr-BE") == []
    assert missing_brand_texts(leaflet, brand, "pl")[:3] == [
        "the brand name (brand.yaml name)",
        "the disclaimer (brand.yaml disclaimer)",
        "the quality mark (brand.yaml quality_mark name)",
    ]
    labels, warnings = load_labels(
        [brand.labels, ROOT / "styles" / "base" / "labels"], "fr-BE", "en"
    )
    assert (labels.contact, warnings) == ("Contact", [])
    assert labels.references == "Références"
