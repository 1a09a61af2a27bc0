"""Markdown to HTML: CommonMark with raw HTML disabled, plus citations and footnotes.

Raw HTML typed into content is shown as text, never passed through as markup.
Footnotes (``text[^note]`` with a ``[^note]: …`` line in the same text) are placed
inline where they are referenced, so that WeasyPrint's ``float: footnote`` sets them
at the foot of that page, marked with letters.
"""

from __future__ import annotations

import html
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererProtocol
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from markupsafe import Markup
from mdit_py_plugins.footnote import footnote_plugin

from leafprint.yamlsource import TextOrigin

from .citations import citations_plugin
from .mdlinks import safe_links_plugin


def make_markdown() -> MarkdownIt:
    """A CommonMark renderer that escapes raw HTML, with leafprint's plugins."""
    md = MarkdownIt("commonmark", {"html": False, "typographer": False})
    md.enable("table")
    md.use(citations_plugin)
    md.use(safe_links_plugin)
    md.use(footnote_plugin, inline=False, move_to_end=True, always_match_refs=True)
    md.add_render_rule("footnote_ref", _render_footnote)
    return md


class MarkdownRenderer:
    """Renders the Markdown texts of one leaflet language, in document order.

    One renderer is used per leaflet language so that citation numbers follow the
    order in which texts appear in the leaflet. ``env["citations"]`` may hold a
    :class:`~leafprint.content.citations.CitationRegistry`; problems found inside texts
    are collected in :attr:`problems`.
    """

    def __init__(self, env: dict[str, Any] | None = None) -> None:
        self.md = make_markdown()
        self.env: dict[str, Any] = env or {}
        self.problems = self.env.setdefault("problems", [])

    def block(self, text: str, origin: TextOrigin) -> Markup:
        """Render *text* as block content (paragraphs, lists)."""
        tokens = self._parse(text, origin)
        if any(token.type == "footnote_block_open" for token in tokens):
            end = next(i for i, t in enumerate(tokens) if t.type == "footnote_block_open")
            self.env["footnote_tokens"] = _footnote_tokens(tokens[end:])
            tokens = tokens[:end]
        return Markup(self.md.renderer.render(tokens, self.md.options, self.env))

    def inline(self, text: str, origin: TextOrigin) -> Markup:
        """Render *text* without a surrounding paragraph (titles, list items)."""
        self._parse("", origin)
        return Markup(self.md.renderInline(text, self.env))

    def _parse(self, text: str, origin: TextOrigin) -> list[Token]:
        self.env["origin"] = origin
        self.env["footnotes"] = {}
        self.env["footnote_tokens"] = {}
        return self.md.parse(text, self.env)


_FOOTNOTE_FRAME = {
    "footnote_close",
    "footnote_anchor",
    "footnote_block_open",
    "footnote_block_close",
}


def _footnote_tokens(tail: list[Token]) -> dict[int, list[Token]]:
    """The tokens of each footnote definition, by footnote id.

    They are rendered where the footnote is referenced, so citations inside a
    footnote are numbered in reading order.
    """
    notes: dict[int, list[Token]] = {}
    for token in tail:
        if token.type == "footnote_open":
            current = notes.setdefault(token.meta["id"], [])
        elif token.type not in _FOOTNOTE_FRAME:
            current.append(token)
    return notes


def _render_footnote(
    self: RendererProtocol, tokens: list[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    meta = tokens[idx].meta
    label = f"[^{meta['label']}]"
    note_tokens = env.get("footnote_tokens", {}).get(meta["id"])
    opened: set[int] = env.setdefault("footnotes_open", set())
    if not note_tokens or meta["id"] in opened:
        message = (
            f"footnote {label} refers to itself: remove {label} from its own text"
            if note_tokens
            else f"footnote {label} has no text: add a line '{label}: …' to this text"
        )
        origin: TextOrigin | None = env.get("origin")
        if origin is not None:  # at the footnote's own text when it loops
            env["problems"].append(origin.problem(message, f"{label}:" if note_tokens else label))
        return html.escape(label)
    opened.add(meta["id"])
    try:
        note = self.render(note_tokens, options, env).strip()
    finally:
        opened.discard(meta["id"])
    note = note.removeprefix("<p>").removesuffix("</p>")
    return f'<span class="footnote">{note}</span>'
