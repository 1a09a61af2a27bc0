"""One reference library for the project: cited by key from any leaflet, the same work
entered twice reported with both places, and ``leafprint references``."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers import META, add_leaflet, pdf_text
from leafprint.checks.check import run_checks
from leafprint.cli import cli
from leafprint.commands.build import BuildOptions, Project, build
from leafprint.content.library import normalised_url, work_ids

LIBRARY = """\
- id: nci-immunotherapy
  type: webpage
  author: [{literal: National Cancer Institute}]
  title: Immunotherapy to treat cancer
  URL: https://www.cancer.gov/about-cancer/treatment/types/immunotherapy
  accessed: {date-parts: [[2026, 2, 2]]}
- id: unused2020
  type: report
  title: A report nobody cites
"""
CITING = """\
title: Citing the library
summary: A short summary.
sections:
  - heading: What it is
    body: The treatment helps your own defences [@nci-immunotherapy].
"""
OWN_COPY = """\
references:
  - id: nci-page
    type: webpage
    author: [{literal: National Cancer Institute}]
    title: Immunotherapy to treat cancer
    URL: http://cancer.gov/about-cancer/treatment/types/immunotherapy/
"""


def project_with_library(sandbox: Project) -> Project:
    (sandbox.leaflets / "references.yaml").write_text(LIBRARY, encoding="utf-8")
    add_leaflet(sandbox, "citing", text=CITING)
    own = CITING.replace("[@nci-immunotherapy]", "[@nci-page]")
    add_leaflet(sandbox, "copying", META + OWN_COPY, own)
    return sandbox


@pytest.mark.slow
def test_a_leaflet_cites_the_projects_library_by_key(sandbox: Project) -> None:
    project_with_library(sandbox)
    result = build(sandbox, BuildOptions(slugs=["citing"], out=sandbox.root / "dist"))
    assert result.errors == []
    text = " ".join(pdf_text(result.outputs[0].path).split())
    assert "National Cancer Institute. Immunotherapy to treat cancer" in text
    # a library reference another leaflet does not cite is no warning of this leaflet
    assert not [w for w in result.warnings if "never cited" in w.message]


@pytest.mark.slow
def test_changing_the_library_rebuilds_the_leaflets(sandbox: Project) -> None:
    project_with_library(sandbox)
    options = BuildOptions(slugs=["citing"], out=sandbox.root / "dist")
    build(sandbox, options)
    assert {o.state for o in build(sandbox, options).outputs} == {"unchanged"}
    library = sandbox.leaflets / "references.yaml"
    library.write_text(LIBRARY.replace("to treat cancer", "for cancer"), encoding="utf-8")
    (output,) = build(sandbox, options).outputs
    assert output.state == "wrote"
    assert "Immunotherapy for cancer" in " ".join(pdf_text(output.path).split())


def test_the_same_work_entered_twice_is_reported_with_both_places(sandbox: Project) -> None:
    project_with_library(sandbox)
    report = run_checks(sandbox.root)
    (finding,) = [f for f in report.findings if f.problem.code == "LP140"]
    assert str(finding).split("leaflets/", 1)[1] == (
        "copying/leaflet.yaml:14:9: warning LP140 references: 'nci-page' is the same work as "
        f"'nci-immunotherapy' at {sandbox.leaflets}/references.yaml:1:7 (same web address): "
        "keep one entry, in the project's library (leaflets/references.yaml) if several "
        "leaflets cite it"
    )


def test_works_are_known_by_doi_pmid_and_address() -> None:
    assert normalised_url("https://www.Cancer.gov/types/") == "cancer.gov/types"
    assert normalised_url("http://cancer.gov/types") == "cancer.gov/types"
    assert normalised_url("https://example.org/a?b=1") == "example.org/a?b=1"
    item = {"DOI": "10.1056/NEJMoa1003466", "PMID": "20525992", "URL": "https://doi.org/x"}
    assert work_ids(item) == ["doi:10.1056/nejmoa1003466", "pmid:20525992", "url:doi.org/x"]


def test_references_lists_where_each_is_cited_and_which_nowhere(sandbox: Project) -> None:
    project_with_library(sandbox)
    args = ["--project", str(sandbox.root), "references"]
    result = CliRunner().invoke(cli, [*args, "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = {row["key"]: row for row in csv.DictReader(io.StringIO(result.stdout))}
    assert rows["nci-immunotherapy"]["in"] == "library"
    assert rows["nci-immunotherapy"]["cited"] == "citing (en)"
    assert rows["unused2020"]["cited"] == "nowhere"
    assert rows["nci-page"]["in"] == "copying"
    assert rows["nci-page"]["cited"] == "copying (en)"
    assert "LP140" in result.stderr
    listed = json.loads(CliRunner().invoke(cli, [*args, "--format", "json"]).stdout)
    assert [row["key"] for row in listed] == ["nci-immunotherapy", "unused2020", "nci-page"]
    table = CliRunner().invoke(cli, args)
    assert table.stdout.splitlines()[-1] == "3 reference(s), 1 cited nowhere, 1 entered twice"


@pytest.mark.slow
def test_the_library_in_the_key_is_its_content_not_its_place_or_time(
    sandbox: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    project_with_library(sandbox)
    build(sandbox, BuildOptions(slugs=["citing"], out=sandbox.root / "dist"))
    library = sandbox.leaflets / "references.yaml"
    os.utime(library, (1, 1))  # a fresh checkout gives new times, not new contents
    monkeypatch.chdir(sandbox.root)  # and an editor builds from the project folder
    result = build(Project(Path(".")), BuildOptions(slugs=["citing"], out=Path("dist")))
    assert [o.state for o in result.outputs] == ["unchanged"]
