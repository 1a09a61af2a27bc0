"""Render HTML to PDF with WeasyPrint, reading only the project's own files.

One :class:`PdfRenderer` is kept for a whole build: it shares WeasyPrint's font
configuration between documents (faster, and memory stays flat) and captures
WeasyPrint's log so that a missing image or a broken stylesheet is an error of
the leaflet, not a line lost in the console.
"""

from __future__ import annotations

import base64
import logging
import mimetypes
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from leafprint.errors import AssetError, Problem, RenderError
from leafprint.resources import data_url_problem, file_size_problem, image_size_problem, svg_problem

from .fonts import installed_font_files
from .weasy import fetching_attachment, stable_document_id


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    warnings: list[str] = field(default_factory=list)
    preflight: list[Problem] = field(default_factory=list)  # PF1xx warnings
    fonts: set[str] = field(default_factory=set)  # the families of the fonts embedded


class ResourceRefused(Exception):
    """A file or URL a document asks for that the build will not read."""


_LOGGER = logging.getLogger("weasyprint")  # the render collects its errors as the leaflet's


def _fetcher_class() -> type:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class ProjectFetcher(URLFetcher):  # type: ignore[misc]
        """Serves files below the project's folders and small ``data:`` URLs; nothing else.

        Every refusal is logged as an error naming the reference, and the render
        reports it against the leaflet; attachments and the web are always refused.
        """

        def __init__(self, roots: list[Path]) -> None:
            super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False)
            self.roots = [root.resolve() for root in roots]
            _install_duplicate_filter()

        def fetch(self, url: str, headers: dict[str, str] | None = None) -> Any:
            try:
                if fetching_attachment():
                    raise ResourceRefused("files cannot be attached to a PDF")
                data, mime = _data_url(url) if url.startswith("data:") else self._file(url)
                _check_content(data, mime)
            except ResourceRefused as error:
                _LOGGER.error("'%s': %s", self._name(url), error)
                raise
            return URLFetcherResponse(url, data, {"Content-Type": mime}, 200)

        def _file(self, url: str) -> tuple[bytes, str]:
            parts = urlsplit(url)
            if parts.scheme != "file":
                raise ResourceRefused(
                    "only files in the project's leaflets/ and styles/ folders may be used, "
                    "never web addresses"
                )
            path = Path(unquote(parts.path)).resolve()
            if not any(path.is_relative_to(root) for root in self.roots):
                if str(path) in installed_font_files():  # named by local() in @font-face
                    return path.read_bytes(), "font/sfnt"
                raise ResourceRefused("lies outside the project's leaflets/ and styles/ folders")
            if not path.is_file():
                raise ResourceRefused("file not found")
            problem = file_size_problem(path.stat().st_size)
            if problem:
                raise ResourceRefused(problem)
            mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return path.read_bytes(), mime

        def _name(self, url: str) -> str:
            """*url* as the editor knows it: a path in the project, or the address."""
            if not url.startswith("file:"):
                return url if len(url) <= 60 else url[:57] + "…"
            path = Path(unquote(urlsplit(url).path))
            for root in self.roots:
                if path.is_relative_to(root.parent):
                    return path.relative_to(root.parent).as_posix()
            return str(path)

    return ProjectFetcher


def _data_url(url: str) -> tuple[bytes, str]:
    problem = data_url_problem(url)
    if problem:
        raise ResourceRefused(problem)
    header, _, payload = url[len("data:") :].partition(",")
    mime = header.split(";")[0] or "text/plain"
    try:
        if header.endswith(";base64"):
            return base64.b64decode(unquote(payload), validate=False), mime
        return unquote(payload).encode("utf-8"), mime
    except ValueError as error:
        raise ResourceRefused(f"not a valid data: URL ({error})") from None


def _check_content(data: bytes, mime: str) -> None:
    problem = svg_problem(data) if mime == "image/svg+xml" else image_size_problem(data)
    if problem:
        raise ResourceRefused(problem)


class _DuplicateFilter(logging.Filter):
    """Drops WeasyPrint's own "Failed to load …" line after a refusal already logged."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args if isinstance(record.args, tuple) else ()
        return not any(
            isinstance(arg, BaseException) and isinstance(arg.__context__, ResourceRefused)
            for arg in args
        )


def _install_duplicate_filter() -> None:
    if not any(isinstance(f, _DuplicateFilter) for f in _LOGGER.filters):
        _LOGGER.addFilter(_DuplicateFilter())


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
        balance: Callable[[Any, Callable[[], Any]], Any] | None = None,
    ) -> RenderedPdf:
        """Render *html*; problems are reported against *source* (the content file).

        *document_id* seeds the document IDs that some PDF variants (PDF/X-4) would
        otherwise draw at random, so the same input always gives the same bytes.
        *check* looks at the laid-out document before it is written (the preflight,
        :func:`leafprint.layout.preflight.preflight`); its problems come back in ``preflight``.
        *arrange* may first choose the pages to keep (a booklet's notes pages), or raise
        a :class:`LeafletError` (a DL leaflet longer than its panels).
        *balance* may lay the document out again, given the first layout and a function
        that lays it out (:func:`leafprint.layout.balance.balance_pages`).
        """
        from weasyprint import HTML

        options = options or {}
        uri = base_url.resolve().as_uri() + "/"  # relative to the folder
        weasyprint = partial(_weasyprint, source)
        with _captured_log() as messages, stable_document_id(document_id or html):
            page = weasyprint(partial(HTML, string=html, base_url=uri, url_fetcher=self.fetcher))
            lay_out = partial(
                weasyprint, partial(page.render, font_config=self.font_config, **options)
            )
            document = lay_out()
            # leafprint's own steps: what they raise is a content problem or a fault
            if balance is not None:
                document = balance(document, lay_out)
            if arrange is not None:
                document = arrange(document)
            problems = check(document) if check else []
            data = weasyprint(partial(document.write_pdf, **options))
            families = {font.family for font in document.fonts.values()}
        errors = [m.getMessage() for m in messages if m.levelno >= logging.ERROR]
        if errors:
            raise AssetError([Problem.at(source, "(render)", message) for message in errors])
        warnings = [m.getMessage() for m in messages if m.levelno == logging.WARNING]
        return RenderedPdf(data, warnings, problems, families)


class _ListHandler(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def _weasyprint(source: Path, call: Callable[[], Any]) -> Any:
    """*call*, a call into WeasyPrint: whatever it raises is a render problem of *source*."""
    try:
        return call()
    except Exception as error:  # WeasyPrint raises many kinds; report them all alike
        problem = Problem.at(source, "(render)", f"{type(error).__name__}: {error}")
        raise RenderError(problem) from error


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
