"""``leafprint serve``: serve the output folder and preview pages on 127.0.0.1.

Pages poll the build generation (:mod:`leafprint.commands.preview` rebuilds on change) and
reload by themselves. A leaflet's problems are shown in its preview page, with file,
line and column, in place of the leaflet; the last good PDF stays on disk and linked.
Only files inside the output folder are served.
"""

from __future__ import annotations

import json
import signal
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import FrameType
from typing import Any
from urllib.parse import parse_qs, unquote, urlencode, urlsplit

import jinja2

from leafprint.content.editions import GENERAL_EDITION
from leafprint.content.formats import DEFAULT_FORMAT, FORMATS
from leafprint.errors import OptionError, Problem
from leafprint.languages import direction
from leafprint.publish.catalog import PdfRecord, read_catalog
from leafprint.publish.thumbnails import page_png, page_sizes

from .build import Project
from .preview import GLOBAL, Preview, Task, builder, watcher

STATE_PATH = "/_leafprint/state"
PAGE_PATH = "/_leafprint/page"  # ?file=<pdf below the output>&page=<n from 1>: a PNG
PAGE_WIDTH = 1000  # pixels of a previewed page
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".json": "application/json",
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".svg": "image/svg+xml",
    ".css": "text/css",
    ".js": "text/javascript",
}


class Handler(BaseHTTPRequestHandler):
    """Serves the output folder, the preview pages and the state that pages poll."""

    preview: Preview
    templates: jinja2.Environment

    def do_GET(self) -> None:
        self._respond(head=False)

    def do_HEAD(self) -> None:
        self._respond(head=True)

    def log_message(self, format: str, *args: Any) -> None:  # quiet: the build reports
        return

    def _respond(self, head: bool) -> None:
        path = unquote(urlsplit(self.path).path)
        if path == STATE_PATH:
            self._send(json.dumps(self.preview.state()).encode(), ".json", head)
        elif path == PAGE_PATH:
            self._page(parse_qs(urlsplit(self.path).query), head)
        elif path == "/favicon.ico":  # browsers ask; there is none
            self.send_response(HTTPStatus.NO_CONTENT)
            self.end_headers()
        elif path == "/preview" or path.startswith("/preview/"):
            self._preview(path.split("/")[2:], head)
        else:
            self._file(path, head)

    def _file(self, path: str, head: bool) -> None:
        target = safe_path(self.preview.out, path)
        if target is not None and target.is_dir():
            if not path.endswith("/"):  # so that the page's relative links work
                self.send_response(HTTPStatus.MOVED_PERMANENTLY)
                self.send_header("Location", path + "/")
                self.end_headers()
                return
            target = target / "index.html"
        if target is None or not target.is_file():
            self.send_error(HTTPStatus.NOT_FOUND, "Not in the build output")
            return
        data = target.read_bytes()
        if target.suffix == ".html":
            html = with_reload(data.decode("utf-8"), self.preview.state()["generation"])
            if target == self.preview.out.resolve() / "index.html":
                html = html.replace("</body>", PREVIEW_LINKS + "</body>", 1)
            data = html.encode("utf-8")
        self._send(data, target.suffix, head)

    def _page(self, query: dict[str, list[str]], head: bool) -> None:
        """One page of a PDF of the output as a picture: the preview keeps its place."""
        target = safe_path(self.preview.out, query.get("file", [""])[0])
        number = query.get("page", [""])[0]
        if target is None or target.suffix != ".pdf" or not target.is_file():
            self.send_error(HTTPStatus.NOT_FOUND, "Not in the build output")
            return
        if not number.isdigit() or not 1 <= int(number) <= len(page_sizes(target)):
            self.send_error(HTTPStatus.NOT_FOUND, "No such page")
            return
        self._send(page_png(target, int(number) - 1, PAGE_WIDTH), ".png", head)

    def _preview(self, parts: list[str], head: bool) -> None:
        parts = [p for p in parts if p]
        page = preview_page(self.preview, self.templates, parts)
        if page is None:
            self.send_error(HTTPStatus.NOT_FOUND, "No such leaflet")
            return
        self._send(page.encode("utf-8"), ".html", head)

    def _send(self, data: bytes, suffix: str, head: bool) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", TYPES.get(suffix, "application/octet-stream"))
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if not head:
            self.wfile.write(data)


