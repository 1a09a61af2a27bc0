"""The preview server's logic without a browser: safe paths, what a change rebuilds."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from leafprint.build import Project
from leafprint.errors import Problem
from leafprint.preview import Preview, Task
from leafprint.serve import safe_path, with_reload

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("path", "inside"),
    [
        ("/", ""),
        ("/index.html", "index.html"),
        ("/immunotherapy/immunotherapy.nl.pdf", "immunotherapy/immunotherapy.nl.pdf"),
        ("/../secret", None),
        ("/a/../../secret", None),
        ("/a/./b", None),
        ("/..\\secret", None),
        ("/link-out", None),  # a symbolic link that leads outside
    ],
)
def test_safe_path_stays_inside_the_output(tmp_path: Path, path: str, inside: str | None) -> None:
    out = tmp_path / "dist"
    out.mkdir()
    (out / "link-out").symlink_to(tmp_path)
    expected = None if inside is None else (out / inside).resolve()
    assert safe_path(out, path) == expected


def preview(tmp_path: Path) -> Preview:
    shutil.copytree(ROOT / "styles", tmp_path / "styles")
    for slug in ("immunotherapy", "refractory-cancer"):
        shutil.copytree(ROOT / "leaflets" / slug, tmp_path / "leaflets" / slug)
    shutil.copy(ROOT / "leaflets" / "references.yaml", tmp_path / "leaflets")
    return Preview(Project(tmp_path), tmp_path / "dist")


def test_a_language_file_rebuilds_its_leaflet_in_that_language_first(tmp_path: Path) -> None:
    state = preview(tmp_path)
    state.view = ("immunotherapy", "nl", "a5")
    changed = tmp_path / "leaflets" / "refractory-cancer" / "en.yaml"
    assert state.tasks_for([changed]) == [
        Task(("refractory-cancer",), "en", "a5"),  # the edited leaflet, in the viewed format
        Task(("refractory-cancer",)),  # then the rest of it
    ]


def test_the_viewed_leaflet_comes_first_in_its_language(tmp_path: Path) -> None:
    state = preview(tmp_path)
    state.view = ("immunotherapy", "ar", "a4")
    changed = tmp_path / "leaflets" / "immunotherapy" / "leaflet.yaml"
    assert state.tasks_for([changed]) == [
        Task(("immunotherapy",), "ar", "a4"),
        Task(("immunotherapy",)),
    ]


def test_a_style_change_rebuilds_everything_the_viewed_page_first(tmp_path: Path) -> None:
    state = preview(tmp_path)
    state.view = ("immunotherapy", "ar", "a4")
    changed = tmp_path / "styles" / "westerhaven" / "leaflet.css"
    assert state.tasks_for([changed]) == [Task(("immunotherapy",), "ar", "a4"), Task()]


def test_problems_belong_to_their_leaflet(tmp_path: Path) -> None:
    state = preview(tmp_path)
    inside = Problem.at(tmp_path / "leaflets" / "immunotherapy" / "en.yaml", "title", "x")
    outside = Problem.at(tmp_path / "styles" / "lumen" / "brand.yaml", "logo", "x")
    assert state.owner(inside) == "immunotherapy"
    assert state.owner(outside) == ""


def test_reload_script_knows_its_generation() -> None:
    html = with_reload("<html><body><p>x</p></body></html>", 7)
    assert "var generation = 7;" in html
    assert html.index("var generation") < html.index("</body>")


def test_a_failing_build_is_reported_and_the_builder_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import leafprint.preview

    def broken(project: Project, options: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(leafprint.preview, "build", broken)
    state = preview(tmp_path)
    state.tasks.put(Task())
    state.tasks.put(None)
    leafprint.preview.builder(state)  # returns at the None: it survived the failure
    (problem,) = state.problems[""]
    assert problem.message == "build failed: RuntimeError('disk full')"
    assert state.state() == {"generation": 1, "building": False}
