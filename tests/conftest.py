"""Shared fixtures: the project root, a built set of examples, and PDF inspection helpers."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from pypdf import PdfReader

from leafprint.build import BuildOptions, BuildResult, Project, build

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium")  # Debian's chromium: never a browser a test tool downloads
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session", autouse=True)
def fixed_today() -> Iterator[None]:
    """Review dates are checked as on one day, so that tests do not age."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LEAFPRINT_TODAY", "2026-12-02")
        yield


@pytest.fixture(scope="session")
def project() -> Project:
    return Project(ROOT)


@pytest.fixture(scope="session")
def examples(tmp_path_factory: pytest.TempPathFactory, project: Project) -> BuildResult:
    """Every example leaflet in every language, built once (default format and edition)."""
    out = tmp_path_factory.mktemp("dist")
    return build(project, BuildOptions(formats=["a4"], editions=["general"], out=out, jobs=2))


def copy_example(slug: str, leaflets: Path, name: str | None = None) -> Path:
    """A copy of the example leaflet *slug* in *leaflets*, with what the examples share
    (the reference library and the shared blocks) beside it."""
    folder = leaflets / (name or slug)
    shutil.copytree(ROOT / "leaflets" / slug, folder)
    library, blocks = ROOT / "leaflets" / "references.yaml", ROOT / "leaflets" / "blocks"
    if not (leaflets / library.name).exists():
        shutil.copy(library, leaflets / library.name)
    if not (leaflets / blocks.name).exists():
        shutil.copytree(blocks, leaflets / blocks.name)
    return folder


def outdate_guide(leaflets: Path) -> None:
    """Make the English immuno-oncology guide in the copied *leaflets* an outdated
    translation (the examples are all current): its Danish source's fourth section
    changes after English was marked current."""
    source = leaflets / "immuno-oncology-guide" / "da.yaml"
    old = "De fleste bivirkninger kan behandles, hvis de opdages tidligt."
    text = source.read_text(encoding="utf-8")
    assert old in text
    new = "De fleste bivirkninger kan behandles godt, hvis de opdages tidligt."
    source.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def sandbox(tmp_path: Path) -> Project:
    """A writable copy of the project's styles with an empty leaflets folder."""
    shutil.copytree(ROOT / "styles", tmp_path / "styles")
    (tmp_path / "leaflets").mkdir()
    return Project(tmp_path)


def pdf_text(path: Path, *, layout: bool = False) -> str:
    """The text of a PDF as poppler's pdftotext extracts it."""
    args = ["pdftotext", "-enc", "UTF-8", *(["-layout"] if layout else []), str(path), "-"]
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def pdf_fonts(path: Path) -> list[dict[str, str]]:
    """Rows of ``pdffonts``: name, type, encoding, emb, sub, uni."""
    output = subprocess.run(
        ["pdffonts", str(path)], check=True, capture_output=True, text=True
    ).stdout.splitlines()[2:]
    rows = []
    for line in output:
        parts = line.split()
        rows.append({"name": parts[0], "emb": parts[-5], "sub": parts[-4], "uni": parts[-3]})
    return rows


SITE_DAY = dt.date(2027, 8, 15)  # the catalog's "today": one review overdue, one due soon


@pytest.fixture(scope="session")
def every_format(tmp_path_factory: pytest.TempPathFactory, project: Project) -> BuildResult:
    """Every example in every language and every format its brand makes, built once."""
    out = tmp_path_factory.mktemp("every-format")
    return build(project, BuildOptions(editions=["general"], out=out))


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An output folder with every example in A4, one leaflet also as a screen PDF and one
    clinic edition: PDFs, web editions and the catalog page, as of SITE_DAY, with the
    English immuno-oncology guide an outdated translation."""
    from leafprint.catalog_page import write_index

    root = tmp_path_factory.mktemp("site-project")
    for folder in ("leaflets", "styles"):
        shutil.copytree(ROOT / folder, root / folder)
    outdate_guide(root / "leaflets")
    project = Project(root)
    out = tmp_path_factory.mktemp("site")
    for options in (
        BuildOptions(formats=["a4"], editions=["general"], out=out),
        BuildOptions(slugs=["refractory-cancer"], formats=["screen"], editions=["general"]),
        BuildOptions(
            slugs=["immunotherapy"], languages=["nl"], formats=["a4"], editions=["oostmeer"]
        ),
    ):
        result = build(project, replace(options, out=out))
        assert result.errors == []
    write_index(out, project.base, SITE_DAY)
    return out


def scan_last_pages(pdf: Path, tmp: Path, count: int = 3, dpi: int = 120) -> list[str]:
    """Decode the QR codes on the last *count* pages of *pdf*."""
    import zxingcpp

    pages = len(PdfReader(pdf).pages)
    first = max(1, pages - count + 1)
    prefix = tmp / pdf.stem
    subprocess.run(
        ["pdftoppm", "-png", "-r", str(dpi), "-f", str(first), "-l", str(pages), pdf, prefix],
        check=True,
    )
    found = []
    for png in sorted(tmp.glob(f"{pdf.stem}-*.png")):
        with Image.open(png) as image:
            found += [code.text for code in zxingcpp.read_barcodes(image)]
    return found


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless chromium for every browser test of the run (Playwright's sync API
    allows one driver at a time)."""
    playwright = pytest.importorskip("playwright.sync_api")
    if CHROMIUM is None:
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    with playwright.sync_playwright() as driver:
        chromium = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