def safe_path(root: Path, path: str) -> Path | None:
    """*path* (from a URL) inside *root*, or None when it would lead outside it."""
    parts = [p for p in path.split("/") if p]
    if any(p in {".", ".."} or "\\" in p or "\0" in p for p in parts):
        return None
    base = root.resolve()
    target = base.joinpath(*parts).resolve()
    return target if target == base or target.is_relative_to(base) else None


RELOAD = """<script>
(function () {
  var generation = %d;
  function poll() {
    fetch("%s", {cache: "no-store"}).then(function (r) { return r.json(); }).then(function (s) {
      if (s.generation !== generation) { window.location.reload(); }
      else { window.setTimeout(poll, 400); }
    }).catch(function () { window.setTimeout(poll, 1500); });
  }
  window.setTimeout(poll, 400);
}());
</script>
"""
PREVIEW_LINKS = """<script>
document.querySelectorAll(".card").forEach(function (card) {
  var link = document.createElement("a");
  link.href = "/preview/" + card.dataset.slug + "/";
  link.className = "preview-link";
  link.textContent = "Preview";
  card.querySelector(".card-meta").appendChild(link);
});
</script>
"""


def with_reload(html: str, generation: int) -> str:
    """*html* with the script that reloads it when a newer build is ready."""
    script = RELOAD % (generation, STATE_PATH)
    return html.replace("</body>", script + "</body>", 1) if "</body>" in html else html + script


def preview_page(preview: Preview, templates: jinja2.Environment, parts: list[str]) -> str | None:
    """The preview of a leaflet: its PDF beside its languages, formats and clinic editions,
    or its problems. *parts* of the URL: slug, language, format and edition (none: general).
    A PDF not built yet is queued for the builder and the page reloads when it is done."""
    out = preview.out
    catalog = read_catalog(out)  # one read: the build replaces it whole
    pdfs, pages = catalog.pdfs, catalog.web
    slugs = {p.slug for p in pdfs} | {p.slug for p in pages}
    with preview.lock:
        problems = dict(preview.problems)
        warnings = list(preview.warnings.get(parts[0], [])) if parts else []
        brand_warnings = list(preview.warnings.get(GLOBAL, []))
    if parts and parts[0] in problems:
        slugs.add(parts[0])
    if not parts or parts[0] not in slugs:
        return None
    slug = parts[0]
    mine = [p for p in pages if p.slug == slug and p.edition is None]
    languages = sorted({p.language for p in mine} | {p.language for p in pdfs if p.slug == slug})
    source = next((p.language for p in mine if p.source), languages[0] if languages else "en")
    language = parts[1] if len(parts) > 1 else source
    formats = [name for name, f in FORMATS.items() if f.previewable]
    fmt = parts[2] if len(parts) > 2 and parts[2] in formats else preview.formats[0]
    record = next((p for p in mine if p.language == language), None)
    editions = record.editions if record else {}
    edition = parts[3] if len(parts) > 3 and parts[3] in editions else None
    wanted = Task((slug,), language, fmt, edition)
    pdf = _pdf(pdfs, wanted)
    with preview.lock:
        preview.view = wanted
        building = preview.building
    if pdf is None and not problems.get(slug) and language in languages:
        with preview.lock:
            new = wanted not in preview.requested
            preview.requested.add(wanted)
        if new:
            preview.tasks.put(wanted)  # a format or edition not built yet
        building = building or new or not preview.tasks.empty()  # else it was not made
    title = record.title if record else (pdf.title if pdf else slug)
    pictures = _pages(out, pdf.file) if pdf else []
    own = [p for p in problems.get(slug, []) if not _other_language(p, language)]
    elsewhere = [p for p in problems.get(slug, []) if p not in own]
    html = templates.get_template("preview.html").render(
        slug=slug,
        title=title,
        language=language,
        direction=direction(language),
        colour=record.colour if record else "#2B3A42",
        languages=languages,
        formats=formats,
        current_format=fmt,
        editions={GENERAL_EDITION: "General edition", **editions},
        current_edition=edition or GENERAL_EDITION,
        pdf="/" + pdf.file if pdf else None,
        pages=pictures,
        web="/" + record.file if record else None,
        problems=own + problems.get(GLOBAL, []) if own or not pdf else problems.get(GLOBAL, []),
        elsewhere=elsewhere if pdf and not own else [],
        warnings=[w for w in warnings if not _other_language(w, language)]
        + [w for w in brand_warnings if w.message.startswith(f"no brand texts in '{language}'")],
        building=building,
        url=preview_url,
    )
    return with_reload(html, preview.state()["generation"])


