"""The preview server's logic without a browser: safe paths, what a change rebuilds."""

from __future__ import annotations

import html as html_module
import re
import shutil
from pathlib import Path

import jinja2
import pytest

from helpers import copy_example, pdf_text
from leafprint.commands.build import Project
from leafprint.commands.preview import Preview, Task, rebuild_lines
from leafprint.commands.serve import preview_page, safe_path, with_reload
from leafprint.errors import Problem

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
        copy_example(slug, tmp_path / "leaflets")
    return Preview(Project(tmp_path), tmp_path / "dist")


def test_a_language_file_rebuilds_its_leaflet_in_that_language_first(tmp_path: Path) -> None:
    state = preview(tmp_path)
    state.view = Task(("immunotherapy",), "nl", "a5")
    changed = tmp_path / "leaflets" / "refractory-cancer" / "en.yaml"
    assert state.tasks_for([changed]) == [
        Task(("refractory-cancer",), "en", "a5"),  # the edited leaflet, in the viewed format
        Task(("refractory-cancer",)),  # then the rest of it
    ]


def test_the_viewed_leaflet_comes_first_in_its_language(tmp_path: Path) -> None:
    state = preview(tmp_path)
    state.view = Task(("immunotherapy",), "ar", "a4")
    changed = tmp_path / "leaflets" / "immunotherapy" / "leaflet.yaml"
    assert state.tasks_for([changed]) == [
        Task(("immunotherapy",), "ar", "a4"),
        Task(("immunotherapy",)),
    ]


