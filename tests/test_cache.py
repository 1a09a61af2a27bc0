"""The build cache: what a change renders again, and that it never serves a stale PDF."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from helpers import META, ROOT, TEXT, add_leaflet, pdf_text
from leafprint.build import plan
from leafprint.build.leafletcache import LEAFLETS_FOLDER
from leafprint.cache import CACHE_FILE, BuildCache
from leafprint.checks import check
from leafprint.commands.build import BuildOptions, BuildResult, Project, build
from leafprint.content.codes import CodeUse, index_codes
from leafprint.content.leaflets import Leaflet, load_leaflet
from leafprint.content.translations import TranslationState, mark_current, translation_state
from leafprint.publish import catalog_page, notices, poster
from leafprint.yamlsource import YamlDocument

pytestmark = pytest.mark.slow  # every test here renders PDFs


def rebuild(project: Project, **options: object) -> BuildResult:
    result = build(project, BuildOptions(out=project.root / "dist", **options))  # type: ignore[arg-type]
    assert result.ok, result.errors
    return result


def rendered(result: BuildResult) -> list[str]:
    return sorted(o.path.name for o in result.outputs if o.state in {"wrote", "same"})


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """Three one-page leaflets, two of the westerhaven brand and one of lumen, built once."""
    root = tmp_path_factory.mktemp("built")
    shutil.copytree(ROOT / "styles", root / "styles")
    project = Project(root)
    add_leaflet(project, "alpha")
    add_leaflet(project, "beta")
    add_leaflet(project, "gamma", META.replace("brand: westerhaven", "brand: lumen"))
    first = rebuild(project)
    assert rendered(first) == ["alpha.en.pdf", "beta.en.pdf", "gamma.en.pdf"]
    return project


@pytest.fixture
def two_brands(built: Project, tmp_path: Path) -> Project:
    """A copy of the built project, output and cache included (file times kept)."""
    shutil.copytree(built.root, tmp_path / "project")
    return Project(tmp_path / "project")


def test_nothing_changed_renders_nothing(two_brands: Project) -> None:
    result = rebuild(two_brands)
    assert rendered(result) == []
    assert [o.state for o in result.outputs] == ["unchanged"] * 3


def test_a_changed_leaflet_renders_only_its_outputs(two_brands: Project) -> None:
    text = two_brands.leaflets / "beta" / "en.yaml"
    text.write_text(TEXT.replace("A test leaflet", "A changed title"), encoding="utf-8")
    assert rendered(rebuild(two_brands)) == ["beta.en.pdf"]
    assert "A changed title" in pdf_text(two_brands.root / "dist/beta/beta.en.pdf")


def test_a_changed_image_or_reference_file_counts_as_a_change(two_brands: Project) -> None:
    (two_brands.leaflets / "alpha" / "notes.txt").write_text("an extra file in the folder")
    assert rendered(rebuild(two_brands)) == ["alpha.en.pdf"]


def test_a_changed_brand_renders_exactly_its_outputs(two_brands: Project) -> None:
    stylesheet = two_brands.styles / "lumen" / "leaflet.css"
    stylesheet.write_text(stylesheet.read_text() + "\nh2 { letter-spacing: 0.01em; }\n")
    assert rendered(rebuild(two_brands)) == ["gamma.en.pdf"]
    logo = two_brands.styles / "westerhaven" / "logo.svg"
    logo.write_text(logo.read_text() + "\n<!-- redrawn -->\n")
    assert rendered(rebuild(two_brands)) == ["alpha.en.pdf", "beta.en.pdf"]


def test_a_comment_in_contacts_renders_nothing(two_brands: Project) -> None:
    contacts = two_brands.styles / "westerhaven" / "contacts.yaml"
    contacts.write_text(contacts.read_text() + "\n# reviewed\n")
    assert rendered(rebuild(two_brands)) == []


def test_a_changed_base_style_renders_everything(two_brands: Project) -> None:
    stylesheet = two_brands.base / "print.css"
    stylesheet.write_text(stylesheet.read_text() + "\n/* a comment */\n")
    assert rendered(rebuild(two_brands)) == ["alpha.en.pdf", "beta.en.pdf", "gamma.en.pdf"]


def test_format_options_are_part_of_the_key(two_brands: Project) -> None:
    result = rebuild(two_brands, slugs=["alpha"], pdf_variant="pdf/a-3b")
    assert rendered(result) == ["alpha.en.pdf"]
    assert rendered(rebuild(two_brands, slugs=["alpha"])) == ["alpha.en.pdf"]


def test_a_deleted_output_is_rebuilt(two_brands: Project) -> None:
    path = two_brands.root / "dist/alpha/alpha.en.pdf"
    good = path.read_bytes()
    path.unlink()
    assert rendered(rebuild(two_brands)) == ["alpha.en.pdf"]
    assert path.read_bytes() == good


@pytest.mark.parametrize("damage", ["truncate", "same-size"])
def test_an_output_changed_by_hand_is_rebuilt(two_brands: Project, damage: str) -> None:
    path = two_brands.root / "dist/alpha/alpha.en.pdf"
    good = path.read_bytes()
    if damage == "truncate":
        path.write_bytes(good[: len(good) // 2])
    else:  # same size, different bytes: only the hash tells
        path.write_bytes(good[:-10] + b"0123456789")
    assert rendered(rebuild(two_brands)) == ["alpha.en.pdf"]
    assert path.read_bytes() == good


def test_force_renders_everything(two_brands: Project) -> None:
    result = rebuild(two_brands, force=True)
    assert rendered(result) == ["alpha.en.pdf", "beta.en.pdf", "gamma.en.pdf"]
    assert {o.state for o in result.outputs} == {"same"}  # rendered, bytes unchanged


def test_an_unreadable_cache_file_means_render_again(two_brands: Project) -> None:
    (two_brands.root / "dist" / CACHE_FILE).write_text("{not json")
    assert len(rendered(rebuild(two_brands))) == 3
    assert rendered(rebuild(two_brands)) == []


def test_a_failed_output_is_not_served_from_the_cache_later(two_brands: Project) -> None:
    text = two_brands.leaflets / "alpha" / "en.yaml"
    text.write_text(TEXT.replace("A short summary.", "'A note[^gone] without its text.'"))
    failed = build(two_brands, BuildOptions(out=two_brands.root / "dist"))
    assert not failed.ok and [t.path.name for t in failed.failed] == ["alpha.en.pdf"]
    text.write_text(TEXT.replace("A test leaflet", "Fixed"), encoding="utf-8")
    assert rendered(rebuild(two_brands)) == ["alpha.en.pdf"]
    assert "Fixed" in pdf_text(two_brands.root / "dist/alpha/alpha.en.pdf")


def test_cache_records_key_size_and_hash(two_brands: Project) -> None:
    cache = BuildCache(two_brands.root / "dist")
    entry = cache.entries["alpha/alpha.en.pdf"]
    data = (two_brands.root / "dist/alpha/alpha.en.pdf").read_bytes()
    assert entry.size == len(data) and len(entry.key) == 64 and len(entry.sha256) == 64


NL_TEXT = 'translated_from: {language: en, version: "1.0"}\n' + TEXT.replace(
    "A test leaflet", "Een testfolder"
).replace("A short summary.", "Een korte samenvatting.")


@pytest.fixture(scope="module")
def editions_built(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """One leaflet in English and Dutch, in the general edition and two clinic editions."""
    root = tmp_path_factory.mktemp("editions")
    shutil.copytree(ROOT / "styles", root / "styles")
    project = Project(root)
    meta = META.replace("languages: [en]", "languages: [en, nl]")
    folder = add_leaflet(project, "multi", meta + "editions: [oostmeer, duinzicht]\n")
    (folder / "nl.yaml").write_text(NL_TEXT, encoding="utf-8")
    first = rebuild(project)
    assert len(rendered(first)) == 6
    return project


@pytest.fixture
def editions(editions_built: Project, tmp_path: Path) -> Project:
    shutil.copytree(editions_built.root, tmp_path / "project")
    return Project(tmp_path / "project")


def test_one_word_in_a_translation_renders_only_that_language(editions: Project) -> None:
    text = editions.leaflets / "multi" / "nl.yaml"
    text.write_text(NL_TEXT.replace("korte", "beknopte"), encoding="utf-8")
    result = rebuild(editions)
    assert rendered(result) == ["multi.nl.duinzicht.pdf", "multi.nl.oostmeer.pdf", "multi.nl.pdf"]
    assert result.count("unchanged") == 3
    assert "beknopte" in pdf_text(editions.root / "dist/multi/multi.nl.oostmeer.pdf")


def test_one_word_in_the_source_renders_only_the_source(editions: Project) -> None:
    text = editions.leaflets / "multi" / "en.yaml"
    text.write_text(TEXT.replace("A short summary.", "A brief summary."), encoding="utf-8")
    assert rendered(rebuild(editions)) == [
        "multi.en.duinzicht.pdf",
        "multi.en.oostmeer.pdf",
        "multi.en.pdf",
    ]


def test_one_word_in_a_clinic_contact_renders_only_that_edition(editions: Project) -> None:
    contacts = editions.styles / "westerhaven" / "contacts.yaml"
    text = contacts.read_text(encoding="utf-8")
    assert text.count("en: Oostmeer Oncology Day Centre") == 2  # department and clinic name
    changed = text.replace("Oostmeer Oncology Day Centre", "Oostmeer Cancer Day Centre", 1)
    contacts.write_text(changed, encoding="utf-8")
    result = rebuild(editions)
    assert rendered(result) == ["multi.en.oostmeer.pdf", "multi.nl.oostmeer.pdf"]
    assert "Oostmeer Cancer Day Centre" in pdf_text(
        editions.root / "dist/multi/multi.en.oostmeer.pdf"
    )
    # the web pages name every clinic edition: each is written again
    assert len(result.web_written) == 6


def test_a_clinic_name_renders_only_that_edition(editions: Project) -> None:
    contacts = editions.styles / "westerhaven" / "contacts.yaml"
    text = contacts.read_text(encoding="utf-8")
    changed = text.replace("en: Duinzicht General Practice", "en: Duinzicht Family Practice")
    contacts.write_text(changed, encoding="utf-8")
    result = rebuild(editions)
    assert rendered(result) == ["multi.en.duinzicht.pdf", "multi.nl.duinzicht.pdf"]
    assert [o.path.name for o in result.outputs if o.state == "wrote"] == ["multi.en.duinzicht.pdf"]


def test_a_source_change_that_outdates_a_translation_renders_it(
    editions: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a lock, a changed source section makes the translation outdated: its PDFs
    print the notice, so they are made again. Whether it is outdated is kept between
    builds while the leaflet's files are the same (the lock is long to read)."""
    folder = editions.leaflets / "multi"
    mark_current(load_leaflet(folder), "nl", dt.date(2025, 6, 1))
    rebuild(editions)  # nl.yaml's translated_from was rewritten
    states: list[str] = []

    def counted(leaflet: Leaflet, language: str) -> TranslationState | None:
        states.append(language)
        return translation_state(leaflet, language)

    monkeypatch.setattr(plan, "translation_state", counted)
    assert rendered(rebuild(editions)) == []
    assert states == []
    (folder / "en.yaml").write_text(TEXT.replace("Some text", "Other text"), encoding="utf-8")
    result = build(editions, BuildOptions(out=editions.root / "dist"))
    assert len(rendered(result)) == 6
    assert sorted(states) == ["en", "nl"]
    assert "Other text" in pdf_text(editions.root / "dist/multi/multi.en.pdf")


