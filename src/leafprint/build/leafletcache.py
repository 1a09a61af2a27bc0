"""Loaded leaflets kept between builds: a build with nothing changed parses no YAML.

A leaflet is loaded again only when something loading reads changed: a file of its
folder, the shared blocks, the project's reference library, or leafprint itself (its
code and version). Loading reads no brand file; the check findings of a leaflet are kept
in the build cache, keyed with its brand's folder (:class:`~leafprint.checks.check.Checker`).
``<out>/.leafprint-leaflets.pickle`` holds each leaflet as it was loaded, with its key;
only the build writes it, into its own output folder, and reads it back from there.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path

from leafprint.cache import contents_digest, folder_digest, output_key, toolchain_digest
from leafprint.content.leaflets import Leaflet, load_leaflet
from leafprint.content.references import REFERENCE_FILES
from leafprint.write import write_atomic

LEAFLETS_FILE = ".leafprint-leaflets.pickle"
VERSION = 1


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


class LeafletCache:
    """The leaflets loaded by the last build into one output folder (None: kept in
    memory only)."""

    def __init__(self, out: Path | None) -> None:
        self.path = out / LEAFLETS_FILE if out is not None else None
        self.entries: dict[str, tuple[str, bytes]] = {}  # folder → key, pickled leaflet
        self.changed = False
        try:
            if self.path is not None:
                document = pickle.loads(self.path.read_bytes())
                if document["version"] == VERSION:
                    self.entries = dict(document["entries"])
        except Exception:  # no cache, or an unreadable one: load again
            self.entries = {}

    def load(self, folder: Path) -> Leaflet:
        """The leaflet in *folder*, from the cache when nothing it is read from changed;
        raises :class:`~leafprint.errors.LeafletError` as loading does (not kept)."""
        key = loading_key(folder)
        entry = self.entries.get(str(folder))
        if entry is not None and entry[0] == key:
            try:
                leaflet: Leaflet = pickle.loads(entry[1])
                return leaflet
            except Exception:  # a damaged entry: load again
                pass
        self.entries.pop(str(folder), None)
        self.changed = True
        leaflet = load_leaflet(folder)
        self.entries[str(folder)] = (key, pickle.dumps(leaflet, pickle.HIGHEST_PROTOCOL))
        return leaflet

    def save(self) -> None:
        """Write the cache when a leaflet was loaded again; leaflets gone are forgotten."""
        if self.path is None or not self.changed:
            return
        entries = {f: e for f, e in sorted(self.entries.items()) if Path(f).is_dir()}
        document = {"version": VERSION, "entries": entries}
        write_atomic(self.path, pickle.dumps(document, pickle.HIGHEST_PROTOCOL))