def preview_url(slug: str, language: str, fmt: str, edition: str = GENERAL_EDITION) -> str:
    """The address of a preview page; the general edition is left out of it."""
    tail = "" if edition == GENERAL_EDITION else f"/{edition}"
    return f"/preview/{slug}/{language}/{fmt}{tail}"


def _pdf(pdfs: Sequence[PdfRecord], wanted: Task) -> PdfRecord | None:
    """The built PDF of *wanted* (one leaflet, language, format and edition), if any."""
    key = (wanted.slugs[0], wanted.language, wanted.format, wanted.edition)
    return next((p for p in pdfs if (p.slug, p.language, p.format, p.edition) == key), None)


@dataclass(frozen=True)
class PagePicture:
    src: str
    width: int
    height: int


def _pages(out: Path, file: str) -> list[PagePicture]:
    """The pictures of a PDF's pages, each sized before it loads: a reload keeps its place."""
    path = out / file
    version = path.stat().st_mtime_ns
    return [
        PagePicture(
            f"{PAGE_PATH}?{urlencode({'file': file, 'page': n, 'v': version})}",
            PAGE_WIDTH,
            round(PAGE_WIDTH * height / width),
        )
        for n, (width, height) in enumerate(page_sizes(path), start=1)
    ]


def _other_language(problem: Problem, language: str) -> bool:
    """Whether *problem* is in another language's file of the leaflet (``nl.yaml`` while
    ``en`` is previewed): shown as such, it does not replace the page being looked at."""
    path = Path(problem.path)
    return path.suffix == ".yaml" and path.stem not in {language, "leaflet", "references"}


def serve(project: Project, out: Path, port: int, formats: tuple[str, ...]) -> None:
    """Build, then serve *out* on 127.0.0.1:*port* until Ctrl-C."""
    preview = Preview(project, out, formats or (DEFAULT_FORMAT,), echo=_echo)

    class PreviewHandler(Handler):
        pass

    PreviewHandler.preview = preview
    PreviewHandler.templates = jinja2.Environment(
        loader=jinja2.FileSystemLoader(project.base / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    try:
        server = ThreadingHTTPServer(("127.0.0.1", port), PreviewHandler)
    except OSError as error:
        raise OptionError(
            "--port",
            f"cannot listen on 127.0.0.1:{port}: {error.strerror}",
            "choose another port (--port 0 takes any free one), or stop the program using it",
        ) from None
    server.daemon_threads = True
    stop = threading.Event()
    threads = [
        threading.Thread(target=builder, args=(preview,), daemon=True),
        threading.Thread(target=watcher, args=(preview, stop), daemon=True),
    ]
    preview.tasks.put(Task())  # the first build: everything, in the preview's formats
    for thread in threads:
        thread.start()
    host, bound = server.server_address[:2]
    print(f"Serving http://{host!s}:{bound}/ (Ctrl-C to stop)", flush=True)
    signal.signal(signal.SIGINT, signal.default_int_handler)  # even when started in background
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        preview.tasks.put(None)
        server.server_close()
        for thread in threads:
            thread.join(timeout=5)
        print("Stopped.", flush=True)


def _echo(line: str) -> None:
    print(line, flush=True)


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt
