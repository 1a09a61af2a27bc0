"""The web edition and the catalog as files: addresses, content, links, QR codes, status."""

from __future__ import annotations

import datetime as dt
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image

from helpers import copy_example, scan_last_pages
from leafprint.commands.build import BuildOptions, Project, build
from leafprint.publish.catalog import WebRecord, review_status
from leafprint.publish.web import _letter, move_footnotes, web_path

ROOT = Path(__file__).resolve().parent.parent
WESTERHAVEN = "leaflets.westerhaven.example.org"
LUMEN = "www.lumen-patients.example.org/leaflets"
EXAMPLES = sorted(p.parent.name for p in (ROOT / "leaflets").glob("*/leaflet.yaml"))


class Links(HTMLParser):
    """Every link, resource address and ``lang``/``dir`` of the ``<html>`` element."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.resources: list[str] = []
        self.root: dict[str, str | None] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "html":
            self.root = values
        if tag == "a" and values.get("href"):
            self.links.append(str(values["href"]))
        for name in ("src", "data", "poster") if tag != "a" else ():
            if values.get(name):
                self.resources.append(str(values[name]))
        if tag == "link" and values.get("rel") == "stylesheet":
            self.resources.append(str(values.get("href")))


def parse(path: Path) -> Links:
    parser = Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def local_targets(page: Path, links: list[str]) -> list[Path]:
    """The files that the relative links of *page* lead to (fragments and queries dropped)."""
    targets = []
    for link in links:
        if re.match(r"^[a-z]+:|^#", link):
            continue
        target = (page.parent / link.split("#")[0]).resolve()
        targets.append(target / "index.html" if link.endswith("/") else target)
    return targets


def test_online_address_maps_to_a_folder_under_the_output(tmp_path: Path) -> None:
    url = "https://www.example.org/leaflets/immunotherapy/nl"
    assert web_path(url, tmp_path) == (
        tmp_path / "www.example.org/leaflets/immunotherapy/nl/index.html"
    )
    assert web_path("https://x.example.org/a/../../b/%2e%2e/c", tmp_path) == (
        tmp_path / "x.example.org/a/b/c/index.html"
    )


def test_footnotes_move_to_a_list_of_notes() -> None:
    html = (
        '<main><p>One<span class="footnote">First <span class="citation">[1]</span>'
        ' note.</span> two<span class="footnote">Second.</span></p></main>'
    )
    assert move_footnotes(html, "Notes & more") == (
        '<main><p>One<sup class="footnote-ref"><a href="#note-a" id="note-ref-a">a</a></sup>'
        ' two<sup class="footnote-ref"><a href="#note-b" id="note-ref-b">b</a></sup></p>'
        '<section class="notes" aria-labelledby="notes-heading">\n'
        '    <h2 id="notes-heading">Notes &amp; more</h2>\n'
        '    <ol class="note-list">'
        '<li id="note-a"><a class="note-back" href="#note-ref-a">a</a> First '
        '<span class="citation">[1]</span> note.</li>'
        '<li id="note-b"><a class="note-back" href="#note-ref-b">b</a> Second.</li>'
        "</ol>\n  </section>\n  </main>"
    )
    assert move_footnotes("<main><p>x</p></main>", "Notes") == "<main><p>x</p></main>"
    assert _letter(0) == "a" and _letter(25) == "z" and _letter(26) == "aa"


@pytest.mark.parametrize(
    ("next_review", "draft", "outdated", "status"),
    [
        ("2026-11-30", True, True, "overdue"),
        ("2030-01-01", True, True, "draft"),
        ("2029-01-01", False, True, "outdated-translation"),
        ("2027-03-01", False, False, "due-soon"),
        ("2027-03-02", False, False, "current"),
    ],
)
def test_review_status(next_review: str, draft: bool, outdated: bool, status: str) -> None:
    record = WebRecord(
        file="x/index.html", slug="x", language="en", direction="ltr", title="X", code="X-1",
        version="1.0", brand="b", brand_name="B", colour="#000000", next_review=next_review,
        draft=draft, outdated=outdated, due_soon_months=3, source=True, editions={},
    )  # fmt: skip
    assert review_status(record, dt.date(2026, 12, 1)) == status


def test_every_leaflet_language_has_a_web_edition(site: Path) -> None:
    catalog = json.loads((site / "catalog.json").read_text())
    pages = {(e["slug"], e["language"]): e["file"] for e in catalog["web"] if not e["edition"]}
    expected = {
        (slug, lang.stem)
        for slug in EXAMPLES
        for lang in (ROOT / "leaflets" / slug).glob("*.yaml")
        if lang.stem != "leaflet"
    }
    assert set(pages) == expected
    assert pages["immunotherapy", "nl"] == f"{WESTERHAVEN}/immunotherapy/nl/index.html"
    assert pages["refractory-cancer", "fr"] == f"{LUMEN}/refractory-cancer/fr/index.html"
    for file in pages.values():
        assert (site / file).is_file()


def test_web_edition_content(site: Path) -> None:
    page = site / WESTERHAVEN / "immunotherapy/en/index.html"
    html = page.read_text(encoding="utf-8")
    parsed = parse(page)
    assert parsed.root == {"lang": "en", "dir": "ltr"}
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert "<title>Immunotherapy for cancer · Westerhaven Hospital</title>" in html
    assert re.search(r'<main id="main"', html) and '<a class="skip-link" href="#main">' in html
    # citations link to the reference list, footnotes stay with their text
    assert '<sup class="citation"><a href="#ref-1">1</a></sup>' in html
    assert '<li id="ref-1" value="1">' in html
    # footnotes become lettered links to the notes after the text
    assert '<sup class="footnote-ref"><a href="#note-a" id="note-ref-a">a</a></sup>' in html
    assert '<li id="note-a"><a class="note-back" href="#note-ref-a">a</a> Checkpoints are' in html
    assert 'class="footnote"' not in html
    assert html.index('id="notes-heading">Notes</h2>') < html.index('<section class="references"')
    # tap to call, the urgent number first
    assert re.search(r'<p class="contact-urgent-number"><a href="tel:\+31-20-555-0199">', html)
    assert 'href="tel:+31-20-555-0140"' in html
    # every PDF of its language, beside the page; other languages in their own names
    assert '<a href="immunotherapy.en.pdf" type="application/pdf">A4 leaflet' in html
    assert 'href="../nl/" hreflang="nl" lang="nl" dir="ltr">Nederlands</a>' in html
    assert 'href="../ar/" hreflang="ar" lang="ar" dir="rtl">العربية</a>' in html
    # the page is the online version: no QR code of itself
    assert "online-qr" not in html and "<svg" not in html.split("<main")[1].split("</main>")[0]


def test_clinic_editions_are_offered_on_the_web_edition(site: Path) -> None:
    html = (site / WESTERHAVEN / "immunotherapy/nl/index.html").read_text(encoding="utf-8")
    assert '<h3 class="downloads-edition">Algemene uitgave</h3>' in html
    assert '<h3 class="downloads-edition">Uitgave voor Oncologisch Dagcentrum Oostmeer</h3>' in html
    assert 'href="immunotherapy.nl.oostmeer.pdf"' in html


def test_arabic_web_edition_is_right_to_left(site: Path) -> None:
    page = site / WESTERHAVEN / "immunotherapy/ar/index.html"
    assert parse(page).root == {"lang": "ar", "dir": "rtl"}


@pytest.mark.parametrize("pages", ["index.html", "*/**/index.html"])
def test_pages_load_nothing_from_the_network_and_every_link_exists(site: Path, pages: str) -> None:
    found = sorted(site.glob(pages))
    web = json.loads((site / "catalog.json").read_text())["web"]
    assert len([page for page in web if not page["edition"]]) == 11  # every example language
    statements = [page for page in found if "accessibility" in page.parts]
    assert len(statements) == (0 if pages == "index.html" else 8)  # a brand's languages
    # a language page per leaflet and edition: the address of a poster's QR code
    choices = [p for p in found if 'class="short-page language-page"' in p.read_text("utf-8")]
    editions = {(page["slug"], page["edition"]) for page in web}
    assert len(choices) == (0 if pages == "index.html" else len(editions))
    assert len(found) - len(statements) - len(choices) == (1 if pages == "index.html" else len(web))
    for page in found:
        parsed = parse(page)
        for resource in parsed.resources:
            assert not re.match(r"^[a-z]+:", resource), f"{page}: {resource}"
            assert (page.parent / resource).resolve().is_file(), f"{page}: {resource}"
        for target in local_targets(page, parsed.links):
            assert target.is_file(), f"{page}: link to missing {target}"
            assert target.resolve().is_relative_to(site.resolve())


def test_catalog_page_lists_every_leaflet_with_thumbnail_and_sizes(site: Path) -> None:
    html = (site / "index.html").read_text(encoding="utf-8")
    slugs = re.findall(r'<li class="card" id="leaflet-([a-z-]+)"', html)
    assert slugs == EXAMPLES
    for slug in EXAMPLES:
        with Image.open(site / "thumbnails" / f"{slug}.png") as image:
            assert image.width == 320 and 1.38 < image.height / image.width < 1.45  # A4
    size = (site / "refractory-cancer/refractory-cancer.en.screen.pdf").stat().st_size
    assert (
        'Screen<span class="visually-hidden"> PDF, General edition (English)</span> '
        f'<span class="size">{round(size / 1000)} kB</span>' in html
    )
    assert '<span class="status status-overdue">Review overdue</span>' in html  # metastases
    assert '<span class="status status-due-soon">Review due soon</span>' in html  # guide
    assert '<span class="row-title" lang="ar" dir="rtl">' in html
    lumen = re.search(r'id="leaflet-refractory-cancer"[^>]*style="--card: ([^"]+)"', html)
    assert lumen and lumen.group(1) == "#5B2A63"  # the brand's primary colour


@pytest.mark.e2e
def test_qr_code_of_each_printed_leaflet_leads_to_its_web_edition(
    site: Path, tmp_path: Path
) -> None:
    catalog = json.loads((site / "catalog.json").read_text())
    printed = [e for e in catalog["leaflets"] if e["format"] == "a4"]
    assert len(printed) >= len(EXAMPLES)
    for entry in printed:
        codes = [c for c in scan_last_pages(site / entry["file"], tmp_path) if "://" in c]
        assert codes, f"no QR code found in {entry['file']}"
        page = web_path(codes[0], site)
        assert page.is_file(), f"{entry['file']}: {codes[0]} leads nowhere"
        assert parse(page).root["lang"] == entry["language"]
        html = page.read_text(encoding="utf-8")
        heading = html[html.index('<h1 class="title">') + 18 :].split("</h1>")[0]
        assert straight(heading) == straight(entry["title"])  # the page sets typographic quotes


def straight(text: str) -> str:
    return text.translate(str.maketrans("’‘“”\xa0", "''\"\" "))


@pytest.mark.slow
def test_failed_leaflet_keeps_its_web_edition(sandbox: Project, tmp_path: Path) -> None:
    target = copy_example("refractory-cancer", sandbox.leaflets)
    out = tmp_path / "out"
    options = BuildOptions(languages=["en"], formats=["a4"], editions=["general"], out=out)
    assert build(sandbox, options).web == [out / LUMEN / "refractory-cancer/en/index.html"]
    before = (out / LUMEN / "refractory-cancer/en/index.html").read_bytes()
    (target / "en.yaml").write_text("title: [broken\n", encoding="utf-8")
    result = build(sandbox, options)
    assert result.web == []
    (error,) = result.errors
    assert (Path(error.path), error.line, error.column) == (target / "en.yaml", 2, 1)
    assert error.message.startswith("invalid YAML: ")
    assert (out / LUMEN / "refractory-cancer/en/index.html").read_bytes() == before
    assert "refractory-cancer" in (out / "index.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_command_line_reports_the_web_editions(sandbox: Project, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from leafprint.cli import cli

    copy_example("refractory-cancer", sandbox.leaflets)
    out = tmp_path / "out"
    args = ["--project", str(sandbox.root), "build", "--lang", "en", "--format", "a4"]
    result = CliRunner().invoke(cli, [*args, "--out", str(out)])
    assert result.exit_code == 0, result.output
    page = out / LUMEN / "refractory-cancer/en/index.html"
    assert f"      web {page}" in result.stdout.splitlines()
    summary = result.stdout.splitlines()[-1]
    assert summary.startswith("1 rendered, 0 unchanged, 0 failed, 1 web page(s) in ")
    assert summary.endswith("; 0 error(s), 1 warning(s)")  # a draft: no sign-offs yet
