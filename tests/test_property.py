"""Property tests: whatever an editor types, only leafprint's own errors come out.

Random YAML (text, bytes and dumped data) goes through the loader and the schema;
random Markdown goes through the renderer with citations, links and images.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from tempfile import TemporaryDirectory

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import META, TEXT
from leafprint.content.citations import CitationRegistry
from leafprint.content.leaflets import load_leaflet
from leafprint.content.markdown import MarkdownRenderer
from leafprint.content.models import LeafletMeta, Translation
from leafprint.content.references import ReferenceLibrary
from leafprint.content.validate import validate
from leafprint.errors import LeafletError
from leafprint.yamlsource import TextOrigin, load_yaml

# Derandomized: the same 100 examples each run, so the suite stays reproducible;
# raise max_examples locally to search wider.
SETTINGS = settings(
    max_examples=100,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
YAML_PIECES = st.sampled_from(
    [
        "title", "summary", "sections", "heading", "body", "key_points", ":", ": ", "- ",
        "  ", "\t", "\n", "[", "]", "{", "}", ",", "&a ", "*a", "!foo ", "!!python/object ",
        "? ", "|", ">", "'", '"', "#", "%YAML 1.1\n", "---\n", "...", "@", "`", "\x07",
        "\ufeff", "é", "ش", "2025-13-01", "true", "no", "1e9", "~", "<<: *a", "\\",
    ]
)  # fmt: skip
MARKDOWN_PIECES = st.sampled_from(
    [
        "text", " ", "\n", "\n\n", "*", "**", "_", "`", "[", "]", "(", ")", "!", "[@a]",
        "[@b, p. 3]", "[@a; @zz]", "[^n]", "[^n]: note\n", "<script>", "&amp;", "#", "- ",
        "1. ", "> ", "|", "---", "https://example.org", "file:///etc/passwd", "javascript:",
        "images/x.png", "../x.svg", "data:image/png;base64,AA", "mailto:a@example.org",
    ]
)  # fmt: skip


def load_text(data: bytes) -> None:
    with TemporaryDirectory() as folder:
        path = Path(folder) / "en.yaml"
        path.write_bytes(data)
        try:
            document = load_yaml(path)
            validate(document, Translation)
            validate(document, LeafletMeta)
        except LeafletError:
            pass


@SETTINGS
@given(st.lists(YAML_PIECES | st.text(max_size=5), max_size=60))
def test_random_yaml_text_gives_only_leafprint_errors(pieces: list[str]) -> None:
    load_text("".join(pieces).encode("utf-8", errors="surrogatepass"))


@SETTINGS
@given(st.binary(max_size=300))
def test_random_bytes_give_only_leafprint_errors(data: bytes) -> None:
    load_text(data)


DATA = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(max_size=10) | YAML_PIECES, children, max_size=4)
    ),
    max_leaves=20,
)


@SETTINGS
@given(DATA)
def test_random_yaml_data_gives_only_leafprint_errors(data: object) -> None:
    load_text(yaml.dump(data, allow_unicode=True).encode("utf-8", errors="surrogatepass"))


@SETTINGS
@given(st.lists(MARKDOWN_PIECES | st.text(max_size=5), max_size=40))
def test_random_markdown_gives_only_problems(pieces: list[str]) -> None:
    text = "".join(pieces)
    with TemporaryDirectory() as folder:
        path = Path(folder) / "en.yaml"
        path.write_text("body: text\n", encoding="utf-8")
        origin = TextOrigin(load_yaml(path), ("body",))
        library = ReferenceLibrary(
            items={"a": {"id": "a", "type": "report", "title": "A report"}},
        )
        renderer = MarkdownRenderer({"citations": CitationRegistry(library, "en")})
        renderer.block(text, origin)
        renderer.inline(text, origin)
        assert all(problem.path.endswith("en.yaml") for problem in renderer.problems)


@SETTINGS
@given(st.lists(YAML_PIECES | MARKDOWN_PIECES | st.text(max_size=5), max_size=40))
def test_random_leaflet_text_gives_only_leafprint_errors(pieces: list[str]) -> None:
    """A whole leaflet folder: translations, images and citations checked across files."""
    text = TEXT + "  - heading: More\n    body: " + "".join(pieces)
    with TemporaryDirectory() as folder:
        (Path(folder) / "leaflet.yaml").write_text(META, encoding="utf-8")
        (Path(folder) / "en.yaml").write_bytes(text.encode("utf-8", errors="surrogatepass"))
        with contextlib.suppress(LeafletError):
            load_leaflet(Path(folder))
