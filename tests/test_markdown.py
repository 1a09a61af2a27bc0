from pathlib import Path

from leafprint.markdown import MarkdownRenderer
from leafprint.yamlsource import TextOrigin, load_yaml


def origin(tmp_path: Path) -> TextOrigin:
    path = tmp_path / "x.yaml"
    path.write_text("body: text\n")
    return TextOrigin(load_yaml(path), ("body",))


def test_raw_html_is_escaped(tmp_path: Path) -> None:
    html = MarkdownRenderer().block("Hello <script>alert(1)</script> **you**", origin(tmp_path))
    assert html == "<p>Hello &lt;script&gt;alert(1)&lt;/script&gt; <strong>you</strong></p>\n"


def test_inline_has_no_paragraph(tmp_path: Path) -> None:
    assert MarkdownRenderer().inline("A *b*", origin(tmp_path)) == "A <em>b</em>"


def test_lists_and_links(tmp_path: Path) -> None:
    html = MarkdownRenderer().block("- [kanker.nl](https://www.kanker.nl)\n- two", origin(tmp_path))
    assert '<li><a href="https://www.kanker.nl">kanker.nl</a></li>' in html
    assert "<li>two</li>" in html


def test_javascript_links_are_not_rendered(tmp_path: Path) -> None:
    html = MarkdownRenderer().block("[click](javascript:alert(1))", origin(tmp_path))
    assert "href" not in html
