"""Small typesetting defects, read back from the example PDFs: the Arabic "and" before a
Latin name, postcode and city, and a word hyphenated over a page turn."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from leafprint.commands.build import BuildResult
from leafprint.content.formats import FORMATS

pytestmark = pytest.mark.e2e
MM = 72 / 25.4
WAW = "\u0648"  # Arabic "and"


@pytest.fixture(scope="module")
def small_formats(every_format: BuildResult) -> BuildResult:
    """Every example in A5 and large print, and immunotherapy in Arabic and Danish A4 (from
    the session's build of every format)."""
    assert every_format.errors == []
    a4 = {("immunotherapy", "ar"), ("immunotherapy", "da")}
    wanted = [
        o for o in every_format.outputs
        if o.format in ("a5", "large-print") or (o.format == "a4" and (o.slug, o.language) in a4)
    ]  # fmt: skip
    return BuildResult(outputs=wanted)


def path(result: BuildResult, language: str, fmt: str, slug: str = "immunotherapy") -> Path:
    [found] = [
        o.path for o in result.outputs if (o.slug, o.language, o.format) == (slug, language, fmt)
    ]
    return found


def lines(page: Any) -> list[list[dict[str, Any]]]:
    """The characters of a page in lines (one baseline, within 2 pt), top to bottom, each
    from left to right."""
    rows: dict[float, list[dict[str, Any]]] = {}
    for char in page.chars:
        baseline = char["matrix"][5]
        key = next((b for b in rows if abs(b - baseline) < 2), baseline)
        rows.setdefault(key, []).append(char)
    return [sorted(rows[key], key=lambda c: c["x0"]) for key in sorted(rows, reverse=True)]


def text(line: list[dict[str, Any]]) -> str:
    return "".join(c["text"] for c in line)


@pytest.mark.parametrize("fmt", ["a4", "a5", "large-print"])
def test_the_arabic_and_stands_apart_from_a_latin_name(
    small_formats: BuildResult, fmt: str
) -> None:
    """ "و M. de Vries": the conjunction reads before the name (to its right) with a space
    between, not glued to it as "وM. de Vries"."""
    checked = 0
    with pdfplumber.open(path(small_formats, "ar", fmt)) as pdf:
        for page in pdf.pages:
            for line in lines(page):
                for name in ("M. de Vries", "S. Visser"):
                    if name not in text(line):
                        continue
                    start = text(line).index(name)
                    right = line[start + len(name) - 1]["x1"]  # the name's right end
                    waw = min((c for c in line if c["text"] == WAW and c["x0"] >= right - 1),
                              key=lambda c: c["x0"])  # fmt: skip
                    assert waw["x0"] - right >= 0.2 * waw["size"], (fmt, name)
                    checked += 1
    assert checked == 2


@pytest.mark.parametrize(
    ("language", "fmt"), [("da", "a4"), ("ar", "a4"), ("da", "a5"), ("ar", "large-print")]
)
def test_postcode_and_city_share_a_line(
    small_formats: BuildResult, language: str, fmt: str
) -> None:
    """The contact block's address columns are wide enough, and "1099 ZZ Westerhaven" is one
    unit: never "1099 ZZ" over "Westerhaven" (Danish A4 had it beside the vCard code)."""
    with pdfplumber.open(path(small_formats, language, fmt)) as pdf:
        found = [text(line) for page in pdf.pages for line in lines(page) if "1099" in text(line)]
    assert found and all("1099\u00a0ZZ\u00a0Westerhaven" in line for line in found), found


def test_no_page_ends_in_a_hyphenated_word(small_formats: BuildResult) -> None:
    """No A5 or large-print example makes a reader turn the page mid-word: the last line of
    text of a page (the running footer and footnotes aside) never ends in a hyphen."""
    found, pages = [], 0
    for output in small_formats.outputs:
        if output.format not in ("a5", "large-print"):
            continue
        body = 16.0 if output.format == "large-print" else 12.0
        foot = float(FORMATS[output.format].margins.split()[2].removesuffix("mm")) * MM
        with pdfplumber.open(output.path) as pdf:
            for number, page in enumerate(pdf.pages[:-1], 1):
                flow = [
                    line for line in lines(page)
                    if line[0]["top"] < page.height - foot
                    and max(c["size"] for c in line) > body - 0.1
                ]  # fmt: skip
                pages += 1
                if flow and text(flow[-1]).rstrip().endswith("\u2010"):
                    found.append((output.path.name, number, text(flow[-1])[-30:]))
    assert found == []
    assert pages > 100
