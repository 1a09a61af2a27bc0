"""A regular (non-editable) install: the wheel builds without warnings, installs into a
fresh virtual environment and builds a cited leaflet from a folder elsewhere."""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from helpers import ROOT, pdf_text

pytestmark = pytest.mark.e2e


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(arg) for arg in args], cwd=cwd, capture_output=True, text=True, check=False
    )


def test_wheel_installs_and_builds_a_cited_leaflet_from_any_folder(tmp_path: Path) -> None:
    source = tmp_path / "source"  # a clean copy: no build folders from the checkout
    shutil.copytree(
        ROOT,
        source,
        ignore=_checkout_only,
    )
    built = run(
        sys.executable, "-m", "pip", "wheel", "--no-deps", "-v",
        "-w", tmp_path / "wheels", source, cwd=tmp_path,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    assert "Deprecat" not in built.stdout + built.stderr
    (wheel,) = (tmp_path / "wheels").glob("leafprint-*.whl")

    fresh = tmp_path / "fresh"
    assert run(sys.executable, "-m", "venv", "--without-pip", fresh, cwd=tmp_path).returncode == 0
    python = fresh / "bin" / "python"
    site = Path(
        run(
            python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))", cwd=tmp_path
        ).stdout.strip()
    )
    # The dependencies come from this environment (offline); leafprint only from the wheel.
    (site / "dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    installed = run(
        sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index",
        wheel, cwd=tmp_path,
    )  # fmt: skip
    assert installed.returncode == 0, installed.stderr
    where = run(python, "-c", "import leafprint; print(leafprint.__file__)", cwd=tmp_path)
    assert where.stdout.startswith(str(site)), where.stdout + where.stderr

    project = tmp_path / "project"
    shutil.copytree(ROOT / "styles", project / "styles")
    shutil.copytree(ROOT / "tests" / "fixtures" / "cited", project / "leaflets" / "cited")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = run(
        fresh / "bin" / "leafprint", "--project", project, "build", "--lang", "en",
        "--format", "a4", cwd=elsewhere,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    text = " ".join(pdf_text(project / "dist" / "cited" / "cited.en.pdf").split())
    assert "1. Smith AJ, Jones P, de Vries A, Olsen M, Martin L, Khan S, et al." in text
    assert "Sep 24 [cited 2025 Jan 10]. Available from: https://www.cancer.gov/" in text


def _checkout_only(folder: str, names: list[str]) -> set[str]:
    """What a clean checkout lacks: the build and output folders at its top (not the
    ``leafprint.build`` package), caches and metadata anywhere."""
    at_top = Path(folder) == ROOT
    return {
        name
        for name in names
        if name in {".venv", ".git", "__pycache__"}
        or name.endswith((".egg-info", "_cache"))
        or (at_top and name in {"dist", "build"})
    }
