"""Make the README's page images of each format and its screenshots of the catalog, a web
edition and the preview.

Run from the project root: ``.venv/bin/python docs/screenshots.py`` (needs Debian's
chromium and poppler's pdftoppm). Builds the examples into a temporary folder; writes
``docs/images/*.png``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import replace
from pathlib import Path

from playwright.sync_api import sync_playwright

from leafprint.commands.build import BuildOptions, Project, build

ROOT = Path(__file__).resolve().parent.parent
IMAGES = ROOT / "docs" / "images"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PORT = 8765


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "dist"
        build(Project(ROOT), BuildOptions(formats=["a4", "screen"], out=out))
        page_images(Path(folder) / "formats")
        poster_image(out)
        with sync_playwright() as driver:
            browser = driver.chromium.launch(executable_path=shutil.which("chromium"), args=ARGS)
            shoot(browser, (out / "index.html").as_uri(), "catalog-desktop.png", 1280, 860)
            shoot(browser, (out / "index.html").as_uri(), "catalog-phone.png", 390, 844)
            page = out / "leaflets.westerhaven.example.org/immunotherapy/en/index.html"
            shoot(browser, page.as_uri(), "web-edition-phone.png", 390, 844)
            shoot(browser, page.as_uri() + "#contact", "web-edition-contact-phone.png", 390, 844)
            preview_with_error(browser, Path(folder) / "project")
            browser.close()


FORMATS = ("a4", "a5", "booklet", "large-print", "press", "screen")
DL_SIDES = ("outside", "inside")  # the DL tri-fold's two sheet sides


def poster_image(out: Path) -> None:
    """Westerhaven's A3 waiting-room poster of its general edition, at 40 dpi."""
    build(Project(ROOT), BuildOptions(formats=["poster-a3"], editions=["general"], out=out))
    poster = out / "posters" / "westerhaven" / "general.poster-a3.pdf"
    command = ["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", "-singlefile"]
    subprocess.run([*command, str(poster), str(IMAGES / "poster-a3")], check=True)


def page_images(out: Path) -> None:
    """The first page (a booklet: its first sheet) of the English immunotherapy leaflet in
    every format, and both sides of its DL tri-fold, at 40 dpi."""
    options = BuildOptions(slugs=["immunotherapy"], languages=["en"], editions=["general"], out=out)
    result = build(Project(ROOT), options)
    result.outputs += build(Project(ROOT), replace(options, formats=["dl"])).outputs
    for output in result.outputs:
        if output.format in FORMATS:
            page_image(output.path, 1, IMAGES / output.format)
        if output.format == "dl":
            for number, side in enumerate(DL_SIDES, 1):
                page_image(output.path, number, IMAGES / f"dl-{side}")


def page_image(pdf: Path, page: int, target: Path) -> None:
    command = ["pdftoppm", "-png", "-r", "40", "-f", str(page), "-l", str(page), "-singlefile"]
    subprocess.run([*command, str(pdf), str(target)], check=True)


def shoot(browser: object, url: str, name: str, width: int, height: int) -> None:
    context = browser.new_context(
        viewport={"width": width, "height": height}, device_scale_factor=1
    )  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(url)
    page.wait_for_load_state("load")
    page.screenshot(path=IMAGES / name)
    context.close()


def preview_with_error(browser: object, project: Path) -> None:
    shutil.copytree(ROOT / "styles", project / "styles")
    shutil.copytree(ROOT / "leaflets" / "immunotherapy", project / "leaflets" / "immunotherapy")
    shutil.copytree(ROOT / "leaflets" / "blocks", project / "leaflets" / "blocks")
    shutil.copy(ROOT / "leaflets" / "references.yaml", project / "leaflets")
    process = subprocess.Popen(
        [sys.executable, "-m", "leafprint", "serve", "--port", str(PORT)], cwd=project
    )
    try:
        for _ in range(600):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/_leafprint/state") as r:
                    if b'"generation": 1' in r.read():
                        break
            except OSError:
                pass
            time.sleep(0.2)
        source = project / "leaflets" / "immunotherapy" / "en.yaml"
        text = source.read_text(encoding="utf-8")
        source.write_text(text.replace("\ntitle:", "\ntitel:", 1), encoding="utf-8")
        time.sleep(8)
        shoot(
            browser,
            f"http://127.0.0.1:{PORT}/preview/immunotherapy/en/a4",
            "preview-error.png",
            1280,
            720,
        )
    finally:
        process.terminate()
        process.wait()


if __name__ == "__main__":
    main()
