"""What many test modules share: the project root, small leaflets to add to a sandbox,
running the command line, and reading PDFs. Fixtures live in conftest.py."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from PIL import Image
from pypdf import PdfReader

from leafprint.cache import CACHE_FILE
from leafprint.checks.check import run_checks
from leafprint.cli import cli
from leafprint.commands.build import Project

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium")  # Debian's chromium: never a browser a test tool downloads
EXAMPLES = {
    "immunotherapy": ["nl", "en", "da", "fr", "ar"],
    "immuno-oncology-guide": ["da", "en"],
    "metastases-treatment": ["nl", "en"],
    "refractory-cancer": ["fr", "en"],
}  # every example leaflet and its languages

# --- small leaflets -------------------------------------------------------------------------

META = """\
code: TST-001
version: "1.0"
brand: westerhaven
source_language: en
languages: [en]
published: 2025-01-01
reviewed: 2025-06-01
next_review: 2028-01-01
owner: Test department
audience: Adults who take part in a test
authors: [{name: A. Author}]
formats: [a4]
"""

TEXT = """\
title: A test leaflet
summary: A short summary.
sections:
  - heading: First heading
    body: Some text with <script>alert(1)</script> in it.
"""

SIGNED = (
    "contact: oncology\n"
    "approvals:\n"
    '  - {version: "1.0", role: clinical-reviewer, name: Dr. C, date: 2025-05-20}\n'
    '  - {version: "1.0", role: patient-reviewer, name: P. Panel, date: 2025-05-21}\n'
    "changes:\n"
    '  - {version: "1.0", date: 2025-05-12, summary: First edition, approved_by: Dr. C}\n'
    "user_testing:\n"
    '  - {version: "1.0", date: 2025-05-14, participants: 5, who: day-unit patients,\n'
    "     method: read-aloud interviews, changed: shorter sentences}\n"
    "sponsorship: {funding: none, competing_interests: none}\n"
    "references: on_request\n"
)

DUTCH = """\
translated_from: {language: en, version: "1.0"}
title: Een testfolder
summary: Een korte samenvatting.
sections:
  - heading: Eerste kop
    body: Wat tekst.
"""

CHECKED = (
    "translation_checks:\n"
    '  - {language: nl, version: "1.0", by: T. Vertaler, method: review, date: 2025-06-01}\n'
)

GOOD_META = """\
code: ONC-001
version: 1.2
brand: westerhaven
source_language: nl
languages: [nl, en]
published: 2025-01-01
reviewed: 2025-06-01
next_review: 2028-01-01
owner: Oncology
authors:
  - name: A. Author
"""

CITED = TEXT.replace("in it.", "in it [@nci-page].")
CITED_SOURCE = """\
references:
  - {id: nci-page, type: webpage, title: A page, URL: "https://www.cancer.gov/a"}
