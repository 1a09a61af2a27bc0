"""Waiting-room posters: every leaflet of an edition, its title in each language, and a QR
code that opens a page listing the leaflet's languages; only what may be handed out."""

from __future__ import annotations

import html
import io
import json
import re
import shutil
import subprocess
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from helpers import ROOT, pdf_fonts, pdf_text
from leafprint.commands.build import BuildOptions, BuildResult, Project, build
from leafprint.publish.web import web_path

pytestmark = pytest.mark.slow  # every test here renders PDFs

WESTERHAVEN = "posters/westerhaven"
IMMUNOTHERAPY = {
    "nl": "Immunotherapie bij kanker",
    "en": "Immunotherapy for cancer",
    "da": "Immunterapi mod kræft",
    "fr": "L'immunothérapie contre le cancer",
    "ar": "العلاج المناعي للسرطان",
}
METASTASES_EN = "Treatment of metastases"


@dataclass(frozen=True)
class Posters:
    project: Project
    out: Path
    made: BuildResult  # the build that made the posters
    first: dict[str, bytes]  # the posters as first made


def text(path: Path) -> str:
    """The PDF's text, without the direction marks pdftotext puts around Arabic runs, its
    lines joined."""
    return " ".join(re.sub("[\u202a-\u202e]", "", pdf_text(path)).split())


def qr_codes(path: Path) -> list[str]:
    import zxingcpp

    png = subprocess.run(
        ["pdftoppm", "-png", "-r", "100", "-f", "1", "-l", "1", str(path)],
        capture_output=True,
        check=True,
    ).stdout
    return sorted(result.text for result in zxingcpp.read_barcodes(Image.open(io.BytesIO(png))))


@pytest.fixture(scope="module")
def posters(tmp_path_factory: pytest.TempPathFactory) -> Posters:
    root = tmp_path_factory.mktemp("project")
    for folder in ("leaflets", "styles"):
        shutil.copytree(ROOT / folder, root / folder)
    project, out = Project(root), root / "dist"
    # the web editions: immunotherapy in every language (general and Oostmeer pages),
    # metastases-treatment in English, and the draft refractory-cancer in English
    first = build(
        project,
        BuildOptions(slugs=["immunotherapy"], formats=["screen"], editions=["oostmeer"], out=out),
    )
    leaflets = ["metastases-treatment", "refractory-cancer"]
    second = build(
        project, BuildOptions(slugs=leaflets, formats=["screen"], languages=["en"], out=out)
    )
    assert first.errors == second.errors == []
    made = build(project, BuildOptions(formats=["poster-a3", "poster-a4"], out=out))
    assert made.errors == []
    files = {
        p.relative_to(out).as_posix(): p.read_bytes() for p in (out / "posters").rglob("*.pdf")
    }
    return Posters(project, out, made, files)


def test_an_edition_poster_lists_each_leaflet_with_its_title_in_every_language(
    posters: Posters,
) -> None:
    general = text(posters.out / WESTERHAVEN / "general.poster-a3.pdf")
    for title in [*IMMUNOTHERAPY.values(), METASTASES_EN]:
        assert title in general
    assert "Onze folders in uw taal" in general  # most of its leaflets are Dutch
    clinic = text(posters.out / WESTERHAVEN / "oostmeer.poster-a4.pdf")
    assert "Oncologisch Dagcentrum Oostmeer" in clinic
    assert all(title in clinic for title in IMMUNOTHERAPY.values())
    assert METASTASES_EN not in clinic  # Oostmeer does not hand it out
    assert "امسح الرمز واختر لغتك" in clinic  # "scan the code" in Arabic too


def test_each_title_is_set_in_its_own_script_with_the_brand_fonts(posters: Posters) -> None:
    rows = pdf_fonts(posters.out / WESTERHAVEN / "general.poster-a3.pdf")
    fonts = {row["name"].split("+")[-1] for row in rows}
    assert fonts == {"Noto-Sans", "Noto-Sans-Bold", "Noto-Naskh-Arabic", "Noto-Naskh-Arabic-Bold"}
    assert all(row["emb"] == "yes" for row in rows)


def language_links(out: Path, url: str) -> dict[str, Path]:
    """The language page at *url*: each language it links to, and the page it opens."""
    path = web_path(url, out)
    page = html.unescape(path.read_text(encoding="utf-8"))
    links = re.findall(r'<a href="([^"]+)" hreflang="([^"]+)"', page)
    return {language: (path.parent / href / "index.html").resolve() for href, language in links}


def test_every_qr_code_opens_a_page_with_that_leaflets_languages(posters: Posters) -> None:
    codes = qr_codes(posters.out / WESTERHAVEN / "general.poster-a3.pdf")
    assert codes == [
        "https://leaflets.westerhaven.example.org/immunotherapy/",
        "https://leaflets.westerhaven.example.org/metastases-treatment/",
    ]
    links = language_links(posters.out, codes[0])
    assert sorted(links) == sorted(IMMUNOTHERAPY)
    for language, target in links.items():
        assert target == web_path(f"{codes[0]}{language}", posters.out).resolve()
        assert IMMUNOTHERAPY[language] in html.unescape(target.read_text(encoding="utf-8"))
    assert sorted(language_links(posters.out, codes[1])) == ["en"]  # the only one built
    clinic = qr_codes(posters.out / WESTERHAVEN / "oostmeer.poster-a4.pdf")
    assert clinic == ["https://leaflets.westerhaven.example.org/immunotherapy/oostmeer/"]
    links = language_links(posters.out, clinic[0])
    assert sorted(links) == sorted(IMMUNOTHERAPY)
    for language, target in links.items():  # each language's Oostmeer edition
        assert target == web_path(f"{codes[0]}{language}/oostmeer", posters.out).resolve()
        assert target.is_file()


