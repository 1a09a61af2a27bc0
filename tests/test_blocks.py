"""Shared text blocks: written once, used by many leaflets, translated and rebuilt per
language, with located errors for a missing block, a missing language and a cycle."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers import pdf_text
from leafprint.checks.check import run_checks
from leafprint.cli import cli
from leafprint.commands.build import BuildOptions, BuildResult, Project, build
from leafprint.content.leaflets import load_leaflet
from leafprint.errors import ContentError

BLOCK = """\
version: "1.0"
source_language: nl
text:
  nl: Bel meteen het ziekenhuis bij koorts boven 38 graden.
  en: Call the hospital at once if you have a fever above 38 degrees.
"""
META = """\
code: TST-{code}
version: "1.0"
brand: westerhaven
source_language: nl
languages: [nl, en]
published: 2025-01-01
reviewed: 2025-06-01
next_review: 2028-01-01
owner: Test department
authors:
  - name: A. Author
formats: [a4]
"""
TEXT = """\
{marker}title: {title}
summary: {summary}
sections:
  - heading: {heading}
    body: {{block: call-at-once}}
"""
NL = {"title": "Een folder", "summary": "Kort.", "heading": "Wanneer bellen"}
EN = {"title": "A leaflet", "summary": "Short.", "heading": "When to call"}
SLUGS = ["first", "second", "third"]


def with_blocks(project: Project, block: str = BLOCK) -> Project:
    blocks = project.leaflets / "blocks"
    blocks.mkdir(parents=True, exist_ok=True)
    (blocks / "call-at-once.yaml").write_text(block, encoding="utf-8")
    for slug in SLUGS:
        folder = project.leaflets / slug
        folder.mkdir()
        (folder / "leaflet.yaml").write_text(META.format(code=slug.upper()), encoding="utf-8")
        (folder / "nl.yaml").write_text(TEXT.format(marker="", **NL), encoding="utf-8")
        marker = 'translated_from: {language: nl, version: "1.0"}\n'
        (folder / "en.yaml").write_text(TEXT.format(marker=marker, **EN), encoding="utf-8")
    return project


@pytest.mark.slow
def test_a_block_is_printed_in_each_leaflets_language(sandbox: Project) -> None:
    with_blocks(sandbox)
    result = build(sandbox, BuildOptions(out=sandbox.root / "dist"))
    assert result.errors == []
    texts = {o.path.name: " ".join(pdf_text(o.path).split()) for o in result.outputs}
    assert len(texts) == 6
    for name, text in texts.items():
        if ".nl." in name:
            assert "Bel meteen het ziekenhuis bij koorts boven 38 graden." in text
        else:
            assert "Call the hospital at once if you have a fever above 38 degrees." in text


@pytest.mark.slow
def test_changing_the_dutch_text_rebuilds_exactly_the_dutch_pdfs(sandbox: Project) -> None:
    with_blocks(sandbox)
    options = BuildOptions(out=sandbox.root / "dist")
    build(sandbox, options)
    block = sandbox.leaflets / "blocks" / "call-at-once.yaml"
    block.write_text(BLOCK.replace("38 graden", "38,5 graden"), encoding="utf-8")
    result = build(sandbox, options)
    rendered = sorted(o.path.name for o in result.outputs if o.state != "unchanged")
    assert rendered == ["first.nl.pdf", "second.nl.pdf", "third.nl.pdf"]
    assert "38,5 graden" in pdf_text(sandbox.root / "dist" / "first" / "first.nl.pdf")


def test_a_changed_block_marks_its_translations_outdated_naming_its_leaflets(
    sandbox: Project,
) -> None:
    with_blocks(sandbox)
    runner = CliRunner()
    marked = runner.invoke(
        cli, ["--project", str(sandbox.root), "blocks", "mark-current", "call-at-once", "all"]
    )
    assert marked.exit_code == 0, marked.output
    assert not [f for f in run_checks(sandbox.root).findings if f.problem.code == "LP320"]
    block = sandbox.leaflets / "blocks" / "call-at-once.yaml"
    block.write_text(BLOCK.replace("38 graden", "38,5 graden"), encoding="utf-8")
    findings = [f for f in run_checks(sandbox.root).findings if f.problem.code == "LP320"]
    assert {str(f).split("leaflets/")[1] for f in findings} == {
        "blocks/call-at-once.yaml:5:7: warning LP320 text.en: shared block 'call-at-once' "
        "changed in its source (nl) since its en text was marked current; it is used by "
        "first, second, third (update the en text, then 'leafprint blocks mark-current "
        "call-at-once en')"
    }
    listed = runner.invoke(
        cli, ["--project", str(sandbox.root), "blocks", "list", "--format", "csv"]
    )
    assert listed.stdout.splitlines() == [
        "block,brand,version,languages,used by,outdated",
        'call-at-once,all,1.0,"nl, en","first, second, third",en',
    ]


def problems_of(folder: Path) -> list[str]:
    with pytest.raises(ContentError) as error:
        load_leaflet(folder)
    return [str(p).split("leaflets/")[1] for p in error.value.problems]


def test_a_missing_block_and_a_missing_language_are_located(sandbox: Project) -> None:
    with_blocks(sandbox, BLOCK.replace("  en: Call the hospital", "  fr: Appelez l'hôpital"))
    folder = sandbox.leaflets / "first"
    nl = folder / "nl.yaml"
    nl.write_text(nl.read_text().replace("call-at-once", "call-at-one"), encoding="utf-8")
    assert sorted(problems_of(folder)) == [
        "first/en.yaml:6:11: sections[1].body: block 'call-at-once' has no en text (it has: "
        "nl, fr); add it to call-at-once.yaml",
        "first/nl.yaml:5:11: sections[1].body: no shared block 'call-at-one' (known: call-at-once)",
    ]


def test_a_cycle_is_located_in_the_block(sandbox: Project) -> None:
    with_blocks(sandbox)
    blocks = sandbox.leaflets / "blocks"
    (blocks / "fever.yaml").write_text(
        'version: "1.0"\nsource_language: nl\ntext:\n  nl: |\n    Koorts.\n\n'
        "    {block: call-at-once}\n  en: |\n    Fever.\n\n    {block: call-at-once}\n",
        encoding="utf-8",
    )
    cycle = BLOCK.replace("38 graden.", "38 graden.\n\n    {block: fever}").replace(
        "  nl: Bel", "  nl: |\n    Bel"
    )
    (blocks / "call-at-once.yaml").write_text(cycle, encoding="utf-8")
    problems = problems_of(sandbox.leaflets / "first")
    assert problems[0] == (
        "blocks/fever.yaml:7:5: text.nl: block 'call-at-once' includes itself: "
        "call-at-once → fever → call-at-once"
    )


def test_status_finds_the_leaflets_using_a_block(sandbox: Project) -> None:
    with_blocks(sandbox)
    (sandbox.leaflets / "second" / "nl.yaml").write_text(
        TEXT.format(marker="", **NL).replace("{block: call-at-once}", "Bel ons."), encoding="utf-8"
    )
    args = ["--project", str(sandbox.root), "status", "--uses", "call-at-once", "--format", "csv"]
    rows = CliRunner().invoke(cli, args).stdout.splitlines()[1:]
    assert sorted({row.split(",")[0] for row in rows}) == ["first", "second", "third"]
    assert [row.split(",")[3] for row in rows if row.startswith("second,")] == ["en"]


def test_the_examples_share_the_clinical_trials_block(examples: BuildResult) -> None:
    """Two Lumen leaflets print the one block, each in its own languages."""
    wanted = {
        "en": "Each trial has rules about who can take part",
        "da": "Hvert forsøg har regler for, hvem der kan være med",
        "fr": "Chaque essai a ses règles pour choisir les participants",
    }
    found = set()
    for output in examples.outputs:
        if output.slug in {"refractory-cancer", "immuno-oncology-guide"}:
            assert wanted[output.language] in " ".join(pdf_text(output.path).split())
            found.add(output.slug)
    assert found == {"refractory-cancer", "immuno-oncology-guide"}