"""

TODAY = dt.date(2026, 12, 2)  # the day the checks are run on (as the examples' LEAFPRINT_TODAY)


def add_leaflet(project: Project, slug: str, meta: str = META, text: str = TEXT) -> Path:
    folder = project.leaflets / slug
    folder.mkdir(parents=True)
    code = "TST-" + slug.upper().replace("_", "-")  # leaflet codes are unique (LP101)
    (folder / "leaflet.yaml").write_text(meta.replace("TST-001", code), encoding="utf-8")
    (folder / "en.yaml").write_text(text, encoding="utf-8")
    return folder


def leaflet(project: Project, slug: str, body: str = "", meta: str = META + SIGNED) -> Path:
    """A signed leaflet whose one section says *body*."""
    text = TEXT.replace("Some text with <script>alert(1)</script> in it.", body) if body else TEXT
    return add_leaflet(project, slug, meta, text)


def translated(project: Project, slug: str = "both", dutch: str = DUTCH) -> Path:
    """A signed English leaflet with a checked Dutch translation."""
    meta = META.replace("languages: [en]", "languages: [en, nl]") + SIGNED + CHECKED
    folder = leaflet(project, slug, "Some text.", meta)
    (folder / "nl.yaml").write_text(dutch, encoding="utf-8")
    return folder


def team(sandbox: Project) -> Project:
    """Four leaflets with fixed dates, two owners, two brands and a clinic edition."""
    soon = META.replace("next_review: 2028-01-01", "next_review: 2027-03-01")
    add_leaflet(sandbox, "soon", soon.replace("Test department", "Oncology day unit"))
    add_leaflet(sandbox, "later", META)
    overdue = META.replace("next_review: 2028-01-01", "next_review: 2026-10-01")
    add_leaflet(sandbox, "overdue", overdue + "editions: [oostmeer]\n" + CITED_SOURCE, CITED)
    lumen = META.replace("brand: westerhaven", "brand: lumen")
    add_leaflet(
        sandbox, "lumen-later", lumen.replace("next_review: 2028-01-01", "next_review: 2027-05-01")
    )
    return sandbox


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


def seed(out: Path, pdfs: list[Path]) -> None:
    """Copy the built *pdfs* (each in its leaflet's folder of one output folder) and that
    output folder's build cache into *out*: a build there renders only the outputs whose
    inputs differ (the cache's keys name no folder)."""
    folder = pdfs[0].parents[1]
    out.mkdir(parents=True, exist_ok=True)
    shutil.copy2(folder / CACHE_FILE, out / CACHE_FILE)
    for pdf in pdfs:
        target = out / pdf.relative_to(folder)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(pdf, target)


# --- the command line and the checker -------------------------------------------------------


def invoke(project: Project, *args: str) -> tuple[int, str, str]:
    """Run ``leafprint *args`` in *project*'s folder: (exit code, stdout, stderr)."""
    runner = CliRunner()
    cwd = os.getcwd()
    os.chdir(project.root)
    try:
        result = runner.invoke(cli, list(args), catch_exceptions=False)
    finally:
        os.chdir(cwd)
    return result.exit_code, result.stdout, result.stderr


def findings(project: Project, code: str = "LP", today: dt.date = TODAY) -> list[str]:
    """The findings whose code starts with *code*, with paths relative to the project."""
    report = run_checks(project.root, today=today)
    root = str(project.root) + "/"
    return [str(f).replace(root, "") for f in report.findings if f.problem.code.startswith(code)]


# --- reading PDFs ---------------------------------------------------------------------------


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


def halves(pdf: bytes, tmp_path: Path) -> list[tuple[str, str]]:
    """(left, right) page labels of every side of an imposed booklet."""
    path = tmp_path / "booklet.pdf"
    path.write_bytes(pdf)
    reader = PdfReader(path)
    width = round(float(reader.pages[0].mediabox.width) / 2)
    height = round(float(reader.pages[0].mediabox.height))
    sides = []
    for number in range(1, len(reader.pages) + 1):
        found = []
        for x in (0, width):
            args = ["-f", str(number), "-l", str(number), "-x", str(x), "-y", "0"]
            args += ["-W", str(width), "-H", str(height)]
            text = subprocess.run(
                ["pdftotext", *args, str(path), "-"], capture_output=True, text=True, check=True
            ).stdout
            found.append("".join(re.findall(r"PAGE\d+", text)) or "blank")
        sides.append((found[0], found[1]))
    return sides


def shading_outputs(pdf: bytes | Path) -> list[tuple[int, int]]:
    """(components of its colour space, values a function gives) for every function of
    every shading of a PDF."""
    reader = PdfReader(io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf)
    found = []
    for shading in _below(reader.trailer["/Root"], set()):
        space = shading["/ColorSpace"].get_object()
        components = {"/DeviceCMYK": 4, "/DeviceRGB": 3, "/DeviceGray": 1}.get(str(space))
        if components is None:  # [/ICCBased <<… /N n>>]
            components = int(space[1].get_object()["/N"])
        function = shading["/Function"].get_object()
        subs = [f.get_object() for f in function.get("/Functions", [function])]
        found += [(components, len(sub.get("/C1", [1]))) for sub in subs]
    return found


def _below(item: Any, seen: set[int]) -> Iterator[Any]:
    """The shadings reachable from *item*."""
    item = item.get_object()
    if isinstance(item, dict):
        if id(item) in seen:
            return
        seen.add(id(item))
        if "/ShadingType" in item:
            yield item
        children = [value for key, value in item.items() if key != "/Parent"]
    elif isinstance(item, list):
        children = list(item)
    else:
        return
    for child in children:
        yield from _below(child, seen)


# --- the browser ----------------------------------------------------------------------------

PHONE = {"width": 320, "height": 640}
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


class Watched:
    """A page that records console errors, page errors and every request it makes."""

    def __init__(self, browser: Any, viewport: dict[str, int]) -> None:
        self.context = browser.new_context(viewport=viewport)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("request", lambda request: self.requests.append(request.url))

    def _console(self, message: Any) -> None:
        if message.type == "error":
            self.errors.append(message.text)


def axe_violations(page: Any) -> list[str]:
    """axe-core's WCAG 2.1 AA violations on *page*, one line per element."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_AA}})
    return [
        f"{v['id']}: {node['target']}"
        for v in results.response["violations"]
        for node in v["nodes"]
    ]


BIDI_CONTROLS = dict.fromkeys(
    map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
)


def normalise(text: str) -> str:
    """Text without bidi controls, Arabic diacritics or line breaks, for comparisons."""
    text = text.translate(BIDI_CONTROLS)
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    return " ".join(text.replace("’", "'").split())  # typeset apostrophes
