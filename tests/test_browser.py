"""The catalog, the web editions and the preview server in a real browser: Debian's
chromium driven by Playwright (never ``playwright install``), accessibility by axe-core."""

from __future__ import annotations

import http.client
import json
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from helpers import CHROMIUM, PHONE, Watched, axe_violations, copy_example

playwright = pytest.importorskip("playwright.sync_api")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        CHROMIUM is None, reason="Debian's chromium is not installed (apt-get install chromium)"
    ),
]
ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted(p.parent.name for p in (ROOT / "leaflets").glob("*/leaflet.yaml"))
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def watched(browser: Any) -> Iterator[Watched]:
    page = Watched(browser, DESKTOP)
    yield page
    page.context.close()


def visible_slugs(page: Any) -> list[str]:
    return sorted(
        page.eval_on_selector_all(".card:not([hidden])", "cs => cs.map(c => c.dataset.slug)")
    )


# --- the catalog --------------------------------------------------------------------------


def test_catalog_lists_every_example_leaflet(site: Path, watched: Watched) -> None:
    page = watched.page
    page.goto((site / "index.html").as_uri())
    assert visible_slugs(page) == EXAMPLES
    assert page.inner_text("#count") == f"{len(EXAMPLES)} leaflets"
    for entry in json.loads((site / "catalog.json").read_text())["web"]:
        row = page.locator(f"#leaflet-{entry['slug']} .row[data-language='{entry['language']}']")
        assert row.locator(".row-title").inner_text() == entry["title"]
    assert page.locator(".row-title[lang='ar']").get_attribute("dir") == "rtl"


def expected(site: Path, name: str, value: str) -> list[str]:
    """The leaflets that a filter should leave, worked out from catalog.json."""
    catalog = json.loads((site / "catalog.json").read_text())
    web = catalog["web"]
    if name == "brand":
        return sorted({e["slug"] for e in web if e["brand"] == value})
    if name == "language":
        return sorted({e["slug"] for e in web if e["language"] == value})
    return sorted({e["slug"] for e in catalog["leaflets"] if e[name] == value})


@pytest.mark.parametrize("name", ["language", "brand", "edition", "format"])
def test_each_filter_narrows_the_list(site: Path, watched: Watched, name: str) -> None:
    page = watched.page
    page.goto((site / "index.html").as_uri())
    values = page.eval_on_selector_all(
        f"#filter-{name} option", "os => os.map(o => o.value).filter(Boolean)"
    )
    assert len(values) >= 2
    narrowed = False
    for value in values:
        page.select_option(f"#filter-{name}", value)
        shown = visible_slugs(page)
        assert shown == expected(site, name, value), f"{name}={value}"
        narrowed |= len(shown) < len(EXAMPLES)
        attribute = {"language": "language", "edition": "edition", "format": "format"}.get(name)
        if attribute:  # rows and files of other values are hidden inside the cards
            selector = ".row:not([hidden])" if name == "language" else ".file[data-format]"
            values_shown = page.eval_on_selector_all(
                f".card:not([hidden]) {selector}:not([hidden])",
                f"es => es.map(e => e.dataset.{attribute})",
            )
            assert set(values_shown) == {value}
    assert narrowed
    page.select_option(f"#filter-{name}", "")
    assert visible_slugs(page) == EXAMPLES


def test_status_filter(site: Path, watched: Watched) -> None:
    """As of the site's day, one leaflet's review is overdue, one is due soon (and has an
    outdated translation), one is a draft."""
    page = watched.page
    page.goto((site / "index.html").as_uri())
    page.select_option("#filter-status", "overdue")
    assert visible_slugs(page) == ["metastases-treatment"]
    page.select_option("#filter-status", "due-soon")
    assert visible_slugs(page) == ["immuno-oncology-guide"]
    page.select_option("#filter-status", "outdated-translation")
    assert visible_slugs(page) == ["immuno-oncology-guide"]
    page.select_option("#filter-status", "draft")
    assert visible_slugs(page) == ["refractory-cancer"]
    page.select_option("#filter-status", "current")
    assert visible_slugs(page) == ["immunotherapy"]


