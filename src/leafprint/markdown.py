"""Markdown to HTML: CommonMark with raw HTML disabled, plus citations and footnotes.

Raw HTML typed into content is shown as text, never passed through as markup.
"""

from __future__ import annotations

from typing import Any

from markdown_it import MarkdownIt
from markupsafe import Markup

from .yamlsource import TextOrigin


def make_markdown() -> MarkdownIt:
    """A CommonMark renderer that escapes raw HTML, with leafprint's plugins."""
    md = MarkdownIt("commonmark", {"html": False, "typographer": False})
    md.enable("table")
    return md


class MarkdownRenderer:
    """Renders the Markdown texts of one leaflet language, in document order.

    One renderer is used per leaflet language so that citation numbers and
    footnotes follow the order in which texts appear in the leaflet.
    """

    def __init__(self, env: dict[str, Any] | None = None) -> None:
        self.md = make_markdown()
        self.env: dict[str, Any] = env or {}

    def block(self, text: str, origin: TextOrigin) -> Markup:
        """Render *text* as block content (paragraphs, lists)."""
        self.env["origin"] = origin
        return Markup(self.md.render(text, self.env))

    def inline(self, text: str, origin: TextOrigin) -> Markup:
        """Render *text* without a surrounding paragraph (titles, list items)."""
        self.env["origin"] = origin
        return Markup(self.md.renderInline(text, self.env))
