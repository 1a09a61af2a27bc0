"""The command line: exit codes, exact messages, scaffolding and a fast --help."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from helpers import META, TEXT, add_leaflet, invoke
from leafprint import __version__
from leafprint.checks.rules.content import PLACEHOLDERS
from leafprint.commands.build import Project


def test_version(sandbox: Project) -> None:
    assert invoke(sandbox, "--version")[1] == f"leafprint, version {__version__}\n"


@pytest.mark.slow
def test_build_reports_errors_as_path_line_column_and_exits_1(sandbox: Project) -> None:
    add_leaflet(sandbox, "good")
    add_leaflet(sandbox, "bad", META.replace("published: 2025-01-01", "published: 2025-13-01"))
    code, out, err = invoke(sandbox, "build")
    assert code == 1
    assert "wrote dist/good/good.en.pdf" in out
    assert [line for line in err.splitlines() if not line.startswith("warning:")] == [
        "leaflets/bad/leaflet.yaml:6:12: published: '2025-13-01' is not a valid date; "
        "write it as YYYY-MM-DD"
    ]
    assert "Traceback" not in out + err
    assert (sandbox.root / "dist/good/good.en.pdf").is_file()


@pytest.mark.slow
def test_build_only_some_slugs_and_languages(sandbox: Project) -> None:
    add_leaflet(sandbox, "one")
    add_leaflet(sandbox, "two")
    code, out, _ = invoke(sandbox, "build", "two", "--lang", "en", "--out", "out")
    assert code == 0
    assert "out/two/two.en.pdf" in out and "one" not in out


def test_unknown_slug_is_a_usage_error_listing_the_known_ones(sandbox: Project) -> None:
    add_leaflet(sandbox, "one")
    code, _, err = invoke(sandbox, "build", "nope")
    assert code == 2
    assert err.splitlines()[-1] == "Error: SLUG: no leaflet 'nope' (valid: one)"


def test_malformed_yaml_has_no_traceback(sandbox: Project) -> None:
    add_leaflet(sandbox, "broken", META, TEXT + "  - heading: [oops\n")
    code, _, err = invoke(sandbox, "build")
    assert code == 1
    assert err.startswith("leaflets/broken/en.yaml:7:1: (syntax): invalid YAML:")


@pytest.mark.slow
def test_new_scaffolds_a_leaflet_that_builds_once_its_example_words_are_replaced(
    sandbox: Project,
) -> None:
    args = ("new", "wound-care", "--brand", "westerhaven", "--lang", "nl", "--contact", "oncology")
    code, out, _ = invoke(sandbox, *args)
    assert code == 0, out
    code, out, err = invoke(sandbox, "build", "wound-care")
    assert code == 1
    assert (
        "leaflets/wound-care/leaflet.yaml:11:8: LP113 owner: 'Department name' is an example "
        "from leafprint new: write the real text" in err
    )
    for name in ("leaflet.yaml", "nl.yaml"):
        path = sandbox.leaflets / "wound-care" / name
        text = path.read_text(encoding="utf-8")
        for number, word in enumerate(PLACEHOLDERS):
            text = text.replace(word, f"Echte tekst {number}.")
        path.write_text(text, encoding="utf-8")
    code, out, err = invoke(sandbox, "build", "wound-care")
    assert code == 0, err
    assert "dist/wound-care/wound-care.nl.pdf" in out


def test_new_refuses_unknown_brand_and_existing_folder(sandbox: Project) -> None:
    add_leaflet(sandbox, "taken")
    code, _, err = invoke(sandbox, "new", "taken", "--brand", "acme", "--lang", "en")
    assert code == 1
    assert "taken already exists" in err
    assert "unknown brand 'acme' (known: lumen, westerhaven)" in err


def test_help_does_not_import_the_renderer(tmp_path: Path) -> None:
    script = (
        "import sys; from leafprint.cli import main; sys.argv=['leafprint','--help']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('weasyprint', 'pydantic', 'markdown_it', 'babel')"
        " if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True).stdout
    assert "Build branded, print-ready PDF patient leaflets" in out
    assert "HEAVY []" in out