@pytest.mark.parametrize(
    ("query", "slugs"),
    [
        ("refractaire", ["refractory-cancer"]),  # "réfractaire", without its accent
        ("KRÆFT", ["immuno-oncology-guide", "immunotherapy"]),  # Danish titles
        ("المناعي", ["immunotherapy"]),  # the Arabic title
        ("المَناعي", ["immunotherapy"]),  # with a vowel mark the title does not write
        ("ONC-012", ["immunotherapy"]),
        ("ONC-012-NL-OOSTMEER", ["immunotherapy"]),  # the code a clinic's stock prints
        ("lpn-009-fr", ["refractory-cancer"]),
        ("no such leaflet", []),
    ],
)
def test_search_finds_titles_in_every_language(
    site: Path, watched: Watched, query: str, slugs: list[str]
) -> None:
    page = watched.page
    page.goto((site / "index.html").as_uri())
    page.fill("#filter-q", query)
    assert visible_slugs(page) == slugs
    assert page.is_visible("#none") == (not slugs)


def test_two_clicks_to_a_clinic_edition(site: Path, watched: Watched) -> None:
    page = watched.page
    page.goto((site / "index.html").as_uri())
    page.select_option("#filter-edition", "oostmeer")
    links = page.locator(".card:not([hidden]) .file:not([hidden]) a[type='application/pdf']")
    assert links.count() == 1
    href = links.first.get_attribute("href")
    assert href == "immunotherapy/immunotherapy.nl.oostmeer.pdf"
    assert (site / href).is_file()


def test_pages_make_no_console_errors_and_no_requests_outside_the_output(
    site: Path, watched: Watched
) -> None:
    pages = [site / "index.html", *sorted(site.glob("*/**/index.html"))]
    for path in pages:
        watched.page.goto(path.as_uri())
        watched.page.wait_for_load_state("load")
    assert watched.errors == []
    outside = [url for url in watched.requests if not url.startswith(site.as_uri() + "/")]
    assert outside == []
    assert len(watched.requests) > len(pages)  # thumbnails, logos, images were loaded


def test_every_link_points_to_an_existing_file(site: Path, watched: Watched) -> None:
    pages = [site / "index.html", *sorted(site.glob("*/**/index.html"))]
    for path in pages:
        watched.page.goto(path.as_uri())
        hrefs = watched.page.eval_on_selector_all("a[href]", "as => as.map(a => a.href)")
        for href in hrefs:
            if href.startswith("file://"):
                target = Path(href.removeprefix("file://").split("#")[0])
                target = target / "index.html" if target.is_dir() else target
                assert target.is_file(), f"{path}: {href}"


# --- accessibility and layout ---------------------------------------------------------------


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "320px"])
def test_every_web_edition_passes_axe_and_fits_the_screen(
    site: Path, browser: Any, viewport: dict[str, int]
) -> None:
    watched = Watched(browser, viewport)
    pages = sorted(site.glob("*/**/index.html"))
    assert any("/ar/" in str(p) for p in pages)
    for path in pages:
        watched.page.goto(path.as_uri())
        assert axe_violations(watched.page) == [], path
        width = watched.page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"], f"{path}: {width} px wide"
    watched.context.close()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "320px"])
def test_catalog_passes_axe_and_fits_the_screen(
    site: Path, browser: Any, viewport: dict[str, int]
) -> None:
    watched = Watched(browser, viewport)
    watched.page.goto((site / "index.html").as_uri())
    assert axe_violations(watched.page) == []
    assert watched.page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    watched.context.close()


def test_web_edition_prints_without_its_menus(site: Path, watched: Watched) -> None:
    page = watched.page
    page.goto((site / "leaflets.westerhaven.example.org/immunotherapy/en/index.html").as_uri())
    assert page.is_visible("nav.languages") and page.is_visible(".downloads")
    page.emulate_media(media="print")
    assert not page.is_visible("nav.languages") and not page.is_visible(".downloads")
    assert page.is_visible(".contact-block")


def test_catalog_is_usable_by_keyboard(site: Path, watched: Watched) -> None:
    page = watched.page
    page.goto((site / "index.html").as_uri())
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "filter-q"
    page.keyboard.type("refractory")
    assert visible_slugs(page) == ["refractory-cancer"]


def test_axe_reports_a_real_violation(browser: Any, tmp_path: Path) -> None:
    """The check can fail: an image without a text alternative is found."""
    page = tmp_path / "page.html"
    page.write_text('<!DOCTYPE html><html lang="en"><title>x</title><img src="x.png">')
    watched = Watched(browser, DESKTOP)
    watched.page.goto(page.as_uri())
    assert [v.split(":")[0] for v in axe_violations(watched.page)] == ["image-alt"]
    watched.context.close()