def test_a_draft_leaflet_is_on_no_poster(posters: Posters) -> None:
    assert not (posters.out / "posters/lumen").exists()  # its only leaflet built is a draft
    for path in (posters.out / "posters").rglob("*.pdf"):
        assert "Refractory cancer" not in text(path)


def test_the_posters_pass_the_preflight_and_are_in_the_catalog(posters: Posters) -> None:
    assert [w for w in posters.made.warnings if "poster" in w.message] == []
    catalog = json.loads((posters.out / "catalog.json").read_text(encoding="utf-8"))
    listed = sorted(p["file"] for p in catalog["posters"])
    assert listed == sorted(posters.first)
    assert len(listed) == 4  # the general and the Oostmeer edition (the only ones built), A3 and A4
    index = (posters.out / "index.html").read_text(encoding="utf-8")
    assert f'href="{WESTERHAVEN}/oostmeer.poster-a3.pdf"' in index


def test_a_poster_is_made_again_with_the_same_bytes(posters: Posters) -> None:
    name = f"{WESTERHAVEN}/oostmeer.poster-a3.pdf"
    (posters.out / name).unlink()
    options = BuildOptions(formats=["poster-a3"], editions=["oostmeer"], out=posters.out)
    build(posters.project, options)
    assert (posters.out / name).read_bytes() == posters.first[name]


def test_a_leaflet_poster_says_it_is_available_in_your_language(posters: Posters) -> None:
    options = BuildOptions(
        slugs=["immunotherapy"], formats=["poster-a3"], editions=["oostmeer"], out=posters.out
    )
    assert build(posters.project, options).errors == []
    path = posters.out / WESTERHAVEN / "oostmeer/immunotherapy.poster-a3.pdf"
    found = text(path)
    assert "Deze folder is er ook in uw taal" in found
    assert all(title in found for title in IMMUNOTHERAPY.values())
    assert qr_codes(path) == ["https://leaflets.westerhaven.example.org/immunotherapy/oostmeer/"]
    assert len(PdfReader(path).pages) == 1


def test_the_preflight_checks_a_posters_text_size(posters: Posters) -> None:
    css = posters.project.styles / "westerhaven" / "poster.css"
    css.write_text(".poster-language { font-size: 9pt; }\n", encoding="utf-8")
    try:
        options = BuildOptions(formats=["poster-a3"], editions=["oostmeer"], out=posters.out)
        warnings = [w.message for w in build(posters.project, options).warnings]
    finally:
        css.unlink()
    assert any(
        m.startswith(f"{WESTERHAVEN}/oostmeer.poster-a3.pdf (every language, oostmeer edition, ")
        and "text in 9.0 pt, under the 18 pt minimum of this format: 'Nederlands'" in m
        for m in warnings
    ), warnings


def test_a_withdrawn_leaflet_leaves_the_posters_at_the_next_build(posters: Posters) -> None:
    leaflet = posters.project.leaflets / "metastases-treatment" / "leaflet.yaml"
    with leaflet.open("a", encoding="utf-8") as stream:
        stream.write(
            "withdrawn:\n  date: 2026-12-01\n  reason: {nl: Verouderd., en: Out of date.}\n"
        )
    result = build(posters.project, replace(BuildOptions(out=posters.out), formats=["poster-a4"]))
    assert all(p.code != "LP214" for p in result.errors)
    general = text(posters.out / WESTERHAVEN / "general.poster-a3.pdf")  # made again, too
    assert METASTASES_EN not in general
    assert IMMUNOTHERAPY["ar"] in general
    codes = qr_codes(posters.out / WESTERHAVEN / "general.poster-a3.pdf")
    assert codes == ["https://leaflets.westerhaven.example.org/immunotherapy/"]
    # a poster still on the wall: its code leads to the notice that replaces the page
    links = language_links(
        posters.out, "https://leaflets.westerhaven.example.org/metastases-treatment/"
    )
    assert "was withdrawn on" in links["en"].read_text(encoding="utf-8")


def test_a_poster_with_no_leaflet_left_is_removed(posters: Posters) -> None:
    leaflet = posters.project.leaflets / "immunotherapy" / "leaflet.yaml"
    with leaflet.open("a", encoding="utf-8") as stream:
        stream.write(
            "withdrawn:\n  date: 2026-12-01\n  reason: {nl: Verouderd., en: Out of date.}\n"
        )
    build(posters.project, BuildOptions(formats=["poster-a3"], out=posters.out))
    assert list((posters.out / "posters").rglob("*.pdf")) == []
    catalog = json.loads((posters.out / "catalog.json").read_text(encoding="utf-8"))
    assert catalog["posters"] == []