def test_a_style_change_rebuilds_everything_the_viewed_page_first(tmp_path: Path) -> None:
    state = preview(tmp_path)
    state.view = Task(("immunotherapy",), "ar", "a4")
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
    from leafprint.commands import preview as preview_module

    def broken(project: Project, options: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(preview_module, "build", broken)
    state = preview(tmp_path)
    state.tasks.put(Task())
    state.tasks.put(None)
    preview_module.builder(state)  # returns at the None: it survived the failure
    (problem,) = state.problems[""]
    assert problem.message == "build failed: RuntimeError('disk full')"
    assert state.state() == {"generation": 1, "building": False}


def test_a_rebuild_prints_one_line_and_each_error() -> None:
    from leafprint.commands.build import BuildResult, Output

    result = BuildResult(
        outputs=[
            Output("x", "nl", "a4", None, Path("dist/x/x.nl.pdf"), "X", "wrote"),
            Output("x", "en", "a4", None, Path("dist/x/x.en.pdf"), "X", "unchanged"),
        ],
        errors=[Problem.at("leaflets/x/nl.yaml", "title", "required field is missing", 2, 1)],
        warnings=[Problem.at("leaflets/x/nl.yaml", "sections[1]", "hard", 5, 5, code="PL101")],
        seconds=1.25,
    )
    assert rebuild_lines(Task(("x",), "nl", "a4"), result) == [
        "rebuilt x (nl, a4): 1 rendered, 1 unchanged, 0 failed in 1.2 s; 1 error(s), 1 warning(s)",
        "  error: leaflets/x/nl.yaml:2:1: title: required field is missing",
    ]
    assert rebuild_lines(Task(), BuildResult())[0].startswith("rebuilt every leaflet: 0 rendered")


def templates() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(ROOT / "styles/base/templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )


@pytest.mark.slow
def test_the_preview_lists_warnings_under_the_pdf_and_another_language_s_error(
    sandbox: Project,
) -> None:
    from helpers import META, TEXT, add_leaflet

    meta = META.replace("languages: [en]", "languages: [en, nl]")
    folder = add_leaflet(sandbox, "pair", meta, TEXT.replace("Some text", "TODO Some text"))
    dutch = 'translated_from: {language: en, version: "1.0"}\n' + TEXT
    (folder / "nl.yaml").write_text(dutch, encoding="utf-8")
    state = Preview(sandbox, sandbox.root / "dist")
    state.run(Task(("pair",)))
    html = preview_page(state, templates(), ["pair", "en", "a4"])
    assert html is not None
    assert 'data-pdf="/pair/pair.en.pdf"' in html
    warnings = html.split('<section class="warnings"')[1].split("</section>")[0]
    items = [
        " ".join(html_module.unescape(re.sub(r"<[^>]+>", "", li)).split())
        for li in warnings.split("<li>")[1:]
    ]
    assert (
        f"{folder / 'en.yaml'}:5:11: LP107 sections[1].body: placeholder 'TODO' left in the text"
        in items
    )
    assert not [item for item in items if "nl.yaml" in item]  # the other language's own
    assert "Up to date · " in html
    # a mistake in nl.yaml: the English page keeps its PDF and names the Dutch problem
    (folder / "nl.yaml").write_text(dutch.replace("title:", "titel:"), encoding="utf-8")
    state.run(Task(("pair",)))
    html = preview_page(state, templates(), ["pair", "en", "a4"])
    assert html is not None
    assert 'data-pdf="/pair/pair.en.pdf"' in html
    elsewhere = html.split('<section class="problems elsewhere"')[1].split("</section>")[0]
    assert "Another language of this leaflet does not build" in elsewhere
    assert '<p class="state" role="status">Not rebuilt</p>' in html
    assert f"{folder / 'nl.yaml'}:2:1:" in elsewhere
    dutch_page = preview_page(state, templates(), ["pair", "nl", "a4"])
    assert dutch_page is not None and "This leaflet does not build" in dutch_page


def test_an_edit_rebuilds_the_viewed_clinic_edition_first(tmp_path: Path) -> None:
    state = preview(tmp_path)
    state.view = Task(("immunotherapy",), "nl", "booklet", "oostmeer")
    changed = tmp_path / "leaflets" / "immunotherapy" / "nl.yaml"
    assert state.tasks_for([changed]) == [
        Task(("immunotherapy",), "nl", "booklet", "oostmeer"),
        Task(("immunotherapy",)),
    ]
    other = tmp_path / "leaflets" / "refractory-cancer" / "en.yaml"
    assert state.tasks_for([other])[0] == Task(("refractory-cancer",), "en", "booklet")
    # what was looked at before is kept up to date too, after the rest
    state.requested |= {Task(("immunotherapy",), "ar", "a5", "duinzicht"), state.view}
    assert state.tasks_for([changed]) == [
        Task(("immunotherapy",), "nl", "booklet", "oostmeer"),
        Task(("immunotherapy",)),
        Task(("immunotherapy",), "ar", "a5", "duinzicht"),
    ]
    assert state.tasks_for([other])[-1] == Task(("refractory-cancer",))
    style = tmp_path / "styles" / "westerhaven" / "leaflet.css"
    assert state.tasks_for([style]) == [
        Task(("immunotherapy",), "nl", "booklet", "oostmeer"),
        Task(),
        Task(("immunotherapy",), "ar", "a5", "duinzicht"),
    ]


def nav_links(html: str, heading: str) -> dict[str, str]:
    """The links under one heading of the preview's navigation: text → address."""
    block = html.split(f"<h2>{heading}</h2>")[1].split("</ul>")[0]
    return {
        html_module.unescape(text): html_module.unescape(href)
        for href, text in re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', block)
    }


@pytest.mark.slow
def test_the_preview_builds_a_clinic_edition_in_a_format_on_demand(sandbox: Project) -> None:
    from helpers import META, TEXT, add_leaflet

    meta = META + "editions: [oostmeer]\n"
    add_leaflet(sandbox, "pair", meta, TEXT.replace("Some text", "TODO Some text"))
    state = Preview(sandbox, sandbox.root / "dist")
    state.run(Task(("pair",)))
    general = preview_page(state, templates(), ["pair", "en", "a4"])
    assert general is not None and 'data-pdf="/pair/pair.en.pdf"' in general
    assert nav_links(general, "Edition") == {
        "General edition": "/preview/pair/en/a4",
        "Oostmeer Oncology Day Centre": "/preview/pair/en/a4/oostmeer",
    }
    assert "press" in nav_links(general, "Format")
    assert state.tasks.empty()

    # the clinic's A5 file is not built yet: the page says so and queues just that PDF
    waiting = preview_page(state, templates(), ["pair", "en", "a5", "oostmeer"])
    assert waiting is not None
    assert "Building the a5 PDF in en (Oostmeer Oncology Day Centre)…" in waiting
    task = state.tasks.get_nowait()
    assert task == Task(("pair",), "en", "a5", "oostmeer")
    assert state.tasks.empty()
    preview_page(state, templates(), ["pair", "en", "a5", "oostmeer"])  # a reload meanwhile
    assert state.tasks.empty()  # asks for it once
    result = state.run(task)
    assert [o.path.name for o in result.outputs] == ["pair.en.oostmeer.a5.pdf"]

    shown = preview_page(state, templates(), ["pair", "en", "a5", "oostmeer"])
    assert shown is not None
    assert 'data-pdf="/pair/pair.en.oostmeer.a5.pdf"' in shown
    assert "pair · en · a5 · Oostmeer Oncology Day Centre" in shown
    assert "Oostmeer Oncology Day Centre" in pdf_text(
        sandbox.root / "dist/pair/pair.en.oostmeer.a5.pdf"
    )
    # the choice stays in every link, so a reload or another language keeps it
    assert nav_links(shown, "Language") == {"en": "/preview/pair/en/a5/oostmeer"}
    assert nav_links(shown, "Format")["large-print"] == "/preview/pair/en/large-print/oostmeer"
    warnings = shown.split('<section class="warnings"')[1].split("</section>")[0]
    assert "LP107" in warnings and "placeholder &#39;TODO&#39; left in the text" in warnings
    # the general edition built before is still listed and shown without a new build
    again = preview_page(state, templates(), ["pair", "en", "a4"])
    assert again is not None and 'data-pdf="/pair/pair.en.pdf"' in again
    assert state.tasks.empty()
    # an edition the leaflet does not have falls back to the general one
    unknown = preview_page(state, templates(), ["pair", "en", "a4", "nowhere"])
    assert unknown is not None and 'data-pdf="/pair/pair.en.pdf"' in unknown


@pytest.mark.slow
def test_the_preview_warns_of_a_language_without_brand_texts(sandbox: Project) -> None:
    from helpers import translated

    (sandbox.styles / "base" / "labels" / "nl.yaml").unlink()
    translated(sandbox, "pair")
    state = Preview(sandbox, sandbox.root / "dist")
    state.run(Task(("pair",), "nl"))
    html = preview_page(state, templates(), ["pair", "nl", "a4"])
    assert html is not None and 'data-pdf="/pair/pair.nl.pdf"' in html
    warnings = html.split('<section class="warnings"')[1].split("</section>")[0]
    items = [
        " ".join(html_module.unescape(re.sub(r"<[^>]+>", "", li)).split())
        for li in warnings.split("<li>")[1:]
    ]
    brand = sandbox.styles / "westerhaven" / "brand.yaml"
    assert items == [
        f"{brand}:3:3: LP310 name: no brand texts in 'nl' for the interface labels "
        "(labels/nl.yaml): using 'en' instead; translate them"
    ]
    english = preview_page(state, templates(), ["pair", "en", "a4"])
    assert english is not None and "LP310" not in english


@pytest.mark.slow
def test_a_file_the_build_holds_back_says_why_instead_of_building_for_ever(
    sandbox: Project,
) -> None:
    from helpers import translated

    folder = translated(sandbox, "pair")
    meta = folder / "leaflet.yaml"
    meta.write_text(meta.read_text().replace('version: "1.0"', 'version: "1.1"', 1))
    state = Preview(sandbox, sandbox.root / "dist")
    state.run(Task(("pair",), "nl"))  # the outdated translation's A4 file, as serve starts
    waiting = preview_page(state, templates(), ["pair", "nl", "press"])
    assert waiting is not None and "Building the press PDF in nl (General edition)…" in waiting
    result = state.run(state.tasks.get_nowait())
    assert result.outputs == []
    shown = preview_page(state, templates(), ["pair", "nl", "press"])
    assert shown is not None and state.tasks.empty()
    assert "No press PDF was made in nl (General edition): the warnings below say why." in shown
    assert '<p class="state" role="status">Not made · ' in shown
    warnings = shown.split('<section class="warnings"')[1].split("</section>")[0]
    assert "LP307 translated_from:" in warnings
    assert "outdated translation: no press file until the translation is brought up" in warnings
