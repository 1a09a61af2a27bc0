"""The build stage by stage: bad input is reported with its place, good leaflets still build."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import META, TEXT, add_leaflet, pdf_text
from leafprint.commands.build import BuildOptions, BuildResult, Found, Project, build
from leafprint.errors import Problem


def run(project: Project, **options: object) -> tuple[list[str], list[Path]]:
    out = project.root / "dist"
    result = build(project, BuildOptions(out=out, **options))  # type: ignore[arg-type]
    root = str(project.root) + "/"
    return [str(p).replace(root, "") for p in result.errors], [o.path for o in result.outputs]


@pytest.mark.slow
def test_good_leaflet_builds(sandbox: Project) -> None:
    add_leaflet(sandbox, "good")
    errors, paths = run(sandbox)
    assert errors == []
    assert paths == [sandbox.root / "dist/good/good.en.pdf"]
    text = pdf_text(paths[0])
    assert "A test leaflet" in text
    assert "<script>alert(1)</script>" in text  # raw HTML is shown as text


@pytest.mark.slow
def test_errors_in_one_leaflet_do_not_stop_the_others(sandbox: Project) -> None:
    add_leaflet(sandbox, "good")
    add_leaflet(sandbox, "broken", META.replace("owner: Test department\n", ""))
    errors, paths = run(sandbox)
    assert [p.name for p in paths] == ["good.en.pdf"]
    assert len(errors) == 1
    assert errors[0].endswith("leaflets/broken/leaflet.yaml:1:1: owner: required field is missing")


def test_every_problem_of_the_run_is_reported(sandbox: Project) -> None:
    add_leaflet(sandbox, "one", META.replace("brand: westerhaven", "brand: nowhere"))
    add_leaflet(sandbox, "two", META, TEXT.replace("title: A test leaflet\n", "titel: Oops\n"))
    errors, paths = run(sandbox)
    assert paths == []
    assert sorted(errors) == [
        "leaflets/one/leaflet.yaml:3:8: brand: unknown brand 'nowhere' (known: lumen, westerhaven)",
        "leaflets/two/en.yaml:1:1: titel: unknown field 'titel'; did you mean 'title'?",
        "leaflets/two/en.yaml:1:1: title: required field is missing",
    ]


def test_missing_translation_file_and_image(sandbox: Project) -> None:
    meta = META.replace("languages: [en]", "languages: [en, fr]")
    meta += "images:\n  - {id: photo, file: images/photo.svg}\n"
    text = TEXT + "    image: photo\nimages:\n  photo: {alt: A photo}\n"
    add_leaflet(sandbox, "gaps", meta, text)
    errors, _ = run(sandbox)
    assert sorted(errors) == [
        "leaflets/gaps/leaflet.yaml:14:23: images[1].file: image file not found: images/photo.svg",
        "leaflets/gaps/leaflet.yaml:5:17: languages[2]: translation file fr.yaml not found",
    ]


@pytest.mark.slow
def test_failing_leaflet_keeps_its_previous_pdf(sandbox: Project) -> None:
    folder = add_leaflet(sandbox, "kept")
    _, (path,) = run(sandbox)
    good = path.read_bytes()
    (folder / "en.yaml").write_text(TEXT.replace("summary:", "summary: [unclosed"))
    errors, paths = run(sandbox)
    assert paths == [] and len(errors) == 1
    assert path.read_bytes() == good
    assert [p.name for p in path.parent.iterdir()] == ["kept.en.pdf"]  # no temporary left


@pytest.mark.slow
def test_rebuild_is_byte_identical(sandbox: Project) -> None:
    add_leaflet(sandbox, "same")
    _, (path,) = run(sandbox)
    first = path.read_bytes()
    path.unlink()
    run(sandbox)
    assert path.read_bytes() == first


@pytest.mark.slow
def test_outdated_translation_is_a_warning(sandbox: Project) -> None:
    meta = META.replace("languages: [en]", "languages: [en, nl]")
    folder = add_leaflet(sandbox, "stale", meta.replace('version: "1.0"', 'version: "2.0"'))
    (folder / "nl.yaml").write_text(
        'translated_from: {language: en, version: "1.0"}\n' + TEXT, encoding="utf-8"
    )
    result = build(sandbox, BuildOptions(out=sandbox.root / "dist"))
    assert result.ok
    assert [(p.code, p.message) for p in result.warnings if p.code.startswith("LP3")] == [
        ("LP302", "translation is outdated: made from version 1.0, the source is now version 2.0")
    ]


@pytest.mark.slow
def test_language_without_labels_falls_back_with_a_warning(sandbox: Project) -> None:
    brand = sandbox.styles / "plain"
    brand.mkdir()
    for name in ("brand.yaml", "logo.svg", "quality-mark.svg", "leaflet.css"):
        (brand / name).write_bytes((sandbox.styles / "westerhaven" / name).read_bytes())
    with (brand / "brand.yaml").open("a") as brand_yaml:
        brand_yaml.write("routes: {urgent: false, feedback: false}\n")
    (brand / "contacts.yaml").write_text(
        "contacts:\n  oncology:\n    organisation: Plain Clinic\n"
        "    email: info@plain.example.org\n"
    )
    meta = (
        META.replace("source_language: en", "source_language: sv")
        .replace("languages: [en]", "languages: [sv]")
        .replace("brand: westerhaven", "brand: plain")
    )
    folder = add_leaflet(sandbox, "swedish", meta)
    (folder / "en.yaml").rename(folder / "sv.yaml")
    result = build(sandbox, BuildOptions(out=sandbox.root / "dist"))
    assert result.ok, result.errors
    (warning,) = [w for w in result.warnings if w.code == "LP310"]
    assert warning.message == (
        "no brand texts in 'sv' for the brand name (brand.yaml name); the disclaimer "
        "(brand.yaml disclaimer); the quality mark (brand.yaml quality_mark name); the "
        "interface labels (labels/sv.yaml): using 'en' instead; translate them"
    )
    assert "Contact" in pdf_text(result.outputs[0].path)


@pytest.mark.slow
def test_brand_template_overrides_one_block(sandbox: Project) -> None:
    templates = sandbox.styles / "westerhaven" / "templates"
    templates.mkdir()
    (templates / "leaflet.html").write_text(
        '{% extends "base/leaflet.html" %}\n'
        '{% block summary %}<p class="brand-summary">Brand says: {{ page.summary }}</p>'
        "{% endblock %}\n"
    )
    add_leaflet(sandbox, "branded")
    _, (path,) = run(sandbox)
    text = " ".join(pdf_text(path).split())
    assert "Brand says: A short summary." in text
    assert "In short" not in text  # the base block was replaced


def test_template_error_names_the_template(sandbox: Project) -> None:
    templates = sandbox.styles / "westerhaven" / "templates"
    templates.mkdir()
    (templates / "leaflet.html").write_text(
        '{% extends "base/leaflet.html" %}\n{% block summary %}{{ page.nothing }}{% endblock %}\n'
    )
    add_leaflet(sandbox, "broken-template")
    errors, paths = run(sandbox)
    assert paths == []
    assert len(errors) == 1
    assert errors[0].startswith("styles/westerhaven/templates/leaflet.html:2:1: template: ")
    assert "has no attribute 'nothing'" in errors[0]


def test_a_problem_several_leaflets_share_is_reported_once() -> None:
    """A stage returns what it found for every leaflet at once; the build's result keeps
    each problem once (a brand's missing texts are found for each of its leaflets)."""
    brand = Problem.at("styles/b/brand.yaml", "name", "no brand texts in 'de'", code="LP310")
    other = Problem.at("leaflets/x/en.yaml", "title", "too long")
    result = BuildResult()
    result.take(Found([other, other], [brand, brand]))
    result.take(Found([other], [brand]))
    assert (result.errors, result.warnings) == ([other], [brand])
