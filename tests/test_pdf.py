"""The renderer reads only the project's own files, and says so for every file it refuses."""

from __future__ import annotations

import base64
import struct
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from pypdf import PdfReader

from helpers import pdf_text
from leafprint.errors import AssetError
from leafprint.layout.pdf import PdfRenderer

pytestmark = pytest.mark.slow  # every test here renders PDFs

SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"><rect width="9"/></svg>'


def test_renders_html(tmp_path: Path) -> None:
    pdf = PdfRenderer([tmp_path]).render("<p>Hello</p>", tmp_path, tmp_path / "x.yaml")
    (tmp_path / "x.pdf").write_bytes(pdf.data)
    assert "Hello" in pdf_text(tmp_path / "x.pdf")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project folder with leaflets/ and styles/, and a secret file beside it."""
    for name in ("leaflets", "styles"):
        (tmp_path / "project" / name).mkdir(parents=True)
    (tmp_path / "secret.svg").write_text(SVG)
    (tmp_path / "project" / "leaflets" / "logo.svg").write_text(SVG)
    return tmp_path / "project"


def refusals(project: Path, html: str) -> list[str]:
    renderer = PdfRenderer([project / "leaflets", project / "styles"])
    with pytest.raises(AssetError) as caught:
        renderer.render(html, project / "leaflets", project / "leaflets" / "en.yaml")
    return [problem.message for problem in caught.value.problems]


def test_files_outside_the_project_and_the_web_are_refused(project: Path) -> None:
    secret = (project.parent / "secret.svg").as_uri()
    html = f'<img src="{secret}" alt="x"><img src="http://127.0.0.1:9/x.png" alt="y">'
    assert refusals(project, html) == [
        f"'{project.parent / 'secret.svg'}': lies outside the project's leaflets/ and styles/ "
        "folders",
        "'http://127.0.0.1:9/x.png': only files in the project's leaflets/ and styles/ folders "
        "may be used, never web addresses",
    ]


def test_an_installed_font_named_by_local_may_be_read(project: Path, tmp_path: Path) -> None:
    """A brand's @font-face may name an installed font with local(); other files outside
    the project stay refused."""
    html = (
        "<style>@font-face { font-family: 'Body LTR'; src: local('Noto Sans Regular'); }"
        "p { font-family: 'Body LTR'; }</style><p>Hello</p>"
    )
    renderer = PdfRenderer([project / "leaflets", project / "styles"])
    pdf = renderer.render(html, project / "leaflets", project / "leaflets" / "en.yaml")
    assert pdf.fonts == {"Body LTR"}
    assert refusals(project, f'<img src="{(project.parent / "secret.svg").as_uri()}" alt="x">')


def test_missing_image_stylesheet_and_font_are_errors(project: Path) -> None:
    leaflets = (project / "leaflets").as_uri()
    html = (
        f'<link rel="stylesheet" href="{leaflets}/gone.css">'
        f"<style>@font-face {{ font-family: X; src: url({leaflets}/gone.woff2) }}"
        " p { font-family: X }</style>"
        f'<p>Text</p><img src="{leaflets}/gone.png" alt="x">'
    )
    assert sorted(refusals(project, html)) == [
        "'leaflets/gone.css': file not found",
        "'leaflets/gone.png': file not found",
        "'leaflets/gone.woff2': file not found",
    ]


def test_attachments_are_never_embedded(project: Path) -> None:
    logo = (project / "leaflets" / "logo.svg").as_uri()
    html = f'<link rel="attachment" href="{logo}"><a rel="attachment" href="{logo}">x</a>'
    assert refusals(project, html) == ["'leaflets/logo.svg': files cannot be attached to a PDF"] * 2


def test_data_urls_are_bounded(project: Path) -> None:
    small = "data:image/svg+xml;base64," + base64.b64encode(SVG.encode()).decode()
    big = "data:image/png;base64," + "A" * 1_000_000
    renderer = PdfRenderer([project / "leaflets"])
    renderer.render(f'<img src="{small}" alt="x">', project, project / "en.yaml")
    assert refusals(project, f'<img src="{big}" alt="x">') == [
        f"'{big[:57]}…': a data: URL of 1,000,022 characters is too long (at most 1,000,000)"
    ]


def test_svg_reaching_outside_itself_is_refused(project: Path) -> None:
    outside = project / "leaflets" / "outside.svg"
    outside.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        '<use href="#a"/><image xlink:href="file:///etc/hostname" width="9" height="9"/></svg>'
    )
    assert refusals(project, f'<img src="{outside.as_uri()}" alt="x">') == [
        "'leaflets/outside.svg': an SVG file may only refer to its own parts (#id), "
        "not to 'file:///etc/hostname'"
    ]


def test_images_with_too_many_pixels_are_refused(project: Path) -> None:
    huge = project / "leaflets" / "huge.png"
    header = struct.pack(">II", 20_000, 20_000) + b"\x08\x02\x00\x00\x00"
    huge.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR" + header + b"\x00" * 16)
    assert refusals(project, f'<img src="{huge.as_uri()}" alt="x">') == [
        "'leaflets/huge.png': the image is 20000 × 20000 pixels, more than allowed "
        "(at most 10,000 a side and 40,000,000 in all): make it smaller"
    ]


@pytest.fixture
def server() -> Iterator[tuple[str, list[str]]]:
    """A local web server that records every request it gets."""
    requests: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requests.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    httpd = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}", requests
    httpd.shutdown()
    httpd.server_close()


def test_links_stay_links_and_are_never_fetched(
    project: Path, server: tuple[str, list[str]]
) -> None:
    url, requests = server
    html = f'<p><a href="{url}/page">a link</a></p>'
    pdf = PdfRenderer([project]).render(html, project, project / "en.yaml")
    (project / "x.pdf").write_bytes(pdf.data)
    annotations = PdfReader(project / "x.pdf").pages[0]["/Annots"]
    assert [a.get_object()["/A"]["/URI"] for a in annotations] == [f"{url}/page"]
    assert requests == []
    assert refusals(project, f'<img src="{url}/x.png" alt="x">')
    assert requests == []
