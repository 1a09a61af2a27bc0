"""The README's "Writing a new leaflet, step by step", followed literally: its shell commands
run in order in a new project folder, with the file contents it shows, and each exits as the
README says."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from helpers import ROOT, pdf_text

pytestmark = pytest.mark.slow  # every test here renders PDFs

SECTION = "## Writing a new leaflet, step by step"
FENCE = re.compile(r"^   ```(\w*)\n(.*?)^   ```\n", re.S | re.M)


def blocks() -> list[tuple[str, str]]:
    """The fenced blocks of the section in order: (language, text without the indent)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split(SECTION)[1].split("\n## ")[0]
    return [
        (kind, "".join(line.removeprefix("   ") + "\n" for line in text.splitlines()))
        for kind, text in FENCE.findall(section)
    ]


def commands(text: str) -> list[str]:
    return [line.split("  #")[0].strip() for line in text.splitlines() if line.strip()]


def words(pdf: Path) -> str:
    return " ".join(pdf_text(pdf).split())


def run(folder: Path, command: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, shell=True, cwd=folder, input=stdin, capture_output=True, text=True
    )


def test_the_steps_for_a_new_leaflet_work_as_written(tmp_path: Path) -> None:
    shown = blocks()
    assert [kind for kind, _ in shown] == ["sh", "sh", "yaml", "yaml", "sh", "", "sh", "sh", "sh"]
    sh = [commands(text) for kind, text in shown if kind == "sh"]
    assert sh == [
        [".venv/bin/leafprint new wound-care --brand westerhaven --lang nl"],
        [".venv/bin/leafprint check wound-care"],
        [".venv/bin/leafprint build wound-care"],
        ["cp leaflets/wound-care/nl.yaml leaflets/wound-care/en.yaml"],
        [
            ".venv/bin/leafprint translations mark-current wound-care en",
            ".venv/bin/leafprint build wound-care",
        ],
        [
            ".venv/bin/leafprint translations diff wound-care en",
            ".venv/bin/leafprint translations accept wound-care --lang all",
        ],
    ]
    leaflet_yaml, language_yaml = (text for kind, text in shown if kind == "yaml")
    (message,) = (text.strip() for kind, text in shown if kind == "")

    # a project folder as `make` leaves it; the brand prints one format, to keep this quick
    shutil.copytree(ROOT / "styles", tmp_path / "styles")
    brand = tmp_path / "styles" / "westerhaven" / "brand.yaml"
    brand.write_text(re.sub(r"(?m)^formats: .*$", "formats: [a4]", brand.read_text()))
    (tmp_path / ".venv" / "bin").mkdir(parents=True)
    (tmp_path / ".venv" / "bin" / "leafprint").symlink_to(Path(sys.executable).parent / "leafprint")
    folder = tmp_path / "leaflets" / "wound-care"

    # 1. create it: Enter takes the brand's default contact point
    created = run(tmp_path, sh[0][0], stdin="\n")
    assert created.returncode == 0, created.stderr
    assert "contact: oncology\n" in (folder / "leaflet.yaml").read_text()
    checked = run(tmp_path, sh[1][0])
    assert checked.returncode == 1
    assert "LP113 title: 'Title of the leaflet' is an example from leafprint new" in checked.stdout

    # 2. and 3. the files as the README shows them
    assert yaml.safe_load(leaflet_yaml)["code"] == "ONC-031"
    (folder / "leaflet.yaml").write_text(leaflet_yaml, encoding="utf-8")
    (folder / "nl.yaml").write_text(language_yaml, encoding="utf-8")

    # 4. build it: a draft until it is signed off
    built = run(tmp_path, sh[2][0])
    assert built.returncode == 0, built.stdout + built.stderr
    assert "LP210 version: version 1.0 has no sign-off" in built.stderr
    dutch = tmp_path / "dist" / "wound-care" / "wound-care.nl.pdf"
    assert "Uw wondje verzorgen na een biopsie" in words(dutch)

    # 5. the mistake the README explains: the second section without its heading
    second = "  - heading: Wanneer belt u ons?\n    body: |\n"
    assert second in language_yaml
    (folder / "nl.yaml").write_text(language_yaml.replace(second, "  - body: |\n"))
    broken = run(tmp_path, sh[2][0])
    assert broken.returncode == 1
    assert message in broken.stdout.splitlines() + broken.stderr.splitlines()
    (folder / "nl.yaml").write_text(language_yaml, encoding="utf-8")

    # 6. a translation: copied, translated_from added, en listed in leaflet.yaml
    assert run(tmp_path, sh[3][0]).returncode == 0
    english = folder / "en.yaml"
    english.write_text(
        'translated_from: {language: nl, version: "1.0"}\n'
        + english.read_text().replace("Uw wondje verzorgen na een biopsie", "Caring for your wound")
    )
    (folder / "leaflet.yaml").write_text(leaflet_yaml.replace("[nl]", "[nl, en]"))
    marked = run(tmp_path, sh[4][0])
    assert marked.returncode == 0, marked.stderr
    rebuilt = run(tmp_path, sh[4][1])
    assert rebuilt.returncode == 0, rebuilt.stdout + rebuilt.stderr
    assert "Caring for your wound" in words(dutch.with_name("wound-care.en.pdf"))

    # later: a typo fixed in the source needs no translation work
    source = folder / "nl.yaml"
    source.write_text(source.read_text().replace("kort douchen", "even douchen"))
    diff = run(tmp_path, sh[5][0])
    assert diff.returncode == 0, diff.stderr
    assert (
        "+Laat de pleister twee dagen zitten. Daarna mag u even douchen."
        in diff.stdout.splitlines()
    )
    accepted = run(tmp_path, sh[5][1])
    assert accepted.returncode == 0, accepted.stderr
    assert accepted.stdout.startswith("en: the changes in sections[1] accepted as editorial")
    final_check = run(tmp_path, sh[1][0])
    assert final_check.returncode == 0, final_check.stdout
    assert "LP301" not in final_check.stdout