# --- the preview server -----------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Server:
    process: subprocess.Popen[str]
    root: Path
    url: str

    def state(self) -> dict[str, Any]:
        with urllib.request.urlopen(self.url + "_leafprint/state", timeout=5) as response:
            return dict(json.load(response))

    def wait_until_built(self, generation: int = 1, timeout: float = 600) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, (
                self.process.stdout.read() if self.process.stdout else ""
            )
            try:
                state = self.state()
                if state["generation"] >= generation and not state["building"]:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise AssertionError(f"build {generation} did not finish")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    """``leafprint serve`` on a free port, in a copy of the project with one leaflet."""
    shutil.copytree(ROOT / "styles", tmp_path / "styles")
    copy_example("refractory-cancer", tmp_path / "leaflets")
    yield from serving(tmp_path)


def serving(tmp_path: Path) -> Iterator[Server]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "leafprint", "serve", "--port", str(port)],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    running = Server(process, tmp_path, f"http://127.0.0.1:{port}/")
    try:
        running.wait_until_built()
        yield running
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            process.wait(timeout=15)
        if process.stdout:
            process.stdout.close()


def test_serve_updates_the_open_page_and_shows_located_errors(
    server: Server, watched: Watched
) -> None:
    page = watched.page
    page.goto(server.url + "preview/refractory-cancer/en/a4")
    title = page.locator("h1 .leaflet-title")
    assert title.inner_text() == "Refractory cancer"
    pages = page.locator("#pages")
    assert pages.get_attribute("data-pdf") == "/refractory-cancer/refractory-cancer.en.pdf"
    page.evaluate("window.notReloaded = true")  # gone when the page reloads

    source = server.root / "leaflets" / "refractory-cancer" / "en.yaml"
    text = source.read_text(encoding="utf-8")
    generation = server.state()["generation"]
    source.write_text(text.replace("title: Refractory cancer", "title: Cancer that resists"))
    server.wait_until_built(generation + 1, timeout=600)  # however busy the machine is
    playwright.expect(title).to_have_text("Cancer that resists", timeout=60_000)
    assert page.evaluate("window.notReloaded === undefined")  # it reloaded by itself

    generation = server.state()["generation"]
    source.write_text(text.replace("title: Refractory cancer", "title: [Refractory cancer"))
    server.wait_until_built(generation + 1, timeout=600)
    where = page.locator(".problems .where")
    playwright.expect(where).to_have_text("leaflets/refractory-cancer/en.yaml:3:9:", timeout=60_000)
    assert "invalid YAML" in page.locator(".problems .message").inner_text()
    assert page.locator("#pages").count() == 0
    last_good = page.locator(".last-good a").get_attribute("href")
    assert last_good == "/refractory-cancer/refractory-cancer.en.pdf"
    with urllib.request.urlopen(server.url + last_good.lstrip("/"), timeout=5) as response:
        assert response.read(5) == b"%PDF-"
    assert watched.errors == []


def test_serve_lists_warnings_under_the_pages_and_keeps_the_place_after_a_save(
    server: Server, watched: Watched
) -> None:
    page = watched.page
    page.goto(server.url + "preview/refractory-cancer/en/a4")
    brand = server.root / "styles" / "lumen" / "brand.yaml"
    brand.write_text(brand.read_text(encoding="utf-8") + "readability:\n  targets: {en: 75}\n")
    readability = page.locator(".warnings li", has_text="PL101 sections[1]:")
    playwright.expect(readability).to_be_visible(timeout=60_000)
    assert (
        "sections[1]: 'What is refractory cancer?' scores Flesch 70.5, beyond the en target ≥ 75"
        in " ".join(readability.inner_text().split())
    )
    assert "warning" in page.locator(".state").inner_text()

    pictures = page.locator("#pages img")
    assert pictures.count() >= 2
    second = pictures.nth(1)
    playwright.expect(second).to_have_js_property("complete", True)
    assert page.evaluate("document.querySelector('#pages img').naturalWidth") == 1000
    place = int(page.evaluate("document.querySelectorAll('#pages img')[1].offsetTop"))
    page.evaluate(f"window.scrollTo(0, {place})")
    stored = "Number(sessionStorage.getItem('leafprint-scroll:' + location.pathname))"
    page.wait_for_function(f"Math.abs({stored} - {place}) < 2")  # kept as the page scrolls
    page.evaluate("window.notReloaded = true")
    source = server.root / "leaflets" / "refractory-cancer" / "en.yaml"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("title: Refractory cancer", "title: Cancer that resists"))
    title = page.locator("h1 .leaflet-title")
    playwright.expect(title).to_have_text("Cancer that resists", timeout=60_000)
    assert page.evaluate("window.notReloaded === undefined")  # it reloaded by itself
    assert abs(page.evaluate("window.scrollY") - place) < 2  # on the second page still
    assert watched.errors == []


