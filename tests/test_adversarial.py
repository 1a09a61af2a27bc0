"""Adversarial and broken leaflets: every one is reported exactly, the good ones still build.

``tests/fixtures/adversarial/`` holds one broken leaflet per mistake an editor (or a
hostile pull request) can make, with the messages it must give in ``expected.txt``.
They are built together with two small good leaflets (one of them translated), through
the command line, once: every good leaflet's PDF is written, every broken leaflet gets
exactly its messages, nothing is a traceback, and the exit code is 1.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers import ROOT, leaflet, translated
from leafprint.cli import cli
from leafprint.commands.build import Project

pytestmark = pytest.mark.e2e

ADVERSARIAL = ROOT / "tests" / "fixtures" / "adversarial"

# Each fixture folder holds the exact messages it must give, one per line.
EXPECTED = {
    folder.name: (folder / "expected.txt").read_text(encoding="utf-8").splitlines()
    for folder in sorted(ADVERSARIAL.iterdir())
}


@dataclass(frozen=True)
class Run:
    root: Path
    code: int
    out: str
    err: str


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    """``leafprint build --format a4 --edition general`` over good and adversarial leaflets."""
    root = tmp_path_factory.mktemp("project")
    shutil.copytree(ROOT / "styles", root / "styles")
    leaflet(Project(root), "good")
    translated(Project(root), "also-good")
    for folder in ADVERSARIAL.iterdir():
        shutil.copytree(folder, root / "leaflets" / folder.name)
    previous = os.getcwd()
    os.chdir(root)
    try:
        args = ["build", "--format", "a4", "--edition", "general"]
        result = CliRunner().invoke(cli, args, catch_exceptions=False)
    finally:
        os.chdir(previous)
    return Run(root, result.exit_code, result.stdout, result.stderr)


def test_build_writes_every_good_leaflet_reports_every_bad_one_and_exits_1(run: Run) -> None:
    assert run.code == 1
    assert "Traceback" not in run.out + run.err
    written = sorted(line.split()[-1] for line in run.out.splitlines() if "wrote" in line)
    assert written == [
        "dist/also-good/also-good.en.pdf",
        "dist/also-good/also-good.nl.pdf",
        "dist/good/good.en.pdf",
    ]
    assert all((run.root / path).is_file() for path in written)
    assert not any((run.root / "dist" / slug).exists() for slug in EXPECTED)
    errors = [line for line in run.err.splitlines() if not line.startswith("warning:")]
    assert sorted(errors) == sorted(m for messages in EXPECTED.values() for m in messages)


@pytest.mark.parametrize("slug", sorted(EXPECTED))
def test_each_broken_leaflet_gets_exactly_its_messages(run: Run, slug: str) -> None:
    mine = [line for line in run.err.splitlines() if line.startswith(f"leaflets/{slug}/")]
    assert mine == EXPECTED[slug]
