"""Limits and refusals one by one, and the README's complete language file."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from helpers import META, ROOT
from leafprint.commands.build import BuildOptions, Project, build
from leafprint.content.mdlinks import image_file, link_problem
from leafprint.content.models import Translation
from leafprint.content.validate import validate
from leafprint.errors import ContentError
from leafprint.resources import MAX_FILE_BYTES, file_size_problem, image_size, svg_problem
from leafprint.yamlsource import load_yaml


def test_yaml_files_are_bounded_in_size(tmp_path: Path) -> None:
    path = tmp_path / "en.yaml"
    path.write_text("title: " + "x" * 1_000_000 + "\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_yaml(path)
    assert [p.message for p in caught.value.problems] == [
        "the file is too large (1,000,008 bytes, at most 1,000,000): "
        "split it or remove what does not belong in it"
    ]


def test_ordinary_aliases_still_work(tmp_path: Path) -> None:
    path = tmp_path / "en.yaml"
    path.write_text("a: &text Hello\nb: *text\nc: &list [1, 2]\nd: *list\n", encoding="utf-8")
    assert load_yaml(path).data == {"a": "Hello", "b": "Hello", "c": [1, 2], "d": [1, 2]}


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("https://example.org/a", None),
        ("mailto:info@example.org", None),
        ("tel:+31205550140", None),
        ("#section-2", None),
        ("file:///etc/passwd", "link 'file:///etc/passwd' cannot be used"),
        ("leaflet.pdf", "link 'leaflet.pdf' cannot be used"),
    ],
)
def test_links(url: str, problem: str | None) -> None:
    found = link_problem(url)
    if problem is None:
        assert found is None
    else:
        assert (
            found == f"{problem}: a link must be a web address (https://…), an e-mail "
            "address (mailto:…) or a phone number (tel:…)"
        )


def test_markdown_images_are_files_of_known_types_in_the_leaflet_folder(tmp_path: Path) -> None:
    (tmp_path / "images").mkdir()
    for name in ("a.png", "b.webp"):
        (tmp_path / "images" / name).write_bytes(b"x")
    assert image_file("images/a.png", tmp_path) == ((tmp_path / "images/a.png").resolve(), "")
    assert image_file("images/b.webp", tmp_path)[1] == (
        "image 'images/b.webp' is not a PNG, JPEG, GIF or SVG file"
    )
    assert image_file("data:image/png;base64,AA", tmp_path)[1].startswith(
        "image 'data:image/png;base64,AA' cannot be used"
    )


def test_file_size_and_svg_rules() -> None:
    assert file_size_problem(MAX_FILE_BYTES) is None
    assert file_size_problem(MAX_FILE_BYTES + 1) == (
        "the file is too large (20,000,001 bytes, at most 20,000,000)"
    )
    assert svg_problem(b'<svg><use href="#a"/><rect fill="url(#g)"/></svg>') is None
    assert svg_problem(b'<svg><image href="data:image/png;base64,AA"/></svg>') is None
    assert svg_problem(b'<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg/>') == (
        "an SVG file may not declare a DOCTYPE or entities"
    )
    assert svg_problem(b"<svg><style>@import url(other.css);</style></svg>") == (
        "an SVG file may only refer to its own parts (#id), not to 'other.css'"
    )


def test_image_sizes_are_read_from_headers() -> None:
    assert image_size(b"GIF89a\x10\x00\x20\x00") == (16, 32)
    jpeg = b"\xff\xd8\xff\xe0\x00\x04ab\xff\xc0\x00\x11\x08\x01\x00\x02\x00" + b"\x00" * 8
    assert image_size(jpeg) == (512, 256)
    assert image_size(b"plain text") is None


def readme_language_file() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### A complete language file", 1)[1]
    match = re.search(r"```yaml\n(.*?)```", section, re.S)
    assert match is not None
    return match.group(1)


@pytest.mark.slow
def test_the_readme_language_file_has_every_field_and_builds(sandbox: Project) -> None:
    text = readme_language_file()
    folder = sandbox.leaflets / "blood-tests"
    (folder / "images").mkdir(parents=True)
    shutil.copy(
        ROOT / "leaflets/immunotherapy/images/infusion.svg", folder / "images/blood-test.svg"
    )
    (folder / "en.yaml").write_text(text, encoding="utf-8")
    source = "\n".join(line for line in text.splitlines() if "translated_from" not in line)
    (folder / "nl.yaml").write_text(source + "\n", encoding="utf-8")
    meta = META.replace("source_language: en", "source_language: nl")
    meta = meta.replace("languages: [en]", "languages: [nl, en]")
    meta += "images: [{id: blood-test, file: images/blood-test.svg}]\n"
    (folder / "leaflet.yaml").write_text(meta, encoding="utf-8")

    document = load_yaml(folder / "en.yaml")
    validate(document, Translation)
    assert set(document.data) == set(Translation.model_fields)
    result = build(sandbox, BuildOptions(out=sandbox.root / "dist"))
    assert result.errors == []
    assert [o.path.name for o in result.outputs] == ["blood-tests.nl.pdf", "blood-tests.en.pdf"]


@pytest.mark.parametrize("key", ["str", "list[int]", "["])
def test_unknown_fields_named_like_type_names(tmp_path: Path, key: str) -> None:
    path = tmp_path / "en.yaml"
    path.write_text(f'"{key}": x\n', encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        validate(load_yaml(path), Translation)
    assert f"1:1: {key}: unknown field '{key}'" in str(caught.value)
