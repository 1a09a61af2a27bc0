"""Clinic editions: one PDF per clinic, each with its own contact block, checked in the PDFs."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import phonenumbers
import pytest
import yaml
from pypdf import PdfReader

from helpers import META, ROOT, TEXT, add_leaflet, pdf_text, seed
from leafprint.commands.build import BuildOptions, BuildResult, Output, Project, build

pytestmark = pytest.mark.e2e

CLINICS = ["oostmeer", "duinzicht", "centrum"]
LANGUAGES = ["en", "nl"]
FORMATS = ["a4", "a5"]
COUNTRY_NAME = {"en": "Netherlands", "nl": None}  # a Dutch reader is not told the country
FOOTER_CODE = {"en": "Leaflet ONC-012-EN", "nl": "Folder ONC-012-NL"}  # an edition adds -OOSTMEER


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory, every_format: BuildResult) -> BuildResult:
    """Every edition of immunotherapy in LANGUAGES and FORMATS; the general editions come
    from ``every_format`` through the build cache, the clinic editions are rendered."""
    out = tmp_path_factory.mktemp("editions")
    general = [o for o in every_format.outputs if o.slug == "immunotherapy"]
    seed(out, [o.path for o in general if o.language in LANGUAGES and o.format in FORMATS])
    options = BuildOptions(slugs=["immunotherapy"], languages=LANGUAGES, formats=FORMATS, out=out)
    return build(Project(ROOT), options)


def contact_data() -> dict:
    return yaml.safe_load((ROOT / "styles/westerhaven/contacts.yaml").read_text())


def flat(text: str) -> str:
    """One line; words broken after a hyphen or an e-mail address after its @ joined again."""
    return re.sub(r"(?<=\S[-–@]) ", "", " ".join(text.split()))


def output(result: BuildResult, edition: str | None, lang: str, fmt: str = "a4") -> Output:
    (found,) = [
        o for o in result.outputs if (o.edition, o.language, o.format) == (edition, lang, fmt)
    ]
    return found


def pages(path: Path) -> list[str]:
    return [flat(page) for page in pdf_text(path).split("\f") if page.strip()]


def contact_block(path: Path, lang: str, organisation: str) -> str:
    """The contact block's text: from its heading to the running footer of the last page
    (or the end of an A5 back page)."""
    last = pages(path)[-1].replace("’", "'")  # (typeset apostrophes)
    start = last.index(f"Contact {organisation}")
    end = last.find(FOOTER_CODE[lang], start)  # an A5 back page has no footer
    return last[start : end if end >= 0 else None]


def shown(number: str, lang: str) -> str:
    parsed = phonenumbers.parse(number)
    style = phonenumbers.PhoneNumberFormat
    return phonenumbers.format_number(
        parsed, style.NATIONAL if lang == "nl" else style.INTERNATIONAL
    )


def links(path: Path) -> list[set[str]]:
    """The URIs of the link annotations on each page."""
    return [
        {
            str(a.get_object()["/A"]["/URI"])
            for a in page.get("/Annots") or []
            if "/A" in a.get_object()
        }
        for page in PdfReader(path).pages
    ]


def test_one_pdf_per_clinic_edition_and_format(editions: BuildResult) -> None:
    assert editions.errors == []
    names = sorted(o.path.name for o in editions.outputs)
    suffix = {"a4": "", "a5": ".a5"}
    expected = [
        f"immunotherapy.{lang}{'.' + clinic if clinic else ''}{suffix[fmt]}.pdf"
        for lang in LANGUAGES
        for clinic in [None, *CLINICS]
        for fmt in FORMATS
    ]
    assert names == sorted(expected)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("clinic", CLINICS)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_contact_block_matches_the_clinic_contact(
    editions: BuildResult, clinic: str, lang: str, fmt: str
) -> None:
    path = output(editions, clinic, lang, fmt).path
    data = contact_data()["contacts"][clinic]
    block = contact_block(path, lang, data["organisation"][lang])  # on the last page
    expected = [data["organisation"][lang], data["department"][lang], data["email"]]
    expected += [data["web"].removeprefix("https://")]
    urgent = data["urgent"]
    expected += [urgent["label"][lang], shown(urgent["number"], lang), urgent["hours"][lang]]
    if lang == "nl":  # at home the urgent line is also given for calls from abroad
        expected.append(f"Vanuit het buitenland: {urgent['number']}")
    for phone in data["phones"]:
        expected += [phone["label"][lang], shown(phone["number"], lang), phone["hours"][lang]]
    for kind in ("visiting_address", "postal_address"):
        if address := data.get(kind):
            lines = [address["street"], f"{address['postcode']} {address['city']}"]
            lines += [COUNTRY_NAME[lang]] if COUNTRY_NAME[lang] else []
            expected.append(" ".join(lines))
            if "directions" in address:
                expected.append(address["directions"][lang])
    if "feedback" in data:
        expected.append(data["feedback"][lang])
    # (pdftotext drops a hyphen at the end of a line: compare without hyphens)
    assert [text for text in expected if text.replace("-", "") not in block.replace("-", "")] == []
    assert COUNTRY_NAME["en"] not in block if lang == "nl" else True
    for other in [*CLINICS, "oncology"]:
        if other != clinic:
            assert contact_data()["contacts"][other]["email"] not in block
    # the whole block is on the last page: its heading appears nowhere before
    assert all(f"Contact {data['organisation'][lang]}" not in page for page in pages(path)[:-1])


@pytest.mark.parametrize("clinic", CLINICS)
def test_every_number_is_a_tel_link(editions: BuildResult, clinic: str) -> None:
    path = output(editions, clinic, "en").path
    data = contact_data()["contacts"][clinic]
    numbers = [p["number"] for p in data["phones"]] + [data["urgent"]["number"]]
    tel = {phonenumbers.format_number(phonenumbers.parse(n), phonenumbers.PhoneNumberFormat.RFC3966)
           for n in numbers}  # fmt: skip
    last = links(path)[-1]
    assert tel <= last
    assert f"mailto:{data['email']}" in last and data["web"] in last


@pytest.mark.parametrize("clinic", CLINICS)
def test_the_edition_names_its_clinic_on_the_title_page(editions: BuildResult, clinic: str) -> None:
    for lang in LANGUAGES:
        first = pages(output(editions, clinic, lang).path)[0]
        name = contact_data()["clinics"][clinic]["name"][lang]
        label = {"en": "Edition for", "nl": "Uitgave voor"}[lang]
        assert f"{label} {name}" in first


def test_co_branded_edition_shows_the_clinic_logo(editions: BuildResult) -> None:
    first = pages(output(editions, "duinzicht", "nl").path)[0]
    general = pages(output(editions, None, "nl").path)[0]
    assert "Duinzicht" in first.split("Uitgave voor")[0]  # the logo's own text, in the masthead
    assert "Duinzicht" not in general


def test_general_edition_uses_the_brand_contact(editions: BuildResult) -> None:
    path = output(editions, None, "en").path
    block = contact_block(path, "en", "Westerhaven Hospital")
    assert "oncologie@westerhaven.example.org" in block
    assert "Main entrance, route 42 (second floor)" in block
    assert "Edition for" not in " ".join(pages(path))


@pytest.mark.parametrize("fmt", FORMATS)
def test_short_contact_line_in_every_footer(editions: BuildResult, fmt: str) -> None:
    path = output(editions, "oostmeer", "nl", fmt).path
    line = re.compile(r"Contact: 072 555 0120 · !? ?Spoed: 072 555 0199")
    body = pages(path)[1:-1] if fmt == "a5" else pages(path)  # A5 covers have no footer
    assert all(line.search(page) for page in body)
    uris = links(path)[1:-1] if fmt == "a5" else links(path)
    assert all({"tel:+31-72-555-0120", "tel:+31-72-555-0199"} <= page for page in uris)


def test_other_languages_statement_lists_what_exists(editions: BuildResult) -> None:
    meta = yaml.safe_load((ROOT / "leaflets/immunotherapy/leaflet.yaml").read_text())
    assert meta["languages"] == ["nl", "en", "da", "fr", "ar"]
    assert "formats" not in meta  # the brand's formats apply
    brand = yaml.safe_load((ROOT / "styles/westerhaven/brand.yaml").read_text())
    assert brand["formats"] == ["a4", "a5", "booklet", "large-print", "press", "screen"]
    english = " ".join(pages(output(editions, None, "en").path))
    assert (
        "Other languages and formats This leaflet is also available in Dutch, Danish, French and "
        "Arabic. It is also available as an A5 leaflet, a folded A5 booklet, large print and an "
        "accessible PDF for screen readers." in english
    )
    # An A5 copy names the A4 leaflet among the others, never itself or the press file.
    # (pdftotext drops a hyphen at a line end, "A4-folder" may come out as "A4folder".)
    dutch_a5 = " ".join(pages(output(editions, "centrum", "nl", "a5").path)).replace("-", "")
    assert (
        "Andere talen en vormen Deze folder is ook beschikbaar in het Engels, Deens, Frans en "
        "Arabisch. U kunt hem ook krijgen als een A4-folder, een gevouwen A5-boekje, een "
        "uitgave in grote letters en een toegankelijke pdf voor schermlezers.".replace("-", "")
        in dutch_a5
    )
    english_a5 = " ".join(pages(output(editions, None, "en", "a5").path))
    assert "also available as an A4 leaflet, a folded A5 booklet," in english_a5
    assert "an A5 leaflet" not in english_a5 and "print-ready" not in english_a5


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
        "version": "2.1",
        "printed_code": "ONC-012-NL-DUINZICHT",
    } in entries


def test_vcard_qr_code_holds_the_contact(editions: BuildResult, tmp_path: Path) -> None:
    import zxingcpp
    from PIL import Image

    path = output(editions, "centrum", "en").path
    last = len(PdfReader(path).pages)
    prefix = tmp_path / "last"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "150", "-f", str(last), "-l", str(last), str(path), prefix],
        check=True,
    )
    (image,) = tmp_path.glob("last*.png")
    vcards = [r.text for r in zxingcpp.read_barcodes(Image.open(image))]
    vcards = [text for text in vcards if text.startswith("BEGIN:VCARD")]
    assert len(vcards) == 1
    assert "EMAIL:oncologie.centrum@westerhaven.example.org" in vcards[0]
    assert "TEL:+31205550150" in vcards[0] and "TEL:+31205550199" in vcards[0]
    assert "ADR:;;Marktplein 1;Westerhaven;;1011 ZZ;NL" in vcards[0]


def test_unknown_clinic_is_an_error_at_its_place(sandbox: Project) -> None:
    add_leaflet(sandbox, "local", META + "editions: [centrum, nowhere]\n")
    result = build(sandbox, BuildOptions(out=sandbox.root / "dist"))
    assert [str(p).split("leaflets/")[1] for p in result.errors] == [
        "local/leaflet.yaml:13:21: editions[2]: unknown clinic 'nowhere' "
        "(known: oostmeer, duinzicht, centrum)"
    ]
    assert result.outputs == []


def test_edition_contact_lacking_the_language_falls_back_with_one_warning(
    sandbox: Project,
) -> None:
    meta = META.replace("languages: [en]", "languages: [en, de]") + "editions: [centrum]\n"
    for slug in ("german", "german-too"):  # two leaflets, one brand: the warning once
        folder = add_leaflet(sandbox, slug, meta)
        (folder / "de.yaml").write_text('translated_from: {language: en, version: "1.0"}\n' + TEXT)
    result = build(sandbox, BuildOptions(out=sandbox.root / "dist", formats=["a4"]))
    assert result.errors == []
    (warning,) = [w for w in result.warnings if w.code == "LP310"]
    assert (warning.path.endswith("styles/westerhaven/brand.yaml"), warning.line) == (True, 3)
    assert warning.message.startswith(
        "no brand texts in 'de' for the brand name (brand.yaml name); the disclaimer "
        "(brand.yaml disclaimer); the quality mark (brand.yaml quality_mark name); contacts.yaml "
        "contacts.oncology.organisation, contacts.oncology.department, "
    )
    assert warning.message.endswith(
        "contacts.centrum.feedback, clinics.centrum.name: using 'en' instead; translate them"
    )
    german = [o.path for o in result.outputs if o.language == "de" and o.edition == "centrum"]
    assert "City Centre Oncology Clinic" in pdf_text(german[0])


def test_leaflet_contact_override_for_the_general_edition(sandbox: Project) -> None:
    add_leaflet(sandbox, "local", META + "contact: centrum\n")
    result = build(sandbox, BuildOptions(out=sandbox.root / "dist"))
    assert result.errors == []
    assert "oncologie.centrum@westerhaven.example.org" in flat(pdf_text(result.outputs[0].path))


def test_unknown_leaflet_contact_is_an_error(sandbox: Project) -> None:
    add_leaflet(sandbox, "local", META + "contact: nobody\n")
    result = build(sandbox, BuildOptions(out=sandbox.root / "dist"))
    assert [f"{p.line}:{p.column}: {p.field}: {p.message}" for p in result.errors] == [
        "13:10: contact: no contact 'nobody' in westerhaven's contacts.yaml "
        "(known: oncology, oostmeer, duinzicht, centrum)"
    ]


def test_edition_option_selects_editions_and_rejects_unknown_names(sandbox: Project) -> None:
    add_leaflet(sandbox, "local", META + "editions: [centrum, oostmeer]\n")
    out = sandbox.root / "dist"
    chosen = build(sandbox, BuildOptions(editions=["general", "oostmeer"], out=out))
    assert sorted(o.path.name for o in chosen.outputs) == ["local.en.oostmeer.pdf", "local.en.pdf"]
    typo = build(sandbox, BuildOptions(editions=["oostmer"], out=out))
    assert [(p.field, p.message) for p in typo.errors] == [
        ("--edition", "no leaflet has the edition 'oostmer' (editions: general, centrum, oostmeer)")
    ]
    assert typo.outputs == []


def test_brand_without_clinics_builds_the_general_edition(sandbox: Project) -> None:
    shutil.rmtree(sandbox.styles / "westerhaven" / "logos")
    contacts = sandbox.styles / "westerhaven" / "contacts.yaml"
    contacts.write_text(contacts.read_text().split("\n# Clinics")[0] + "\n")
    add_leaflet(sandbox, "plain")
    result = build(sandbox, BuildOptions(out=sandbox.root / "dist"))
    assert result.errors == [] and len(result.outputs) == 1
