"""Patient-information standards the other test files did not yet prove: each test mutates
a copy of an example and asserts the exact message an editor sees (the README's table
"Standards for patient information" names these tests)."""

from __future__ import annotations

from pathlib import Path

from conftest import copy_example
from leafprint.build import Project
from test_check import findings


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
