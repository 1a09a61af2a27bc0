"""The renderer reads only the project's own files."""

from pathlib import Path

import pytest

from conftest import pdf_text
from leafprint.errors import AssetError
from leafprint.pdf import PdfRenderer


def test_renders_html(tmp_path: Path) -> None:
    pdf = PdfRenderer([tmp_path]).render("<p>Hello</p>", tmp_path, tmp_path / "x.yaml")
    (tmp_path / "x.pdf").write_bytes(pdf.data)
    assert "Hello" in pdf_text(tmp_path / "x.pdf")


def test_files_outside_the_project_are_refused(tmp_path: Path) -> None:
    inside = tmp_path / "project"
    inside.mkdir()
    secret = tmp_path / "secret.svg"
    secret.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"/>')
    html = f'<img src="{secret.as_uri()}" alt="x"><img src="http://127.0.0.1:9/x.png" alt="y">'
    with pytest.raises(AssetError) as caught:
        PdfRenderer([inside]).render(html, inside, inside / "en.yaml")
    messages = " ".join(p.message for p in caught.value.problems)
    assert "secret.svg lies outside the leaflet and style folders" in messages
    assert "http://127.0.0.1:9/x.png" in messages
