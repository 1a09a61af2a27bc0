"""Pictures of PDF pages: PDFium is only ever called from one thread at a time."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pypdfium2
import pytest
import weasyprint

from leafprint.publish import thumbnails
from leafprint.publish.thumbnails import page_png, page_sizes, thumbnail

pytestmark = pytest.mark.slow  # every test here renders PDFs


def text_pdf(path: Path, pages: int = 1) -> Path:
    """A real A4 PDF of *pages* pages of text on a coloured box."""
    page = (
        '<div style="break-after: page"><h1>Page</h1><p style="background: #c00">'
        + "Words to draw. " * 120
        + "</p></div>"
    )
    weasyprint.HTML(string=f"<style>@page {{ size: A4 }}</style>{page * pages}").write_pdf(path)
    return path


def test_pages_sizes_and_thumbnails_are_drawn_from_the_pdf(tmp_path: Path) -> None:
    pdf = text_pdf(tmp_path / "two.pdf", pages=2)
    assert page_sizes(pdf) == [pytest.approx((595.28, 841.89), abs=0.1)] * 2
    assert page_png(pdf, 1, 200).startswith(b"\x89PNG")
    target = thumbnail(pdf, tmp_path / "two.png", width=100)
    assert target.read_bytes().startswith(b"\x89PNG")


def test_no_two_threads_use_pdfium_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The preview server draws pages in request threads while its builder draws
    thumbnails; PDFium crashes the process when two threads call it at once."""
    open_now, most = [0], [0]
    guard = threading.Lock()

    class Watched(pypdfium2.PdfDocument):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            with guard:
                open_now[0] += 1
                most[0] = max(most[0], open_now[0])
            time.sleep(0.02)  # widen the window two unguarded threads would share
            super().__init__(*args, **kwargs)

        def close(self) -> None:
            super().close()
            with guard:
                open_now[0] -= 1

    monkeypatch.setattr(pypdfium2, "PdfDocument", Watched)  # thumbnails imports it when drawing
    pdfs = [text_pdf(tmp_path / f"{n}.pdf") for n in range(2)]

    def draw(n: int) -> None:
        pdf = pdfs[n % 2]
        thumbnails._page_png.__wrapped__(pdf, 0, 0, 100)
        thumbnails._page_sizes.__wrapped__(pdf, n)
        thumbnail(pdf, tmp_path / f"thumb{n}.png", width=80)

    threads = [threading.Thread(target=draw, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(list(tmp_path.glob("thumb*.png"))) == 6
    assert most == [1]
