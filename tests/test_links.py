"""``leafprint links`` against a web server on 127.0.0.1: nothing leaves this machine."""

from __future__ import annotations

import json
import shutil
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from helpers import ROOT
from leafprint.cli import cli
from leafprint.commands.scaffold import scaffold
from leafprint.publish import links


class Site(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.requests: list[tuple[str, str]] = []
        self.lock = threading.Lock()
        self.release = threading.Event()  # lets /slow answer at last

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class Handler(BaseHTTPRequestHandler):
    server: Site

    def do_HEAD(self) -> None:
        self._answer("HEAD")

    def do_GET(self) -> None:
        self._answer("GET")

    def _answer(self, method: str) -> None:
        with self.server.lock:
            self.server.requests.append((method, self.path))
        if self.path == "/slow":
            self.server.release.wait(30)
        if self.path == "/nohead" and method == "HEAD":
            return self._send(405, {"Allow": "GET"})
        routes: dict[str, tuple[int, dict[str, str]]] = {
            "/old": (301, {"Location": "/new"}),
            "/gone": (404, {}),
            "/doi/10.1234/known": (302, {"Location": "/publisher"}),
            "/doi/10.1234/unknown": (404, {}),
            "/publisher": (403, {}),
        }
        status, headers = routes.get(self.path, (200, {}))
        self._send(status, headers, b"<p>page</p>" if method == "GET" else b"")

    def _send(self, status: int, headers: dict[str, str], body: bytes = b"") -> None:
        try:
            self.send_response(status)
            for name, value in {**headers, "Content-Length": str(len(body))}.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the checker gave up on a stalled answer: what it then reports is the test

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def site(monkeypatch: pytest.MonkeyPatch) -> Iterator[Site]:
    """The local server; DOIs resolve on it, and any other host cannot be looked up."""
    server = Site()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    for name in ("http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)
    monkeypatch.setattr(links, "DOI_RESOLVER", f"{server.base}/doi/")
    lookup = socket.getaddrinfo
    outside: list[str] = []

    def local_only(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host not in {"127.0.0.1", b"127.0.0.1"}:
            outside.append(str(host))
            raise socket.gaierror(socket.EAI_NONAME, "not looked up in tests")
        return lookup(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", local_only)
    yield server
    server.release.set()
    server.shutdown()
    server.server_close()
    assert outside == []


def make_project(root: Path, base: str) -> None:
    """A project whose every web address is on the local server: leaflet 'demo' with
    links in its text, a more_information address, a DOI, and the brand's contact web
    address; an uncited library reference."""
    shutil.copytree(ROOT / "styles", root / "styles")
    (root / "leaflets").mkdir()
    contacts = root / "styles" / "lumen" / "contacts.yaml"
    text = contacts.read_text(encoding="utf-8")
    contacts.write_text(
        text.replace("https://www.lumen-patients.example.org", f"{base}/contact"), "utf-8"
    )
    (root / "leaflets" / "references.yaml").write_text(
        f"- id: unused\n  type: webpage\n  title: A page\n  URL: {base}/library\n"
        "  accessed: {date-parts: [[2026, 1, 5]]}\n",
        encoding="utf-8",
    )
    add_leaflet(
        root,
        "demo",
        f"Read [the guide]({base}/ok) and [the old page]({base}/old) [@known].\n\n"
        f"See [the missing page]({base}/gone), [a strict server]({base}/nohead) "
        f"and <{base}/ok>.\n",
        [f"{base}/ok"],
        ["10.1234/known", "10.1234/unknown"],
    )


def add_leaflet(
    root: Path, slug: str, body: str, more: list[str], dois: list[str] | None = None
) -> None:
    folder = scaffold(root, slug, "lumen", "en", None, "helpline")
    language = folder / "en.yaml"
    text = language.read_text(encoding="utf-8").split("sections:")[0]
    text += "sections:\n  - heading: Read more\n    body: |\n"
    text += "".join(f"      {line}\n" for line in body.splitlines())
    if more:
        text += "more_information:\n"
        text += "".join(f"  - title: Page {n}\n    url: {url}\n" for n, url in enumerate(more))
    language.write_text(text, encoding="utf-8")
    if dois:
        refs = "references:\n" + "".join(
            f"  - id: {doi.split('/')[1]}\n    type: article-journal\n    title: A study\n"
            f"    DOI: {doi}\n"
            for doi in dois
        )
        with (folder / "leaflet.yaml").open("a", encoding="utf-8") as file:
            file.write(refs)


def at(path: str, needle: str, nth: int = 1) -> str:
    """``path:line:col`` of the *nth* *needle* in the file at *path*."""
    text = Path(path).read_text(encoding="utf-8")
    index = -1
    for _ in range(nth):
        index = text.index(needle, index + 1)
    line = text.count("\n", 0, index) + 1
    return f"{path}:{line}:{index - text.rfind(chr(10), 0, index)}"


def run(root: Path, *args: str) -> Any:
    return CliRunner().invoke(cli, ["--project", str(root), "links", *args])


@pytest.fixture
def project(tmp_path: Path, site: Site, monkeypatch: pytest.MonkeyPatch) -> Path:
    make_project(tmp_path, site.base)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_reports_broken_moved_and_unreachable_links_where_they_are_written(
    project: Path, site: Site
) -> None:
    result = run(project)
    base, en = site.base, "leaflets/demo/en.yaml"
    assert result.exit_code == 1, result.output
    assert result.output.splitlines() == [
        "demo",
        f"  {at(en, base + '/old')}: warning LP622 sections[1].body: {base}/old has moved "
        f"permanently to {base}/new: write the new address",
        f"  {at(en, base + '/gone')}: error LP620 sections[1].body: {base}/gone answers 404 "
        "Not Found: correct or remove it",
        f"  {at('leaflets/demo/leaflet.yaml', '10.1234/unknown')}: error LP620 "
        f"references[2].DOI: {base}/doi/10.1234/unknown answers 404 Not Found: correct or "
        "remove it",
        "8 web address(es) asked: 2 broken, 0 unreachable, 1 moved permanently",
    ]


def test_each_address_is_asked_once_and_head_refusals_are_asked_again_with_get(
    project: Path, site: Site
) -> None:
    run(project)
    asked = sorted(site.requests)
    assert asked.count(("HEAD", "/ok")) == 1  # used three times
    assert ("GET", "/ok") not in asked
    assert [r for r in asked if r[1] == "/nohead"] == [("GET", "/nohead"), ("HEAD", "/nohead")]
    assert [r for r in asked if r[1] in {"/old", "/new"}] == [("HEAD", "/new"), ("HEAD", "/old")]
    assert asked.count(("HEAD", "/doi/10.1234/known")) == 1
    assert all(path != "/publisher" for _, path in asked)  # a DOI's publisher is not asked


def test_json_lists_every_use_with_its_result(project: Path, site: Site) -> None:
    result = run(project, "--format", "json")
    assert result.exit_code == 1
    rows = json.loads(result.output)
    base = site.base
    found = {(row["leaflet"], row["field"], row["url"]): row for row in rows}
    assert {(row["url"], row["result"]) for row in rows} == {
        (f"{base}/ok", "ok"),
        (f"{base}/old", "moved"),
        (f"{base}/gone", "broken"),
        (f"{base}/nohead", "ok"),
        (f"{base}/doi/10.1234/known", "ok"),
        (f"{base}/doi/10.1234/unknown", "broken"),
        (f"{base}/contact", "ok"),
        (f"{base}/library", "ok"),
    }
    assert [row["url"] for row in rows].count(f"{base}/ok") == 3
    moved = found["demo", "sections[1].body", f"{base}/old"]
    assert (moved["status"], moved["moved_to"], moved["code"]) == (200, f"{base}/new", "LP622")
    contact = found["demo", "contacts.helpline.web", f"{base}/contact"]
    assert contact["path"] == "styles/lumen/contacts.yaml"
    assert found["(library)", "references[1].URL", f"{base}/library"]["status"] == 200


def test_a_leaflet_without_broken_links_exits_0(project: Path, site: Site) -> None:
    add_leaflet(project, "fine", f"[A page]({site.base}/nohead)\n", [f"{site.base}/old"])
    result = run(project, "--leaflet", "fine", "--format", "csv")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == (
        "leaflet,path,line,column,field,url,result,status,moved_to,level,code,message"
    )
    assert {line.split(",")[6] for line in lines[1:]} == {"ok", "moved"}
    assert all(line.startswith("fine,") for line in lines[1:])  # no library, no demo


def test_an_address_that_does_not_answer_in_time_is_unreachable(
    tmp_path: Path, site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_project(tmp_path, site.base)
    add_leaflet(tmp_path, "slow", f"[Slow]({site.base}/slow)\n", [])
    monkeypatch.chdir(tmp_path)
    result = run(tmp_path, "--leaflet", "slow", "--timeout", "0.5")
    assert result.exit_code == 1
    slow = at("leaflets/slow/en.yaml", f"{site.base}/slow")
    assert (
        f"  {slow}: error LP621 sections[1].body: {site.base}/slow cannot be reached: "
        "no answer within 0.5 s"
    ) in result.output.splitlines()