def test_a_deleted_leaflet_leaves_the_catalog(two_brands: Project) -> None:
    shutil.rmtree(two_brands.leaflets / "beta")
    result = rebuild(two_brands)
    assert rendered(result) == []
    catalog = json.loads((two_brands.root / "dist/catalog.json").read_text(encoding="utf-8"))
    assert sorted({entry["slug"] for entry in catalog["leaflets"]}) == ["alpha", "gamma"]
    assert sorted({entry["slug"] for entry in catalog["web"]}) == ["alpha", "gamma"]
    index = (two_brands.root / "dist/index.html").read_text(encoding="utf-8")
    assert 'id="leaflet-alpha"' in index and 'id="leaflet-beta"' not in index


def test_the_catalog_marks_a_leaflet_whose_last_build_failed(two_brands: Project) -> None:
    text = two_brands.leaflets / "alpha" / "en.yaml"
    text.write_text(TEXT.replace("title:", "titel:"), encoding="utf-8")
    failed = build(two_brands, BuildOptions(out=two_brands.root / "dist"))
    assert not failed.ok
    catalog = json.loads((two_brands.root / "dist/catalog.json").read_text(encoding="utf-8"))
    assert catalog["failed"] == ["alpha"]
    assert "alpha" in {entry["slug"] for entry in catalog["leaflets"]}  # the last good files
    index = (two_brands.root / "dist/index.html").read_text(encoding="utf-8")
    card = index.split('id="leaflet-alpha"')[1].split("</li>")[0]
    assert (
        "Last build failed: these files are from an earlier build. Run "
        "<code>leafprint check alpha</code> to see why." in card
    )
    # a build of another leaflet keeps the mark; alpha's own next good build clears it
    rebuild(two_brands, slugs=["beta"])
    assert "Last build failed" in (two_brands.root / "dist/index.html").read_text()
    text.write_text(TEXT, encoding="utf-8")
    rebuild(two_brands)
    catalog = json.loads((two_brands.root / "dist/catalog.json").read_text(encoding="utf-8"))
    assert catalog["failed"] == []
    assert "Last build failed" not in (two_brands.root / "dist/index.html").read_text()


def test_a_build_reads_the_catalog_once_and_writes_it_once_whole(
    two_brands: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    from leafprint.publish import catalog

    catalog_file = two_brands.root / "dist" / "catalog.json"
    reads: list[Path] = []
    replaced: list[str] = []
    read, replace = catalog._read, os.replace

    def counted_read(out: Path) -> dict[str, object]:
        reads.append(out)
        return read(out)

    def counted_replace(source: str, target: str | Path) -> None:
        if Path(target) == catalog_file:
            replaced.append(Path(source).name)
        replace(source, target)

    monkeypatch.setattr(catalog, "_read", counted_read)
    monkeypatch.setattr(os, "replace", counted_replace)
    text = two_brands.leaflets / "beta" / "en.yaml"
    text.write_text(TEXT.replace("A test leaflet", "A changed title"), encoding="utf-8")
    result = rebuild(two_brands)
    assert rendered(result) == ["beta.en.pdf"]
    assert reads == [two_brands.root / "dist"]
    # written once, through a temporary file renamed into place
    assert len(replaced) == 1 and replaced[0].startswith(".catalog.json.")
    listed = json.loads(catalog_file.read_text(encoding="utf-8"))
    titles = {entry["slug"]: entry["title"] for entry in listed["web"]}
    assert titles == {
        "alpha": "A test leaflet",
        "beta": "A changed title",
        "gamma": "A test leaflet",
    }
    # where its time went, stage by stage (balancing only where a page is half empty)
    stages = {"load and check", "plan", "render", "preflight", "write", "web", "catalog"}
    stages.add("thumbnails")
    assert stages <= set(result.timings) <= stages | {"balancing", "publish", "posters"}


def loads_counted(monkeypatch: pytest.MonkeyPatch) -> tuple[list[str], list[str]]:
    """The leaflets loaded and the YAML files parsed from now on."""
    from leafprint.build import leafletcache
    from leafprint.content import leaflets as content

    leaflets: list[str] = []
    files: list[str] = []
    load_leaflet, load_yaml = leafletcache.load_leaflet, content.load_yaml

    def counted_leaflet(folder: Path) -> Leaflet:
        leaflets.append(folder.name)
        return load_leaflet(folder)

    def counted_yaml(path: Path) -> YamlDocument:
        files.append(f"{path.parent.name}/{path.name}")
        return load_yaml(path)

    monkeypatch.setattr(leafletcache, "load_leaflet", counted_leaflet)
    monkeypatch.setattr(content, "load_yaml", counted_yaml)
    return leaflets, files


def test_a_build_with_nothing_changed_loads_no_leaflet(
    two_brands: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    rebuild(two_brands)  # the copy is in another folder: its problems name other paths
    leaflets, files = loads_counted(monkeypatch)
    result = rebuild(two_brands)
    assert leaflets == [] and files == []
    assert [o.state for o in result.outputs] == ["unchanged"] * 3
    # the leaflets from the cache are what loading gives: the same keys, the same pages
    assert rendered(rebuild(two_brands, force=True)) == [
        "alpha.en.pdf",
        "beta.en.pdf",
        "gamma.en.pdf",
    ]
    assert {o.state for o in rebuild(two_brands, force=True).outputs} == {"same"}


def test_editing_one_file_loads_only_its_leaflet_again(
    two_brands: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    rebuild(two_brands)
    leaflets, files = loads_counted(monkeypatch)
    text = two_brands.leaflets / "beta" / "en.yaml"
    text.write_text(TEXT.replace("A test leaflet", "A changed title"), encoding="utf-8")
    assert rendered(rebuild(two_brands)) == ["beta.en.pdf"]
    assert leaflets == ["beta"]
    assert files == ["beta/leaflet.yaml", "beta/en.yaml"]
    assert "A changed title" in pdf_text(two_brands.root / "dist/beta/beta.en.pdf")
    leaflets.clear()
    block = 'version: "1.0"\nsource_language: en\ntext: {en: Ask us anything.}\n'
    (two_brands.leaflets / "blocks").mkdir()  # the shared blocks: every leaflet may use them
    (two_brands.leaflets / "blocks" / "tip.yaml").write_text(block, encoding="utf-8")
    rebuild(two_brands)
    assert leaflets == ["alpha", "beta", "gamma"]


def test_leaflet_codes_are_indexed_again_only_when_a_leaflet_yaml_changed(
    two_brands: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    rebuild(two_brands)
    indexed: list[Path] = []

    def counted(folder: Path) -> dict[str, list[CodeUse]]:
        indexed.append(folder)
        return index_codes(folder)

    monkeypatch.setattr(check, "index_codes", counted)
    assert rendered(rebuild(two_brands)) == []
    assert indexed == []
    meta = two_brands.leaflets / "beta" / "leaflet.yaml"
    meta.write_text(meta.read_text().replace("TST-BETA", "TST-ALPHA"), encoding="utf-8")
    result = build(two_brands, BuildOptions(out=two_brands.root / "dist"))
    assert indexed == [two_brands.leaflets]
    assert sorted({(Path(p.path).parent.name, p.code) for p in result.errors}) == [
        ("alpha", "LP101"),  # the same leaflet code
        ("alpha", "LP114"),  # and so the same printed code
        ("beta", "LP101"),
        ("beta", "LP114"),
    ]


def pages_counted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The short pages, language pages and catalog pages rendered from now on."""
    made: list[str] = []

    def counted(name: str, real: Callable[..., str]) -> Callable[..., str]:
        def render(*args: Any) -> str:
            made.append(name)
            return real(*args)

        return render

    monkeypatch.setattr(notices, "render", counted("statement", notices.render))
    monkeypatch.setattr(poster, "_render", counted("language page", poster._render))
    monkeypatch.setattr(catalog_page, "_render", counted("catalog", catalog_page._render))
    return made


def test_pages_are_rendered_again_only_when_what_they_show_changed(
    two_brands: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    rebuild(two_brands)
    made = pages_counted(monkeypatch)
    rebuild(two_brands)
    assert made == []
    style = two_brands.styles / "lumen" / "web.css"  # the short pages' brand styles
    style.write_text("h1 { color: #101010; }\n", encoding="utf-8")
    rebuild(two_brands)
    assert sorted(made) == ["language page", "statement"]  # gamma's page and lumen's statement
    made.clear()
    text = two_brands.leaflets / "beta" / "en.yaml"
    text.write_text(TEXT.replace("A test leaflet", "A changed title"), encoding="utf-8")
    rebuild(two_brands)
    assert sorted(made) == ["catalog", "language page"]
    assert "A changed title" in (two_brands.root / "dist" / "index.html").read_text()
    made.clear()
    css = two_brands.styles / "base" / "catalog.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n/* the catalog's own */\n")
    rebuild(two_brands)
    assert made == ["catalog"]
    (two_brands.root / "dist" / "index.html").unlink()
    rebuild(two_brands)
    assert made == ["catalog", "catalog"]


def test_a_build_with_nothing_changed_imports_no_renderer(two_brands: Project) -> None:
    rebuild(two_brands)
    renderers = ("weasyprint", "pypdf", "pypdfium2", "pikepdf", "jinja2", "segno", "citeproc")
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from leafprint.commands.build import BuildOptions, Project, build\n"
        f"root = Path({str(two_brands.root)!r})\n"
        "result = build(Project(root), BuildOptions(out=root / 'dist'))\n"
        "print(sorted({o.state for o in result.outputs}))\n"
        f"print([name for name in {renderers!r} if name in sys.modules])\n"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert run.stdout.splitlines() == ["['unchanged']", "[]"]


def test_a_damaged_leaflet_cache_means_loading_again(
    two_brands: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    rebuild(two_brands)
    for path in (two_brands.root / "dist" / LEAFLETS_FOLDER).iterdir():
        path.write_bytes(b"not a cache")
    leaflets, _ = loads_counted(monkeypatch)
    assert rendered(rebuild(two_brands)) == []
    assert leaflets == ["alpha", "beta", "gamma"]
