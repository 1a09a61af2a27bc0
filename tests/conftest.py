"""Shared fixtures (the project, the built examples, a sandbox, the browser) and the
``slow`` marker: what renders a PDF, builds, or starts a browser is slow, and the fast
lane (``-m "not slow"``) fails any test that renders anyway."""

from __future__ import annotations

import datetime as dt
import functools
import re
import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from helpers import CHROMIUM, ROOT, outdate_guide, seed
from leafprint.commands.build import BuildOptions, BuildResult, Project, build

# Session fixtures that build PDFs or start a browser.
RENDERING_FIXTURES = ("every_format", "site", "examples", "browser")
# Fixtures made from another one: their modules run in that one's worker.
MADE_FROM = {"examples": "every_format", "site": "every_format"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """End-to-end and browser tests, and tests using a rendering fixture, are slow."""
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        if (
            any(name in fixtures for name in RENDERING_FIXTURES)
            or item.get_closest_marker("e2e")
            or item.get_closest_marker("browser")
        ):
            item.add_marker(pytest.mark.slow)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """Under pytest-xdist, a module's tests run in one worker, and so do the modules that
    share a rendering fixture: each session fixture is then built once."""
    from xdist.scheduler import LoadScopeScheduling

    class SharedFixtures(LoadScopeScheduling):  # type: ignore[misc]
        def _split_scope(self, nodeid: str) -> str:
            module = nodeid.split("::", 1)[0]
            return shared_fixture(config.rootpath / module) or module

    return SharedFixtures(config, log)


@functools.cache
def shared_fixture(module: Path) -> str | None:
    """The first rendering fixture a test in *module* takes as an argument, if any."""
    text = module.read_text(encoding="utf-8") if module.is_file() else ""
    found = [name for name in RENDERING_FIXTURES if re.search(rf"\b{name}: ", text)]
    return MADE_FROM.get(found[0], found[0]) if found else None


@pytest.fixture(scope="session", autouse=True)
def fast_lane_renders_nothing(request: pytest.FixtureRequest) -> Iterator[None]:
    """With slow tests deselected, a test that makes WeasyPrint lay out a document fails:
    it must be marked slow."""
    if "not slow" not in (request.config.getoption("markexpr") or ""):
        yield
        return
    from weasyprint import HTML

    def refuse(*args: object, **kwargs: object) -> None:
        pytest.fail("this test renders with WeasyPrint: mark it slow", pytrace=False)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(HTML, "render", refuse)
        yield


CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session", autouse=True)
def fixed_today() -> Iterator[None]:
    """Review dates are checked as on one day, so that tests do not age."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LEAFPRINT_TODAY", "2026-12-02")
        yield


@pytest.fixture(scope="session")
def project() -> Project:
    return Project(ROOT)


@pytest.fixture(scope="session")
def examples(every_format: BuildResult) -> BuildResult:
    """Every example leaflet in every language in the default format and edition: the A4
    PDFs of ``every_format``, which builds them once."""
    return replace(every_format, outputs=[o for o in every_format.outputs if o.format == "a4"])


@pytest.fixture
def sandbox(tmp_path: Path) -> Project:
    """A writable copy of the project's styles with an empty leaflets folder."""
    shutil.copytree(ROOT / "styles", tmp_path / "styles")
    (tmp_path / "leaflets").mkdir()
    return Project(tmp_path)


SITE_DAY = dt.date(2027, 8, 15)  # the catalog's "today": one review overdue, one due soon


@pytest.fixture(scope="session")
def every_format(tmp_path_factory: pytest.TempPathFactory, project: Project) -> BuildResult:
    """Every example in every language and every format its brand makes, built once."""
    out = tmp_path_factory.mktemp("every-format")
    return build(project, BuildOptions(editions=["general"], out=out))


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory, every_format: BuildResult) -> Path:
    """An output folder with every example in A4, one leaflet also as a screen PDF and one
    clinic edition: PDFs, web editions and the catalog page, as of SITE_DAY, with the
    English immuno-oncology guide an outdated translation. It starts from the PDFs
    ``every_format`` made: only the changed guide and the clinic edition are rendered."""
    from leafprint.publish.catalog_page import write_index

    root = tmp_path_factory.mktemp("site-project")
    for folder in ("leaflets", "styles"):
        shutil.copytree(ROOT / folder, root / folder)
    outdate_guide(root / "leaflets")
    project = Project(root)
    out = tmp_path_factory.mktemp("site")
    screen = ("refractory-cancer", "screen")
    made = [o for o in every_format.outputs if o.format == "a4" or (o.slug, o.format) == screen]
    seed(out, [o.path for o in made])
    for options in (
        BuildOptions(formats=["a4"], editions=["general"], out=out),
        BuildOptions(slugs=["refractory-cancer"], formats=["screen"], editions=["general"]),
        BuildOptions(
            slugs=["immunotherapy"], languages=["nl"], formats=["a4"], editions=["oostmeer"]
        ),
    ):
        result = build(project, replace(options, out=out))
        assert result.errors == []
    write_index(out, project.base, SITE_DAY)
    return out


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless chromium for every browser test of the run (Playwright's sync API
    allows one driver at a time)."""
    playwright = pytest.importorskip("playwright.sync_api")
    if CHROMIUM is None:
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    with playwright.sync_playwright() as driver:
        chromium = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
