"""Render HTML to PDF with WeasyPrint, reading only the project's own files.

One :class:`PdfRenderer` is kept for a whole build: it shares WeasyPrint's font
configuration between documents (faster, and memory stays flat) and captures
WeasyPrint's log so that a missing image or a broken stylesheet is an error of
the leaflet, not a line lost in the console.
"""

from __future__ import annotations

import logging
import mimetypes
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from .errors import AssetError, Problem, RenderError


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    warnings: list[str] = field(default_factory=list)
    preflight: list[Problem] = field(default_factory=list)  # PF1xx warnings


def _fetcher_class() -> type:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class ProjectFetcher(URLFetcher):  # type: ignore[misc]
        """Serves ``file:`` URLs below the allowed folders and ``data:`` URLs; nothing else."""

        def __init__(self, roots: list[Path]) -> None:
            super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False)
            self.roots = [root.resolve() for root in roots]

        def fetch(self, url: str, headers: dict[str, str] | None = None) -> Any:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            parts = urlsplit(url)
            if parts.scheme != "file":
                raise ValueError(f"only local files may be used, not {url}")
            path = Path(unquote(parts.path)).resolve()
            if not any(path.is_relative_to(root) for root in self.roots):
                raise ValueError(f"{path.name} lies outside the leaflet and style folders")
            mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": mime}, 200)

    return ProjectFetcher


class PdfRenderer:
    """Turns HTML documents into PDF bytes."""

    def __init__(self, roots: list[Path]) -> None:
        from weasyprint.text.fonts import FontConfiguration

        self.font_config = FontConfiguration()
        self.fetcher = _fetcher_class()(roots)

    def render(
        self,
        html: str,
        base_url: Path,
        source: Path,
        options: dict[str, Any] | None = None,
        document_id: str = "",
        check: Callable[[Any], list[Problem]] | None = None,
        arrange: Callable[[Any], Any] | None = None,
    ) -> RenderedPdf:
        """Render *html*; problems are reported against *source* (the content file).

        *document_id* seeds the document IDs that some PDF variants (PDF/X-4) would
        otherwise draw at random, so the same input always gives the same bytes.
        *check* looks at the laid-out document before it is written (the preflight,
        :func:`leafprint.preflight.preflight`); its problems come back in ``preflight``.
        *arrange* may first choose the pages to keep (a booklet's notes pages).
        """
        from weasyprint import HTML

        options = options or {}
        with _captured_log() as messages, _stable_uuid(document_id or html):
            try:
                document = HTML(
                    string=html, base_url=base_url.resolve().as_uri(), url_fetcher=self.fetcher
                ).render(font_config=self.font_config, **options)
                if arrange is not None:
                    document = arrange(document)
                problems = check(document) if check else []
                data = document.write_pdf(**options)
            except Exception as error:  # WeasyPrint raises many kinds; report them all alike
                raise RenderError(
                    Problem.at(source, "(render)", f"{type(error).__name__}: {error}")
                ) from error
        errors = [m.getMessage() for m in messages if m.levelno >= logging.ERROR]
        if errors:
            raise AssetError([Problem.at(source, "(render)", message) for message in errors])
        warnings = [m.getMessage() for m in messages if m.levelno == logging.WARNING]
        return RenderedPdf(data, warnings, problems)


@contextmanager
def _stable_uuid(seed: str) -> Iterator[None]:
    """Make WeasyPrint's XMP DocumentID a function of *seed* instead of random."""
    from weasyprint.pdf import metadata

    original = metadata.uuid4
    metadata.uuid4 = lambda: uuid.uuid5(uuid.NAMESPACE_URL, seed)
    try:
        yield
    finally:
        metadata.uuid4 = original


class _ListHandler(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def _captured_log() -> Iterator[list[logging.LogRecord]]:
    logger = logging.getLogger("weasyprint")
    handler = _ListHandler()
    logger.addHandler(handler)
    propagate = logger.propagate
    logger.propagate = False
    try:
        yield handler.records
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate
