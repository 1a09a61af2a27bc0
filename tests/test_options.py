"""Command-line arguments are checked as arguments: usage errors (exit 2) with suggestions."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import META, ROOT, add_leaflet
from helpers import invoke as invoke_in
from leafprint.commands.build import Project


def invoke(cwd: Path, *args: str) -> tuple[int, str, str]:
    """The command run in *cwd*, which need not be a project."""
    return invoke_in(Project(cwd), *args)


def usage_errors(cwd: Path, *args: str) -> list[str]:
    code, out, err = invoke(cwd, *args)
    assert code == 2, out + err
    lines = err.splitlines()
    command = "check" if "check" in args else "build"
    assert lines[:2] == [
        f"Usage: cli {command} [OPTIONS] [SLUGS]...",
        f"Try 'cli {command} --help' for help.",
    ]
    return [line.removeprefix("Error: ") for line in lines[3:]]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["immunotheraphy"],
            "SLUG: no leaflet 'immunotheraphy'; did you mean 'immunotherapy'? (valid: "
            "immuno-oncology-guide, immunotherapy, metastases-treatment, refractory-cancer)",
        ),
        (
            ["--format", "large_print"],
            "--format: no format 'large_print'; did you mean 'large-print'? "
            "(valid: a4, a5, booklet, dl, large-print, press, screen, "
            "poster-a4, poster-a3)",
        ),
        (
            ["--format", "A3"],
            "--format: no format 'a3' (valid: a4, a5, booklet, dl, large-print, press, screen, "
            "poster-a4, poster-a3)",
        ),
        (
            ["immunotherapy", "--lang", "fre"],
            "--lang: no language 'fre'; did you mean 'fr'? (valid: ar, da, en, fr, nl)",
        ),
        (
            ["--edition", "oostmer"],
            "--edition: no edition 'oostmer'; did you mean 'oostmeer'? "
            "(valid: general, centrum, duinzicht, oostmeer)",
        ),
    ],
)
def test_unknown_values_are_usage_errors_with_suggestions(args: list[str], expected: str) -> None:
    assert usage_errors(ROOT, "build", *args) == [expected]


def test_every_wrong_argument_is_reported_at_once() -> None:
    assert usage_errors(ROOT, "build", "nope", "--format", "pdf", "--lang", "xx") == [
        "SLUG: no leaflet 'nope' (valid: immuno-oncology-guide, immunotherapy, "
        "metastases-treatment, refractory-cancer)",
        "--format: no format 'pdf' (valid: a4, a5, booklet, dl, large-print, press, screen, "
        "poster-a4, poster-a3)",
        "--lang: no language 'xx' (valid: ar, da, en, fr, nl)",
    ]


def test_a_folder_without_leaflets_or_styles_is_an_error(tmp_path: Path) -> None:
    for command in ("build", "check"):
        assert usage_errors(tmp_path, command) == [
            "--project: no leaflets/ here: run leafprint in the folder that holds leaflets/ and "
            "styles/, or name that folder with --project"
        ]
    (tmp_path / "leaflets").mkdir()
    assert usage_errors(tmp_path.parent, "--project", tmp_path.name, "check") == [
        f"--project: no styles/ in the folder '{tmp_path.name}': run leafprint in the folder "
        "that holds leaflets/ and styles/, or name that folder with --project"
    ]


@pytest.mark.slow
def test_format_names_are_case_insensitive_and_out_lies_in_the_project(
    sandbox: Project, tmp_path: Path
) -> None:
    add_leaflet(sandbox, "one", META.replace("formats: [a4]", "formats: [a4, a5]"))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code, _, err = invoke(
        elsewhere, "--project", str(sandbox.root), "build", "--format", "A5", "--out", "public"
    )
    assert code == 0, err
    assert (sandbox.root / "public/one/one.en.a5.pdf").is_file()
    assert not (elsewhere / "public").exists()


@pytest.mark.slow
def test_lang_alone_builds_the_leaflets_in_that_language(sandbox: Project) -> None:
    add_leaflet(sandbox, "english")
    folder = add_leaflet(sandbox, "dutch", META.replace(": en", ": nl").replace("[en]", "[nl]"))
    (folder / "en.yaml").rename(folder / "nl.yaml")
    code, out, err = invoke(sandbox.root, "build", "--lang", "nl")
    assert code == 0, err
    assert "wrote dist/dutch/dutch.nl.pdf" in out
    assert "english" not in out + err
