"""Printed codes: every language and edition prints its own code, and no two are alike."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers import META, TEXT, pdf_text
from leafprint.checks.check import run_checks
from leafprint.cli import cli
from leafprint.commands.build import BuildOptions, BuildResult, Project, build
from leafprint.content import codes
from leafprint.content.codes import GENERAL_EDITION, printed_code


def test_the_code_names_the_language_then_the_clinic() -> None:
    assert printed_code("ONC-012", "nl", None) == "ONC-012-NL"
    assert printed_code("ONC-012", "nl", "oostmeer") == "ONC-012-NL-OOSTMEER"
    assert printed_code("ONC-012", "pt-BR", None) == "ONC-012-PT-BR"


# --- LP114: one printed code, one leaflet, language and edition ----------------------------------


def write_leaflet(project: Project, slug: str, code: str, language: str, extra: str = "") -> None:
    folder = project.leaflets / slug
    folder.mkdir()
    meta = META.replace("TST-001", code).replace(
        "source_language: en", f"source_language: {language}"
    )
    meta = meta.replace("languages: [en]", f"languages: [{language}]")
    (folder / "leaflet.yaml").write_text(meta + extra, encoding="utf-8")
    (folder / f"{language}.yaml").write_text(TEXT, encoding="utf-8")


def findings(project: Project, *codes: str) -> list[str]:
    root = str(project.root) + "/"
    report = run_checks(project.root)
    return [str(f).replace(root, "") for f in report.findings if f.problem.code in codes]


def test_a_leaflet_coded_like_another_leaflets_clinic_edition(sandbox: Project) -> None:
    write_leaflet(sandbox, "immunotherapy", "ONC-012", "en", "editions: [oostmeer]\n")
    write_leaflet(sandbox, "oostmeer-immunotherapy", "ONC-012-EN-OOSTMEER", "en")
    assert findings(sandbox, "LP114") == [
        "leaflets/immunotherapy/leaflet.yaml:1:7: error LP114 code: printed code "
        "ONC-012-EN-OOSTMEER (en, oostmeer edition) is also the code of "
        "leaflets/oostmeer-immunotherapy/leaflet.yaml:1; every leaflet, language and edition "
        "needs its own code",
        "leaflets/oostmeer-immunotherapy/leaflet.yaml:1:7: error LP114 code: code "
        "ONC-012-EN-OOSTMEER is also printed on leaflets/immunotherapy/leaflet.yaml:1 (en, "
        "oostmeer edition); every leaflet, language and edition needs its own code",
    ]
    assert findings(sandbox, "LP101") == []


def test_two_leaflets_that_print_the_same_code(sandbox: Project) -> None:
    """Brazilian Portuguese of ONC-012 and Breton of ONC-012-PT both print ONC-012-PT-BR."""
    write_leaflet(sandbox, "portuguese", "ONC-012", "pt-BR")
    write_leaflet(sandbox, "breton", "ONC-012-PT", "br")
    assert findings(sandbox, "LP114") == [
        "leaflets/breton/leaflet.yaml:1:7: error LP114 code: printed code ONC-012-PT-BR (br, "
        "general edition) is also printed on leaflets/portuguese/leaflet.yaml:1 (pt-BR, general "
        "edition); every leaflet, language and edition needs its own code",
        "leaflets/portuguese/leaflet.yaml:1:7: error LP114 code: printed code ONC-012-PT-BR "
        "(pt-BR, general edition) is also printed on leaflets/breton/leaflet.yaml:1 (br, general "
        "edition); every leaflet, language and edition needs its own code",
    ]


def test_the_other_leaflets_code_line_is_named(sandbox: Project) -> None:
    write_leaflet(sandbox, "first", "ONC-012", "en", "editions: [oostmeer]\n")
    write_leaflet(sandbox, "second", "ONC-012-EN", "en")
    text = (sandbox.leaflets / "second" / "leaflet.yaml").read_text(encoding="utf-8")
    moved = "# moved down by a comment\n" + text
    (sandbox.leaflets / "second" / "leaflet.yaml").write_text(moved, encoding="utf-8")
    [first, second] = findings(sandbox, "LP114")
    assert first.startswith("leaflets/first/leaflet.yaml:1:7: ")
    assert "is also the code of leaflets/second/leaflet.yaml:2;" in first
    assert second.startswith("leaflets/second/leaflet.yaml:2:7: ")


def test_the_examples_print_codes_of_their_own(project: Project) -> None:
    assert findings(project, "LP114", "LP101") == []


def test_a_colliding_leaflet_is_not_built(sandbox: Project) -> None:
    write_leaflet(sandbox, "first", "ONC-012", "en", "editions: [oostmeer]\n")
    write_leaflet(sandbox, "second", "ONC-012-EN-OOSTMEER", "en")
    result = build(sandbox, BuildOptions(out=sandbox.root / "dist", slugs=["second"]))
    assert result.outputs == []
    assert [p.code for p in result.errors] == ["LP114"]


# --- What the PDFs, the web pages and the catalog print ------------------------------------------


@pytest.fixture(scope="module")
def dutch(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuildResult, Path]:
    """The Dutch A5 of an example, general and one clinic edition, with web pages and
    the catalog."""
    out = tmp_path_factory.mktemp("codes")
    options = BuildOptions(
        slugs=["immunotherapy"], languages=["nl"], formats=["a5"],
        editions=["general", "oostmeer"], out=out,
    )  # fmt: skip
    result = build(Project(Path(__file__).resolve().parent.parent), options)
    assert result.errors == []
    return result, out


def _pdf(result: BuildResult, edition: str | None) -> Path:
    [output] = [o for o in result.outputs if o.edition == edition]
    return output.path


@pytest.mark.slow
def test_the_dutch_pdf_prints_its_language(dutch: tuple[BuildResult, Path]) -> None:
    text = " ".join(pdf_text(_pdf(dutch[0], None)).split())
    assert text.count("Folder ONC-012-NL · Versie 2.1") >= 3  # running footers and colophon
    assert not re.search(r"ONC-012(?!-NL\b)", text)


@pytest.mark.slow
def test_a_clinic_edition_prints_language_and_clinic(dutch: tuple[BuildResult, Path]) -> None:
    text = " ".join(pdf_text(_pdf(dutch[0], "oostmeer")).split())
    assert text.count("Folder ONC-012-NL-OOSTMEER · Versie 2.1") >= 3
    assert not re.search(r"ONC-012(?!-NL-OOSTMEER\b)", text)


@pytest.mark.slow
def test_the_web_pages_print_the_same_codes(dutch: tuple[BuildResult, Path]) -> None:
    site = dutch[1] / "leaflets.westerhaven.example.org" / "immunotherapy" / "nl"
    general = (site / "index.html").read_text(encoding="utf-8")
    clinic = (site / "oostmeer" / "index.html").read_text(encoding="utf-8")
    assert re.findall(r"ONC-012[A-Z-]*", general) == ["ONC-012-NL"]
    assert re.findall(r"ONC-012[A-Z-]*", clinic) == ["ONC-012-NL-OOSTMEER"]


@pytest.mark.slow
def test_the_catalog_lists_each_files_code(dutch: tuple[BuildResult, Path]) -> None:
    catalog = json.loads((dutch[1] / "catalog.json").read_text(encoding="utf-8"))
    assert {e["file"]: e["printed_code"] for e in catalog["leaflets"]} == {
        "immunotherapy/immunotherapy.nl.a5.pdf": "ONC-012-NL",
        "immunotherapy/immunotherapy.nl.oostmeer.a5.pdf": "ONC-012-NL-OOSTMEER",
    }
    assert {(e["code"], e["printed_code"]) for e in catalog["web"]} == {
        ("ONC-012", "ONC-012-NL"),
        ("ONC-012", "ONC-012-NL-OOSTMEER"),
    }


@pytest.mark.slow
def test_the_catalog_search_reads_every_printed_code(dutch: tuple[BuildResult, Path]) -> None:
    """The search filters on each card's data-search (the browser test types into it)."""
    html = (dutch[1] / "index.html").read_text(encoding="utf-8")
    [search] = re.findall(r'data-slug="immunotherapy"[^>]*data-search="([^"]*)"', html)
    assert search.split()[:4] == ["ONC-012", "immunotherapy", "ONC-012-NL", "ONC-012-NL-OOSTMEER"]
    names = re.findall(r'<p class="edition-name">(.*?)</p>', html)
    assert names == [
        'General edition · <span class="code">ONC-012-NL</span>',
        'Oncologisch Dagcentrum Oostmeer · <span class="code">ONC-012-NL-OOSTMEER</span>',
    ]


def test_the_general_edition_is_named_in_one_module_and_in_the_help() -> None:
    source = Path(codes.__file__).parents[1]  # every package of leafprint
    naming = sorted(
        path.relative_to(source).as_posix()
        for path in source.rglob("*.py")
        if re.search(r"[\"']general[\"']", path.read_text(encoding="utf-8"))
    )
    assert naming == ["content/codes.py"]
    result = CliRunner().invoke(cli, ["build", "--help"])
    assert f"'{GENERAL_EDITION}' is the brand's own" in " ".join(result.output.split())
