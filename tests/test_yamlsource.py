import re
from pathlib import Path

import pytest

import leafprint
from leafprint.content.blocks import read_marks
from leafprint.content.translations import read_lock
from leafprint.errors import ContentError
from leafprint.textfile import MAX_TEXT_BYTES
from leafprint.yamlsource import TextOrigin, field_path, load_yaml


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "doc.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_positions_of_values_and_keys(tmp_path: Path) -> None:
    document = load_yaml(write(tmp_path, "a: 1\nlist:\n  - x: hello\n  - y: [1, 2]\n"))
    assert document.position(("list", 0, "x")) == (3, 8)
    assert document.position(("list", 1, "y", 1)) == (4, 12)
    assert document.position(("list", 1, "y"), key=True) == (4, 5)


def test_missing_location_falls_back_to_parent(tmp_path: Path) -> None:
    document = load_yaml(write(tmp_path, "a:\n  b: 1\n"))
    assert document.position(("a", "missing")) == (2, 3)


def test_dates_stay_text_and_only_true_false_are_booleans(tmp_path: Path) -> None:
    data = load_yaml(write(tmp_path, "d: 2025-02-30\nno: no\nv: 2.10\nt: true\n")).data
    assert data == {"d": "2025-02-30", "no": "no", "v": "2.10", "t": True}


def test_key_given_twice_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ContentError) as caught:
        load_yaml(write(tmp_path, "title: A\nsummary: B\ntitle: C\n"))
    assert [str(p) for p in caught.value.problems] == [
        f"{tmp_path / 'doc.yaml'}:3:1: title: this key is given twice"
    ]


def test_malformed_yaml_names_line_and_column(tmp_path: Path) -> None:
    with pytest.raises(ContentError) as caught:
        load_yaml(write(tmp_path, "title: [one, two\nsummary: x\n"))
    (problem,) = caught.value.problems
    assert (problem.line, problem.column, problem.field) == (2, 8, "(syntax)")
    assert problem.message.startswith("invalid YAML: expected ',' or ']'")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match="file not found"):
        load_yaml(tmp_path / "absent.yaml")


def test_text_origin_finds_text_inside_block_scalars(tmp_path: Path) -> None:
    document = load_yaml(
        write(
            tmp_path,
            "s:\n  body: |\n    First line.\n    Cites [@x] here.\n  f: >\n    a\n    b [@y]\n",
        )
    )
    assert TextOrigin(document, ("s", "body")).problem("m", "[@x]").line == 4
    assert TextOrigin(document, ("s", "body")).problem("m", "[@x]").column == 11
    assert (TextOrigin(document, ("s", "f")).problem("m", "[@y]").line) == 7


def test_field_path_counts_items_from_one() -> None:
    assert field_path(("sections", 2, "callouts", 0, "body")) == "sections[3].callouts[1].body"
    assert field_path(()) == "(document)"


def syntax_problem(tmp_path: Path, text: str) -> str:
    with pytest.raises(ContentError) as caught:
        load_yaml(write(tmp_path, text))
    (problem,) = caught.value.problems
    return f"{problem.line}:{problem.column}: {problem.field}: {problem.message}"


def test_a_field_without_its_colon_is_named_on_its_own_line(tmp_path: Path) -> None:
    text = "title: Hair loss\nsubtitle Information for patients\nsummary: Short.\n"
    assert syntax_problem(tmp_path, text) == (
        "2:9: (syntax): add ':' after 'subtitle': a field name is followed by a colon and a "
        "space, then its text (subtitle: …)"
    )


def test_a_list_item_field_without_its_colon_is_named_on_its_own_line(tmp_path: Path) -> None:
    text = (
        "title: Hair loss\nsections:\n  - heading: Why\n    body: Because.\n"
        "  - heading Wigs, scarves and hats\n\n    body: You can choose.\n"
    )
    assert syntax_problem(tmp_path, text) == (
        "5:12: (syntax): add ':' after 'heading': a field name is followed by a colon and a "
        "space, then its text (heading: …)"
    )


@pytest.mark.parametrize(
    "text", ["title: Note: this\n", "summary: First line\n  continued: here\n"]
)
def test_a_colon_inside_a_text_still_asks_for_quotes(tmp_path: Path, text: str) -> None:
    assert syntax_problem(tmp_path, text).split(": ", 2)[2] == (
        "a colon followed by a space (': ') inside a text: put the whole text in quotes, "
        'e.g. title: "Note: this"'
    )


def test_every_yaml_read_goes_through_load_yaml() -> None:
    source = Path(leafprint.__file__).parent
    direct = re.compile(r"\byaml\.(?:\w*load\w*|C?(?:Base|Safe|Full|Unsafe)?Loader)\b")
    found = [
        f"{path.relative_to(source)}:{number}: {line.strip()}"
        for path in sorted(source.rglob("*.py"))
        if path.name != "yamlsource.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if direct.search(line)
    ]
    assert found == []


def test_a_malformed_translations_lock_is_located(tmp_path: Path) -> None:
    (tmp_path / "translations.lock").write_text("nl:\n  version: [1.0\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        read_lock(tmp_path)
    (problem,) = caught.value.problems
    assert str(problem).startswith(
        f"{tmp_path / 'translations.lock'}:3:1: (syntax): invalid YAML: expected ',' or ']'"
    )


def test_an_oversized_blocks_lock_is_refused_with_its_size(tmp_path: Path) -> None:
    lock = tmp_path / "translations.lock"
    lock.write_text("a:\n  nl: " + "x" * MAX_TEXT_BYTES + "\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        read_marks(tmp_path)
    assert [str(p) for p in caught.value.problems] == [
        f"{lock}:1:1: (file): the file is too large ({MAX_TEXT_BYTES + 10:,} bytes, at most "
        f"{MAX_TEXT_BYTES:,}): split it or remove what does not belong in it"
    ]


def test_a_blocks_lock_keeps_the_loaders_rules(tmp_path: Path) -> None:
    (tmp_path / "translations.lock").write_text(
        "call-at-once:\n  no: 2.10\n  2026-01-05: yes\n", encoding="utf-8"
    )
    assert read_marks(tmp_path) == {"call-at-once": {"no": "2.10", "2026-01-05": "yes"}}


@pytest.mark.parametrize(
    "text",
    [
        "a: " + "[" * 41 + "]" * 41 + "\n",  # brackets
        "".join(f"{'  ' * depth}k{depth}:\n" for depth in range(41)) + "  " * 41 + "v: 1\n",
    ],
)
def test_nesting_beyond_the_limit_is_located(tmp_path: Path, text: str) -> None:
    with pytest.raises(ContentError) as caught:
        load_yaml(write(tmp_path, text))
    (problem,) = caught.value.problems
    assert problem.field == "(limits)"
    assert problem.message == "lists and mappings are nested more than 40 deep"
