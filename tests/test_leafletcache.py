"""The leaflet cache: a file per loaded leaflet, and planned outputs that read their
leaflet back from it instead of holding it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers import ROOT, add_leaflet
from leafprint.build import leafletcache
from leafprint.build.leafletcache import LEAFLETS_FOLDER, RECENT, LeafletCache
from leafprint.build.plan import Project, Selection, plan_leaflet
from leafprint.content.brands import load_brand
from leafprint.content.leaflets import Leaflet


@pytest.fixture
def project(tmp_path: Path) -> Project:
    shutil.copytree(ROOT / "styles", tmp_path / "styles")
    project = Project(tmp_path)
    for number in range(RECENT + 2):
        add_leaflet(project, f"leaflet-{number}")
    return project


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The leaflets loaded (their YAML parsed) from now on."""
    loaded: list[str] = []
    load_leaflet = leafletcache.load_leaflet

    def counted(folder: Path) -> Leaflet:
        loaded.append(folder.name)
        return load_leaflet(folder)

    monkeypatch.setattr(leafletcache, "load_leaflet", counted)
    return loaded


def load_all(project: Project, out: Path, slugs: list[str]) -> LeafletCache:
    cache = LeafletCache(out)
    for slug in slugs:
        cache.load(project.leaflets / slug)
    cache.save()
    return cache


def test_each_leaflet_has_a_file_and_those_of_leaflets_gone_are_forgotten(
    project: Project, loads: list[str]
) -> None:
    out, slugs = project.root / "dist", [f"leaflet-{n}" for n in range(RECENT + 2)]
    files = out / LEAFLETS_FOLDER
    load_all(project, out, slugs)
    assert loads == slugs
    assert len(list(files.iterdir())) == len(slugs)
    loads.clear()
    load_all(project, out, slugs)
    assert loads == []  # read back from their files
    shutil.rmtree(project.leaflets / "leaflet-0")
    load_all(project, out, slugs[1:])
    assert len(list(files.iterdir())) == len(slugs) - 1
    load_all(project, out, ["leaflet-1"])  # a build of one leaflet keeps the others
    assert len(list(files.iterdir())) == len(slugs) - 1
    loads.clear()
    load_all(project, out, slugs[1:])
    assert loads == []
    (out / leafletcache.EARLIER_FILE).write_bytes(b"every leaflet")  # an earlier cache
    load_all(project, out, slugs[1:])
    assert sorted(p.name for p in out.iterdir()) == [LEAFLETS_FOLDER]


def test_a_planned_leaflet_is_read_again_from_its_file(project: Project, loads: list[str]) -> None:
    cache = LeafletCache(project.root / "dist")
    brand = load_brand(project.styles, "westerhaven")
    kept = cache.load(project.leaflets / "leaflet-0")
    planned = list(plan_leaflet(project, kept, brand, Selection(["en"], ["a4"], ["general"])))
    first = planned[0].leaflet
    assert planned[0].leaflet is first  # the last few used are held
    for number in range(1, RECENT + 2):  # other leaflets used since
        assert cache.load(project.leaflets / f"leaflet-{number}").leaflet.slug
    assert len(cache.recent) == RECENT and kept.folder not in cache.recent
    again = planned[0].leaflet
    assert again is not first  # it was dropped: read back from its file, not loaded again
    assert loads == [f"leaflet-{number}" for number in range(RECENT + 2)]
    assert (again.slug, again.versions["en"].text.title) == ("leaflet-0", "A test leaflet")
    assert again.versions["en"].path == first.versions["en"].path
