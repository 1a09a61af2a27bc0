"""Loaded leaflets kept between builds: a build with nothing changed parses no YAML.

A leaflet is loaded again only when something loading reads changed: a file of its
folder, the shared blocks, the project's reference library, or leafprint itself (its
code and version). Loading reads no brand file; the check findings of a leaflet are kept
in the build cache, keyed with its brand's folder (:class:`~leafprint.checks.check.Checker`).
``<out>/.leafprint-leaflets/`` holds a file per leaflet: the leaflet as it was loaded,
with its key and its loading warnings; only the build writes them, into its own output
folder, and reads them back from there.

A build does not hold every loaded leaflet: it holds a :class:`Kept` per leaflet, and
the leaflet is read again from its file when needed (the last few used are kept).
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

from leafprint.cache import contents_digest, folder_digest, output_key, toolchain_digest
from leafprint.content.leaflets import Leaflet, load_leaflet
from leafprint.content.references import REFERENCE_FILES
from leafprint.errors import Problem
from leafprint.write import write_atomic

LEAFLETS_FOLDER = ".leafprint-leaflets"
EARLIER_FILE = ".leafprint-leaflets.pickle"  # all leaflets in one file, before version 2
VERSION = 2
RECENT = 4  # leaflets kept whole: a leaflet's outputs are planned and written together


def loading_key(folder: Path) -> str:
    """A hash of everything :func:`~leafprint.content.leaflets.load_leaflet` reads for *folder*,
    and of where it is (problems name its files as they are found from here)."""
    leaflets = folder.parent
    blocks = leaflets / "blocks"
    library = [leaflets / name for name in REFERENCE_FILES if (leaflets / name).is_file()]
    return output_key(
        str(folder),
        os.getcwd(),
        folder_digest(folder),
        folder_digest(blocks) if blocks.is_dir() else "",
        contents_digest(library),
        toolchain_digest(),
    )


@dataclass(frozen=True)
class Kept:
    """A loaded leaflet as a build holds it: its folder, and the cache it is read from."""

    folder: Path
    warnings: tuple[Problem, ...] = field(compare=False)  # found when it was loaded
    cache: LeafletCache = field(compare=False, repr=False)

    @property
    def leaflet(self) -> Leaflet:
        return self.cache.leaflet(self.folder)


@dataclass(frozen=True)
class _Entry:
    """What the cache keeps of one leaflet; the leaflet stays pickled until it is used."""

    folder: str
    key: str
    warnings: tuple[Problem, ...]
    leaflet: bytes


class LeafletCache:
    """The leaflets loaded by the last build into one output folder, a file each (None:
    kept in memory only)."""

    def __init__(self, out: Path | None) -> None:
        self.folder = out / LEAFLETS_FOLDER if out is not None else None
        self.memory: dict[str, bytes] = {}  # file name → entry, without an output folder
        self.recent: OrderedDict[Path, Leaflet] = OrderedDict()
        self.used: set[str] = set()  # the files of the leaflets this build loaded

    def load(self, folder: Path) -> Kept:
        """The leaflet in *folder*, loaded again only when something it is read from
        changed; raises :class:`~leafprint.errors.LeafletError` as loading does (its
        file is forgotten)."""
        key, name = loading_key(folder), _file_name(folder)
        entry = self._entry(name)
        if entry is None or entry.key != key or entry.folder != str(folder):
            self._forget(name)
            leaflet = load_leaflet(folder)
            data = pickle.dumps(leaflet, pickle.HIGHEST_PROTOCOL)
            entry = _Entry(str(folder), key, tuple(leaflet.warnings), data)
            self._write(name, pickle.dumps((VERSION, entry), pickle.HIGHEST_PROTOCOL))
            self._remember(folder, leaflet)
        self.used.add(name)
        return Kept(folder, entry.warnings, self)

    def leaflet(self, folder: Path) -> Leaflet:
        """The leaflet :meth:`load` loaded from *folder*: one of the last few used, or
        read again from its file (loaded again if that is gone or damaged)."""
        if folder in self.recent:
            self.recent.move_to_end(folder)
            return self.recent[folder]
        entry = self._entry(_file_name(folder))
        try:
            leaflet: Leaflet = pickle.loads(entry.leaflet) if entry else load_leaflet(folder)
        except Exception:  # a damaged entry: load again
            leaflet = load_leaflet(folder)
        self._remember(folder, leaflet)
        return leaflet

    def save(self) -> None:
        """Forget the leaflets whose folder is gone (and the cache of earlier versions)."""
        if self.folder is None:
            return
        (self.folder.parent / EARLIER_FILE).unlink(missing_ok=True)
        for path in sorted(self.folder.glob("*.pickle")):
            if path.name not in self.used:
                entry = self._entry(path.name)
                if entry is None or not Path(entry.folder).is_dir():
                    path.unlink(missing_ok=True)

    def _remember(self, folder: Path, leaflet: Leaflet) -> None:
        self.recent[folder] = leaflet
        self.recent.move_to_end(folder)
        while len(self.recent) > RECENT:
            self.recent.popitem(last=False)

    def _entry(self, name: str) -> _Entry | None:
        try:
            version, entry = pickle.loads(self._read(name))
            return entry if version == VERSION and isinstance(entry, _Entry) else None
        except Exception:  # no entry, or an unreadable one: load again
            return None

    def _read(self, name: str) -> bytes:
        return self.memory[name] if self.folder is None else (self.folder / name).read_bytes()

    def _write(self, name: str, data: bytes) -> None:
        if self.folder is None:
            self.memory[name] = data
        else:
            write_atomic(self.folder / name, data)

    def _forget(self, name: str) -> None:
        self.memory.pop(name, None)
        if self.folder is not None:
            (self.folder / name).unlink(missing_ok=True)


def _file_name(folder: Path) -> str:
    return hashlib.sha256(str(folder).encode()).hexdigest()[:32] + ".pickle"
