"""The build cache: an output is rendered again only when one of its inputs changed.

Each output's key is a hash of every input that can change its bytes, and of no
other: the leaflet's folder (``leaflet.yaml``, references, images) without the other
languages' files, its own language file (and, for a translation, whether it is
outdated), the shared blocks' texts in its language, the reference library, the brand's
folder (CSS, templates, labels, logos) without ``contacts.yaml``, its edition's contact
and clinic entries, the shared base styles, the font files the brand uses, the format
and its options, and the versions of leafprint and the libraries that lay out and write
the PDF.
``<out>/.leafprint-cache.json`` remembers, per output, the key it was made from and the
size, time and hash of the file written. An output is served from the cache only when
its key is the same and the file on disk is still the one written; a file deleted or
changed by hand is made again.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from . import __version__
from .errors import Problem
from .findings import Finding
from .write import write_atomic

CACHE_FILE = ".leafprint-cache.json"
CACHE_VERSION = 2
# Libraries whose output ends up in the PDF bytes.
LIBRARIES = (
    "weasyprint",
    "pydyf",
    "pypdf",
    "pikepdf",
    "segno",
    "citeproc-py",
    "babel",
    "markdown-it-py",
)


def tree_digest(folder: Path, skip: Iterable[str] = ()) -> str:
    """A hash of every file below *folder* (but the relative paths in *skip*): names and
    contents."""
    left_out = set(skip)
    digest = hashlib.sha256()
    for name, content in file_digests(folder).items():
        if name not in left_out:
            digest.update(name.encode() + b"\0" + content)
    return digest.hexdigest()


@cache
def toolchain_digest() -> str:
    """leafprint's own code and version and the versions of the PDF-making libraries."""
    digest = hashlib.sha256(__version__.encode())
    for name in LIBRARIES:
        try:
            digest.update(f"{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=none".encode())
    package = Path(__file__).parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def files_digest(paths: Iterable[str | Path]) -> str:
    """A hash of the named files' paths, sizes and modification times (fonts)."""
    digest = hashlib.sha256()
    for path in sorted(str(p) for p in paths):
        try:
            stat = os.stat(path)
            digest.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns}".encode())
        except OSError:
            digest.update(f"{path}:missing".encode())
    return digest.hexdigest()


def contents_digest(paths: Iterable[Path]) -> str:
    """A hash of the named project files' contents, with the names of their folders, so it
    is the same wherever the project is checked out and however it is named."""
    digest = hashlib.sha256()
    for path in sorted(paths, key=lambda p: (p.parent.name, p.name)):
        digest.update(f"{path.parent.name}/{path.name}\0".encode() + path.read_bytes())
    return digest.hexdigest()


_FILES: dict[Path, dict[str, bytes]] = {}


def file_digests(folder: Path) -> dict[str, bytes]:
    """The hash of each file below *folder* by its relative path, sorted; read once per
    build (brands and base styles are shared)."""
    if folder not in _FILES:
        paths = sorted(p for p in folder.rglob("*") if p.is_file())
        _FILES[folder] = {
            p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).digest() for p in paths
        }
    return _FILES[folder]


def folder_digest(folder: Path, *, fresh: bool = False) -> str:
    """A hash of every file below *folder*, read once per build (*fresh*: read again now)."""
    if fresh:
        _FILES.pop(folder, None)
    return tree_digest(folder)


def forget_digests() -> None:
    """Digests are kept for one build; a new build (e.g. in ``serve``) reads again."""
    _FILES.clear()


def output_key(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def write_page(
    path: Path,
    render: Callable[[], str],
    cache: BuildCache | None,
    templates: Path,
    *inputs: object,
) -> None:
    """Write the page *render* makes at *path*, unless *cache* holds it as made from the
    same *templates* folder, *inputs* (their reprs: everything the page shows) and leafprint."""
    if cache is None:
        write_atomic(path, render().encode("utf-8"))
        return
    relative = path.relative_to(cache.out)
    key = output_key(folder_digest(templates), toolchain_digest(), *map(repr, inputs))
    if not cache.fresh(relative, key):
        data = render().encode("utf-8")
        write_atomic(path, data)
        cache.record(relative, key, data)


@dataclass(frozen=True)
class Entry:
    key: str
    size: int
    mtime_ns: int
    sha256: str


class BuildCache:
    """What the last builds into one output folder made, and from which inputs."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.path = out / CACHE_FILE
        self.entries: dict[str, Entry] = {}
        self.kept: dict[str, dict[str, Any]] = {}  # name → key and a value made from it
        try:
            document = json.loads(self.path.read_text(encoding="utf-8"))
            if document.get("version") == CACHE_VERSION:
                outputs = document["outputs"].items()
                self.entries = {name: Entry(**entry) for name, entry in outputs}
                self.kept = dict(document.get("kept", {}))
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            pass  # no cache, or an unreadable one: everything is made again

    def findings(self, slug: str, key: str) -> list[Finding] | None:
        """The check findings of leaflet *slug* when they were found from *key*."""
        kept = self.value(f"findings/{slug}", key)
        if kept is None:
            return None
        try:
            return [
                Finding(Problem(**{k: v for k, v in f.items() if k != "level"}), f["level"])
                for f in kept
            ]
        except (TypeError, KeyError):
            return None

    def record_findings(self, slug: str, key: str, findings: list[Finding]) -> None:
        self.keep(f"findings/{slug}", key, [f.as_dict() for f in findings])

    def value(self, name: str, key: str) -> Any:
        """The JSON data kept as *name* when it was made from *key*, else None."""
        entry = self.kept.get(name)
        return entry.get("value") if isinstance(entry, dict) and entry.get("key") == key else None

    def keep(self, name: str, key: str, value: Any) -> None:
        """Keep *value* (JSON data) as *name*, made from *key*, for the next build."""
        self.kept[name] = {"key": key, "value": value}

    def fresh(self, relative: Path, key: str) -> bool:
        """True when *relative* (below the output folder) was made from *key* and is intact."""
        entry = self.entries.get(relative.as_posix())
        if entry is None or entry.key != key:
            return False
        path = self.out / relative
        try:
            stat = path.stat()
        except OSError:
            return False
        if stat.st_size != entry.size:
            return False
        if stat.st_mtime_ns == entry.mtime_ns:
            return True
        return hashlib.sha256(path.read_bytes()).hexdigest() == entry.sha256

    def record(self, relative: Path, key: str, data: bytes) -> None:
        """Remember that *relative* now holds *data*, made from *key*."""
        stat = (self.out / relative).stat()
        sha = hashlib.sha256(data).hexdigest()
        self.entries[relative.as_posix()] = Entry(key, len(data), stat.st_mtime_ns, sha)

    def forget(self, relative: Path) -> None:
        self.entries.pop(relative.as_posix(), None)

    def save(self) -> None:
        outputs: dict[str, Any] = {
            name: vars(entry) for name, entry in sorted(self.entries.items())
        }
        document = {
            "version": CACHE_VERSION,
            "outputs": outputs,
            "kept": self.kept,
        }
        text = json.dumps(document, indent=1, sort_keys=True) + "\n"
        write_atomic(self.path, text.encode())
