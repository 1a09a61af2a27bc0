from pathlib import Path

from leafprint.content.markdown import MarkdownRenderer
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


def test_javascript_links_are_not_rendered_and_are_reported(tmp_path: Path) -> None:
    renderer = MarkdownRenderer()
    html = renderer.block("[click](javascript:alert(1))", origin(tmp_path))
    assert "javascript" not in html
    assert [(p.line, p.column, p.field, p.message) for p in renderer.problems] == [
        (
            1,
            7,
            "body",
            "link 'javascript:alert(1)' cannot be used: a link must be a web address "
            "(https://…), an e-mail address (mailto:…) or a phone number (tel:…)",
        )
    ]


def test_a_footnote_that_refers_to_itself_is_a_problem(tmp_path: Path) -> None:
    renderer = MarkdownRenderer()
    html = renderer.block("Text[^n].\n\n[^n]: See also[^n].\n", origin(tmp_path))
    assert html == '<p>Text<span class="footnote">See also[^n].</span>.</p>\n'
    assert [p.message for p in renderer.problems] == [
        "footnote [^n] refers to itself: remove [^n] from its own text"
    ]