def test_serve_links_previews_and_builds_a_format_on_demand(
    server: Server, watched: Watched
) -> None:
    page = watched.page
    page.goto(server.url)
    link = page.locator("#leaflet-refractory-cancer .preview-link")
    assert link.get_attribute("href") == "/preview/refractory-cancer/"
    link.click()
    assert page.locator("h1 .leaflet-title").inner_text() == "Le cancer réfractaire"  # source
    page.click("nav >> text=a5")
    pages = page.locator("#pages")
    playwright.expect(pages).to_have_attribute(
        "data-pdf", "/refractory-cancer/refractory-cancer.fr.a5.pdf", timeout=60_000
    )
    assert watched.errors == []


@pytest.fixture
def clinic_server(tmp_path: Path) -> Iterator[Server]:
    """As ``server``, with the leaflet handed out by a clinic of its brand too."""
    shutil.copytree(ROOT / "styles", tmp_path / "styles")
    with (tmp_path / "styles" / "lumen" / "contacts.yaml").open("a", encoding="utf-8") as f:
        f.write(
            "clinics:\n  north:\n    name: {fr: Antenne Nord, en: North branch}\n"
            "    contact: helpline\n"
        )
    folder = copy_example("refractory-cancer", tmp_path / "leaflets")
    with (folder / "leaflet.yaml").open("a", encoding="utf-8") as f:
        f.write("editions: [north]\n")
    yield from serving(tmp_path)


def test_serve_previews_a_clinic_edition_and_keeps_the_choice_on_reload(
    clinic_server: Server, watched: Watched
) -> None:
    page = watched.page
    page.goto(clinic_server.url + "preview/refractory-cancer/en/a4")
    pages = page.locator("#pages")
    assert pages.get_attribute("data-pdf") == "/refractory-cancer/refractory-cancer.en.pdf"
    page.click("nav >> text=North branch")  # not built yet: built now, then shown
    playwright.expect(pages).to_have_attribute(
        "data-pdf", "/refractory-cancer/refractory-cancer.en.north.pdf", timeout=600_000
    )
    assert page.url == clinic_server.url + "preview/refractory-cancer/en/a4/north"
    page.reload()
    assert pages.get_attribute("data-pdf") == "/refractory-cancer/refractory-cancer.en.north.pdf"
    current = page.locator('nav a[aria-current="page"]')
    assert current.all_inner_texts() == ["en", "a4", "North branch"]
    assert page.locator("h1 small").inner_text() == "refractory-cancer · en · a4 · North branch"
    assert watched.errors == []


def test_serve_serves_nothing_outside_the_output_and_stops_on_ctrl_c(server: Server) -> None:
    host, port = server.url.removeprefix("http://").rstrip("/").split(":")
    for path in [
        "/../leaflets/refractory-cancer/en.yaml",
        "/%2e%2e/styles/lumen/brand.yaml",
        "/..%2fleaflets/refractory-cancer/en.yaml",
        "/refractory-cancer/../../styles",
    ]:
        connection = http.client.HTTPConnection(host, int(port), timeout=5)
        connection.request("GET", path)
        assert connection.getresponse().status == 404, path
        connection.close()
    folder = "/www.lumen-patients.example.org/leaflets/refractory-cancer/en"
    connection = http.client.HTTPConnection(host, int(port), timeout=5)
    connection.request("GET", folder)  # a web edition's folder: its relative links need the /
    response = connection.getresponse()
    assert (response.status, response.getheader("Location")) == (301, folder + "/")
    connection.close()
    with urllib.request.urlopen(server.url, timeout=5) as response:  # the catalog
        assert b'id="leaflet-refractory-cancer"' in response.read()
    server.process.send_signal(signal.SIGINT)
    assert server.process.wait(timeout=15) == 0
    output = server.process.stdout.read() if server.process.stdout else ""
    assert output.startswith(f"Serving {server.url} (Ctrl-C to stop)")
    assert output.rstrip().endswith("Stopped.")
    assert "Traceback" not in output
