"""Clinic editions: one PDF per clinic, each with its own contact block."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, pdf_text
from leafprint.build import BuildOptions, BuildResult, Project, build
from test_build import META, TEXT, add_leaflet

pytestmark = pytest.mark.e2e

CLINICS = ["oostmeer", "duinzicht", "centrum"]


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    out = tmp_path_factory.mktemp("editions")
    options = BuildOptions(slugs=["immunotherapy"], languages=["en", "nl"], formats=["a4"], out=out)
    return build(Project(ROOT), options)


def contact_data() -> dict:
    return yaml.safe_load((ROOT / "styles/westerhaven/contacts.yaml").read_text())


def flat(text: str) -> str:
    return " ".join(text.split())


def contact_block(path: Path, organisation: str) -> str:
    """The text of the contact block: from its heading to the reference list."""
    text = flat(pdf_text(path))
    start = text.rindex(f"Contact {organisation}")
    end = text.index("Bronnen" if ".nl." in path.name else "References", start)
    return text[start:end]


def test_one_pdf_per_clinic_edition(editions: BuildResult) -> None:
    assert editions.errors == []
    names = sorted(o.path.name for o in editions.outputs)
    expected = [f"immunotherapy.{lang}.pdf" for lang in ("en", "nl")]
    expected += [f"immunotherapy.{lang}.{c}.pdf" for lang in ("en", "nl") for c in CLINICS]
    assert names == sorted(expected)


@pytest.mark.parametrize("clinic", CLINICS)
@pytest.mark.parametrize("lang", ["en", "nl"])
def test_contact_block_matches_the_clinic_contact(
    editions: BuildResult, clinic: str, lang: str
) -> None:
    (path,) = [o.path for o in editions.outputs if o.edition == clinic and o.language == lang]
    data = contact_data()["contacts"][clinic]
    block = contact_block(path, data["organisation"][lang])
    assert data["organisation"][lang] in block
    assert data["department"][lang] in block
    assert data["urgent"]["label"][lang] in block
    assert data["email"] in block
    assert data["visiting_address"] in block
    for phone in data["phones"]:
        assert phone["label"][lang] in block
        assert phone["hours"][lang] in block
        national = "0" + phone["number"].removeprefix("+31 ")
        assert (national if lang == "nl" else phone["number"]) in block
    others = [c for c in CLINICS if c != clinic]
    for other in others:
        assert contact_data()["contacts"][other]["email"] not in block
    # the edition names its clinic on the title page
    name = contact_data()["clinics"][clinic]["name"][lang]
    assert name in flat(pdf_text(path)).split("Immuno")[0]


def test_general_edition_uses_the_brand_contact(editions: BuildResult) -> None:
    (path,) = [o.path for o in editions.outputs if o.edition is None and o.language == "en"]
    block = contact_block(path, "Westerhaven Hospital")
    assert "oncologie@westerhaven.example.org" in block
    assert "Edition for" not in flat(pdf_text(path))


def test_short_contact_line_in_every_footer(editions: BuildResult) -> None:
    (path,) = [o.path for o in editions.outputs if o.edition == "oostmeer" and o.language == "nl"]
    pages = [p for p in pdf_text(path).split("\f") if p.strip()]
    assert all("Contact: 072 555 0120 · Spoed: 072 555 0199" in flat(p) for p in pages)


def test_other_languages_statement_lists_what_exists(editions: BuildResult) -> None:
    (path,) = [o.path for o in editions.outputs if o.edition is None and o.language == "en"]
    languages = yaml.safe_load((ROOT / "leaflets/immunotherapy/leaflet.yaml").read_text())[
        "languages"
    ]
    assert languages == ["nl", "en", "da", "fr", "ar"]
    assert (
        "This leaflet is also available in Dutch, Danish, French and Arabic. It is also "
        "available as an A5 leaflet, a folded A5 booklet, large print and an accessible PDF "
        "for screen readers." in flat(pdf_text(path))
    )
    (dutch,) = [o.path for o in editions.outputs if o.edition is None and o.language == "nl"]
    assert "ook beschikbaar in het Engels, Deens, Frans en Arabisch." in flat(pdf_text(dutch))


def test_catalog_distinguishes_editions(editions: BuildResult) -> None:
    out = editions.outputs[0].path.parent.parent
    entries = json.loads((out / "catalog.json").read_text())["leaflets"]
    assert {e["edition"] for e in entries} == {"general", *CLINICS}
    assert {
        "file": "immunotherapy/immunotherapy.nl.duinzicht.pdf",
        "slug": "immunotherapy",
        "language": "nl",
        "format": "a4",
        "edition": "duinzicht",
        "title": "Immunotherapie bij kanker",
    } in entries


def test_vcard_qr_code_holds_the_contact(editions: BuildResult, tmp_path: Path) -> None:
    import zxingcpp
    from PIL import Image

    (path,) = [o.path for o in editions.outputs if o.edition == "centrum" and o.language == "en"]
    pages = int(
        next(
            line.split()[-1]
            for line in subprocess.run(
                ["pdfinfo", str(path)], capture_output=True, text=True, check=True
            ).stdout.splitlines()
            if line.startswith("Pages:")
        )
    )
    decoded = []
    for page in range(1, pages + 1):
        prefix = tmp_path / f"p{page}"
        subprocess.run(
            ["pdftoppm", "-png", "-r", "150", "-f", str(page), "-l", str(page), str(path), prefix],
            check=True,
        )
        for image in tmp_path.glob(f"p{page}*.png"):
            decoded += [r.text for r in zxingcpp.read_barcodes(Image.open(image))]
    vcards = [text for text in decoded if text.startswith("BEGIN:VCARD")]
    assert len(vcards) == 1
    assert "EMAIL:oncologie.centrum@westerhaven.example.org" in vcards[0]
    assert "TEL:+31205550150" in vcards[0]


def test_unknown_clinic_is_an_error_at_its_place(sandbox: Project) -> None:
    add_leaflet(sandbox, "local", META + "editions: [centrum, nowhere]\n")
    result = build(sandbox, BuildOptions(out=sandbox.root / "dist"))
    assert [str(p).split("leaflets/")[1] for p in result.errors] == [
        "local/leaflet.yaml:13:21: editions[2]: unknown clinic 'nowhere' "
        "(known: oostmeer, duinzicht, centrum)"
    ]
    assert result.outputs == []


def test_edition_contact_lacking_the_language_is_an_error(sandbox: Project) -> None:
    meta = META.replace("languages: [en]", "languages: [en, de]") + "editions: [centrum]\n"
    folder = add_leaflet(sandbox, "german", meta)
    (folder / "de.yaml").write_text('translated_from: {language: en, version: "1.0"}\n' + TEXT)
    result = build(sandbox, BuildOptions(out=sandbox.root / "dist"))
    fields = sorted({p.field for p in result.errors})
    assert "contacts.centrum.organisation" in fields
    assert "contacts.oncology.organisation" in fields
    assert all(p.message == "no text for language 'de' (has nl, en, da, fr, ar)"
               for p in result.errors)  # fmt: skip
    assert all(p.path.endswith("styles/westerhaven/contacts.yaml") for p in result.errors)
    # reported once per place, not once per PDF
    assert len(result.errors) == len({(p.line, p.column) for p in result.errors})


def test_brand_without_clinics_builds_the_general_edition(sandbox: Project) -> None:
    shutil.rmtree(sandbox.styles / "westerhaven" / "logos")
    contacts = sandbox.styles / "westerhaven" / "contacts.yaml"
    contacts.write_text(contacts.read_text().split("\n# Clinics")[0] + "\n")
    add_leaflet(sandbox, "plain")
    result = build(sandbox, BuildOptions(out=sandbox.root / "dist"))
    assert result.errors == [] and len(result.outputs) == 1
